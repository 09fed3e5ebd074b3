#include "netlab/patterns/crdt/convergence.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "core/model/json.h"
#include "netlab/checks/check_support.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Json;
using core::Text;

class Convergence final : public Check {
public:
    Convergence(std::string role, std::string field, std::int64_t within_ns, ReferenceTime after)
        : role_(std::move(role)), field_(std::move(field)), within_ns_(within_ns), after_(after) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const std::optional<std::int64_t> reference = after_.resolve(run.events);
        if (!reference)
            return verdict(Verdict::Unknown, after_.missing());
        const Agreement g = agreement(run.events, run.roles->node_roles(), role_, field_, *reference);
        const std::vector<std::string>& live = g.live;
        const std::int64_t t0 = g.t0;
        const std::int64_t agreed_since = g.agreed_since;
        if (live.size() < 2)
            return verdict(Verdict::Unknown, Text{"fewer than two live " + role_ + " nodes showed their state",
                                                  "显示了状态的存活 " + role_ + " 节点少于两个"});
        std::string names;
        for (const std::string& node : live)
            names += (names.empty() ? "" : ", ") + node;
        if (agreed_since < 0) {
            const std::string& a = g.differ_a;
            const std::string& b = g.differ_b;
            const std::string& key = g.differ_key;
            CheckResult r = verdict(
                Verdict::Fail,
                Text{"the replicas differ at the end: " + a + " and " + b + " hold different states" +
                         (key.empty() ? std::string() : " of \"" + key + "\""),
                     "结束时各副本仍不一致：" + a + " 与 " + b + " 的状态不同" +
                         (key.empty() ? std::string() : "（键 \"" + key + "\"）")},
                std::make_pair(t0, run_end_ns(run.events)));
            involve_node(r, a);
            involve_node(r, b);
            return r;
        }
        const std::int64_t took = std::max<std::int64_t>(0, agreed_since - t0);
        const std::string since = after_.kind == ReferenceTime::Kind::Start && t0 == *reference
                                      ? "the start"
                                      : "the later of " + std::string(after_.name()) + " and the last update";
        const std::string since_zh = after_.kind == ReferenceTime::Kind::Start && t0 == *reference
                                         ? "启动"
                                         : after_.text().zh + "与最后一次更新两者中较晚者";
        if (took > within_ns_) {
            CheckResult r = verdict(Verdict::Fail,
                                    Text{names + " agreed " + span_text(took) + " after " + since + " (" +
                                             seconds_text(t0) + "), later than the bound " + span_text(within_ns_),
                                         names + " 在" + since_zh + "（" + seconds_text(t0) + "）之后 " +
                                             span_text(took) + " 才一致，超过上限 " + span_text(within_ns_)},
                                    std::make_pair(t0, agreed_since));
            for (const std::string& node : live)
                involve_node(r, node);
            return r;
        }
        return verdict(Verdict::Pass,
                       Text{names + " hold the same state, " + span_text(took) + " after " + since + " (" +
                                seconds_text(t0) + "; bound " + span_text(within_ns_) + ")",
                            names + " 状态相同，在" + since_zh + "（" + seconds_text(t0) + "）之后 " + span_text(took) +
                                " 达成一致（上限 " + span_text(within_ns_) + "）"},
                       std::make_pair(t0, agreed_since));
    }

private:
    std::string role_;
    std::string field_;
    std::int64_t within_ns_;
    ReferenceTime after_;
};

}  // namespace

Agreement agreement(const std::vector<Event>& events, const std::map<std::string, std::string, std::less<>>& roles,
                    std::string_view role, std::string_view field, std::int64_t reference_ns) {
    struct Timeline {
        std::vector<std::pair<std::int64_t, Json>> states;   // (time, the field) per snapshot
        bool dead = false;                                   // down at the end
    };
    Agreement g;
    g.t0 = reference_ns;
    std::map<std::string, Timeline> timelines;
    for (const Event& e : events) {
        const auto it = roles.find(e.node);
        const bool mine = it != roles.end() && it->second == role;
        if (e.kind == EventKind::OpInvoked && e.type != "read") {
            g.t0 = std::max(g.t0, e.t_ns);
        } else if (e.kind == EventKind::State && mine) {
            const Json s = Json::parse(e.data, nullptr, false);
            if (s.is_object())
                timelines[e.node].states.emplace_back(e.t_ns, s.value(std::string(field), Json(nullptr)));
        } else if (e.kind == EventKind::NodeStarted && mine) {
            timelines[e.node].dead = false;
        } else if (e.kind == EventKind::NodeExited && mine) {
            const Json data = Json::parse(e.data, nullptr, false);
            // A node stopped at the end of the run still holds what its last state shows.
            timelines[e.node].dead = !data.is_object() || data.value("cause", "") != "shutdown";
        }
    }
    for (const auto& [node, timeline] : timelines)
        if (!timeline.dead && !timeline.states.empty())
            g.live.push_back(node);
    if (g.live.size() < 2)
        return g;

    // Walk every snapshot in time order: when did the live nodes last come to agree?
    std::vector<std::tuple<std::int64_t, std::string, const Json*>> steps;
    for (const std::string& node : g.live)
        for (const auto& [t, state] : timelines.at(node).states)
            steps.emplace_back(t, node, &state);
    std::stable_sort(steps.begin(), steps.end(),
                     [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
    std::map<std::string, const Json*> current;
    for (const auto& [t, node, state] : steps) {
        current[node] = state;
        const bool all = current.size() == g.live.size() &&
                         std::all_of(current.begin(), current.end(),
                                     [&](const auto& c) { return *c.second == *current.begin()->second; });
        if (!all)
            g.agreed_since = -1;
        else if (g.agreed_since < 0)
            g.agreed_since = t;
    }
    if (g.agreed_since >= 0)
        return g;
    // Name two that differ, and a key they differ on.
    g.differ_a = g.live.front();
    const Json& a = *current.at(g.differ_a);
    for (const auto& [node, state] : current) {
        if (*state == a)
            continue;
        g.differ_b = node;
        if (state->is_object() && a.is_object()) {
            for (const auto& [k, o] : state->items())
                if (!a.contains(k) || a[k] != o)
                    g.differ_key = k;
            for (const auto& [k, o] : a.items())
                if (g.differ_key.empty() && !state->contains(k))
                    g.differ_key = k;
        }
        break;
    }
    return g;
}

std::unique_ptr<Check> make_convergence_check(std::string role, std::string field, std::int64_t within_ns,
                                              const core::Params& args) {
    return std::make_unique<Convergence>(std::move(role), std::move(field), within_ns, ReferenceTime::from(args));
}

std::vector<core::ParamSpec> convergence_params() {
    return {{.name = "within", .type = core::ParamType::Duration, .min = kShortestSpanMs,
             .en = "the bound: how soon the replicas must agree", .zh = "时限：各副本必须在多长时间内达成一致"},
            ReferenceTime::param({"start", "last_fault", "last_heal"}, "last_heal")};
}

Problems convergence_problems(const core::Params& args, const CheckScope& scope) {
    if (auto problem = ReferenceTime::from(args).problem_in(scope.scenario))
        return {*problem};
    return {};
}

}  // namespace distlab::netlab
