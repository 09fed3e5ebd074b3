#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "netlab/checks/check.h"

// Small pieces every check implementation uses: building a result, answering honestly when the
// time budget runs out, and writing a time for a detail line.
namespace distlab::netlab {

inline CheckResult verdict(Verdict v, std::string detail,
                           std::optional<std::pair<std::int64_t, std::int64_t>> window = std::nullopt) {
    CheckResult r;
    r.verdict = v;
    r.detail = std::move(detail);
    r.window_ns = window;
    return r;
}

// Unknown, saying how far the check got: "... after 4096 of 10000 events".
inline CheckResult out_of_time(std::size_t done, std::size_t total, const char* what = "events") {
    return verdict(Verdict::Unknown, "ran out of its time budget after " + std::to_string(done) + " of " +
                                         std::to_string(total) + " " + what);
}

// "12.345s": a lab time in seconds, for detail lines.
inline std::string seconds_text(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3fs", static_cast<double>(ns) / 1e9);
    return buf;
}

}  // namespace distlab::netlab
