#include "core/patterns/message_queue/mq_producer_role.h"

#include <utility>

#include "core/patterns/message_queue/mq_protocol.h"

namespace distlab::core::message_queue {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<MqProducerConfig>& MqProducerConfig::params() {
    using C = MqProducerConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params()
                                .with_text("target", "The queue this producer enqueues to",
                                           "生产者向其发送消息的队列")
                                .with_text("rate", "Messages enqueued per second (open loop)",
                                           "每秒入队的消息数（开环）"))
        .integer("poison_seq", &C::poison_seq, 0,
                 "The sequence number of a poison message, one every consumer fails on (it walks the retry "
                 "ladder into the dead-letter queue); 0: none",
                 "毒消息的序号：每个消费者处理它都会失败（它沿重试阶梯走进死信队列）；0 表示没有",
                 {.min = 0})
        .duration("enqueue_timeout", &C::enqueue_timeout, "1s",
                  "How long an enqueue waits for the queue's acknowledgement before it counts as unknown",
                  "入队等待队列确认的时长，超时则结果未知", {.min = 1});
    return list;
}

MqProducerRole::MqProducerRole(MqProducerConfig config)
    : config_(std::move(config)), driver_(config_.workload, {.arrival_timer = kArrivalTimer}) {}

void MqProducerRole::start(Context& ctx) {
    driver_.start(ctx, [this](Context& c) { enqueue(c); });
}

void MqProducerRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, kEnqueueReply);
}

void MqProducerRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { enqueue(c); });
}

Json MqProducerRole::snapshot() const {
    Json snap = {{"state", driver_.state()}, {"seq", next_seq_}, {"poison_seq", config_.poison_seq}};
    tally_.write(snap);
    return snap;
}

void MqProducerRole::enqueue(Context& ctx) {
    const MqMessage message{ctx.self(), ++next_seq_, next_seq_ == config_.poison_seq};
    const OpId op = ctx.op_invoke("enqueue", {{"seq", message.seq}, {"poison", message.poison}});
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(config_.workload.target, std::string(kEnqueue), message.to_json(), config_.enqueue_timeout,
             [this, op, seq = message.seq, sent_at](Context& c, const CallOutcome& outcome) {
                 const CallResult result = tally_.ended(c, outcome, sent_at, [](const Json& body) {
                     return read_answer(body, "refused");
                 });
                 Json value = {{"seq", seq}};
                 if (!result.error.empty())
                     value["error"] = result.error;
                 c.op_complete(op, result.status(), std::move(value));
             });
}

}  // namespace distlab::core::message_queue
