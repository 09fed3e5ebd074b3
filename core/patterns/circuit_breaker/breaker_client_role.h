#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/circuit_breaker/breaker.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::circuit_breaker {

struct BreakerClientConfig {
    OpenLoopWorkload workload;
    Duration timeout{1s};                 // per call; a timeout counts as a failure
    bool enabled = true;                  // false: every call goes to the server, the breaker
                                          // stays closed (the contrast run)
    bool fallback = true;                 // a refused call is answered with the fallback
    std::string preset = "none";
    BreakerSettings breaker;              // the preset, with the explicit parameters over it

    static const ParamList<BreakerClientConfig>& params();
    static BreakerClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `breaker-client` role of the circuit breaker pattern: an open-loop client that calls
// `target` ("request", the request-response protocol) through a circuit breaker.
//
// One client operation per arrival, recorded as op "request":
// - the breaker permits the call: ok when the server answers ok; fail on an error answer;
//   info on a timeout or unreadable answer (Jepsen: unknown). Errors and timeouts are the
//   breaker's failures; calls longer than slow_call_duration are its slow calls.
// - the breaker refuses it (open, or half-open with no trial permit left): short-circuited
//   at once, without a message. With `fallback`, the op is ok with {"fallback": true}: the
//   degraded answer is a success for the caller, so availability counts it, and the
//   short_circuits and fallbacks counters show how many there were. Without it, the op fails
//   with {"error": "short_circuit"}.
//
// Counters: calls (sent to the server), successes, failures, timeouts, short_circuits,
// fallbacks; gauge breaker_state (0 closed, 1 open, 2 half-open); histogram latency_ms of
// answered calls. Every transition is announced as the role's phase (closed, open, half-open;
// "disabled" when the breaker is off) at the moment it happens and before any message it lets
// through, then logged as Transition::text(): the breaker checks rebuild the state timeline
// from the phase events.
//
// Owned by the role driver; single-threaded like every role.
class BreakerClientRole final : public Role {
public:
    explicit BreakerClientRole(BreakerClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void issue(Context& ctx);
    void short_circuit(Context& ctx, OpId op);
    void complete(Context& ctx, OpId op, std::uint64_t epoch, Duration sent_at, const CallOutcome& outcome);
    void apply(Context& ctx, const std::optional<Transition>& transition);
    void publish_state(Context& ctx) const;

    BreakerClientConfig config_;
    WorkloadDriver driver_;              // announces no phases: the breaker's are shown instead
    CallTally tally_;
    CircuitBreaker breaker_;
    std::int64_t seq_ = 0;
    std::int64_t outstanding_ = 0;
    Duration last_now_{0};               // the time snapshot() shows the window at

    std::uint64_t short_circuits_ = 0;
    std::uint64_t fallbacks_ = 0;
};

}  // namespace distlab::core::circuit_breaker
