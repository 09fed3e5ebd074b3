#include "netlab/patterns/maelstrom/kafka_txn_checks.h"

#include <algorithm>

#include "netlab/checks/check_support.h"
#include "netlab/patterns/maelstrom/kafka_judge.h"

namespace distlab::netlab::maelstrom {

namespace {

using Clock = std::chrono::steady_clock;
using core::Json;
using core::Text;

constexpr const char* kKafkaRole = "kafka-client";

std::string txn_role(const std::string& model) {
    return "txn-" + model + "-client";
}

class KafkaLog final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const std::vector<WorkloadOp> ops = read_workload_ops(run.events, run.roles->node_roles(), kKafkaRole);
        const KafkaJudgement j = judge_kafka(ops);
        if (j.ok() && (j.sends_acked == 0 || j.polls_ok == 0))
            return verdict(Verdict::Unknown,
                           Text{std::to_string(j.sends_acked) + " sends acknowledged and " + std::to_string(j.polls_ok) +
                                    " polls answered: nothing to judge",
                                "确认的 send " + std::to_string(j.sends_acked) + " 个，得到回复的 poll " +
                                    std::to_string(j.polls_ok) + " 个：无从判断"});
        const Text totals{std::to_string(j.sends_acked) + " sends acknowledged, " + std::to_string(j.polls_ok) +
                              " polls, " + std::to_string(j.observed) + " offsets observed",
                          "确认的 send " + std::to_string(j.sends_acked) + " 个，poll " + std::to_string(j.polls_ok) +
                              " 个，观察到的偏移量 " + std::to_string(j.observed) + " 个"};
        if (j.ok())
            return verdict(Verdict::Pass, totals + Text{": no lost, duplicated or out-of-order offsets",
                                                        "：没有丢失、重复或乱序的偏移量"});
        std::string counts, counts_zh;
        for (const auto& [kind, n] : j.counts) {
            counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + kind;
            counts_zh += (counts_zh.empty() ? "" : "，") + kind + " " + std::to_string(n) + " 个";
        }
        const KafkaAnomaly& first = j.anomalies.front();
        CheckResult r = verdict(Verdict::Fail, Text{counts + " (" + totals.en + "); first: " + first.text,
                                                    counts_zh + "（" + totals.zh + "）；第一个：" + first.text_zh});
        std::int64_t from = INT64_MAX, to = 0;
        for (const WorkloadOp* op : first.ops) {
            involve_op(r, op->client, op->id);
            from = std::min(from, op->invoked_ns);
            to = std::max(to, op->completed_ns.value_or(op->invoked_ns));
        }
        r.window_ns = std::make_pair(from, to);
        return r;
    }
};

class TxnSerializable final : public Check {
public:
    explicit TxnSerializable(std::string model) : model_(std::move(model)) {}

    CheckResult evaluate(const RunView& run, Clock::time_point budget) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const std::vector<WorkloadOp> ops = read_workload_ops(run.events, run.roles->node_roles(), txn_role(model_));
        const std::vector<Txn> txns = transactions(ops);
        const TxnJudgement j =
            check_txns(model_ == "list-append" ? TxnModel::ListAppend : TxnModel::RwRegister, txns, budget);
        const Text totals{std::to_string(j.committed) + " transactions committed, " + std::to_string(j.edges) +
                              " dependencies",
                          "已提交事务 " + std::to_string(j.committed) + " 个，依赖 " + std::to_string(j.edges) + " 条"};
        if (j.ok()) {
            if (j.committed == 0)
                return verdict(Verdict::Unknown, Text{"no transaction committed: nothing to judge", "没有已提交的事务：无从判断"});
            if (!j.complete)
                return verdict(Verdict::Unknown, totals + Text{": the time budget ran out before every cycle search",
                                                               "：在完成所有环搜索之前时间预算已用完"});
            return verdict(Verdict::Pass, totals + Text{": no G0, G1a, G1b, G1c, G-single or G2",
                                                        "：没有 G0、G1a、G1b、G1c、G-single 或 G2"});
        }
        std::string counts, counts_zh;
        for (const auto& [kind, n] : j.counts) {
            counts += (counts.empty() ? "" : ", ") + kind + (n > TxnJudgement::kShown ? "" : " x" + std::to_string(n));
            counts_zh += (counts_zh.empty() ? "" : "，") + kind + (n > TxnJudgement::kShown ? "" : " ×" + std::to_string(n));
        }
        const TxnAnomaly& first = j.anomalies.front();
        CheckResult r = verdict(Verdict::Fail, Text{counts + " (" + totals.en + "); " + first.text,
                                                    counts_zh + "（" + totals.zh + "）；" + first.text_zh});
        std::int64_t from = INT64_MAX, to = 0;
        for (std::size_t t : first.txns) {
            const WorkloadOp& op = ops[txns[t].origin];
            involve_op(r, op.client, op.id);
            from = std::min(from, op.invoked_ns);
            to = std::max(to, op.completed_ns.value_or(op.invoked_ns));
        }
        r.window_ns = std::make_pair(from, to);
        return r;
    }

private:
    std::string model_;
};

}  // namespace

std::vector<Txn> transactions(const std::vector<WorkloadOp>& ops) {
    std::vector<Txn> txns;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const WorkloadOp& op = ops[i];
        if (op.f != "txn")
            continue;
        const bool ok = op.ok() && op.result.is_object() && op.result.contains("txn") && op.result["txn"].is_array();
        const Json& micro = ok ? op.result["txn"] : op.args.is_object() ? op.args.value("txn", Json::array()) : Json::array();
        Txn t{op.name(), ok ? "ok" : op.status == "fail" ? "fail" : "info", {}, i};
        for (const Json& m : micro)
            if (m.is_array() && m.size() == 3 && m[0].is_string())
                t.ops.push_back({m[0].get<std::string>(), m[1], m[2]});
        txns.push_back(std::move(t));
    }
    return txns;
}

void register_kafka_txn_checks(CheckRegistry& registry) {
    registry.add({.name = "kafka_log",
                  .en = "Maelstrom's kafka checker: no acknowledged message lost (a poll read past its offset "
                        "without it), no offset holding two messages or message at two offsets, no offsets out "
                        "of order in a poll or in a client's sends.",
                  .zh = "Maelstrom 的 kafka 检查：没有丢失已确认的消息（某次 poll 越过了它的偏移量却没读到它），"
                        "没有一个偏移量上有两条消息或一条消息在两个偏移量上，poll 或客户端的 send 中没有乱序的偏移量。",
                  .applies_to = {RoleFilter::named(kKafkaRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<KafkaLog>(); }});
    const core::ParamSpec model{.name = "model",
                                .type = core::ParamType::Choice,
                                .choices = {"rw-register", "list-append"},
                                .en = "the workload: rw-register or list-append",
                                .zh = "工作负载：rw-register 或 list-append"};
    registry.add({.name = "txn_serializable",
                  .en = "An Elle-style check of Maelstrom's transactional workloads: no G0, G1a, G1b, G1c, G-single "
                        "or G2 among the dependencies inferred from what transactions read and wrote; a failure "
                        "names the anomaly and lists its cycle.",
                  .zh = "对 Maelstrom 事务工作负载的 Elle 式检查：从事务的读写推断出的依赖中没有 G0、G1a、G1b、G1c、"
                        "G-single 或 G2；未通过时指出异常并列出它的环。",
                  .params = {model},
                  .shorthand = "model",
                  .applies_to = {RoleFilter::client()},
                  .validate = [](const core::Params& args, const CheckScope& scope) -> Problems {
                      const std::string role = txn_role(args.get_string("model"));
                      for (const auto& [node, r] : scope.roles.node_roles())
                          if (r == role)
                              return {};
                      return {Text{"txn_serializable: " + args.get_string("model") + " needs a node running " + role,
                                   "txn_serializable：" + args.get_string("model") + " 需要一个运行 " + role + " 的节点"}};
                  },
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<TxnSerializable>(args.get_string("model"));
                  }});
}

}  // namespace distlab::netlab::maelstrom
