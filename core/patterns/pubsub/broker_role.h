#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/pubsub/pubsub_protocol.h"

namespace distlab::core::pubsub {

// What the broker does with a message for a subscriber whose buffer is full.
enum class Overflow {
    DropOldest,   // make room by dropping the message that waited longest
    DropNewest,   // drop the message that just came
    Disconnect,   // close the slow consumer's subscription; it must subscribe again
};

// A reference system's defaults the broker can start from (`preset`).
enum class BrokerPreset {
    None,       // this lab's own defaults
    NatsCore,   // core NATS: at most once for every subscription, a slow consumer is disconnected
    JetStream,  // JetStream consumer defaults: AckWait 30 s, MaxAckPending 1000, MaxDeliver unlimited
};

struct BrokerConfig {
    BrokerPreset preset = BrokerPreset::None;
    std::int64_t buffer_limit = 256;      // messages waiting per subscriber, not yet sent
    Overflow overflow = Overflow::DropOldest;
    std::int64_t max_in_flight = 64;      // deliveries sent and not yet acknowledged, per subscriber
    Duration ack_wait{1s};                // at-least-once: redeliver when unacknowledged this long
    std::int64_t max_deliver = -1;        // at-least-once: deliveries per message; -1: unlimited
    bool at_most_once_only = false;       // serves an at_least_once subscription at most once

    static const ParamList<BrokerConfig>& params();
    static BrokerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `broker` role of the publish-subscribe pattern (pubsub_protocol.h). Publishers publish to
// subjects; each subscriber holds one subscription, a subject pattern with NATS wildcards
// (subject.h) and a delivery mode. A published message is acknowledged to its publisher once
// it is in the buffer of every matching subscription (fan-out).
//
// Queue groups (as NATS has them): subscriptions that name the same queue group and the same
// pattern share their messages. Each message matching the group goes to one member, the members
// taking turns in the order of their node ids; a plain subscription beside them still gets every
// message. A message retained for a member that is away (at-least-once) waits for that member.
//
// Per subscription the broker keeps a window of at most max_in_flight deliveries sent and not
// yet acknowledged, and a buffer of at most buffer_limit messages waiting for room in it: a
// slow subscriber first fills its window, then its buffer, and then the overflow policy acts.
// Messages are sent in the order they reached the broker.
//
// - at-most-once: nothing is kept for a subscriber that is away; a delivery to a dead node is
//   lost, and a delivery unacknowledged after ack_wait only frees its place in the window. A
//   new subscription from the same node (after a restart) starts empty.
// - at-least-once (a durable subscription): an unacknowledged delivery is sent again after
//   ack_wait, up to max_deliver deliveries in all (then it is given up, counted
//   max_deliveries, as JetStream's MaxDeliver advisory); a new subscription from the same node
//   with the same pattern (and queue group) resumes the retained messages: the unacknowledged
//   ones are sent again at once, oldest first, then the buffered ones, so each publisher's
//   messages still arrive in order.
//
// Disconnect closes the subscription, drops its buffered and unacknowledged messages (in
// either mode) and tells the subscriber.
//
// `preset` starts from a reference system's defaults: nats_core serves every subscription at
// most once (core NATS keeps nothing; a subscriber asking for at_least_once is told so in the
// reply, {ok: true, delivery: at_most_once}) and disconnects a slow consumer; jetstream takes a
// JetStream consumer's AckWait, MaxAckPending and MaxDeliver. A knob given beside it overrides it.
//
// Counters: published, delivered, redelivered, dropped, max_deliveries, disconnects, acks,
// unknown_acks. Gauges: buffer_depth (the deepest subscriber buffer), in_flight (over all
// subscriptions). Snapshot `subscriptions` shows each subscription's depth and counts.
//
// Owned by the role driver; single-threaded like every role.
class BrokerRole final : public Role {
public:
    explicit BrokerRole(BrokerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    using Key = std::pair<NodeId, std::int64_t>;   // (publisher, seq)

    struct InFlight {
        PubMessage message;
        std::int64_t attempts = 0;
        Duration sent_at{0};
    };

    struct Subscription {
        std::string pattern;
        std::string queue;                 // its queue group; empty: none
        Delivery delivery = Delivery::AtMostOnce;
        std::deque<PubMessage> buffer;
        std::map<Key, InFlight> in_flight;
        std::uint64_t delivered = 0;
        std::uint64_t redelivered = 0;
        std::uint64_t dropped = 0;
    };

    void handle_publish(Context& ctx, const Message& msg);
    void handle_subscribe(Context& ctx, const Message& msg);
    void handle_ack(Context& ctx, const Message& msg);
    // Hands `message` to the subscription; false when the overflow policy disconnected it.
    bool offer(Context& ctx, const NodeId& subscriber, Subscription& sub, const PubMessage& message);
    void pump(Context& ctx, const NodeId& subscriber, Subscription& sub);
    void send(Context& ctx, const NodeId& subscriber, Subscription& sub, InFlight& entry);
    void drop(Context& ctx, Subscription& sub, std::uint64_t n);
    void disconnect(Context& ctx, const NodeId& subscriber, std::string reason);
    void expire(Context& ctx);   // the ack_wait scan
    void publish_gauges(Context& ctx) const;
    std::int64_t deepest_buffer() const;

    BrokerConfig config_;
    std::map<NodeId, Subscription> subscriptions_;
    // Per queue group ("<queue> <pattern>"): how many messages it was given, whose turn is next.
    std::map<std::string, std::uint64_t> group_turns_;

    std::uint64_t published_ = 0;
    std::uint64_t delivered_ = 0;
    std::uint64_t redelivered_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t max_deliveries_ = 0;
    std::uint64_t disconnects_ = 0;
};

}  // namespace distlab::core::pubsub
