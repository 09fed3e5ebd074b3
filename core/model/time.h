#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/model/result.h"

namespace distlab::core {

// All lab times are nanoseconds. A point in time is the duration since the run started.
using Duration = std::chrono::nanoseconds;

using namespace std::chrono_literals;

// Parses "150ms", "2s", "1m", "250us", "1.5s". A bare integer means milliseconds.
Result<Duration> parse_duration(std::string_view text);

// Formats a duration compactly for people and for scenario files: "150ms", "2s", "1.5s".
std::string format_duration(Duration d);

inline double to_ms(Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace distlab::core
