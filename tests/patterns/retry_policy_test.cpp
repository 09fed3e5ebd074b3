#include <gtest/gtest.h>

#include "core/patterns/common/retry_policy.h"

namespace distlab::core::retry {
namespace {

RetryPolicy policy(std::int64_t attempts, BackoffKind kind, Duration base, bool budget = false) {
    RetryPolicy p;
    p.max_attempts = attempts;
    p.backoff.kind = kind;
    p.backoff.base = base;
    p.budget = budget;
    p.budget_ratio = 0.0;
    p.budget_min_per_s = 0.0;
    p.budget_cap = 1.0;
    return p;
}

TEST(RetryPolicy, RetriesUntilTheAttemptLimit) {
    const RetryPolicy p = policy(3, BackoffKind::Fixed, 10ms);
    RetryBudget budget = p.make_budget();
    std::mt19937_64 rng(1);
    EXPECT_EQ(decide_retry(p, budget, 1, 0ms, std::nullopt, rng).verdict, RetryVerdict::Retry);
    EXPECT_EQ(decide_retry(p, budget, 2, 0ms, std::nullopt, rng).wait, 10ms);
    EXPECT_EQ(decide_retry(p, budget, 3, 0ms, std::nullopt, rng).verdict, RetryVerdict::AttemptsExhausted);
}

TEST(RetryPolicy, GivesUpWhenTheWaitWouldReachTheDeadline) {
    const RetryPolicy p = policy(5, BackoffKind::Fixed, 100ms);
    RetryBudget budget = p.make_budget();
    std::mt19937_64 rng(1);
    EXPECT_EQ(decide_retry(p, budget, 1, 0ms, Duration(101ms), rng).verdict, RetryVerdict::Retry);
    EXPECT_EQ(decide_retry(p, budget, 1, 0ms, Duration(100ms), rng).verdict, RetryVerdict::Deadline);
}

TEST(RetryPolicy, SpendsABudgetTokenOnlyForARetryThatHappens) {
    const RetryPolicy p = policy(5, BackoffKind::None, 0ms, /*budget=*/true);
    RetryBudget budget = p.make_budget();   // one token, no refill
    std::mt19937_64 rng(1);
    EXPECT_EQ(decide_retry(p, budget, 5, 0ms, std::nullopt, rng).verdict, RetryVerdict::AttemptsExhausted);
    EXPECT_EQ(budget.level(), 1.0);
    EXPECT_EQ(decide_retry(p, budget, 1, 0ms, std::nullopt, rng).verdict, RetryVerdict::Retry);
    EXPECT_EQ(decide_retry(p, budget, 1, 0ms, std::nullopt, rng).verdict, RetryVerdict::BudgetExhausted);
}

}  // namespace
}  // namespace distlab::core::retry
