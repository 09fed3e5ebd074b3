#include "core/patterns/rpc/rpc_client_role.h"

#include <random>
#include <utility>

namespace distlab::core::rpc {

namespace {

constexpr TimerId kArrivalTimer{1};
// Abandon timers count up from here; the Caller's from kFirstCallerTimer.
constexpr std::uint32_t kFirstAbandonTimer = 16;
constexpr std::uint32_t kFirstCallerTimer = 0x80000000u;

std::vector<NodeId> all_targets(const RpcClientConfig& c) {
    std::vector<NodeId> targets = {c.workload.target};
    for (const NodeId& replica : c.replicas)
        if (replica != c.workload.target)
            targets.push_back(replica);
    return targets;
}

std::vector<std::pair<std::string, std::string>> method_choices() {
    std::vector<std::pair<std::string, std::string>> choices;
    for (const std::string& name : method_names())
        choices.emplace_back(name, name);
    return choices;
}

}  // namespace

const ParamList<RpcClientConfig>& RpcClientConfig::params() {
    using C = RpcClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params())
        .nodes("replicas", &C::replicas, Json::array(),
               "More servers of the same method: calls, retries and hedges take target and these in turn",
               "提供同一方法的其他服务端：调用、重试和对冲请求依次发往 target 和这些服务端")
        .choice("method", &C::method, "ReadStock", method_choices(), "The typed method it calls",
                "它调用的强类型方法")
        .duration("deadline", &C::deadline, "0ms",
                  "Each operation's deadline, every attempt included (0: none; each attempt then waits "
                  "its timeout)",
                  "每个操作的截止时间，包括所有尝试（0 表示不设；此时每次尝试只受其超时限制）", {.min = 0})
        .probability("bad_rate", &C::bad_rate, 0.0,
                     "Share of calls sent with a field of the wrong type (answered invalid_argument)",
                     "发出时带有类型错误字段的调用比例（以 invalid_argument 响应）")
        .duration("abandon_after", &C::abandon_after, "0ms",
                  "Give an operation up this long after starting it, like a user closing the page "
                  "(0: never); with cancel on, the cancellation walks down the chain",
                  "操作开始这么久之后放弃它，如同用户关闭了页面（0 表示从不）；开启 cancel 时取消会沿调用链向下传递",
                  {.min = 0})
        .part(&C::policy, CallPolicy::params());
    return list;
}

RpcClientRole::RpcClientRole(RpcClientConfig config)
    : config_(std::move(config)),
      method_(find_method(config_.method)),
      driver_(config_.workload, {.arrival_timer = kArrivalTimer}),
      caller_(config_.policy, all_targets(config_), kFirstCallerTimer),
      timer_ids_(kFirstAbandonTimer) {
    // The parameter is a choice of the catalog; a name outside it only reaches here unvalidated.
    if (!method_)
        method_ = &methods().front();
}

void RpcClientRole::start(Context& ctx) {
    driver_.start(ctx, [this](Context& c) { begin(c); });
}

void RpcClientRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, kReply);
}

void RpcClientRole::on_timer(Context& ctx, TimerId timer) {
    if (driver_.on_timer(ctx, timer, [this](Context& c) { begin(c); }))
        return;
    if (caller_.on_timer(ctx, timer))
        return;
    auto it = abandon_timers_.find(static_cast<std::uint32_t>(timer));
    if (it == abandon_timers_.end())
        return;
    const std::uint64_t id = it->second;
    abandon_timers_.erase(it);
    give_up(ctx, id);
}

Json RpcClientRole::snapshot() const {
    Json statuses = Json::object();
    for (const auto& [status, n] : statuses_)
        statuses[std::string(to_string(status))] = n;
    Json snap = {{"state", driver_.state()},
                 {"method", signature(*method_)},
                 {"in_flight", ops_.size()},
                 {"statuses", std::move(statuses)}};
    caller_.write(snap);
    return snap;
}

void RpcClientRole::begin(Context& ctx) {
    // Draws only when bad bodies are asked for, so the other draws stay as they were.
    const bool bad =
        config_.bad_rate > 0.0 && std::uniform_real_distribution<double>(0.0, 1.0)(ctx.rng()) < config_.bad_rate;
    Json args = bad ? make_bad_args(*method_, ctx.rng()) : make_args(*method_, ctx.rng());
    const Duration now = ctx.now();
    std::optional<Duration> deadline;
    if (config_.deadline > Duration(0))
        deadline = now + config_.deadline;
    const OpId op = ctx.op_invoke("call", {{"method", method_->name}, {"args", args}});
    const std::uint64_t id = ++next_id_;
    ops_.emplace(id, Operation{.op = op});
    if (config_.abandon_after > Duration(0)) {
        const TimerId timer = timer_ids_.next();
        ops_.at(id).abandon_timer = static_cast<std::uint32_t>(timer);
        abandon_timers_.emplace(static_cast<std::uint32_t>(timer), id);
        ctx.set_timer(timer, config_.abandon_after);
    }
    const Origin origin{ctx.self(), static_cast<std::int64_t>(op), deadline};
    const std::uint64_t call = caller_.start(ctx, *method_, std::move(args), origin, deadline,
                                             [this, id](Context& c, const Caller::Result& r) { ended(c, id, r); });
    // The call may have ended before start() returned (a deadline with no time for a call).
    if (auto it = ops_.find(id); it != ops_.end())
        it->second.call = call;
}

void RpcClientRole::ended(Context& ctx, std::uint64_t id, const Caller::Result& result) {
    auto it = ops_.find(id);
    if (it == ops_.end())
        return;
    const Operation op = it->second;
    ops_.erase(it);
    if (op.abandon_timer) {
        ctx.cancel_timer(static_cast<TimerId>(*op.abandon_timer));
        abandon_timers_.erase(*op.abandon_timer);
    }
    ++statuses_[result.status];
    ctx.count("status_" + std::string(to_string(result.status)));
    if (result.status == Status::Ok) {
        ctx.op_complete(op.op, OpStatus::Ok, result.reply);
    } else {
        const Json value = {{"error", to_string(result.status)}, {"message", result.message}};
        if (result.status == Status::InvalidArgument)
            ctx.log(LogLevel::Info, "invalid_argument: " + result.message);
        ctx.op_complete(op.op, result.status == Status::DeadlineExceeded ? OpStatus::Info : OpStatus::Fail, value);
    }
    driver_.operation_ended(ctx, [this](Context& c) { begin(c); });
}

void RpcClientRole::give_up(Context& ctx, std::uint64_t id) {
    auto it = ops_.find(id);
    if (it == ops_.end())
        return;
    caller_.abandon(ctx, it->second.call);
    it->second.abandon_timer.reset();
    ended(ctx, id, Caller::Result{.status = Status::Cancelled, .message = "given up by the client after " +
                                                                          format_duration(config_.abandon_after)});
}

}  // namespace distlab::core::rpc
