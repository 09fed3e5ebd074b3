#include "core/patterns/message_queue/mq_consumer_role.h"

#include <utility>

#include "core/patterns/common/client.h"

namespace distlab::core::message_queue {

namespace {

constexpr TimerId kProcessTimer{1};
constexpr TimerId kHeartbeatTimer{2};

}  // namespace

const ParamList<MqConsumerConfig>& MqConsumerConfig::params() {
    using C = MqConsumerConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("queue", &C::queue, nullptr, "The queue this consumer consumes from", "消费者从中消费消息的队列")
        .string("group", &C::group, "workers",
                "Its consumer group: every group gets every message, and the members of one group compete for "
                "them (1 to 64 characters a-z, 0-9, _ and -)",
                "所属的消费组：每个消费组都收到每条消息，同组成员竞争消费（1 到 64 个字符，a-z、0-9、_ 和 -）")
        .duration("process_time", &C::process_time, "50ms",
                  "Time it spends on one message (one at a time) before it acknowledges it",
                  "处理一条消息所需的时间（一次处理一条），处理完才确认", {.min = 0})
        .choice("ack", &C::ack, "manual", {{"manual", AckMode::Manual}, {"auto", AckMode::Auto}},
                "manual: acknowledge after processing, so a message whose consumer dies is redelivered "
                "(at least once); auto: acknowledge on receipt, before processing (RabbitMQ's autoAck, "
                "Kafka's commit before processing): what it holds when it dies is lost (at most once)",
                "manual：处理完再确认，消费者宕机时消息会被重新投递（至少一次）；auto：收到即确认、在处理之前"
                "（RabbitMQ 的 autoAck，Kafka 先提交位移后处理）：宕机时手中的消息丢失（至多一次）")
        .duration("heartbeat", &C::heartbeat, "500ms",
                  "How often it joins its group again, so the queue knows it is alive; also how long it waits "
                  "for the answer",
                  "重新加入消费组（心跳）的间隔，使队列知道它仍存活；也是等待应答的时长", {.min = 1});
    return list;
}

std::vector<PhaseSpec> MqConsumerRole::phases() {
    return {{"joining", Tone::Neutral, "joining", "加入中"},
            {"consuming", Tone::Healthy, "consuming", "消费中"},
            {"disconnected", Tone::Warning, "disconnected", "已断开"},
            {"refused", Tone::Failing, "refused", "被拒绝"}};
}

MqConsumerRole::MqConsumerRole(MqConsumerConfig config) : config_(std::move(config)) {}

void MqConsumerRole::start(Context& ctx) {
    enter(ctx, "joining", Text{"joining group " + config_.group + " at " + config_.queue,
                               "加入 " + config_.queue + " 上的消费组 " + config_.group});
    join(ctx);
    ctx.set_timer(kHeartbeatTimer, config_.heartbeat);
}

void MqConsumerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kDeliver) {
        handle_deliver(ctx, msg);
        return;
    }
    ignore_stray_message(ctx, msg, kJoinReply);
}

void MqConsumerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kProcessTimer) {
        finish(ctx);
    } else if (timer == kHeartbeatTimer && !refused_) {
        join(ctx);
        ctx.set_timer(kHeartbeatTimer, config_.heartbeat);
    }
}

Json MqConsumerRole::snapshot() const {
    return {{"state", phase_},
            {"group", config_.group},
            {"ack", config_.ack == AckMode::Manual ? "manual" : "auto"},
            {"backlog", backlog_.size()},
            {"received", received_},
            {"processed", processed_},
            {"failed", failed_},
            {"duplicates", duplicates_}};
}

void MqConsumerRole::join(Context& ctx) {
    if (joining_)
        return;
    joining_ = true;
    ctx.call(config_.queue, std::string(kJoin), {{"group", config_.group}}, config_.heartbeat,
             [this](Context& c, const CallOutcome& outcome) {
                 joining_ = false;
                 if (outcome.timed_out) {
                     if (phase_ == "consuming")
                         enter(c, "disconnected", Text{"the queue did not answer a heartbeat", "队列没有应答心跳"});
                     return;
                 }
                 const CallResult result = read_answer(outcome.reply.body, "refused");
                 if (result.end != CallEnd::Ok) {
                     // A refusal is about the group name itself: asking again cannot help.
                     refused_ = true;
                     c.cancel_timer(kHeartbeatTimer);
                     c.log(LogLevel::Error, "the queue refused group " + config_.group + ": " + result.error);
                     enter(c, "refused", Text{"the queue refused: ", "队列拒绝："} + result.error);
                     return;
                 }
                 enter(c, "consuming", Text{"member of group ", "消费组成员："} + config_.group);
             });
}

void MqConsumerRole::enter(Context& ctx, std::string phase, Text reason) {
    if (phase == phase_)
        return;
    phase_ = std::move(phase);
    ctx.phase(phase_, std::move(reason));
}

void MqConsumerRole::handle_deliver(Context& ctx, const Message& msg) {
    const std::optional<MqMessage> message = MqMessage::from_json(msg.body);
    const auto group = msg.body.find("group");
    const auto attempt = msg.body.find("attempt");
    const auto reason = msg.body.find("reason");
    if (!message || group == msg.body.end() || !group->is_string() || attempt == msg.body.end() ||
        !attempt->is_number_integer() || reason == msg.body.end() || !reason->is_string()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a malformed delivery from " + msg.from +
                                    ": needs producer, seq, group, attempt and reason");
        return;
    }
    ++received_;
    ctx.count("received");
    const OpId op = ctx.op_invoke("consume", {{"producer", message->producer},
                                              {"seq", message->seq},
                                              {"group", group->get<std::string>()},
                                              {"attempt", attempt->get<std::int64_t>()},
                                              {"reason", reason->get<std::string>()}});
    if (config_.ack == AckMode::Auto)
        ctx.send(config_.queue, std::string(kAck),
                 {{"producer", message->producer}, {"seq", message->seq}, {"group", config_.group}});
    backlog_.push_back({*message, op});
    begin_next(ctx);
}

void MqConsumerRole::begin_next(Context& ctx) {
    while (!busy_ && !backlog_.empty()) {
        busy_ = true;
        if (config_.process_time > Duration(0)) {
            ctx.set_timer(kProcessTimer, config_.process_time);
            return;
        }
        finish(ctx);
    }
}

void MqConsumerRole::finish(Context& ctx) {
    if (!busy_ || backlog_.empty())
        return;
    busy_ = false;
    const Work done = std::move(backlog_.front());
    backlog_.pop_front();
    const MqMessage& m = done.message;
    Json value = {{"producer", m.producer}, {"seq", m.seq}, {"group", config_.group}};
    if (m.poison) {
        ++failed_;
        ctx.count("failed");
        value["error"] = "poison message";
        ctx.op_complete(done.op, OpStatus::Fail, std::move(value));
        settle(ctx, m, false);
    } else {
        ++processed_;
        ctx.count("processed");
        if (!processed_ids_.insert(m.key()).second) {
            ++duplicates_;
            ctx.count("duplicates");
        }
        ctx.op_complete(done.op, OpStatus::Ok, std::move(value));
        settle(ctx, m, true);
    }
    if (config_.process_time > Duration(0))
        begin_next(ctx);   // with no process time, begin_next's loop takes the next one
}

void MqConsumerRole::settle(Context& ctx, const MqMessage& message, bool ok) {
    if (config_.ack == AckMode::Auto)
        return;   // acknowledged on receipt
    Json body = {{"producer", message.producer}, {"seq", message.seq}, {"group", config_.group}};
    if (!ok)
        body["error"] = "poison message";
    ctx.send(config_.queue, std::string(ok ? kAck : kNack), std::move(body));
}

}  // namespace distlab::core::message_queue
