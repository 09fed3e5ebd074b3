#pragma once

#include "core/model/time.h"

namespace distlab::core::retry {

// A retry budget as a token bucket: every first attempt deposits `ratio` tokens, time adds
// `min_per_s` tokens a second, the bucket holds at most `capacity`, and a retry needs a whole
// token. So retries stay below about ratio x the request rate (plus a trickle), however many
// calls fail: a client cannot multiply the load on a server that is already struggling.
// This is Finagle's RetryBudget and gRPC's retry throttling (gRFC A6), and the Google SRE
// book's "per-client retry budget" (chapter 22, "Addressing Cascading Failures").
//
// The bucket starts full. Time is role time, handed in by the caller.
class RetryBudget {
public:
    RetryBudget(double ratio, double min_per_s, double capacity);

    void deposit_first_attempt(Duration now);
    // Takes one token for a retry; false (and nothing taken) when less than one is left.
    bool try_spend(Duration now);
    double tokens(Duration now);
    // Tokens as of the last call above (for snapshots, which have no clock).
    double level() const { return tokens_; }

private:
    void refill(Duration now);

    double ratio_;
    double min_per_s_;
    double capacity_;
    double tokens_;
    Duration refilled_at_{0};
};

}  // namespace distlab::core::retry
