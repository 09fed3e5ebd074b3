#include "netlab/lab/poll_window.h"

#include <gtest/gtest.h>

namespace distlab::netlab {
namespace {

TEST(PollWindow, StartsClosedAndOpensAfterAShortIdleSpell) {
    PollWindow window;
    EXPECT_EQ(window.ns(), 0);
    window.update(5'000, /*contended=*/false);
    EXPECT_EQ(window.ns(), PollWindow::kStartNs);
    window.update(45'000, false);
    EXPECT_EQ(window.ns(), 45'000);
}

TEST(PollWindow, KeepsItsSizeWhilePollingCatchesTheWork) {
    PollWindow window;
    window.update(30'000, false);
    const std::int64_t open = window.ns();
    for (int i = 0; i < 100; ++i)
        window.update(open / 2, false);
    EXPECT_EQ(window.ns(), open);
}

TEST(PollWindow, NeverGrowsBeyondItsMaximum) {
    PollWindow window;
    for (int i = 0; i < 20; ++i)
        window.update(PollWindow::kMaxNs - 1, false);
    EXPECT_EQ(window.ns(), PollWindow::kMaxNs - 1);
    window.update(PollWindow::kMaxNs - 1, false);
    EXPECT_LE(window.ns(), PollWindow::kMaxNs);
}

TEST(PollWindow, LongIdleSpellsCloseIt) {
    PollWindow window;
    window.update(PollWindow::kMaxNs - 1, false);
    ASSERT_GT(window.ns(), 0);
    int spells = 0;
    while (window.ns() > 0 && spells < 10) {
        window.update(10'000'000, false);
        ++spells;
    }
    EXPECT_EQ(window.ns(), 0);
    EXPECT_LE(spells, 3);   // halves each time, closes below kStartNs
}

TEST(PollWindow, ContentionClosesItAndHoldsItClosed) {
    PollWindow window;
    window.update(50'000, false);
    ASSERT_GT(window.ns(), 0);
    window.update(10'000, /*contended=*/true);
    EXPECT_EQ(window.ns(), 0);
    for (int i = 0; i < PollWindow::kHoldOffSpells; ++i) {
        window.update(10'000, false);
        EXPECT_EQ(window.ns(), 0) << "after " << i + 1 << " short spells";
    }
    window.update(10'000, false);
    EXPECT_EQ(window.ns(), PollWindow::kStartNs);
}

}  // namespace
}  // namespace distlab::netlab
