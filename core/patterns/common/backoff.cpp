#include "core/patterns/common/backoff.h"

#include <algorithm>
#include <cmath>

namespace distlab::core::retry {

std::optional<BackoffKind> backoff_from_string(std::string_view name) {
    if (name == "none")
        return BackoffKind::None;
    if (name == "fixed")
        return BackoffKind::Fixed;
    if (name == "exponential")
        return BackoffKind::Exponential;
    if (name == "exponential-jitter")
        return BackoffKind::ExponentialJitter;
    return std::nullopt;
}

std::string_view to_string(BackoffKind kind) {
    switch (kind) {
    case BackoffKind::None: return "none";
    case BackoffKind::Fixed: return "fixed";
    case BackoffKind::Exponential: return "exponential";
    case BackoffKind::ExponentialJitter: return "exponential-jitter";
    }
    return "none";
}

Duration Backoff::ceiling(int retry) const {
    switch (kind) {
    case BackoffKind::None:
        return Duration(0);
    case BackoffKind::Fixed:
        return base;
    case BackoffKind::Exponential:
    case BackoffKind::ExponentialJitter: {
        // AWS Architecture Blog, "Exponential Backoff And Jitter" (Brooker, 2015):
        // wait = min(cap, base * multiplier^attempt). Computed in double and clamped, so a
        // large retry number saturates at cap instead of overflowing.
        const double exponent = std::max(0, retry - 1);
        const double wait_ns = static_cast<double>(base.count()) * std::pow(multiplier, exponent);
        const double cap_ns = static_cast<double>(cap.count());
        return Duration(static_cast<std::int64_t>(std::min(wait_ns, cap_ns)));
    }
    }
    return Duration(0);
}

Duration Backoff::delay(int retry, std::mt19937_64& rng) const {
    const Duration top = ceiling(retry);
    if (kind != BackoffKind::ExponentialJitter || top <= Duration(0))
        return top;
    // Same post, "Full Jitter": sleep = random_between(0, min(cap, base * 2^attempt)). Spreading
    // retries over the whole window de-synchronises clients that failed together, so they do
    // not come back as one wave.
    return Duration(std::uniform_int_distribution<std::int64_t>(0, top.count())(rng));
}

}  // namespace distlab::core::retry
