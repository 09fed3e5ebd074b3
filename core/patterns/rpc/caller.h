#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/retry_budget.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/rpc/call_policy.h"
#include "core/patterns/rpc/rpc_protocol.h"

namespace distlab::core::rpc {

// One logical call of a method as its caller sees it: attempts sent to the targets in turn,
// retried or hedged by the CallPolicy, each attempt's timeout bounded by the call's deadline
// less the hop's overhead (hop_timeout), the remaining budget sent along when the policy
// propagates, attempts given up on cancelled when it cancels. The rpc-client makes one per
// operation, an rpc-server one per downstream call.
//
// Calls take the targets in turn (round robin) for their first attempt; a retry or a hedge goes
// to the target after the one the call's attempt before it went to (Dubbo's failover picks
// another provider; a hedge is only worth something on another server).
//
// A call ends exactly once, with `done`: ok with the first ok answer; with a status that is not
// retryable (invalid_argument, unimplemented, cancelled) at once; else with the last attempt's
// status when no attempt is left (retries, budget or time spent). A hedged call sends its next
// copy after hedge_delay without an answer, or at once when a copy failed retryably; when it
// ends, every copy still in flight is cancelled (rpc_cancel), whatever `cancel` says: taking
// the first answer and dropping the others is what hedging is.
//
// Counts (CallTally): calls (attempts sent), successes, failures, timeouts, retries; and hedges,
// cancels_sent, budget_exhausted.
//
// Owned by its role, which hands it the timers in its range; single-threaded like every role.
class Caller {
public:
    struct Result {
        Status status = Status::Ok;
        std::string message;
        Json reply;                 // ok: the method's reply fields
        std::int64_t attempts = 0;
    };
    using Done = std::function<void(Context&, const Result&)>;

    // Timers from `first_timer` up belong to this caller.
    Caller(CallPolicy policy, std::vector<NodeId> targets, std::uint32_t first_timer);

    // Calls `method` with `args`. `deadline` (own clock): when the caller stops waiting, or
    // none. Returns the call's key. Requires at least one target.
    std::uint64_t start(Context& ctx, const Method& method, Json args, std::optional<Origin> origin,
                        std::optional<Duration> deadline, Done done);
    // The caller gives up on call `key`: its attempts in flight are cancelled when the policy
    // cancels; `done` is not called. Nothing happens for a call that already ended.
    void abandon(Context& ctx, std::uint64_t key);
    // A timer of this caller (a backoff or a hedge delay): true when it was one.
    bool on_timer(Context& ctx, TimerId timer);

    std::size_t in_flight() const { return calls_.size(); }
    const CallTally& tally() const { return tally_; }
    std::uint64_t hedges() const { return hedges_; }
    std::uint64_t cancels_sent() const { return cancels_sent_; }
    const CallPolicy& policy() const { return policy_; }
    // Adds calls, successes, failures, timeouts, retries, hedges and cancels_sent to `snapshot`.
    void write(Json& snapshot) const;

private:
    struct Attempt {
        NodeId target;
        Duration sent_at{0};
        bool hedge = false;
    };
    struct Pending {
        const Method* method = nullptr;
        Json args;
        std::optional<Origin> origin;
        std::optional<Duration> deadline;
        Done done;
        std::int64_t attempts = 0;
        std::size_t target = 0;                   // index of the last attempt's target
        std::map<std::int64_t, Attempt> live;     // by call id
        Status last_status = Status::DeadlineExceeded;
        std::string last_message = "no attempt was sent";
        std::optional<std::uint32_t> timer;
        bool timer_is_hedge = false;
    };

    void send_attempt(Context& ctx, std::uint64_t key, bool hedge);
    void attempt_done(Context& ctx, std::uint64_t key, std::int64_t call, const CallOutcome& outcome);
    void after_failure(Context& ctx, std::uint64_t key);
    void arm(Context& ctx, std::uint64_t key, Duration after, bool hedge);
    void cancel_attempt(Context& ctx, std::int64_t call, const NodeId& target);
    void finish(Context& ctx, std::uint64_t key, Status status, std::string message, Json reply = {});

    CallPolicy policy_;
    std::vector<NodeId> targets_;
    retry::RetryBudget budget_;
    TimerIdSource timer_ids_;
    std::uint64_t next_key_ = 0;
    std::int64_t next_call_ = 0;
    std::size_t next_target_ = 0;
    std::map<std::uint64_t, Pending> calls_;
    std::map<std::uint32_t, std::uint64_t> timers_;   // TimerId -> call key
    CallTally tally_;
    std::uint64_t hedges_ = 0;
    std::uint64_t cancels_sent_ = 0;
};

}  // namespace distlab::core::rpc
