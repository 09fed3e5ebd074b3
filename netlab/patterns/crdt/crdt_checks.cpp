#include "netlab/patterns/crdt/crdt_checks.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/patterns/crdt/crdt_replica_role.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/crdt/crdt_history.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Json;
using core::Text;

class CrdtConverged final : public Check {
public:
    CrdtConverged(std::int64_t within_ns, ReferenceTime after) : within_ns_(within_ns), after_(after) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const std::optional<std::int64_t> reference = after_.resolve(run.events);
        if (!reference)
            return verdict(Verdict::Unknown, after_.missing());
        const crdt::CrdtHistory h = crdt::CrdtHistory::read(run.events, run.roles->node_roles());
        std::vector<std::string> live;
        for (const auto& [node, timeline] : h.replicas)
            if (!timeline.dead && !timeline.states.empty())
                live.push_back(node);
        if (live.size() < 2)
            return verdict(Verdict::Unknown, Text{"fewer than two live crdt-replicas showed their state",
                                                  "显示了状态的存活 crdt-replica 少于两个"});
        std::int64_t t0 = *reference;
        for (const crdt::Op& op : h.ops)
            if (op.update())
                t0 = std::max(t0, op.invoked_ns);

        // Walk every snapshot in time order: when did the live replicas last come to agree?
        std::vector<std::tuple<std::int64_t, std::string, const Json*>> steps;
        for (const std::string& node : live)
            for (const auto& [t, objects] : h.replicas.at(node).states)
                steps.emplace_back(t, node, &objects);
        std::stable_sort(steps.begin(), steps.end(),
                         [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
        std::map<std::string, const Json*> current;
        std::optional<std::int64_t> agreed_since;
        for (const auto& [t, node, objects] : steps) {
            current[node] = objects;
            const bool all = current.size() == live.size() &&
                             std::all_of(current.begin(), current.end(),
                                         [&](const auto& c) { return *c.second == *current.begin()->second; });
            if (!all)
                agreed_since.reset();
            else if (!agreed_since)
                agreed_since = t;
        }
        std::string names;
        for (const std::string& node : live)
            names += (names.empty() ? "" : ", ") + node;
        if (!agreed_since) {
            // Name two that differ, and a key they differ on.
            const std::string& a = live.front();
            std::string b, key;
            for (const auto& [node, objects] : current)
                if (*objects != *current.at(a)) {
                    b = node;
                    for (const auto& [k, o] : objects->items())
                        if (!current.at(a)->contains(k) || (*current.at(a))[k] != o)
                            key = k;
                    for (const auto& [k, o] : current.at(a)->items())
                        if (key.empty() && !objects->contains(k))
                            key = k;
                    break;
                }
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
        const std::int64_t took = std::max<std::int64_t>(0, *agreed_since - t0);
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
                                    std::make_pair(t0, *agreed_since));
            for (const std::string& node : live)
                involve_node(r, node);
            return r;
        }
        return verdict(Verdict::Pass,
                       Text{names + " hold the same state, " + span_text(took) + " after " + since + " (" +
                                seconds_text(t0) + "; bound " + span_text(within_ns_) + ")",
                            names + " 状态相同，在" + since_zh + "（" + seconds_text(t0) + "）之后 " + span_text(took) +
                                " 达成一致（上限 " + span_text(within_ns_) + "）"},
                       std::make_pair(t0, *agreed_since));
    }

private:
    std::int64_t within_ns_;
    ReferenceTime after_;
};

class CrdtValuesAllowed final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const crdt::CrdtHistory h = crdt::CrdtHistory::read(run.events, run.roles->node_roles());
        const std::vector<crdt::KeyJudgement> keys = crdt::judge_final_reads(h);
        if (keys.empty())
            return verdict(Verdict::Unknown, Text{"no crdt-client made a final read (final_read_at)",
                                                  "没有 crdt-client 做最终读取（final_read_at）"});
        std::vector<Text> parts;
        for (const crdt::KeyJudgement& j : keys) {
            if (j.allowed)
                continue;
            CheckResult r = verdict(Verdict::Fail, Text{j.type + " \"" + j.key + "\": " + j.detail,
                                                        j.type + " \"" + j.key + "\"：" + j.detail_zh});
            for (const crdt::Op* op : j.culprits)
                involve_op(r, op->client, op->id);
            return r;
        }
        for (const crdt::KeyJudgement& j : keys)
            parts.push_back(Text{j.type + " \"" + j.key + "\": " + j.detail, j.type + " \"" + j.key + "\"：" + j.detail_zh});
        return verdict(Verdict::Pass, joined_text(parts, Text{"; ", "；"}));
    }
};

}  // namespace

void register_crdt_checks(CheckRegistry& registry) {
    registry.add({.name = "crdt_converged",
                  .en = "Every crdt-replica holds the same state at the end, reached within the gossip bound after "
                        "the heal and the last update.",
                  .zh = "结束时每个 crdt-replica 的状态相同，且在分区恢复与最后一次更新之后的传播时限内达成一致。",
                  .params = {{.name = "within", .type = core::ParamType::Duration, .min = kShortestSpanMs,
                              .en = "the gossip bound: how soon the replicas must agree",
                              .zh = "传播时限：各副本必须在多长时间内达成一致"},
                             ReferenceTime::param({"start", "last_fault", "last_heal"}, "last_heal")},
                  .applies_to = {RoleFilter::named(core::crdt::kReplicaRole)},
                  .validate = [](const core::Params& args, const CheckScope& scope) -> Problems {
                      if (auto problem = ReferenceTime::from(args).problem_in(scope.scenario))
                          return {*problem};
                      return {};
                  },
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<CrdtConverged>(args.get_duration("within").count(),
                                                             ReferenceTime::from(args));
                  }});
    registry.add({.name = "crdt_values_allowed",
                  .en = "Every final read is a value the operations allow: counters within the range of the "
                        "acknowledged and unknown adds, sets and registers losing no acknowledged update.",
                  .zh = "每次最终读取的值都是操作所允许的：计数器在已确认与结果未知的加法所决定的范围内，集合与寄存器"
                        "没有丢失已确认的更新。",
                  .applies_to = {RoleFilter::named(core::crdt::kClientRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<CrdtValuesAllowed>();
                  }});
}

}  // namespace distlab::netlab
