#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/common/workload.h"
#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::consistent_hashing {

struct RingClientConfig {
    PlacementSettings placement;
    OpenLoopWorkload workload;          // rate and stop_at of the gets; no target
    std::int64_t load_concurrency = 20; // puts kept outstanding while loading
    Duration timeout{1s};               // per operation, redirects included

    static const ParamList<RingClientConfig>& params();
    static RingClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// One membership change as the client saw it: which keys' owner changed.
struct RingChange {
    std::string kind;        // join, leave
    NodeId node;
    std::size_t before = 0;  // members before and after
    std::size_t after = 0;
    std::int64_t moved = 0;  // keys whose owner changed
    Duration at{0};
};

// The `ring-client` role: routes every key to its owner by the placement alone (no directory, no
// redirect in the normal case), as a Dubbo consumer picks a provider by the hash of the first
// argument. It first loads the key space, a put of every key k0 .. k(keys-1) with
// load_concurrency outstanding, then gets random keys at `rate` (open loop) until stop_at.
//
// The lab's join and leave commands change its ring as they change the nodes'; it counts how
// many keys changed owner (moved), the fraction of the key space that is, and the fewest a
// change can move (1/(N+1) on a join, 1/N on a leave), and keeps the keys per node its placement
// gives (load). A not_owner answer (the node's ring changed at another moment than the client's)
// is followed to the owner the node names, at most kMaxRedirects times per operation.
//
// A get of a key it put that comes back absent is a miss (the handoff had not reached the new
// owner yet); a value it never wrote would be a violation.
//
// Phases: loading, running, stopped. Snapshot: state, strategy, vnodes, key_space,
// load_factor, members, ring, loaded, gets, misses, redirects, moved, moved_fraction,
// ideal_fraction (of the last change), changes, load, load_max_over_mean, load_cv, in_flight,
// and the standard calls / successes / failures / timeouts. Metrics: those, misses, redirects,
// keys_moved.
//
// Owned by the role driver; single-threaded like every role.
class RingClientRole final : public Role {
public:
    static constexpr int kMaxRedirects = 3;

    explicit RingClientRole(RingClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

    const std::vector<RingChange>& changes() const { return changes_; }

private:
    struct Operation {
        OpId op = 0;
        bool put = false;
        std::string key;
        std::string value;            // put
        NodeId target;
        Duration started{0};
        Duration deadline{0};
        int redirects = 0;
    };

    void handle_lab(Context& ctx, const Message& msg);
    void load_next(Context& ctx);
    void begin_get(Context& ctx);
    void begin(Context& ctx, bool put, std::int64_t index);
    void send_attempt(Context& ctx, std::uint64_t seq);
    void attempt_done(Context& ctx, std::uint64_t seq, const CallOutcome& outcome);
    void end_operation(Context& ctx, std::uint64_t seq, OpStatus status, Json value);
    std::string value_of(const Context& ctx, std::int64_t index) const;

    RingClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::vector<NodeId> members_;
    std::vector<NodeId> owners_;                    // by key index
    std::map<std::uint64_t, Operation> operations_; // in flight, by seq
    std::vector<RingChange> changes_;
    std::uint64_t seq_ = 0;
    std::int64_t next_load_ = 0;     // the next key to put while loading
    std::int64_t loaded_ = 0;        // puts ended (ok or not)
    std::vector<bool> written_;      // by key index: the put was acknowledged
    bool loading_ = true;
    std::int64_t gets_ = 0, misses_ = 0, redirects_ = 0, moved_total_ = 0;
};

}  // namespace distlab::core::consistent_hashing
