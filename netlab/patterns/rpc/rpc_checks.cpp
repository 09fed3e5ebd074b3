#include "netlab/patterns/rpc/rpc_checks.h"
#include "netlab/checks/check_support.h"

#include <string>

#include "netlab/patterns/rpc/rpc_work.h"

namespace distlab::netlab {

namespace {

using core::Text;

class NoOrphanWork final : public Check {
public:
    NoOrphanWork(std::int64_t max, std::int64_t slack_ns) : max_(max), slack_ns_(slack_ns) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        const RpcWork w = read_rpc_work(run.events, run.roles, slack_ns_);
        if (w.work == 0)
            return verdict(Verdict::Unknown,
                           Text{"no answered work belonged to a client operation with a deadline",
                                "没有任何已响应的工作属于带截止时间的客户端操作"});
        const std::string all = std::to_string(w.work), n = std::to_string(w.orphan_starts),
                          after = span_text(w.orphan_ns), total = span_text(w.work_ns);
        Text detail{n + " of " + all + " pieces of work began after their client's deadline (orphan work); " + after +
                        " of " + total + " of work was done after the deadlines",
                    all + " 项工作中有 " + n + " 项在客户端截止时间之后才开始（孤儿工作）；" + total + " 的工作中有 " +
                        after + " 是在截止时间之后完成的"};
        if (w.starts_within_grace > 0) {
            const std::string k = std::to_string(w.starts_within_grace), slack = span_text(slack_ns_);
            detail += Text{"; " + k + " more began less than " + slack + " (the slack) after it",
                           "；另有 " + k + " 项在截止时间之后不到 " + slack + "（容差）内开始"};
        }
        if (w.orphan_starts <= static_cast<std::size_t>(max_))
            return verdict(Verdict::Pass, detail);
        const RpcWork::Orphan& first = *w.first_orphan;
        const std::string msg = std::to_string(first.msg_id), late = span_text(first.late_ns);
        detail += Text{"; first: " + first.node + " answering " + first.peer + " (message " + msg + ") began " + late +
                           " after the deadline",
                       "；第一项：" + first.node + " 响应 " + first.peer + "（消息 " + msg + "），在截止时间之后 " +
                           late + " 才开始"};
        CheckResult r = verdict(Verdict::Fail, std::move(detail), std::make_pair(first.t_ns, w.last_orphan_t_ns));
        involve_message(r, first.node, first.msg_id, first.peer);
        return r;
    }

private:
    std::int64_t max_;
    std::int64_t slack_ns_;
};

}  // namespace

void register_rpc_checks(CheckRegistry& registry) {
    registry.add({.name = "rpc_no_orphan_work",
                  .en = "No work begins in an RPC chain after the client's deadline has passed.",
                  .zh = "客户端截止时间过后，RPC 调用链中不再开始任何工作。",
                  .params = {{.name = "max", .type = core::ParamType::Int, .default_value = 0, .min = 0,
                              .en = "the most pieces of work that may begin after their deadline",
                              .zh = "允许在截止时间之后开始的工作项数上限"},
                             {.name = "slack", .type = core::ParamType::Duration, .default_value = "20ms", .min = 0,
                              .en = "work that begins less than this after its deadline is not counted: a deadline "
                                    "travels as a remaining time that each server counts from its receipt",
                              .zh = "在截止时间之后不到此时长内开始的工作不计入：截止时间以剩余时长传递，"
                                    "每个服务器从收到请求时开始计时"}},
                  .shorthand = "max",
                  .applies_to = {RoleFilter::named("rpc-client"), RoleFilter::named("rpc-server")},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<NoOrphanWork>(args.get_int("max"), args.get_duration("slack").count());
                  }});
}

}  // namespace distlab::netlab
