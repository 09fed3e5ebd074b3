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
#include "core/patterns/kv/kv_protocol.h"

namespace distlab::core::kv {

struct KvClientConfig {
    std::vector<NodeId> targets;          // the store's nodes, tried in this order
    OpenLoopWorkload workload;            // rate, arrival (open loop) and stop_at; no target
    LoadMode mode = LoadMode::Open;
    std::int64_t concurrency = 1;         // closed loop: operations kept outstanding
    std::int64_t keys = 5;                // keys k0 .. k(keys-1)
    double read_ratio = 0.5;              // share of gets
    double cas_ratio = 0.1;               // share of compare-and-sets (at most 1 - read_ratio)
    Duration timeout{1s};                 // per operation, redirects included
    std::string consistency = "store";    // a level sent with every request, or "store": none
    std::int64_t replicas = 0;            // N sent with every request ("n"), or 0: none
    Duration read_all_at{0};              // then one get of every key, the workload aside; 0: never

    static const ParamList<KvClientConfig>& params();
    static KvClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `kv-client` role: a workload against any store speaking the kv protocol
// (core/patterns/kv/kv_protocol.h), recording every operation for the linearizability checker.
//
// Each operation is a put, get or cas on a random key; the values it writes are unique
// ("c1-17": the client and a sequence number), so a read names the write it saw. An operation
// goes to the node believed to lead; a not_leader reply sends it to the hinted leader (or the
// next target), an unavailable reply to the next target; after a round of targets without a
// hint it pauses briefly (an election is probably running). It ends:
// - ok: the store applied the put or cas, or answered the get;
// - fail: certainly without effect: a cas_mismatch, or its time ran out while no attempt was
//   outstanding and every attempt had been refused;
// - info: an attempt timed out or got an unreadable answer, so it may have taken effect
//   (the store never answers when it cannot know; see kv_protocol.h).
// A timed-out attempt is never repeated elsewhere: a write applied twice would not be one
// operation any more.
//
// A node an attempt timed out on is suspect (dead, cut off, or holding requests during an
// election) until it answers anything, a late reply included, or kSuspectPeriod passes. Suspects
// are tried last: the next target is the next node that is not suspect, and a leader hint that
// names a suspect is not followed (the hinting follower has probably not noticed its leader die).
// When every other node is suspect too, the one suspected most recently goes first: the longest
// silence is the likeliest death.
//
// With read_all_at, the client gets every key once at that time (all at once, each an operation
// like the others), whatever its workload does: a final read phase, typically after stop_at and a
// heal, so that a convergence check (eventually_consistent) has late reads of every key to judge.
//
// Metrics: calls (attempts), successes, failures, timeouts, redirects; histogram latency_ms of
// operations that ended ok or fail. It is running until stop_at, then stopped (client_phases()).
//
// Owned by the role driver; single-threaded like every role.
class KvClientRole final : public Role {
public:
    explicit KvClientRole(KvClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Operation {
        OpId op = 0;
        Request request;
        Duration started{0};
        Duration intended{0};                 // its arrival on the workload's schedule
        Duration deadline{0};                 // role time
        std::size_t target = 0;               // index into targets
        std::size_t refusals_in_round = 0;    // refusals since the last pause
        std::string last_error;
        bool final_read = false;              // read_all_at's: outside the workload's loop
    };

    void begin_operation(Context& ctx);
    void begin(Context& ctx, std::uint64_t seq, Request request, bool final_read);
    void read_all(Context& ctx);
    Request next_request(Context& ctx);
    void send_attempt(Context& ctx, std::uint64_t seq);
    void attempt_done(Context& ctx, std::uint64_t seq, const CallOutcome& outcome);
    void refused(Context& ctx, Operation& op, std::uint64_t seq, const Json& reply);
    void end_operation(Context& ctx, std::uint64_t seq, OpStatus status, Json value);
    std::optional<std::size_t> target_index(const NodeId& node) const;
    bool suspect(const Context& ctx, std::size_t target) const;
    // The target to try after `from`: the next one not suspect, else the most recently suspected
    // other one, else `from` itself.
    std::size_t next_target(const Context& ctx, std::size_t from) const;

    KvClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;                                      // calls, timeouts per attempt;
                                                           // successes, failures per operation
    std::uint64_t seq_ = 0;
    std::size_t leader_guess_ = 0;                         // index into targets
    std::map<std::uint64_t, Operation> operations_;        // in flight, by seq
    std::map<std::uint32_t, std::uint64_t> pauses_;        // pause TimerId -> seq
    std::map<std::string, std::optional<std::string>> last_seen_;   // key -> value last seen
    std::map<NodeId, Duration> suspect_since_;             // node -> its first timeout since it last answered
    TimerIdSource timer_ids_;

    std::uint64_t redirects_ = 0;
};

}  // namespace distlab::core::kv
