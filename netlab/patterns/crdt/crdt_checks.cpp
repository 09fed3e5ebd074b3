#include "netlab/patterns/crdt/crdt_checks.h"

#include "core/patterns/crdt/crdt_replica_role.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/crdt/convergence.h"
#include "netlab/patterns/crdt/crdt_history.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Text;

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
                  .params = convergence_params(),
                  .applies_to = {RoleFilter::named(core::crdt::kReplicaRole)},
                  .validate = convergence_problems,
                  .make = [](const core::Params& args) {
                      return make_convergence_check(core::crdt::kReplicaRole, "objects",
                                                    args.get_duration("within").count(), args);
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
