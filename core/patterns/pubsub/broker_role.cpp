#include "core/patterns/pubsub/broker_role.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/patterns/pubsub/subject.h"

namespace distlab::core::pubsub {

namespace {

constexpr TimerId kAckScanTimer{1};

std::string_view to_string(Overflow overflow) {
    switch (overflow) {
    case Overflow::DropOldest: return "drop_oldest";
    case Overflow::DropNewest: return "drop_newest";
    case Overflow::Disconnect: return "disconnect";
    }
    return "drop_oldest";
}

}  // namespace

// A knob whose written value 0 (or "preset") leaves it at the preset's; any other value overrides it.
template <class T>
auto over_preset(T BrokerConfig::*knob) {
    return [knob](BrokerConfig& c, T value) {
        if (value != T{})
            c.*knob = value;
    };
}

const ParamList<BrokerConfig>& BrokerConfig::params() {
    using C = BrokerConfig;
    // The preset comes before the knobs that override it: bind() applies them in this order.
    static const ParamList<C> list = ParamList<C>{}
        .choice<BrokerPreset>(
            "preset",
            [](C& c, BrokerPreset preset) {
                c = BrokerConfig{};
                c.preset = preset;
                if (preset == BrokerPreset::NatsCore) {
                    c.at_most_once_only = true;
                    c.overflow = Overflow::Disconnect;
                } else if (preset == BrokerPreset::JetStream) {
                    c.ack_wait = 30s;
                    c.max_in_flight = 1000;
                    c.max_deliver = -1;
                }
            },
            "none", {{"none", BrokerPreset::None}, {"nats_core", BrokerPreset::NatsCore}, {"jetstream", BrokerPreset::JetStream}},
            "Start from a reference system: nats_core serves every subscription at most once (core NATS keeps "
            "nothing for a subscriber) and disconnects a slow consumer; jetstream takes a JetStream consumer's "
            "defaults, AckWait 30 s (the real value: set ack_wait to compress it for a short run), MaxAckPending "
            "1000, MaxDeliver unlimited; none: ack_wait 1s, max_in_flight 64, drop_oldest. Knobs given here "
            "override it",
            "从某个参考系统的默认值开始：nats_core 对每个订阅都至多一次投递（NATS core 不为订阅者保留任何"
            "消息），并断开慢消费者；jetstream 采用 JetStream 消费者的默认值：AckWait 30 s（真实值：短时运行"
            "可设置 ack_wait 压缩时间）、MaxAckPending 1000、MaxDeliver 不限；none：ack_wait 1s、"
            "max_in_flight 64、drop_oldest。此处给出的参数覆盖预设")
        .integer("buffer_limit", &C::buffer_limit, 256,
                 "Messages the broker holds per subscriber while they wait to be sent; beyond it the "
                 "overflow policy acts",
                 "代理为每个订阅者缓存的待发送消息上限；超出时按溢出策略处理", {.min = 1, .max = 10000000})
        .choice<std::optional<Overflow>>(
            "overflow",
            [](C& c, std::optional<Overflow> overflow) {
                if (overflow)
                    c.overflow = *overflow;
            },
            "preset",
            {{"preset", std::nullopt},
             {"drop_oldest", Overflow::DropOldest},
             {"drop_newest", Overflow::DropNewest},
             {"disconnect", Overflow::Disconnect}},
            "When a subscriber's buffer is full: drop_oldest drops the message that waited longest; "
            "drop_newest drops the new one; disconnect closes the slow consumer's subscription "
            "(its buffered and unacknowledged messages are dropped) and it must subscribe again; "
            "preset: the preset's (nats_core: disconnect; otherwise drop_oldest)",
            "订阅者缓冲区已满时：drop_oldest 丢弃等待最久的消息；drop_newest 丢弃新到的消息；"
            "disconnect 断开慢消费者的订阅（其缓冲和未确认的消息被丢弃），订阅者须重新订阅；"
            "preset：采用预设的策略（nats_core 为 disconnect，其余为 drop_oldest）")
        .integer("max_in_flight", over_preset(&C::max_in_flight), 0,
                 "Deliveries sent to one subscriber and not yet acknowledged; more wait in its buffer "
                 "(JetStream's MaxAckPending); 0: the preset's (jetstream: 1000; otherwise 64)",
                 "发给同一订阅者且尚未确认的投递上限；其余在其缓冲区中等待（相当于 JetStream 的 "
                 "MaxAckPending）；0 表示采用预设值（jetstream 为 1000，其余为 64）",
                 {.min = 0, .max = 1000000})
        .duration("ack_wait", over_preset(&C::ack_wait), "0ms",
                  "At-least-once: a delivery not acknowledged in this time is sent again (JetStream's "
                  "AckWait); at-most-once: it only frees its place in the window; 0: the preset's "
                  "(jetstream: 30 s; otherwise 1 s)",
                  "至少一次：投递在此时间内未被确认则重新投递（相当于 JetStream 的 AckWait）；至多一次："
                  "仅释放其在窗口中的位置；0 表示采用预设值（jetstream 为 30 s，其余为 1 s）",
                  {.min = 0})
        .integer("max_deliver", over_preset(&C::max_deliver), 0,
                 "At-least-once: deliveries of one message to one subscriber before the broker gives it "
                 "up; -1: unlimited (JetStream's MaxDeliver default); 0: the preset's (unlimited)",
                 "至少一次：同一消息向同一订阅者最多投递的次数，之后代理放弃该消息；-1 表示不限"
                 "（JetStream MaxDeliver 的默认值）；0 表示采用预设值（不限）",
                 {.min = -1, .max = 1000000});
    return list;
}

BrokerRole::BrokerRole(BrokerConfig config) : config_(std::move(config)) {}

void BrokerRole::start(Context& ctx) {
    ctx.set_timer(kAckScanTimer, std::max<Duration>(config_.ack_wait / 4, 1ms));
    publish_gauges(ctx);
}

void BrokerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kPublish)
        handle_publish(ctx, msg);
    else if (msg.type == kSubscribe)
        handle_subscribe(ctx, msg);
    else if (msg.type == kAck)
        handle_ack(ctx, msg);
    else {
        ctx.count("unexpected_messages");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
        return;
    }
    publish_gauges(ctx);
}

void BrokerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kAckScanTimer)
        return;
    expire(ctx);
    publish_gauges(ctx);
    ctx.set_timer(kAckScanTimer, std::max<Duration>(config_.ack_wait / 4, 1ms));
}

Json BrokerRole::snapshot() const {
    Json subs = Json::object();
    std::int64_t in_flight = 0;
    for (const auto& [node, sub] : subscriptions_) {
        in_flight += std::ssize(sub.in_flight);
        subs[node] = {{"pattern", sub.pattern},
                      {"queue_group", sub.queue},
                      {"delivery", to_string(sub.delivery)},
                      {"buffered", sub.buffer.size()},
                      {"in_flight", sub.in_flight.size()},
                      {"delivered", sub.delivered},
                      {"redelivered", sub.redelivered},
                      {"dropped", sub.dropped}};
    }
    return {{"preset", config_.preset == BrokerPreset::NatsCore    ? "nats_core"
                       : config_.preset == BrokerPreset::JetStream ? "jetstream"
                                                                     : "none"},
            {"buffer_depth", deepest_buffer()},
            {"buffer_limit", config_.buffer_limit},
            {"overflow", to_string(config_.overflow)},
            {"in_flight", in_flight},
            {"published", published_},
            {"delivered", delivered_},
            {"redelivered", redelivered_},
            {"dropped", dropped_},
            {"max_deliveries", max_deliveries_},
            {"disconnects", disconnects_},
            {"subscriptions", std::move(subs)}};
}

void BrokerRole::handle_publish(Context& ctx, const Message& msg) {
    const std::optional<PubMessage> message = PubMessage::from_json(msg.body);
    if (!message || !valid_subject(message->subject)) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", message ? "invalid subject" : "malformed"}});
        return;
    }
    ++published_;
    ctx.count("published");
    std::int64_t matched = 0;
    std::vector<NodeId> slow;
    // Queue groups by "<queue> <pattern>": their matching members, in node id order.
    std::map<std::string, std::vector<NodeId>> groups;
    for (auto& [node, sub] : subscriptions_) {
        if (!subject_matches(sub.pattern, message->subject))
            continue;
        if (!sub.queue.empty()) {
            groups[sub.queue + " " + sub.pattern].push_back(node);
            continue;
        }
        ++matched;
        if (!offer(ctx, node, sub, *message))
            slow.push_back(node);
    }
    for (const auto& [group, members] : groups) {
        ++matched;
        const NodeId& member = members[group_turns_[group]++ % members.size()];
        if (!offer(ctx, member, subscriptions_.at(member), *message))
            slow.push_back(member);
    }
    for (const NodeId& node : slow)
        disconnect(ctx, node, "slow consumer: its buffer of " + std::to_string(config_.buffer_limit) +
                                  " messages is full");
    ctx.reply(msg, {{"ok", true}, {"matched", matched}});
}

void BrokerRole::handle_subscribe(Context& ctx, const Message& msg) {
    const auto pattern = msg.body.find("pattern");
    const auto delivery_field = msg.body.find("delivery");
    const auto queue_field = msg.body.find("queue");
    std::optional<Delivery> delivery;
    if (delivery_field != msg.body.end() && delivery_field->is_string())
        delivery = delivery_from_string(delivery_field->get<std::string>());
    const bool has_queue = queue_field != msg.body.end();
    if (has_queue && (!queue_field->is_string() || !valid_subject(queue_field->get<std::string>()))) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "invalid queue group name"}});
        return;
    }
    if (pattern == msg.body.end() || !pattern->is_string() || !valid_pattern(pattern->get<std::string>()) ||
        !delivery) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "invalid subscription"}});
        return;
    }
    const std::string queue = has_queue ? queue_field->get<std::string>() : std::string();
    const bool downgraded = config_.at_most_once_only && *delivery == Delivery::AtLeastOnce;
    if (downgraded)
        delivery = Delivery::AtMostOnce;   // core NATS keeps nothing: it says so in the reply
    auto it = subscriptions_.find(msg.from);
    const bool resumes = it != subscriptions_.end() && *delivery == Delivery::AtLeastOnce &&
                         it->second.delivery == Delivery::AtLeastOnce && it->second.pattern == *pattern &&
                         it->second.queue == queue;
    if (resumes) {
        ctx.log(LogLevel::Info, msg.from + " resumed its durable subscription to " + it->second.pattern + " (" +
                                    std::to_string(it->second.buffer.size() + it->second.in_flight.size()) +
                                    " messages retained)");
    } else {
        if (it != subscriptions_.end()) {
            // A new connection replaces the old one: what the old one held is gone.
            drop(ctx, it->second, it->second.buffer.size() + it->second.in_flight.size());
            subscriptions_.erase(it);
        }
        Subscription sub;
        sub.pattern = pattern->get<std::string>();
        sub.queue = queue;
        sub.delivery = *delivery;
        it = subscriptions_.emplace(msg.from, std::move(sub)).first;
        ctx.log(LogLevel::Info, msg.from + " subscribed to " + it->second.pattern + " (" +
                                    std::string(to_string(*delivery)) +
                                    (queue.empty() ? "" : ", queue group " + queue) + ")");
    }
    ctx.reply(msg, downgraded ? Json{{"ok", true}, {"delivery", to_string(Delivery::AtMostOnce)}} : Json{{"ok", true}});
    if (resumes) {
        // What it had not acknowledged goes again at once, oldest first, before anything newer:
        // waiting for each one's ack_wait would let newer messages overtake it.
        for (auto& [key, entry] : it->second.in_flight)
            send(ctx, msg.from, it->second, entry);
    }
    pump(ctx, msg.from, it->second);
}

void BrokerRole::handle_ack(Context& ctx, const Message& msg) {
    const auto publisher = msg.body.find("publisher");
    const auto seq = msg.body.find("seq");
    auto it = subscriptions_.find(msg.from);
    if (publisher == msg.body.end() || !publisher->is_string() || seq == msg.body.end() ||
        !seq->is_number_integer() || it == subscriptions_.end() ||
        it->second.in_flight.erase(Key{publisher->get<std::string>(), seq->get<std::int64_t>()}) == 0) {
        // An ack for a delivery already given up, already acknowledged, or of a closed subscription.
        ctx.count("unknown_acks");
        return;
    }
    ctx.count("acks");
    pump(ctx, msg.from, it->second);
}

bool BrokerRole::offer(Context& ctx, const NodeId& subscriber, Subscription& sub, const PubMessage& message) {
    if (std::ssize(sub.buffer) >= config_.buffer_limit) {
        switch (config_.overflow) {
        case Overflow::DropOldest:
            sub.buffer.pop_front();
            drop(ctx, sub, 1);
            break;
        case Overflow::DropNewest:
            drop(ctx, sub, 1);
            return true;
        case Overflow::Disconnect:
            drop(ctx, sub, 1);
            return false;
        }
    }
    sub.buffer.push_back(message);
    pump(ctx, subscriber, sub);
    return true;
}

void BrokerRole::pump(Context& ctx, const NodeId& subscriber, Subscription& sub) {
    while (!sub.buffer.empty() && std::ssize(sub.in_flight) < config_.max_in_flight) {
        PubMessage next = std::move(sub.buffer.front());
        sub.buffer.pop_front();
        Key key{next.publisher, next.seq};
        auto [it, fresh] = sub.in_flight.try_emplace(std::move(key), InFlight{std::move(next), 0, Duration(0)});
        if (!fresh)
            continue;   // published twice under one id and still in flight: one delivery stands for both
        send(ctx, subscriber, sub, it->second);
    }
}

void BrokerRole::send(Context& ctx, const NodeId& subscriber, Subscription& sub, InFlight& entry) {
    ++entry.attempts;
    entry.sent_at = ctx.now();
    Json body = entry.message.to_json();
    body["attempt"] = entry.attempts;
    ctx.send(subscriber, std::string(kDeliver), std::move(body));
    if (entry.attempts == 1) {
        ++sub.delivered;
        ++delivered_;
        ctx.count("delivered");
    } else {
        ++sub.redelivered;
        ++redelivered_;
        ctx.count("redelivered");
    }
}

void BrokerRole::drop(Context& ctx, Subscription& sub, std::uint64_t n) {
    if (n == 0)
        return;
    sub.dropped += n;
    dropped_ += n;
    ctx.count("dropped", static_cast<double>(n));
}

void BrokerRole::disconnect(Context& ctx, const NodeId& subscriber, std::string reason) {
    auto it = subscriptions_.find(subscriber);
    if (it == subscriptions_.end())
        return;
    drop(ctx, it->second, it->second.buffer.size() + it->second.in_flight.size());
    subscriptions_.erase(it);
    ++disconnects_;
    ctx.count("disconnects");
    ctx.log(LogLevel::Warn, "disconnected " + subscriber + ": " + reason);
    ctx.send(subscriber, std::string(kDisconnected), {{"reason", std::move(reason)}});
}

void BrokerRole::expire(Context& ctx) {
    const Duration now = ctx.now();
    for (auto& [node, sub] : subscriptions_) {
        for (auto it = sub.in_flight.begin(); it != sub.in_flight.end();) {
            InFlight& entry = it->second;
            if (now - entry.sent_at < config_.ack_wait) {
                ++it;
                continue;
            }
            if (sub.delivery == Delivery::AtMostOnce) {
                it = sub.in_flight.erase(it);   // nothing is kept: the place in the window is freed
                continue;
            }
            if (config_.max_deliver > 0 && entry.attempts >= config_.max_deliver) {
                ++max_deliveries_;
                ctx.count("max_deliveries");
                ctx.log(LogLevel::Warn, "gave up " + entry.message.publisher + "#" +
                                            std::to_string(entry.message.seq) + " for " + node + " after " +
                                            std::to_string(entry.attempts) + " deliveries");
                drop(ctx, sub, 1);
                it = sub.in_flight.erase(it);
                continue;
            }
            send(ctx, node, sub, entry);
            ++it;
        }
        pump(ctx, node, sub);
    }
}

void BrokerRole::publish_gauges(Context& ctx) const {
    std::int64_t in_flight = 0;
    for (const auto& [node, sub] : subscriptions_)
        in_flight += std::ssize(sub.in_flight);
    ctx.gauge("buffer_depth", static_cast<double>(deepest_buffer()));
    ctx.gauge("in_flight", static_cast<double>(in_flight));
}

std::int64_t BrokerRole::deepest_buffer() const {
    std::int64_t deepest = 0;
    for (const auto& [node, sub] : subscriptions_)
        deepest = std::max(deepest, std::ssize(sub.buffer));
    return deepest;
}

}  // namespace distlab::core::pubsub
