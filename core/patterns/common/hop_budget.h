#pragma once

#include <optional>

#include "core/model/time.h"

namespace distlab::core {

// Deadline propagation across one hop (gRPC deadlines; Google SRE book, chapter 22,
// "Addressing Cascading Failures": "deadline propagation"), shared by every role that passes a
// deadline on (the deadline pattern's `relay`, the rpc pattern's callers): a tier that received a request
// with the caller's deadline gives its own downstream call what is left of it, minus
// `overhead`, the time it keeps for itself to answer (its own work and the reply's trip), and
// never more than its per-call timeout. So the deadline shrinks at each hop, and a tier whose
// budget is spent does not call at all: that call's answer would come for nobody.
//
// Returns the downstream call's timeout, or nothing when no time is left (`deadline` -
// `overhead` is at or before `now`). Without a deadline it is `timeout`.
inline std::optional<Duration> hop_timeout(Duration now, std::optional<Duration> deadline, Duration timeout,
                                           Duration overhead) {
    if (!deadline)
        return timeout;
    const Duration left = *deadline - overhead - now;
    if (left <= Duration(0))
        return std::nullopt;
    return left < timeout ? left : timeout;
}

// The latest moment a tier may still act for a caller whose deadline is `deadline`: the
// deadline less the time it keeps to answer.
inline std::optional<Duration> own_deadline(std::optional<Duration> deadline, Duration overhead) {
    if (!deadline)
        return std::nullopt;
    return *deadline - overhead;
}

}  // namespace distlab::core
