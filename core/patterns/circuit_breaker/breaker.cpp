#include "core/patterns/circuit_breaker/breaker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace distlab::core::circuit_breaker {

namespace {

std::string percent(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g%%", std::round(value * 10.0) / 10.0);
    return buf;
}

double rate(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::string_view to_string(BreakerState state) {
    switch (state) {
        case BreakerState::Closed: return "closed";
        case BreakerState::Open: return "open";
        case BreakerState::HalfOpen: return "half-open";
    }
    return "closed";
}

std::optional<BreakerState> breaker_state_from_string(std::string_view text) {
    for (BreakerState s : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen})
        if (to_string(s) == text)
            return s;
    return std::nullopt;
}

std::optional<BreakerSettings> preset_settings(std::string_view preset) {
    BreakerSettings s;
    if (preset == "none")
        return s;
    if (preset == "hystrix") {
        s.window = WindowKind::Time;
        s.window_duration = 10s;                 // metrics.rollingStats.timeInMilliseconds
        s.window_buckets = 10;                   // metrics.rollingStats.numBuckets
        s.minimum_calls = 20;                    // circuitBreaker.requestVolumeThreshold
        s.failure_rate_threshold = 50.0;         // circuitBreaker.errorThresholdPercentage
        s.slow_call_rate_threshold = 100.0;      // no slow-call rule: only timeouts count
        s.slow_call_duration = 1s;               // execution.isolation.thread.timeoutInMilliseconds
        s.wait_in_open = 5s;                     // circuitBreaker.sleepWindowInMilliseconds
        s.half_open_calls = 1;                   // one trial request after the sleep window
        return s;
    }
    if (preset == "resilience4j") {
        s.window = WindowKind::Count;            // slidingWindowType
        s.window_size = 100;                     // slidingWindowSize
        s.minimum_calls = 100;                   // minimumNumberOfCalls
        s.failure_rate_threshold = 50.0;         // failureRateThreshold
        s.slow_call_rate_threshold = 100.0;      // slowCallRateThreshold
        s.slow_call_duration = 60s;              // slowCallDurationThreshold
        s.wait_in_open = 60s;                    // waitDurationInOpenState
        s.half_open_calls = 10;                  // permittedNumberOfCallsInHalfOpenState
        return s;
    }
    return std::nullopt;
}

double WindowCounts::failure_rate() const { return rate(failures, calls); }
double WindowCounts::slow_rate() const { return rate(slow, calls); }

SlidingWindow::SlidingWindow(const BreakerSettings& settings)
    : kind_(settings.window),
      size_(std::max<std::int64_t>(1, kind_ == WindowKind::Count ? settings.window_size : settings.window_buckets)),
      bucket_length_(std::max(Duration(1), settings.window_duration / std::max<std::int64_t>(1, settings.window_buckets))),
      buckets_(static_cast<std::size_t>(size_)) {}

std::int64_t SlidingWindow::epoch_of(Duration now) const {
    return std::max<std::int64_t>(0, now.count()) / bucket_length_.count();
}

void SlidingWindow::add(Duration now, bool failed, bool slow) {
    Bucket* bucket = nullptr;
    if (kind_ == WindowKind::Count) {
        bucket = &buckets_[next_];
        next_ = (next_ + 1) % buckets_.size();
        *bucket = Bucket{0, {}};                 // the oldest outcome leaves the ring
    } else {
        const std::int64_t epoch = epoch_of(now);
        bucket = &buckets_[static_cast<std::size_t>(epoch % size_)];
        if (bucket->epoch != epoch)
            *bucket = Bucket{epoch, {}};         // a bucket that rolled out of the window
    }
    ++bucket->counts.calls;
    bucket->counts.failures += failed ? 1 : 0;
    bucket->counts.slow += slow ? 1 : 0;
}

WindowCounts SlidingWindow::counts(Duration now) const {
    WindowCounts total;
    const std::int64_t current = kind_ == WindowKind::Time ? epoch_of(now) : 0;
    for (const Bucket& b : buckets_) {
        if (b.epoch < 0)
            continue;
        if (kind_ == WindowKind::Time && (b.epoch > current || b.epoch <= current - size_))
            continue;
        total.calls += b.counts.calls;
        total.failures += b.counts.failures;
        total.slow += b.counts.slow;
    }
    return total;
}

void SlidingWindow::reset() {
    std::fill(buckets_.begin(), buckets_.end(), Bucket{});
    next_ = 0;
}

std::string Transition::text() const {
    return std::string(to_string(from)) + " -> " + std::string(to_string(to)) + ": " + reason.en;
}

CircuitBreaker::CircuitBreaker(BreakerSettings settings)
    : settings_(std::move(settings)), window_(settings_) {
    settings_.half_open_calls = std::max<std::int64_t>(1, settings_.half_open_calls);
    settings_.minimum_calls = std::max<std::int64_t>(1, settings_.minimum_calls);
}

std::int64_t CircuitBreaker::half_open_permits_left() const {
    return state_ == BreakerState::HalfOpen ? settings_.half_open_calls - trials_issued_ : 0;
}

Admission CircuitBreaker::try_acquire(Duration now) {
    Admission admission;
    if (state_ == BreakerState::Open)
        admission.transition = poll(now);
    switch (state_) {
        case BreakerState::Closed:
            admission.permitted = true;
            break;
        case BreakerState::Open:
            break;
        case BreakerState::HalfOpen:
            if (trials_issued_ < settings_.half_open_calls) {
                ++trials_issued_;
                admission.permitted = true;
            }
            break;
    }
    admission.epoch = epoch_;
    return admission;
}

std::optional<Transition> CircuitBreaker::on_result(Duration now, std::uint64_t epoch, bool failed,
                                                    Duration elapsed) {
    if (epoch != epoch_)
        return std::nullopt;                     // permitted in an earlier state: no evidence now
    const bool slow = elapsed > settings_.slow_call_duration;
    if (state_ == BreakerState::Closed) {
        window_.add(now, failed, slow);
        const WindowCounts counts = window_.counts(now);
        // Minimum request volume (Hystrix requestVolumeThreshold, resilience4j
        // minimumNumberOfCalls): too few calls say nothing about the server.
        if (counts.calls < settings_.minimum_calls)
            return std::nullopt;
        if (auto reason = trip_reason(counts, Text{"calls", "调用"}))
            return move_to(now, BreakerState::Open, *reason);
        return std::nullopt;
    }
    if (state_ == BreakerState::HalfOpen) {
        ++trials_.calls;
        trials_.failures += failed ? 1 : 0;
        trials_.slow += slow ? 1 : 0;
        if (trials_.calls < settings_.half_open_calls)
            return std::nullopt;
        // resilience4j: once every permitted trial has ended, the same thresholds decide.
        if (auto reason = trip_reason(trials_, Text{"trial calls", "试探调用"}))
            return move_to(now, BreakerState::Open, *reason);
        const std::string rates = percent(trials_.failure_rate()) + " < " + percent(settings_.failure_rate_threshold);
        return move_to(now, BreakerState::Closed,
                       Text{std::to_string(trials_.failures) + " of " + std::to_string(trials_.calls) + " trial calls failed (" + rates + ")",
                            std::to_string(trials_.calls) + " 次试探调用中 " + std::to_string(trials_.failures) + " 次失败（" + rates + "）"});
    }
    return std::nullopt;
}

std::optional<Transition> CircuitBreaker::poll(Duration now) {
    if (state_ != BreakerState::Open || now < open_until_)
        return std::nullopt;
    return move_to(now, BreakerState::HalfOpen,
                   Text{"waited ", "已等待 "} + format_duration(settings_.wait_in_open) + Text{"; letting ", "；放行 "} +
                       std::to_string(settings_.half_open_calls) +
                       Text{settings_.half_open_calls == 1 ? " trial call through" : " trial calls through", " 次试探调用"});
}

std::optional<Text> CircuitBreaker::trip_reason(const WindowCounts& counts, const Text& what) const {
    const std::string calls = std::to_string(counts.calls);
    // Both libraries trip when the rate is equal to or above the threshold.
    if (counts.failure_rate() >= settings_.failure_rate_threshold) {
        const std::string n = std::to_string(counts.failures);
        const std::string rates = percent(counts.failure_rate()) + " >= " + percent(settings_.failure_rate_threshold);
        return Text{n + " of " + calls + " " + what.en + " failed (" + rates + ")",
                    calls + " 次" + what.zh + "中 " + n + " 次失败（" + rates + "）"};
    }
    if (counts.slow_rate() >= settings_.slow_call_rate_threshold) {
        const std::string n = std::to_string(counts.slow);
        const std::string slow = format_duration(settings_.slow_call_duration);
        const std::string rates = percent(counts.slow_rate()) + " >= " + percent(settings_.slow_call_rate_threshold);
        return Text{n + " of " + calls + " " + what.en + " slower than " + slow + " (" + rates + ")",
                    calls + " 次" + what.zh + "中 " + n + " 次慢于 " + slow + "（" + rates + "）"};
    }
    return std::nullopt;
}

Transition CircuitBreaker::move_to(Duration now, BreakerState to, Text reason) {
    Transition t{state_, to, std::move(reason)};
    state_ = to;
    ++epoch_;
    ++transitions_;
    trials_issued_ = 0;
    trials_ = {};
    // Each state starts from a clean window, as both libraries reset their metrics on a change.
    window_.reset();
    if (to == BreakerState::Open)
        open_until_ = now + settings_.wait_in_open;
    return t;
}

}  // namespace distlab::core::circuit_breaker
