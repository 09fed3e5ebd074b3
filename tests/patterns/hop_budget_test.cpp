#include <gtest/gtest.h>

#include "core/patterns/common/hop_budget.h"

namespace distlab::core {
namespace {

TEST(HopBudget, WithoutADeadlineTheCallGetsItsTimeout) {
    EXPECT_EQ(hop_timeout(5s, std::nullopt, 300ms, 2ms), 300ms);
    EXPECT_EQ(own_deadline(std::nullopt, 2ms), std::nullopt);
}

TEST(HopBudget, TheCallGetsWhatIsLeftLessTheOverheadWhenThatIsShorterThanTheTimeout) {
    // Caller's deadline 1 s, now 900 ms, 2 ms kept to answer: 98 ms for the call.
    EXPECT_EQ(hop_timeout(900ms, 1s, 300ms, 2ms), 98ms);
    EXPECT_EQ(hop_timeout(100ms, 1s, 300ms, 2ms), 300ms);
    EXPECT_EQ(own_deadline(1s, 2ms), 998ms);
}

TEST(HopBudget, NoTimeLeftMeansNoCall) {
    EXPECT_EQ(hop_timeout(998ms, 1s, 300ms, 2ms), std::nullopt);      // exactly the overhead left
    EXPECT_EQ(hop_timeout(1500ms, 1s, 300ms, 0ms), std::nullopt);
    EXPECT_EQ(hop_timeout(1s, 1s, 300ms, 0ms), std::nullopt);         // at the deadline
    EXPECT_EQ(hop_timeout(997ms, 1s, 300ms, 2ms), 1ms);
}

TEST(HopBudget, TheDeadlineShrinksAtEachHopOfAChain) {
    // Edge deadline 1 s at t = 0; each hop forwards 1 ms later and keeps 5 ms back.
    std::optional<Duration> deadline = Duration(1s);
    Duration now{0};
    std::vector<Duration> seen;
    for (int hop = 0; hop < 3; ++hop) {
        now += 1ms;
        const auto timeout = hop_timeout(now, deadline, 10s, 5ms);
        ASSERT_TRUE(timeout);
        deadline = now + *timeout;
        seen.push_back(*deadline);
    }
    EXPECT_EQ(seen, (std::vector<Duration>{995ms, 990ms, 985ms}));
}

}  // namespace
}  // namespace distlab::core
