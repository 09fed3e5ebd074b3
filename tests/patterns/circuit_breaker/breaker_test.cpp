#include <gtest/gtest.h>

#include "core/patterns/circuit_breaker/breaker.h"

namespace distlab::core::circuit_breaker {
namespace {

using namespace std::chrono_literals;

BreakerSettings count_settings() {
    BreakerSettings s;
    s.window = WindowKind::Count;
    s.window_size = 10;
    s.minimum_calls = 4;
    s.failure_rate_threshold = 50.0;
    s.slow_call_rate_threshold = 100.0;
    s.slow_call_duration = 1s;
    s.wait_in_open = 2s;
    s.half_open_calls = 2;
    return s;
}

// Permits one call at `now` and reports its outcome; returns the transition it caused.
std::optional<Transition> call(CircuitBreaker& b, Duration now, bool failed, Duration elapsed = 10ms) {
    const Admission a = b.try_acquire(now);
    EXPECT_TRUE(a.permitted);
    return b.on_result(now + elapsed, a.epoch, failed, elapsed);
}

TEST(CircuitBreaker, StaysClosedBelowTheMinimumVolumeWhateverTheRate) {
    CircuitBreaker b(count_settings());
    for (int i = 0; i < 3; ++i)
        EXPECT_FALSE(call(b, Duration(i * 1ms), true));
    EXPECT_EQ(b.state(), BreakerState::Closed);
    EXPECT_EQ(b.window(0ms).failures, 3);
    auto t = call(b, 10ms, true);                 // the fourth call reaches the minimum
    ASSERT_TRUE(t);
    EXPECT_EQ(t->text(), "closed -> open: 4 of 4 calls failed (100% >= 50%)");
    EXPECT_EQ(b.state(), BreakerState::Open);
}

TEST(CircuitBreaker, OpensExactlyAtTheThresholdNotBelowIt) {
    CircuitBreaker below(count_settings());
    // 2 of 5 failed: 40% < 50%.
    for (bool failed : {false, false, true, false, true})
        EXPECT_FALSE(call(below, 0ms, failed));
    EXPECT_EQ(below.state(), BreakerState::Closed);

    CircuitBreaker at(count_settings());
    // 2 of 4 failed: exactly 50%, which trips (>=, as in Hystrix and resilience4j).
    EXPECT_FALSE(call(at, 0ms, false));
    EXPECT_FALSE(call(at, 0ms, true));
    EXPECT_FALSE(call(at, 0ms, false));
    auto t = call(at, 0ms, true);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->text(), "closed -> open: 2 of 4 calls failed (50% >= 50%)");
}

TEST(CircuitBreaker, CountWindowForgetsTheOldestOutcome) {
    BreakerSettings s = count_settings();
    s.window_size = 4;
    CircuitBreaker b(s);
    EXPECT_FALSE(call(b, 0ms, true));            // will leave the window
    for (int i = 0; i < 3; ++i)
        EXPECT_FALSE(call(b, 0ms, false));       // 1 of 4 failed
    EXPECT_FALSE(call(b, 0ms, true));            // the first failure left: still 1 of 4
    EXPECT_EQ(b.window(0ms).calls, 4);
    EXPECT_EQ(b.window(0ms).failures, 1);
    EXPECT_EQ(b.state(), BreakerState::Closed);
}

TEST(CircuitBreaker, OpensOnTheSlowCallRate) {
    BreakerSettings s = count_settings();
    s.slow_call_rate_threshold = 75.0;
    CircuitBreaker b(s);
    EXPECT_FALSE(call(b, 0ms, false, 1s));       // exactly the threshold duration is not slow
    EXPECT_FALSE(call(b, 0ms, false, 1001ms));
    EXPECT_FALSE(call(b, 0ms, false, 2s));
    EXPECT_EQ(b.window(5s).slow, 2);
    auto t = call(b, 0ms, false, 3s);            // 3 of 4 slow: 75%
    ASSERT_TRUE(t);
    EXPECT_EQ(t->text(), "closed -> open: 3 of 4 calls slower than 1s (75% >= 75%)");
}

TEST(CircuitBreaker, OpenRefusesUntilTheWaitThenLetsTheTrialsThrough) {
    CircuitBreaker b(count_settings());
    for (int i = 0; i < 4; ++i)
        call(b, 1s, true);
    ASSERT_EQ(b.state(), BreakerState::Open);
    EXPECT_EQ(b.open_until(), 1s + 10ms + 2s);
    const Admission refused = b.try_acquire(3s);
    EXPECT_FALSE(refused.permitted);
    EXPECT_FALSE(refused.transition);
    EXPECT_FALSE(b.poll(3s));

    const Admission first = b.try_acquire(3010ms);   // the wait has passed: half-open
    ASSERT_TRUE(first.transition);
    EXPECT_EQ(first.transition->text(), "open -> half-open: waited 2s; letting 2 trial calls through");
    EXPECT_TRUE(first.permitted);
    EXPECT_EQ(b.half_open_permits_left(), 1);
    const Admission second = b.try_acquire(3010ms);
    EXPECT_TRUE(second.permitted);
    EXPECT_FALSE(b.try_acquire(3010ms).permitted);   // no permit left
    EXPECT_EQ(b.state(), BreakerState::HalfOpen);
}

TEST(CircuitBreaker, PollMovesOpenToHalfOpenWithoutACall) {
    CircuitBreaker b(count_settings());
    for (int i = 0; i < 4; ++i)
        call(b, 0ms, true);
    const Duration until = b.open_until();
    EXPECT_FALSE(b.poll(until - 1ns));
    auto t = b.poll(until);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, BreakerState::HalfOpen);
    EXPECT_FALSE(b.poll(until));                 // once only
}

CircuitBreaker half_open_breaker() {
    CircuitBreaker b(count_settings());
    for (int i = 0; i < 4; ++i)
        call(b, 0ms, true);
    b.poll(b.open_until());
    return b;
}

TEST(CircuitBreaker, HalfOpenClosesWhenTheTrialsSucceed) {
    CircuitBreaker b = half_open_breaker();
    const Admission a1 = b.try_acquire(3s);
    const Admission a2 = b.try_acquire(3s);
    EXPECT_FALSE(b.on_result(3s, a1.epoch, false, 5ms));   // waits for every trial
    auto t = b.on_result(3s, a2.epoch, false, 5ms);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->text(), "half-open -> closed: 0 of 2 trial calls failed (0% < 50%)");
    EXPECT_EQ(b.state(), BreakerState::Closed);
    EXPECT_EQ(b.window(3s).calls, 0);            // closed starts from a clean window
    EXPECT_TRUE(b.try_acquire(3s).permitted);
}

TEST(CircuitBreaker, HalfOpenReopensWhenTheTrialsFail) {
    CircuitBreaker b = half_open_breaker();
    const Admission a1 = b.try_acquire(3s);
    const Admission a2 = b.try_acquire(3s);
    EXPECT_FALSE(b.on_result(3s, a1.epoch, false, 5ms));
    auto t = b.on_result(4s, a2.epoch, true, 5ms);   // 1 of 2: 50%
    ASSERT_TRUE(t);
    EXPECT_EQ(t->text(), "half-open -> open: 1 of 2 trial calls failed (50% >= 50%)");
    EXPECT_EQ(b.open_until(), 6s);
    EXPECT_FALSE(b.try_acquire(5s).permitted);
}

TEST(CircuitBreaker, OutcomesOfCallsFromAnEarlierStateDoNotCount) {
    CircuitBreaker b(count_settings());
    const Admission old = b.try_acquire(0ms);    // sent while closed, answered much later
    for (int i = 0; i < 4; ++i)
        call(b, 0ms, true);
    b.poll(b.open_until());
    ASSERT_EQ(b.state(), BreakerState::HalfOpen);
    EXPECT_FALSE(b.on_result(3s, old.epoch, false, 3s));
    EXPECT_EQ(b.trials().calls, 0);
    EXPECT_EQ(b.half_open_permits_left(), 2);
}

TEST(CircuitBreaker, TimeWindowRollsOneBucketAtATime) {
    BreakerSettings s = count_settings();
    s.window = WindowKind::Time;
    s.window_duration = 10s;
    s.window_buckets = 10;                       // 1 s buckets
    s.minimum_calls = 100;                       // never trips here
    CircuitBreaker b(s);
    call(b, 500ms, true, 0ms);                   // bucket 0
    call(b, 9500ms, false, 0ms);                 // bucket 9
    EXPECT_EQ(b.window(9999ms).calls, 2);
    EXPECT_EQ(b.window(10s).calls, 1);           // bucket 0 rolled out as bucket 10 began
    EXPECT_EQ(b.window(10s).failures, 0);
    EXPECT_EQ(b.window(18999ms).calls, 1);
    EXPECT_EQ(b.window(19s).calls, 0);           // bucket 9 rolled out too
    call(b, 20500ms, true, 0ms);                 // reuses the ring slot of bucket 0 and 10
    EXPECT_EQ(b.window(20500ms).calls, 1);
    EXPECT_EQ(b.window(20500ms).failures, 1);
}

TEST(CircuitBreaker, TimeWindowTripsOnlyOnOutcomesStillInside) {
    BreakerSettings s = count_settings();
    s.window = WindowKind::Time;
    s.window_duration = 4s;
    s.window_buckets = 4;
    s.minimum_calls = 3;
    CircuitBreaker b(s);
    call(b, 0ms, true, 0ms);
    call(b, 100ms, true, 0ms);
    // Four seconds later both failures have rolled out: 1 of 1 is below the minimum volume.
    EXPECT_FALSE(call(b, 4s, true, 0ms));
    EXPECT_FALSE(call(b, 4100ms, false, 0ms));
    auto t = call(b, 4200ms, true, 0ms);         // 2 of 3 in the window
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, BreakerState::Open);
}

TEST(CircuitBreaker, PresetsCarryTheLibrariesDefaults) {
    auto hystrix = preset_settings("hystrix");
    ASSERT_TRUE(hystrix);
    EXPECT_EQ(hystrix->window, WindowKind::Time);
    EXPECT_EQ(hystrix->window_duration, 10s);
    EXPECT_EQ(hystrix->window_buckets, 10);
    EXPECT_EQ(hystrix->minimum_calls, 20);
    EXPECT_EQ(hystrix->failure_rate_threshold, 50.0);
    EXPECT_EQ(hystrix->wait_in_open, 5s);
    EXPECT_EQ(hystrix->half_open_calls, 1);
    auto r4j = preset_settings("resilience4j");
    ASSERT_TRUE(r4j);
    EXPECT_EQ(r4j->window, WindowKind::Count);
    EXPECT_EQ(r4j->window_size, 100);
    EXPECT_EQ(r4j->minimum_calls, 100);
    EXPECT_EQ(r4j->slow_call_duration, 60s);
    EXPECT_EQ(r4j->wait_in_open, 60s);
    EXPECT_EQ(r4j->half_open_calls, 10);
    EXPECT_TRUE(preset_settings("none"));
    EXPECT_FALSE(preset_settings("netflix"));
}

TEST(CircuitBreaker, StateNamesRoundTrip) {
    for (BreakerState s : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen})
        EXPECT_EQ(breaker_state_from_string(to_string(s)), s);
    EXPECT_FALSE(breaker_state_from_string("half_open"));
}

}  // namespace
}  // namespace distlab::core::circuit_breaker
