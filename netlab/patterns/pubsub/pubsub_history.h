#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/patterns/pubsub/pubsub_protocol.h"
#include "netlab/api/event.h"

// A publish-subscribe run read as Jepsen reads a set or a queue: what the publishers had
// acknowledged, what each subscription received, and the difference, per subscription.
//
// The publishers' operations say what was published: `publish` {seq, subject} invoked, ok when
// the broker acknowledged it. The subscribers' say what was received: `receive` completed ok
// with {publisher, seq} once the message was processed (a message received twice completes
// twice). A message is named by (publisher, seq).
//
// The unit judged is a subscription: a subscriber, or a queue group (the subscribers naming the
// same queue group and pattern, which share the messages). Per subscription:
// - expected: acknowledged publishes whose subject matches its pattern, invoked while it was
//   subscribed, and acknowledged at least `settle` before the end of the run (later ones may
//   still be on their way and are counted `pending` instead);
// - lost: expected and never received (Jepsen's :lost);
// - duplicated: received more than once, by one member or by several (Jepsen's :duplicated);
// - unexpected: received and never published by anyone (Jepsen's :unexpected);
// - reordered: per member and publisher, a first receipt below a seq received before it.
//
// "Subscribed": from the first time the broker accepted a member's subscription (its phase
// `subscribed`) to the end of the run. A subscriber never unsubscribes: being killed, being
// disconnected by the broker as a slow consumer or subscribing again after a restart does not
// end what it asked for, so the messages it misses meanwhile are lost to it, which is what at
// most once and the overflow policies cost.
namespace distlab::netlab::pubsub {

// What a subscriber node asked for: read from the scenario (checks) or its snapshots (figures).
struct SubscriberInfo {
    std::string broker;
    std::string pattern;
    std::string queue;                           // queue group; empty: none
    core::pubsub::Delivery delivery = core::pubsub::Delivery::AtMostOnce;
    // Subscribed from its phase "subscribed" (a subscriber); false: from the broker's
    // subscribe_reply reaching it (a role that subscribes without those phases, such as a
    // stream-source taking its events from a broker).
    bool announces_phase = true;
};

using MessageId = std::pair<std::string, std::int64_t>;   // (publisher, seq)

// The message ids of a set, written for people: "p1#12, p1#13, ...".
std::string ids_text(const std::vector<MessageId>& ids, std::size_t at_most = 5);

struct SubscriptionResult {
    std::string name;                            // "s1", or "workers (w1, w2, w3)" for a queue group
    std::vector<std::string> members;            // its subscriber nodes
    SubscriberInfo info;
    std::int64_t published = 0;                  // acknowledged publishes matching its pattern
    std::int64_t expected = 0;
    std::int64_t pending = 0;                    // acknowledged within `settle` of the end, not received
    std::int64_t received = 0;                   // distinct messages received
    std::int64_t deliveries = 0;                 // receipts, duplicates included
    std::vector<MessageId> lost;                 // in publish order
    std::int64_t lost_runs = 0;                  // runs of consecutive seqs of one publisher lost
    std::int64_t longest_lost_run = 0;
    std::vector<MessageId> duplicated;           // received more than once
    std::vector<MessageId> unexpected;
    std::vector<MessageId> reordered;
    std::map<std::string, std::int64_t> received_by;   // per member: receipts (queue groups share)
    std::int64_t disconnects = 0;                // times the broker disconnected a member
    // In publish order: how many messages it received before the first one it lost, and
    // whether the newest expected one arrived.
    std::int64_t received_before_first_loss = 0;
    bool newest_received = false;
    std::int64_t median_age_ns = 0;              // first receipts: from publish to processed
    std::optional<std::int64_t> first_lost_ns;   // when the first lost message was acknowledged
    std::optional<std::int64_t> first_duplicate_ns;
    std::optional<std::int64_t> first_reorder_ns;
};

struct History {
    std::int64_t publishes_acked = 0;
    std::int64_t publishes_unacked = 0;          // failed or never answered
    std::vector<SubscriptionResult> subscriptions;   // by name
};

// Who took part: the subscriber nodes and what they asked for, the publisher nodes and the
// broker each publishes to. A subscription expects only what its own broker was given.
struct Participants {
    std::map<std::string, SubscriberInfo> subscribers;
    std::map<std::string, std::string> publishers;   // node -> its broker
};

// The participants as the run shows them: the subscribe and publish messages they sent (for
// readers without the scenario, such as a report of a recording).
Participants participants_of(const std::vector<Event>& events);

// Reads `events` (in time order). `settle_ns`: see `pending` above.
History read_history(const std::vector<Event>& events, const Participants& participants, std::int64_t settle_ns);

}  // namespace distlab::netlab::pubsub
