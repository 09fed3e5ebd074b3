#include <gtest/gtest.h>

#include "core/patterns/common/retry_budget.h"

namespace distlab::core::retry {
namespace {

TEST(RetryBudget, StartsFullAndRefusesWhenEmpty) {
    RetryBudget budget(0.0, 0.0, 3.0);
    EXPECT_TRUE(budget.try_spend(0ms));
    EXPECT_TRUE(budget.try_spend(0ms));
    EXPECT_TRUE(budget.try_spend(0ms));
    EXPECT_FALSE(budget.try_spend(0ms));
    EXPECT_FALSE(budget.try_spend(1h));
}

TEST(RetryBudget, TenFirstAttemptsAtTenPercentEarnOneRetry) {
    RetryBudget budget(0.1, 0.0, 1.0);
    ASSERT_TRUE(budget.try_spend(0ms));
    for (int i = 0; i < 9; ++i)
        budget.deposit_first_attempt(0ms);
    EXPECT_FALSE(budget.try_spend(0ms));
    budget.deposit_first_attempt(0ms);
    EXPECT_TRUE(budget.try_spend(0ms));
    EXPECT_FALSE(budget.try_spend(0ms));
}

TEST(RetryBudget, RefillsWithTimeUpToItsCapacity) {
    RetryBudget budget(0.0, 2.0, 4.0);
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(budget.try_spend(0ms));
    EXPECT_FALSE(budget.try_spend(400ms));            // 0.8 tokens
    EXPECT_TRUE(budget.try_spend(500ms));             // 1.0
    EXPECT_DOUBLE_EQ(budget.tokens(500ms), 0.0);
    EXPECT_DOUBLE_EQ(budget.tokens(1h), 4.0);
}

TEST(RetryBudget, DepositsNeverOverfill) {
    RetryBudget budget(1.0, 0.0, 2.0);
    for (int i = 0; i < 10; ++i)
        budget.deposit_first_attempt(0ms);
    EXPECT_DOUBLE_EQ(budget.tokens(0ms), 2.0);
}

}  // namespace
}  // namespace distlab::core::retry
