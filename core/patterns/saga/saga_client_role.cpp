#include "core/patterns/saga/saga_client_role.h"

#include <utility>

#include "core/patterns/saga/saga_protocol.h"

namespace distlab::core::saga {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<SagaClientConfig>& SagaClientConfig::params() {
    using C = SagaClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params()
                                .with_text("target",
                                           "Where sagas begin: the orchestrator, or the first service of a "
                                           "choreography",
                                           "Saga 的起点：编排器，或协同式 Saga 的第一个服务")
                                .with_text("rate", "Sagas begun per second (open loop)", "每秒发起的 Saga 数（开环）"))
        .duration("saga_timeout", &C::saga_timeout, "5s",
                  "How long a saga may take before its outcome counts as unknown",
                  "Saga 的结果在此时长内未知即记为未知", {.min = 1});
    return list;
}

SagaClientRole::SagaClientRole(SagaClientConfig config)
    : config_(std::move(config)), driver_(config_.workload, {.arrival_timer = kArrivalTimer}) {}

void SagaClientRole::start(Context& ctx) {
    driver_.start(ctx, [this](Context& c) { begin(c); });
}

void SagaClientRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kSagaEvent) {
        handle_event(ctx, msg);
        return;
    }
    ignore_stray_message(ctx, msg, kSagaReply);
}

void SagaClientRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kArrivalTimer) {
        driver_.on_timer(ctx, timer, [this](Context& c) { begin(c); });
        return;
    }
    const auto it = timers_.find(timer);
    if (it == timers_.end())
        return;
    const std::string saga = it->second;
    timers_.erase(it);
    const auto w = waiting_.find(saga);
    if (w == waiting_.end())
        return;
    tally_.timeout(ctx);
    ctx.op_complete(w->second.op, OpStatus::Info, {{"saga", saga}, {"error", "timeout"}});
    waiting_.erase(w);
}

Json SagaClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()}, {"seq", next_seq_}, {"awaiting_outcome", waiting_.size()}};
    tally_.write(snap);
    return snap;
}

void SagaClientRole::begin(Context& ctx) {
    const std::string saga = ctx.self() + "." + std::to_string(++next_seq_);
    const OpId op = ctx.op_invoke("saga", {{"saga", saga}});
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(kSaga), {{"saga", saga}}, config_.saga_timeout,
             [this, op, saga, sent_at](Context& c, const CallOutcome& outcome) {
                 const Json& body = outcome.reply.body;
                 if (!outcome.timed_out && body.is_object() && body.value("accepted", false)) {
                     // A choreography took it: the outcome comes as an event, within what is left.
                     const TimerId id = timer_ids_.next();
                     waiting_[saga] = Waiting{.op = op, .timer = id};
                     timers_[id] = saga;
                     c.set_timer(id, std::max(Duration(1), config_.saga_timeout - (c.now() - sent_at)));
                     return;
                 }
                 const CallResult result = tally_.ended(c, outcome, sent_at, [](const Json& b) {
                     return read_answer(b, "compensated");
                 });
                 Json value = {{"saga", saga}};
                 if (result.end == CallEnd::Ok)
                     value["outcome"] = "completed";
                 else if (result.end == CallEnd::Failed)
                     value["outcome"] = "compensated";
                 if (!result.error.empty())
                     value["error"] = result.error;
                 c.op_complete(op, result.status(), std::move(value));
             });
}

void SagaClientRole::handle_event(Context& ctx, const Message& msg) {
    const auto saga = string_field(msg.body, "saga");
    const auto name = string_field(msg.body, "event");
    if (!saga || !name) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "saga_event needs non-empty string saga and event"}});
        return;
    }
    ctx.reply(msg, {{"ok", true}});
    const auto w = waiting_.find(*saga);
    if (w == waiting_.end())
        return;   // answered before, or given up on
    const bool completed = *name == kEventDone;
    if (completed)
        tally_.success(ctx);
    else
        tally_.failure(ctx);
    ctx.cancel_timer(w->second.timer);
    timers_.erase(w->second.timer);
    ctx.op_complete(w->second.op, completed ? OpStatus::Ok : OpStatus::Fail,
                    {{"saga", *saga}, {"outcome", completed ? "completed" : "compensated"}});
    waiting_.erase(w);
}

}  // namespace distlab::core::saga
