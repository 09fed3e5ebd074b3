#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/backpressure/flow_sender.h"

namespace distlab::core::backpressure {

// What a stage does when its queue is full.
enum class Overflow {
    Unbounded,   // there is no limit: the queue and its memory grow without bound
    Drop,        // refuse new items ("full"); the producer gives them up
    Block,       // refuse new items ("full") and tell the producers to stop ("full") until the
                 // queue has drained to resume_at ("resume"); they keep the items and wait
    Credits,     // grant producers credits for free room only: they never send more than fits
};

struct StageConfig {
    NodeId target;                        // the consumer it feeds
    Overflow overflow = Overflow::Credits;
    std::int64_t queue_limit = 20;        // items held at once (queued or at the consumer)
    double resume_fraction = 0.5;         // Block: resume at queue_limit x this
    std::int64_t priorities = 1;          // >1: load shedding by priority
    Duration ack_timeout{1s};

    static const ParamList<StageConfig>& params();
    static StageConfig from(const Params& resolved) { return params().bind(resolved); }

    // The most items held at which an item of `priority` is still admitted: the queue is
    // split evenly between the levels, so the lowest priority is shed first, when the queue is
    // a 1/priorities full, and the highest only when it is full.
    std::int64_t admission_limit(std::int64_t priority) const;
};

// The `bounded-stage` role of the backpressure pattern: a queue between producers and a
// consumer. It accepts items from its producers (flow_protocol.h) as its Overflow mode says,
// acknowledges each it keeps, and forwards them, highest priority first and in arrival order
// within a priority, to its consumer, which pulls them with credits.
//
// An acknowledged item is the stage's until the consumer confirms it processed it: it is held
// (`queue_depth` counts it) while queued and while at the consumer; a consumer that does not
// answer in ack_timeout gets it again (the consumer ignores duplicates). It is never dropped,
// shed or displaced once acknowledged: shedding happens at the door only (the Google SRE book,
// "Handling Overload": criticality-based shedding, the least critical first).
//
// Snapshot `held` lists the ids it holds by origin as ranges ([[lo, hi], ...]), so a check can
// account every acknowledged item exactly at the end of a run.
//
// Counters: received, successes (accepted), rejections, shed, forwarded, timeouts and
// refused_downstream (items sent again), credit_violations (items sent without a credit). Gauges: queue_depth, queue_depth_max (the high-water mark), queue_bytes
// (bytes of the items held, by the items' declared size: the role's own accounting, not the
// process's memory), in_flight, credits (granted, unused).
//
// Owned by the role driver; single-threaded like every role.
class StageRole final : public Role {
public:
    explicit StageRole(StageConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    void handle_subscribe(Context& ctx, const Message& msg);
    void handle_item(Context& ctx, const Message& msg);
    void pump(Context& ctx);
    void forwarded(Context& ctx, const Item& item, const SendResult& result);
    void after_change(Context& ctx);
    void hold(const Item& item);
    void release(const Item& item);
    std::int64_t held() const { return queued_ + std::ssize(in_flight_); }
    std::int64_t room() const;

    StageConfig config_;
    FlowSender sender_;
    CreditGranter credits_;
    std::set<NodeId> sources_;
    std::vector<std::deque<Item>> queues_;          // by priority
    std::int64_t queued_ = 0;
    std::map<std::pair<NodeId, std::int64_t>, Item> in_flight_;   // at the consumer
    std::map<NodeId, IdRanges> held_ids_;
    std::int64_t held_bytes_ = 0;
    std::int64_t peak_ = 0;
    bool blocking_ = false;                         // Block: "full" was sent, "resume" not yet

    std::uint64_t received_ = 0;
    std::uint64_t accepted_ = 0;
    std::uint64_t rejected_ = 0;
    std::uint64_t shed_ = 0;
    std::uint64_t forwarded_ = 0;
};

}  // namespace distlab::core::backpressure
