#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/result.h"
#include "netlab/checks/check.h"

// Small pieces every check implementation uses: building a result, answering honestly when the
// time budget runs out, and writing a time for a detail line.
namespace distlab::netlab {

// What is wrong with a check's arguments or with its use in a scenario, one line each.
using Problems = std::vector<std::string>;

// Ends an argument parser: hands `found` to the caller when it asked for the list, and returns
// `value`, or the first problem as the error.
template <class T>
core::Result<T> finish_parse(T value, const Problems& found, Problems* problems) {
    if (problems)
        *problems = found;
    if (!found.empty())
        return core::fail(found.front());
    return value;
}

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

// The moment of a run a check measures from (`after:` in the checks' arguments): the start,
// the last fault injected, the last heal, or a given time.
struct ReferenceTime {
    enum class Kind { Start, LastFault, LastHeal, Time };
    Kind kind = Kind::Start;
    std::int64_t at_ns = 0;              // Kind::Time

    // The moment in `events`; nullopt when the run had no such fault or heal.
    std::optional<std::int64_t> resolve(const std::vector<Event>& events) const {
        switch (kind) {
        case Kind::Start: return 0;
        case Kind::Time: return at_ns;
        case Kind::LastFault:
        case Kind::LastHeal: break;
        }
        const EventKind wanted = kind == Kind::LastFault ? EventKind::FaultInjected : EventKind::FaultHealed;
        std::optional<std::int64_t> t;
        for (const Event& e : events)
            if (e.kind == wanted)
                t = e.t_ns;
        return t;
    }

    // How a detail line names it: "the last fault".
    std::string_view name() const {
        switch (kind) {
        case Kind::Start: return "the start";
        case Kind::LastFault: return "the last fault";
        case Kind::LastHeal: return "the last heal";
        case Kind::Time: return "the given time";
        }
        return "the start";
    }

    // Why resolve() found nothing in a run.
    std::string missing() const {
        return kind == Kind::LastFault ? "no fault was injected during the run" : "no fault was healed during the run";
    }

    // A problem with using this reference in `scenario` (`check` names the check), or nullopt.
    std::optional<std::string> problem_in(std::string_view check, const Scenario& scenario) const {
        const auto heals = [](const FaultSpec& f) {
            return f.until.has_value() || f.kind == FaultKind::Heal || f.kind == FaultKind::Restart ||
                   f.kind == FaultKind::Resume;
        };
        if (kind == Kind::LastFault && scenario.faults.empty())
            return std::string(check) + ": after: last_fault, but the scenario has no faults";
        if (kind == Kind::LastHeal && std::none_of(scenario.faults.begin(), scenario.faults.end(), heals))
            return std::string(check) + ": after: last_heal, but no fault of the scenario is ever healed";
        return std::nullopt;
    }
};

}  // namespace distlab::netlab
