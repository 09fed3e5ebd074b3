// Pacer: a simulation held to the wall clock, on an injected clock (no real time passes).

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "netlab/runner/pacer.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;
using Clock = Pacer::Clock;

// A wall clock that only moves when told to: sleeping jumps to the wake-up time.
struct FakeWall {
    Clock::time_point now = Clock::time_point(1h);
    std::vector<Clock::time_point> sleeps;

    bool woken = false;

    Pacer::WallClock clock() {
        return {[this] { return now; },
                [this](Clock::time_point until) {
                    sleeps.push_back(until);
                    now = std::max(now, until);
                },
                [this] { woken = true; }};
    }
};

TEST(Pacer, VirtualTimePassesAtTheWallClocksRateTimesTheSlowdown) {
    FakeWall wall;
    const Clock::time_point start = wall.now;
    Pacer pacer(/*time_scale=*/1.0, /*slowdown=*/1.0, wall.clock());
    pacer.pace(100ms);
    pacer.pace(200ms);
    ASSERT_EQ(wall.sleeps.size(), 2u);
    EXPECT_EQ(wall.sleeps[0], start + 100ms);
    EXPECT_EQ(wall.sleeps[1], start + 200ms);

    FakeWall slow;
    const Clock::time_point slowStart = slow.now;
    Pacer tenTimes(1.0, 10.0, slow.clock());
    for (int tick = 1; tick <= 30; ++tick)
        tenTimes.pace(tick * 100ms);
    // Three seconds of run time took thirty of wall time, exactly: the clock only moved by sleeping.
    EXPECT_EQ(slow.now - slowStart, 30s);
}

TEST(Pacer, ASlowdownBelowOneRunsFasterThanWritten) {
    // The window's speed 2x: slowdown 0.5, two seconds of run time in one of wall time.
    FakeWall wall;
    const Clock::time_point start = wall.now;
    Pacer pacer(1.0, 0.5, wall.clock());
    EXPECT_EQ(pacer.slowdown(), 0.5);
    for (int tick = 1; tick <= 20; ++tick)
        pacer.pace(tick * 100ms);
    EXPECT_EQ(wall.now - start, 1s);
}

TEST(Pacer, AScaledScenarioIsPacedAtItsTimeScale) {
    // time_scale 2: the run's times are twice the scenario's, and the real lab runs them at that
    // rate, so a paced simulation takes 100 ms of wall time per 200 ms of run time.
    FakeWall wall;
    const Clock::time_point start = wall.now;
    Pacer pacer(2.0, 1.0, wall.clock());
    pacer.pace(200ms);
    ASSERT_EQ(wall.sleeps.size(), 1u);
    EXPECT_EQ(wall.sleeps[0], start + 100ms);
}

TEST(Pacer, ASlowdownChangedMidRunAppliesFromTheLastTick) {
    FakeWall wall;
    Pacer pacer(1.0, 1.0, wall.clock());
    pacer.pace(100ms);
    const Clock::time_point changed = wall.now;
    pacer.set_slowdown(100);
    EXPECT_EQ(pacer.slowdown(), 100.0);
    pacer.pace(200ms);
    EXPECT_EQ(wall.now - changed, 10s);   // the second 100 ms at 100x; the first stays at 1x
}

TEST(Pacer, TimeSpentPausedOrBehindIsNotCaughtUp) {
    FakeWall wall;
    Pacer pacer(1.0, 1.0, wall.clock());
    pacer.pace(100ms);
    wall.now += 5s;                       // paused for five seconds (or a slow step)
    const std::size_t slept = wall.sleeps.size();
    pacer.pace(200ms);                    // already late: no sleep...
    EXPECT_EQ(wall.sleeps.size(), slept);
    const Clock::time_point resumed = wall.now;
    pacer.pace(300ms);                    // ...and the next tick is paced from there, not rushed
    ASSERT_EQ(wall.sleeps.size(), slept + 1);
    EXPECT_EQ(wall.sleeps.back(), resumed + 100ms);
}

TEST(Pacer, TheSlowdownIsClamped) {
    FakeWall wall;
    Pacer pacer(1.0, 0.01, wall.clock());
    EXPECT_EQ(pacer.slowdown(), Pacer::kMinSlowdown);
    pacer.set_slowdown(1e9);
    EXPECT_EQ(pacer.slowdown(), Pacer::kMaxSlowdown);
    pacer.set_slowdown(-3);
    EXPECT_EQ(pacer.slowdown(), Pacer::kMinSlowdown);
}

TEST(Pacer, AStoppedPacerWakesAndNoLongerWaits) {
    FakeWall wall;
    Pacer pacer(1.0, 1000.0, wall.clock());
    pacer.pace(100ms);
    ASSERT_EQ(wall.sleeps.size(), 1u);
    pacer.stop();
    EXPECT_TRUE(wall.woken);   // a wait in progress (on another thread) ends
    pacer.pace(200ms);
    pacer.pace(2s);
    EXPECT_EQ(wall.sleeps.size(), 1u);
}

TEST(Pacer, StopEndsAWaitOnTheSteadyClockAtOnce) {
    // One 100 ms tick at 1000x slow motion is 100 s of wall time: a stop must not wait for it.
    Pacer pacer(1.0, 1000.0);
    std::thread stopper([&pacer] { pacer.stop(); });
    pacer.pace(100ms);   // returns when stopped (the test's timeout catches a wait of 100 s)
    stopper.join();
}

}  // namespace
}  // namespace distlab::netlab
