#include "netlab/patterns/leaderless/leaderless_checks.h"

#include "core/patterns/leaderless/dynamo_protocol.h"
#include "netlab/checks/check_support.h"
#include "netlab/checks/linearizable.h"
#include "netlab/patterns/leaderless/leaderless_history.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Text;

constexpr const char* kClientRole = "kv-client";
// Stale reads named in the detail; the rest are counted.
constexpr std::size_t kListed = 3;

std::string percent(std::int64_t part, std::int64_t whole) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
    return buf;
}

class KvStaleReads final : public Check {
public:
    explicit KvStaleReads(std::int64_t max) : max_(max) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        const KvHistory history = kv_history(run.events);
        const leaderless::StaleReads s = leaderless::stale_reads(history.ops);
        const std::string reads = std::to_string(s.reads);
        const std::string count = std::to_string(s.stale.size());
        if (s.reads == 0)
            return verdict(Verdict::Unknown, Text{"no get ended ok: no read to judge", "没有成功结束的 get：没有可判断的读"});
        if (s.stale.empty())
            return verdict(Verdict::Pass, Text{reads + " reads, none stale: each returned the latest write acknowledged "
                                                       "before it began, or a newer one",
                                               reads + " 次读，没有读到旧值：每次都读到开始前最新确认的写入，或更新的写入"});
        std::string list;
        for (std::size_t i = 0; i < s.stale.size() && i < kListed; ++i) {
            const KvOperation& r = history.ops[s.stale[i].read];
            const KvOperation& w = history.ops[s.stale[i].latest];
            list += (i ? "; " : "") + describe(r) + " missed " + describe(w);
        }
        if (s.stale.size() > kListed)
            list += "; …";
        const std::string head = reads + " reads, " + count + " stale (" + percent(std::ssize(s.stale), s.reads) +
                                 "), up to " + span_text(s.max_behind_ns) + " behind";
        const std::string head_zh = reads + " 次读中有 " + count + " 次读到旧值（" + percent(std::ssize(s.stale), s.reads) +
                                    "），最多落后 " + span_text(s.max_behind_ns);
        const bool pass = std::ssize(s.stale) <= max_;
        const KvOperation& first = history.ops[s.stale.front().read];
        CheckResult r = verdict(pass ? Verdict::Pass : Verdict::Fail,
                                Text{head + " (at most " + std::to_string(max_) + " allowed): " + list,
                                     head_zh + "（最多允许 " + std::to_string(max_) + " 次）：" + list},
                                std::make_pair(first.invoked_ns - s.stale.front().behind_ns,
                                               first.completed_ns.value_or(first.invoked_ns)));
        for (const leaderless::StaleRead& stale : s.stale) {
            involve_op(r, history.ops[stale.read].client, history.ops[stale.read].id);
            involve_op(r, history.ops[stale.latest].client, history.ops[stale.latest].id);
        }
        return r;
    }

private:
    std::int64_t max_;
};

class ReplicasConverge final : public Check {
public:
    ReplicasConverge(std::int64_t within_ns, ReferenceTime after) : within_ns_(within_ns), after_(after) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const auto from = after_.resolve(run.events);
        if (!from)
            return verdict(Verdict::Unknown, after_.missing());
        const leaderless::Convergence c = leaderless::convergence(run.events, run.roles->node_roles());
        const std::string within = span_text(within_ns_);
        if (!c.converged_at_end)
            return verdict(Verdict::Fail,
                           Text{"the replicas never converged after " + std::string(after_.name()) + ": at the end " + c.why_not,
                                "在" + after_.text().zh + "之后副本始终没有收敛：结束时" + c.why_not_zh},
                           std::make_pair(*from, run_end_ns(run.events)));
        const std::int64_t took = std::max<std::int64_t>(0, *c.since_ns - *from);
        const std::string nodes = std::to_string(c.nodes.size());
        const Text detail{nodes + " replicas converged " + span_text(took) + " after " + std::string(after_.name()) +
                              " (within " + within + " required): equal Merkle digests, no hints left",
                          nodes + " 个副本在" + after_.text().zh + "之后 " + span_text(took) + " 收敛（要求 " + within +
                              " 内）：Merkle 摘要一致，没有剩余提示"};
        return verdict(took <= within_ns_ ? Verdict::Pass : Verdict::Fail, detail,
                       std::make_pair(*from, *c.since_ns));
    }

private:
    std::int64_t within_ns_;
    ReferenceTime after_;
};

}  // namespace

void register_leaderless_checks(CheckRegistry& registry) {
    registry.add({.name = "kv_stale_reads",
                  .en = "Gets that returned a value older than a write acknowledged before they began are at most "
                        "`max` (counted, with the latest acknowledged write each one missed).",
                  .zh = "读到比其开始前已确认的写入更旧的值的 get 次数不超过 max（计数，并列出每次错过的最新已确认写入）。",
                  .params = {{.name = "max", .type = core::ParamType::Int, .default_value = 0, .min = 0,
                              .en = "the most stale reads allowed", .zh = "允许的最多旧值读取次数"}},
                  .shorthand = "max",
                  .applies_to = {RoleFilter::named(kClientRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<KvStaleReads>(args.get_int("max"));
                  }});
    registry.add({.name = "replicas_converge",
                  .en = "After `after`, the dynamo-nodes come to agree within `within` and stay so: equal Merkle "
                        "digests on the keys each pair shares, no hints held, every node up.",
                  .zh = "在 after 之后，dynamo-node 在 within 内达成一致并保持到结束：每对节点共享键上的 Merkle 摘要"
                        "相同，没有节点保存提示，所有节点在线。",
                  .params = {{.name = "within", .type = core::ParamType::Duration, .min = kShortestSpanMs,
                              .en = "the longest convergence allowed", .zh = "允许的最长收敛时间"},
                             ReferenceTime::param({"start", "first_fault", "last_fault", "last_heal"}, "last_heal")},
                  .applies_to = {RoleFilter::named(core::leaderless::kNodeRole)},
                  .validate = [](const core::Params& args, const CheckScope& scope) -> Problems {
                      Problems out;
                      if (auto p = ReferenceTime::from(args).problem_in(scope.scenario))
                          out.push_back(*p);
                      return out;
                  },
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<ReplicasConverge>(args.get_duration("within").count(),
                                                                ReferenceTime::from(args));
                  }});
}

}  // namespace distlab::netlab
