#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/model/param_list.h"
#include "core/model/time.h"
#include "core/patterns/common/retry_policy.h"

namespace distlab::core::rpc {

// The reference systems' defaults a caller can start from. Every setting stays editable: a
// parameter given explicitly overrides the preset's value.
enum class Preset {
    Grpc,    // no deadline unless set (the call waits as long as it must), no retries unless
             // configured, the deadline travels with the call, a caller that gives up cancels
    Dubbo,   // timeout 1000 ms per attempt, retries 2 (failover: 3 attempts), no propagation
             // (Dubbo's timeout countdown is a switch: propagate on), no cancellation
};

// How a caller calls one method: per-attempt timeout, retries, deadline propagation,
// cancellation and hedging. Shared by the rpc-client and by an rpc-server's downstream calls.
struct CallPolicy {
    Preset preset = Preset::Grpc;
    std::optional<Duration> timeout;          // per attempt; none: only the call's deadline bounds it
    retry::RetryPolicy retry;                 // max_attempts, backoff and budget (its timeout unused)
    bool propagate = true;                    // send the remaining budget (timeout_ns) with each attempt
    bool cancel = true;                       // send rpc_cancel for an attempt the caller gives up on
    Duration overhead{2ms};                   // kept back from the deadline at this hop
    Duration hedge_delay{0};                  // 0: no hedging
    std::int64_t hedge_max = 2;               // copies of a hedged call, the first included

    // preset, timeout, retries, backoff, base, cap, multiplier, budget, budget_ratio,
    // budget_min_per_s, budget_cap, propagate, cancel, overhead, hedge_delay, hedge_max.
    static const ParamList<CallPolicy>& params();

    bool hedging() const { return hedge_delay > Duration(0) && hedge_max > 1; }
};

}  // namespace distlab::core::rpc
