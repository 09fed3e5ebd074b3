#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/text.h"
#include "core/model/time.h"

namespace distlab::core::circuit_breaker {

enum class BreakerState {
    Closed,     // calls pass; outcomes fill the sliding window. Left for Open when the window
                // holds at least minimum_calls and its failure or slow-call rate reaches its
                // threshold.
    Open,       // every call is refused at once (short-circuited). Left for HalfOpen when
                // wait_in_open has passed since it opened.
    HalfOpen,   // half_open_calls trial calls pass, the rest are refused. Left when all trials
                // have ended: for Open if their failure or slow rate reaches a threshold, else
                // for Closed.
};

// "closed", "open", "half-open": the words of the transition log and of snapshots.
std::string_view to_string(BreakerState state);
std::optional<BreakerState> breaker_state_from_string(std::string_view text);

enum class WindowKind {
    Count,   // the last `size` call outcomes (resilience4j COUNT_BASED)
    Time,    // the outcomes of the last `duration`, in `buckets` buckets (Hystrix's rolling window)
};

// Everything a breaker is configured with, after its preset was applied.
struct BreakerSettings {
    WindowKind window = WindowKind::Count;
    std::int64_t window_size = 20;          // Count: outcomes kept
    Duration window_duration{10s};          // Time: span of the window
    std::int64_t window_buckets = 10;       // Time: the window rolls one bucket at a time
    std::int64_t minimum_calls = 10;        // no verdict on fewer outcomes in the window
    double failure_rate_threshold = 50.0;   // percent; trips at or above it
    double slow_call_rate_threshold = 100.0;   // percent; trips at or above it
    Duration slow_call_duration{1s};        // a call longer than this is slow
    Duration wait_in_open{2s};
    std::int64_t half_open_calls = 3;
};

// The presets, with the libraries' own defaults (Hystrix 1.5 HystrixCommandProperties,
// resilience4j 2 CircuitBreakerConfig):
//   none          DistLab's classroom defaults (the BreakerSettings initialisers above)
//   hystrix       rolling 10 s window in 10 buckets, 20 requests minimum, 50 % errors, 5 s
//                 sleep window, one trial request; no slow-call rule
//   resilience4j  count window of 100, minimum 100, 50 % failure rate, slow calls over 60 s
//                 at a 100 % rate, 60 s wait in open, 10 calls permitted in half-open
std::optional<BreakerSettings> preset_settings(std::string_view preset);

// Outcome counts of a window.
struct WindowCounts {
    std::int64_t calls = 0;
    std::int64_t failures = 0;
    std::int64_t slow = 0;

    double failure_rate() const;   // percent; 0 when empty
    double slow_rate() const;
};

// The sliding window of call outcomes of a closed breaker.
//
// Time windows are divided into `buckets` buckets of duration / buckets, aligned to time 0;
// the window holds the current bucket and the buckets - 1 before it, so it rolls forward one
// whole bucket at a time, as Hystrix's HystrixRollingNumber does.
//
// Not thread-safe; owned by one breaker.
class SlidingWindow {
public:
    explicit SlidingWindow(const BreakerSettings& settings);

    void add(Duration now, bool failed, bool slow);
    WindowCounts counts(Duration now) const;
    void reset();

private:
    struct Bucket {
        std::int64_t epoch = -1;   // Time: which bucket of time this is; -1: empty
        WindowCounts counts;
    };

    std::int64_t epoch_of(Duration now) const;

    WindowKind kind_;
    std::int64_t size_;
    Duration bucket_length_;
    std::vector<Bucket> buckets_;        // Count: one per outcome (a ring); Time: one per bucket
    std::size_t next_ = 0;               // Count: where the next outcome goes
};

// A state change, with the reason people read in the log.
struct Transition {
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    Text reason;                 // in both languages: the phase the role announces says it

    // "closed -> open: 12 of 20 calls failed (60% >= 50%)", the log line people read. Checks
    // and views read the phase event the role announces with the same reason, never this text.
    std::string text() const;
};

// What try_acquire() decides.
struct Admission {
    bool permitted = false;
    std::uint64_t epoch = 0;             // give it back with the call's outcome
    std::optional<Transition> transition;   // Open -> HalfOpen, when the wait had passed
};

// The circuit breaker state machine (Nygard, "Release It!"; Hystrix; resilience4j), with no
// clock or I/O of its own: the caller passes the time and the outcome of every permitted call.
//
// Each state entered starts a new epoch; an outcome counts only in the epoch its call was
// permitted in, so a slow call sent while closed cannot count as a half-open trial.
//
// Not thread-safe; owned by one role.
class CircuitBreaker {
public:
    explicit CircuitBreaker(BreakerSettings settings);

    // Whether a call may go out now. In Open past the wait it moves to HalfOpen first.
    Admission try_acquire(Duration now);
    // The outcome of a call permitted in `epoch`: failed (an error or timeout) and how long it
    // took. Returns the transition it caused, if any.
    std::optional<Transition> on_result(Duration now, std::uint64_t epoch, bool failed, Duration elapsed);
    // Open past its wait moves to HalfOpen (for a timer, so views show it without a call).
    std::optional<Transition> poll(Duration now);

    BreakerState state() const { return state_; }
    const BreakerSettings& settings() const { return settings_; }
    WindowCounts window(Duration now) const { return window_.counts(now); }
    const WindowCounts& trials() const { return trials_; }
    Duration open_until() const { return open_until_; }
    std::int64_t half_open_permits_left() const;
    std::uint64_t transitions() const { return transitions_; }

private:
    Transition move_to(Duration now, BreakerState to, Text reason);
    std::optional<Text> trip_reason(const WindowCounts& counts, const Text& what) const;

    BreakerSettings settings_;
    BreakerState state_ = BreakerState::Closed;
    std::uint64_t epoch_ = 0;
    SlidingWindow window_;
    Duration open_until_{0};
    std::int64_t trials_issued_ = 0;     // HalfOpen: permits given out
    WindowCounts trials_;                // HalfOpen: outcomes of the trials
    std::uint64_t transitions_ = 0;
};

}  // namespace distlab::core::circuit_breaker
