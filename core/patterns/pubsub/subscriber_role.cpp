#include "core/patterns/pubsub/subscriber_role.h"

#include <sstream>
#include <utility>

#include "core/patterns/common/client.h"

namespace distlab::core::pubsub {

namespace {

constexpr TimerId kProcessTimer{1};
constexpr TimerId kResubscribeTimer{2};

// The ids processed, one "<publisher> <seq>" line each, appended as they are processed.
constexpr std::string_view kSeenKey = "pubsub_seen";

}  // namespace

const ParamList<SubscriberConfig>& SubscriberConfig::params() {
    using C = SubscriberConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("broker", &C::broker, nullptr, "The broker this subscriber subscribes to",
              "订阅者向其订阅的代理（broker）")
        .string("pattern", &C::pattern, ">",
                "The subjects it subscribes to: dot-separated tokens, * for exactly one token, > at the "
                "end for one or more (orders.*.created, orders.>)",
                "订阅的主题模式：以点分隔的记号，* 匹配恰好一个记号，末尾的 > 匹配一个或多个记号"
                "（如 orders.*.created、orders.>）")
        .string("queue", &C::queue, "",
                "Queue group: subscribers with the same queue group and pattern share the messages, each "
                "message going to one of them (NATS queue groups, competing consumers); empty: none, it "
                "gets every matching message",
                "队列组：队列组和主题模式都相同的订阅者分担消息，每条消息只投递给其中一个（NATS 队列组，"
                "竞争消费者）；为空表示不加入队列组，接收所有匹配的消息")
        .choice("delivery", &C::delivery, "at_most_once",
                {{"at_most_once", Delivery::AtMostOnce}, {"at_least_once", Delivery::AtLeastOnce}},
                "at_most_once: fire and forget, what arrives while it is away is lost (NATS core, Redis "
                "Pub/Sub); at_least_once: a durable subscription, the broker keeps each message until "
                "acknowledged and redelivers it (JetStream, Redis Streams)",
                "at_most_once：至多一次，发后即忘，离线期间的消息丢失（NATS core、Redis Pub/Sub）；"
                "at_least_once：至少一次，持久订阅，代理保留每条消息直到确认并重新投递"
                "（JetStream、Redis Streams）")
        .duration("process_time", &C::process_time, "0ms",
                  "Time it spends on one message (one at a time); a slow subscriber fills the broker's "
                  "buffer for it",
                  "处理一条消息所需的时间（一次处理一条）；慢订阅者会填满代理为它保留的缓冲区", {.min = 0})
        .duration("subscribe_timeout", &C::subscribe_timeout, "1s",
                  "How long it waits for the broker to answer a subscription before it tries again",
                  "等待代理应答订阅请求的时长，超时后重试", {.min = 1})
        .duration("resubscribe_delay", &C::resubscribe_delay, "500ms",
                  "Wait before subscribing again after a timeout or after the broker disconnected it",
                  "订阅超时或被代理断开后，重新订阅前的等待时间", {.min = 0});
    return list;
}

bool SeenIds::insert(std::int64_t seq) {
    if (contains(seq))
        return false;
    above_.insert(seq);
    while (!above_.empty() && *above_.begin() == below_ + 1) {
        ++below_;
        above_.erase(above_.begin());
    }
    return true;
}

bool SeenIds::contains(std::int64_t seq) const {
    return seq <= below_ || above_.contains(seq);
}

std::vector<PhaseSpec> SubscriberRole::phases() {
    return {{"subscribing", Tone::Neutral, "subscribing", "订阅中"},
            {"subscribed", Tone::Healthy, "subscribed", "已订阅"},
            {"disconnected", Tone::Warning, "disconnected", "已断开"}};
}

SubscriberRole::SubscriberRole(SubscriberConfig config) : config_(std::move(config)) {}

void SubscriberRole::start(Context& ctx) {
    load_seen(ctx);
    subscribe(ctx);
}

void SubscriberRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kDeliver) {
        handle_deliver(ctx, msg);
        return;
    }
    if (msg.type == kDisconnected && msg.from == config_.broker) {
        const auto reason = msg.body.find("reason");
        phase_ = "disconnected";
        // The broker's words come as it sent them (a message on the wire, in its English).
        const Text closed{"the broker closed the subscription", "代理关闭了订阅"};
        ctx.phase(phase_, reason != msg.body.end() && reason->is_string() ? closed + Text{": ", "："} + reason->get<std::string>()
                                                                            : closed);
        ctx.set_timer(kResubscribeTimer, config_.resubscribe_delay);
        return;
    }
    ignore_stray_message(ctx, msg, kSubscribeReply);
}

void SubscriberRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kProcessTimer)
        finish(ctx);
    else if (timer == kResubscribeTimer)
        subscribe(ctx);
}

Json SubscriberRole::snapshot() const {
    Json last = Json::object();
    std::int64_t unique = 0;
    for (const auto& [publisher, ids] : seen_) {
        last[publisher] = ids.highest();
        unique += ids.size();
    }
    return {{"state", phase_},
            {"pattern", config_.pattern},
            {"queue_group", config_.queue},
            {"delivery", to_string(config_.delivery)},
            {"queue", queue_.size()},
            {"received", received_},
            {"processed", processed_},
            {"duplicates", duplicates_},
            {"reordered", reordered_},
            {"unique", unique},
            {"last_seq", std::move(last)}};
}

void SubscriberRole::load_seen(Context& ctx) {
    auto stored = ctx.storage().read(kSeenKey);
    if (!stored) {
        ctx.log(LogLevel::Error, "cannot read the ids already processed: " + stored.error().message);
        return;
    }
    if (!*stored)
        return;
    std::istringstream lines(**stored);
    NodeId publisher;
    std::int64_t seq = 0;
    while (lines >> publisher >> seq)
        seen_[publisher].insert(seq);
}

void SubscriberRole::subscribe(Context& ctx) {
    if (subscribing_)
        return;
    subscribing_ = true;
    phase_ = "subscribing";
    ctx.phase(phase_, Text{"subscribing to ", "订阅 "} + config_.pattern + Text{" (", "（"} +
                          std::string(to_string(config_.delivery)) + Text{")", "）"});
    Json request = {{"pattern", config_.pattern}, {"delivery", to_string(config_.delivery)}};
    if (!config_.queue.empty())
        request["queue"] = config_.queue;
    ctx.call(config_.broker, std::string(kSubscribe), std::move(request), config_.subscribe_timeout,
             [this](Context& c, const CallOutcome& outcome) {
                 subscribing_ = false;
                 if (outcome.timed_out) {
                     c.set_timer(kResubscribeTimer, config_.resubscribe_delay);
                     return;
                 }
                 const CallResult result = read_answer(outcome.reply.body, "refused");
                 if (result.end != CallEnd::Ok) {
                     // A refusal is about the subscription itself (its pattern): asking again cannot help.
                     c.log(LogLevel::Error, "the broker refused the subscription to " + config_.pattern + ": " +
                                                result.error);
                     return;
                 }
                 phase_ = "subscribed";
                 const auto served = outcome.reply.body.find("delivery");
                 if (served != outcome.reply.body.end() && served->is_string() &&
                     *served != to_string(config_.delivery)) {
                     c.log(LogLevel::Warn, "the broker serves this subscription " + served->get<std::string>() +
                                               ", not " + std::string(to_string(config_.delivery)));
                     c.phase(phase_, Text{"the broker accepted the subscription, served ", "代理接受了订阅，按 "} +
                                         served->get<std::string>() + Text{"", " 投递"});
                     return;
                 }
                 c.phase(phase_, Text{"the broker accepted the subscription", "代理接受了订阅"});
             });
}

void SubscriberRole::handle_deliver(Context& ctx, const Message& msg) {
    const std::optional<PubMessage> message = PubMessage::from_json(msg.body);
    const auto attempt = msg.body.find("attempt");
    if (!message || attempt == msg.body.end() || !attempt->is_number_integer()) {
        ctx.count("malformed");
        return;
    }
    if (config_.delivery == Delivery::AtLeastOnce && phase_ != "subscribed") {
        // Sent to this node before its subscription was resumed (the broker's retries to a node
        // that was down): left unacknowledged, as the broker resends every unacknowledged
        // message in order when the subscription resumes. Taken now, it would overtake them.
        ctx.count("early_deliveries");
        return;
    }
    ++received_;
    ctx.count("received");
    const OpId op = ctx.op_invoke("receive", {{"publisher", message->publisher},
                                              {"seq", message->seq},
                                              {"attempt", attempt->get<std::int64_t>()}});
    queue_.push_back({*message, op});
    begin_next(ctx);
}

void SubscriberRole::begin_next(Context& ctx) {
    while (!busy_ && !queue_.empty()) {
        if (config_.process_time > Duration(0)) {
            busy_ = true;
            ctx.set_timer(kProcessTimer, config_.process_time);
            return;
        }
        busy_ = true;
        finish(ctx);
    }
}

void SubscriberRole::finish(Context& ctx) {
    if (!busy_ || queue_.empty())
        return;
    busy_ = false;
    Waiting done = std::move(queue_.front());
    queue_.pop_front();
    const PubMessage& m = done.message;
    Json value = {{"publisher", m.publisher}, {"seq", m.seq}};
    SeenIds& ids = seen_[m.publisher];
    const bool out_of_order = m.seq < ids.highest();
    if (ids.insert(m.seq)) {
        ++processed_;
        ctx.count("processed");
        if (out_of_order) {
            ++reordered_;
            ctx.count("reordered");
        }
        if (auto stored = ctx.storage().append(kSeenKey, m.publisher + " " + std::to_string(m.seq) + "\n", false);
            !stored)
            ctx.log(LogLevel::Error, "cannot record a processed id: " + stored.error().message);
    } else {
        ++duplicates_;
        ctx.count("duplicates");
        value["duplicate"] = true;
    }
    ctx.op_complete(done.op, OpStatus::Ok, std::move(value));
    ctx.send(config_.broker, std::string(kAck), {{"publisher", m.publisher}, {"seq", m.seq}});
    if (config_.process_time == Duration(0))
        return;   // begin_next's loop takes the next one
    begin_next(ctx);
}

}  // namespace distlab::core::pubsub
