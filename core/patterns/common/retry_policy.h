#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/time.h"
#include "core/patterns/common/backoff.h"
#include "core/patterns/common/retry_budget.h"

namespace distlab::core::retry {

// How a caller retries a failed attempt: the per-attempt timeout, the attempt limit, the
// backoff between attempts and the optional retry budget. Shared by every role that retries
// its calls (`retry-client` at the edge, `relay` in the middle of a chain), so they read the
// same parameters and decide the same way.
struct RetryPolicy {
    Duration timeout{500ms};              // per attempt
    std::int64_t max_attempts = 3;        // first attempt included
    Backoff backoff;
    bool budget = false;
    double budget_ratio = 0.1;
    double budget_min_per_s = 1.0;
    double budget_cap = 10.0;

    // The parameters `timeout`, `max_attempts`, `backoff`, `base`, `cap`, `multiplier`,
    // `budget`, `budget_ratio`, `budget_min_per_s` and `budget_cap`.
    static const ParamList<RetryPolicy>& params();
    static RetryPolicy from(const Params& resolved) { return params().bind(resolved); }

    RetryBudget make_budget() const { return RetryBudget(budget_ratio, budget_min_per_s, budget_cap); }
};

// What to do after attempt number `attempts` failed.
enum class RetryVerdict {
    Retry,               // wait `wait`, then send the next attempt
    AttemptsExhausted,   // max_attempts reached
    Deadline,            // the wait would end at or past the deadline: give up now
    BudgetExhausted,     // the retry budget has no whole token
};

struct RetryDecision {
    RetryVerdict verdict = RetryVerdict::Retry;
    Duration wait{0};
};

std::string_view to_string(RetryVerdict verdict);

// Decides the retry after a failed attempt, in this order: the attempt limit, the backoff wait
// (drawn from `rng` only for jittered backoff), the deadline, then the budget (a token is
// spent only for a retry that happens).
RetryDecision decide_retry(const RetryPolicy& policy, RetryBudget& budget, std::int64_t attempts,
                           Duration now, std::optional<Duration> deadline, std::mt19937_64& rng);

}  // namespace distlab::core::retry
