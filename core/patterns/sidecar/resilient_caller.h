#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/circuit_breaker/breaker.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/retry_budget.h"
#include "core/patterns/common/retry_policy.h"
#include "core/patterns/common/timer_ids.h"

namespace distlab::core::sidecar {

// What a caller does about a failing callee: per-attempt timeout and retries with backoff (the
// retry pattern's RetryPolicy), and optionally a circuit breaker (the circuit breaker pattern's
// CircuitBreaker). The same settings, and the same code, whether a service applies them itself
// or its sidecar does on its behalf.
struct ResilienceConfig {
    retry::RetryPolicy retry;
    bool breaker_enabled = false;
    circuit_breaker::BreakerSettings breaker;

    // The retry policy's parameters with `max_attempts` defaulting to `attempts`, then
    // `breaker`, `failure_rate_threshold`, `minimum_calls`, `window_size`, `wait_in_open`,
    // `half_open_calls`.
    static ParamList<ResilienceConfig> params(std::int64_t attempts, bool breaker);
};

// The breaker's phases, announced by every role that owns a ResilientCaller: closed, open,
// half-open, or disabled when it has no breaker.
std::vector<PhaseSpec> resilience_phases();

// Calls a node with "request" (request-response protocol) under a ResilienceConfig and hands
// back one answer, always in the protocol's shape: the callee's {ok: true, ...}, or
// {ok: false, error} with the last error, "timeout" when the last attempt timed out, or
// "circuit open" when the breaker refused the call (nothing was sent).
//
// Counts the client metrics (calls, successes, failures, timeouts, retries, latency_ms per
// attempt) and short_circuited.
//
// Owned by its role; single-threaded like every role.
class ResilientCaller {
public:
    using Done = std::function<void(Context&, Json answer)>;

    // `open_timer`: the role's timer for the breaker's wait in open; backoff timers are drawn
    // from `first_timer` up.
    ResilientCaller(ResilienceConfig config, TimerId open_timer, std::uint32_t first_timer);

    // Announces the breaker's first phase.
    void start(Context& ctx);
    void call(Context& ctx, const NodeId& target, Json body, Done done);
    // A timer of the caller's: true when it was one.
    bool on_timer(Context& ctx, TimerId timer);
    // Adds the counters and the breaker's state to a snapshot.
    void write(Json& snapshot) const;

private:
    struct Job {
        NodeId target;
        Json body;
        Done done;
        std::int64_t attempts = 0;
        std::string last_error;
    };

    void attempt(Context& ctx, std::uint64_t key);
    void attempt_done(Context& ctx, std::uint64_t key, Duration sent_at, std::uint64_t epoch, const CallOutcome& outcome);
    void finish(Context& ctx, std::uint64_t key, Json answer);
    void apply(Context& ctx, const std::optional<circuit_breaker::Transition>& transition);

    ResilienceConfig config_;
    TimerId open_timer_;
    std::optional<circuit_breaker::CircuitBreaker> breaker_;
    retry::RetryBudget budget_;
    CallTally tally_;
    TimerIdSource timer_ids_;
    std::uint64_t next_key_ = 0;
    std::map<std::uint64_t, Job> jobs_;
    std::map<std::uint32_t, std::uint64_t> backoffs_;
    std::uint64_t short_circuited_ = 0;
};

}  // namespace distlab::core::sidecar
