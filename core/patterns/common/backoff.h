#pragma once

#include <optional>
#include <random>
#include <string_view>

#include "core/model/time.h"

namespace distlab::core::retry {

enum class BackoffKind {
    None,                // retry at once
    Fixed,               // wait `base` before every retry
    Exponential,         // base * multiplier^(n-1), at most cap
    ExponentialJitter,   // "full jitter": uniform in [0, that]
};

std::optional<BackoffKind> backoff_from_string(std::string_view name);
std::string_view to_string(BackoffKind kind);

// How long to wait before a retry. Pure but for the RNG it is handed, so tests can check the
// sequence exactly.
struct Backoff {
    BackoffKind kind = BackoffKind::ExponentialJitter;
    Duration base{50ms};
    Duration cap{2s};
    double multiplier = 2.0;

    // The wait before retry number `retry` (1 = the first retry, after attempt 1 failed).
    // Draws from `rng` only for ExponentialJitter.
    Duration delay(int retry, std::mt19937_64& rng) const;
    // The ceiling of that wait: the exact wait without jitter.
    Duration ceiling(int retry) const;
};

}  // namespace distlab::core::retry
