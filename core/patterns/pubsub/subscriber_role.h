#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/pubsub/pubsub_protocol.h"

namespace distlab::core::pubsub {

struct SubscriberConfig {
    NodeId broker;
    std::string pattern = ">";
    std::string queue;                    // queue group; empty: none
    Delivery delivery = Delivery::AtMostOnce;
    Duration process_time{0};             // per message, one at a time
    Duration subscribe_timeout{1s};
    Duration resubscribe_delay{500ms};    // after a timeout or a disconnect

    static const ParamList<SubscriberConfig>& params();
    static SubscriberConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The set of message ids seen from one publisher: every id up to `below`, and those above it.
// Sequence numbers arrive mostly in order, so the set stays small.
class SeenIds {
public:
    // False when `seq` was there already.
    bool insert(std::int64_t seq);
    bool contains(std::int64_t seq) const;
    std::int64_t size() const { return below_ + std::ssize(above_); }
    std::int64_t highest() const { return above_.empty() ? below_ : *above_.rbegin(); }

private:
    std::int64_t below_ = 0;
    std::set<std::int64_t> above_;
};

// The `subscriber` role of the publish-subscribe pattern (pubsub_protocol.h): subscribes to the
// broker with a subject pattern and a delivery mode, takes deliveries one at a time in
// process_time each, and acknowledges each once processed (at-most-once too: there the ack only
// frees its place in the broker's window).
//
// Messages are deduped by id (publisher, seq): a message processed before (a redelivery after a
// lost ack, or after this node restarted) is acknowledged again but not processed again, and
// counted `duplicates`. The ids processed are kept in the node's storage, so dedupe survives a
// restart. A first delivery below the highest seq seen from its publisher is counted
// `reordered`.
//
// At least once, a delivery that arrives before the broker accepted the subscription (a retry
// the broker sent while this node was down or restarting) is left alone, unacknowledged, and
// counted `early_deliveries`: the broker resends every unacknowledged message, oldest first,
// when the subscription resumes, and taking the early one would let it overtake older ones.
//
// Every delivery is one client operation, receive {publisher, seq, attempt}, invoked when it
// arrives and completed ok when processed, with `duplicate: true` for a duplicate: a check
// counts losses and duplicates from these against the publishers' acknowledged publishes.
//
// Phases: subscribing, subscribed, disconnected (by the broker, as a slow consumer; it
// subscribes again after resubscribe_delay). Counters: received, processed, duplicates,
// reordered.
//
// Owned by the role driver; single-threaded like every role.
class SubscriberRole final : public Role {
public:
    explicit SubscriberRole(SubscriberConfig config);

    static std::vector<PhaseSpec> phases();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Waiting {
        PubMessage message;
        OpId op = 0;
    };

    void load_seen(Context& ctx);
    void subscribe(Context& ctx);
    void handle_deliver(Context& ctx, const Message& msg);
    void begin_next(Context& ctx);
    void finish(Context& ctx);

    SubscriberConfig config_;
    std::string phase_;
    bool subscribing_ = false;            // a subscribe call is outstanding
    std::deque<Waiting> queue_;           // the front one is in process when busy_
    bool busy_ = false;
    std::map<NodeId, SeenIds> seen_;      // by publisher, over every incarnation

    std::uint64_t received_ = 0;
    std::uint64_t processed_ = 0;
    std::uint64_t duplicates_ = 0;
    std::uint64_t reordered_ = 0;
};

}  // namespace distlab::core::pubsub
