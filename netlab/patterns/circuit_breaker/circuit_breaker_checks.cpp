#include "netlab/patterns/circuit_breaker/circuit_breaker_checks.h"

#include <algorithm>
#include <map>
#include <optional>

#include "core/patterns/circuit_breaker/breaker.h"
#include "core/patterns/circuit_breaker/breaker_client_role.h"
#include "netlab/checks/check_support.h"
#include "netlab/checks/phase_checks.h"

namespace distlab::netlab {

namespace {

namespace cb = core::circuit_breaker;
using core::Text;
using Deadline = std::chrono::steady_clock::time_point;

constexpr const char* kBreakerRole = "breaker-client";
constexpr std::string_view kDisabled = "disabled";

// Whether a breaker may go from phase `from` to `to` ("" is no phase yet: a fresh process).
bool follows(std::string_view from, std::string_view to) {
    const auto is = [](std::string_view phase, cb::BreakerState state) { return phase == cb::to_string(state); };
    using S = cb::BreakerState;
    if (from.empty())
        return is(to, S::Closed) || to == kDisabled;
    return (is(from, S::Closed) && is(to, S::Open)) || (is(from, S::Open) && is(to, S::HalfOpen)) ||
           (is(from, S::HalfOpen) && (is(to, S::Open) || is(to, S::Closed)));
}

// ---- breaker_isolates ----

class BreakerIsolates final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        struct Breaker {
            std::string phase;            // "" until it announces one
            std::int64_t permits = 1;     // half_open_calls
            std::int64_t trials = 0;      // requests sent in this half-open spell
        };
        std::map<std::string, Breaker, std::less<>> breakers;
        for (const auto& [node, role] : run.roles->node_roles())
            if (role == kBreakerRole) {
                const NodeSpec* spec = run.scenario.find_node(node);
                const std::int64_t permits =
                    spec ? cb::BreakerClientConfig::from(spec->resolved).breaker.half_open_calls : 1;
                breakers.emplace(node, Breaker{"", std::max<std::int64_t>(1, permits), 0});
            }
        const std::string open(cb::to_string(cb::BreakerState::Open));
        const std::string half_open(cb::to_string(cb::BreakerState::HalfOpen));

        std::size_t sent = 0, trials_total = 0, violations = 0;
        std::optional<std::pair<std::int64_t, std::int64_t>> first_window;
        Text first;
        CheckResult involved;   // the requests that got through, with their ends
        for (const Event& e : run.events) {
            auto it = breakers.find(e.node);
            if (it == breakers.end())
                continue;
            Breaker& b = it->second;
            if (e.kind == EventKind::NodeStarted || e.kind == EventKind::NodeExited) {
                b.phase.clear();   // a new process: a new breaker, which announces itself
            } else if (e.kind == EventKind::Phase) {
                if (!follows(b.phase, e.type)) {
                    const std::string at = seconds_text(e.t_ns);
                    return involving(
                        verdict(Verdict::Fail,
                                Text{"the breaker's phases do not follow: at " + at + " " + e.node + " went from " +
                                         (b.phase.empty() ? "no phase" : b.phase) + " to " + e.type +
                                         ", which a breaker never does",
                                     "熔断器的阶段转换不合规则：" + at + " 时 " + e.node + " 从" +
                                         (b.phase.empty() ? "无阶段" : " " + b.phase + " ") + "变为 " + e.type +
                                         "，熔断器从不这样转换"},
                                std::make_pair(e.t_ns, e.t_ns)),
                        {e.node});
                }
                b.phase = e.type;
                b.trials = 0;
            } else if (e.kind == EventKind::MessageSent && e.type == "request") {
                ++sent;
                const bool half = b.phase == half_open;
                if (half) {
                    ++b.trials;
                    ++trials_total;
                }
                if (b.phase != open && !(half && b.trials > b.permits))
                    continue;
                involve_message(involved, e.node, e.msg_id, e.peer);
                if (violations++ == 0) {
                    first_window = std::make_pair(e.t_ns, e.t_ns);
                    const std::string msg = std::to_string(e.msg_id), at = seconds_text(e.t_ns),
                                      trial = std::to_string(b.trials), permits = std::to_string(b.permits);
                    first = Text{e.node + " sent request " + msg + " to " + e.peer + " at " + at + " while " + b.phase +
                                     (half ? " (trial " + trial + " of " + permits + ")" : ""),
                                 e.node + " 在 " + b.phase + " 阶段于 " + at + " 向 " + e.peer + " 发送了请求 " + msg +
                                     (half ? "（第 " + trial + " 次试探，允许 " + permits + " 次）" : "")};
                }
            }
        }
        if (violations > 0) {
            const std::string n = std::to_string(violations);
            CheckResult r = verdict(Verdict::Fail,
                                    Text{n + " requests got through a breaker that should hold them; first: ",
                                         n + " 个请求穿过了本应拦住它们的熔断器；第一个："} +
                                        first,
                                    first_window);
            r.nodes = std::move(involved.nodes);
            r.messages = std::move(involved.messages);
            return r;
        }
        const std::string all = std::to_string(sent), trials = std::to_string(trials_total);
        return verdict(Verdict::Pass, Text{all + " requests sent, none while open; " + trials +
                                               " half-open trials within their permits",
                                           "共发送 " + all + " 个请求，断开时没有发送；" + trials + " 次半开试探都在允许范围内"});
    }
};

// breaker_opens / breaker_recovers: phase_reached on the breaker-client nodes, `after` being
// `event_word` (first_fault / last_heal) by default.
void add_reaches(CheckRegistry& registry, std::string name, std::string en, std::string zh, std::string event_word,
                 std::vector<std::string> phases) {
    registry.add({.name = std::move(name),
                  .en = std::move(en),
                  .zh = std::move(zh),
                  .params = {{.name = "within", .type = core::ParamType::Duration, .min = kShortestSpanMs,
                              .en = "how soon every breaker must get there", .zh = "每个熔断器必须在多长时间内到达"},
                             ReferenceTime::param({event_word}, event_word)},
                  .applies_to = {RoleFilter::named(kBreakerRole)},
                  .validate = [](const core::Params& args, const CheckScope& scope) -> Problems {
                      if (auto problem = ReferenceTime::from(args).problem_in(scope.scenario))
                          return {*problem};
                      return {};
                  },
                  .make = [phases = std::move(phases)](const core::Params& args) {
                      return make_phase_reached(phases, kBreakerRole, args.get_duration("within").count(),
                                                ReferenceTime::from(args));
                  }});
}

}  // namespace

void register_circuit_breaker_checks(CheckRegistry& registry) {
    registry.add({.name = "breaker_isolates",
                  .en = "No request passes an open circuit breaker; half-open lets only its trial calls through.",
                  .zh = "熔断器断开时没有请求通过；半开时只放行规定数量的试探调用。",
                  .applies_to = {RoleFilter::named(kBreakerRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<BreakerIsolates>();
                  }});
    add_reaches(registry, "breaker_opens", "The circuit breaker opens soon after the first fault.",
                "第一次故障后不久，熔断器断开。", "first_fault", {std::string(cb::to_string(cb::BreakerState::Open))});
    add_reaches(registry, "breaker_recovers", "The circuit breaker closes again soon after the last heal.",
                "最后一次恢复后不久，熔断器重新闭合。", "last_heal",
                {std::string(cb::to_string(cb::BreakerState::Closed)), std::string(kDisabled)});
}

}  // namespace distlab::netlab
