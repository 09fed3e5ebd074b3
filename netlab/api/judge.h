#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "netlab/api/event.h"

// The engine facade, judging: a scenario's checks over a run's events, as plain data
// (docs/gui.md, "The engine facade").
namespace distlab::netlab {

struct CheckResult;   // netlab/checks/check.h
struct Scenario;      // netlab/scenario/scenario.h

// One event a verdict points at: a node's message or client operation, by its id.
struct EventMention {
    std::string node;
    std::uint64_t id = 0;
};

// One check's verdict.
struct JudgedCheck {
    std::string name;
    std::string verdict;                 // "pass", "fail" or "unknown"
    std::string detail;                  // one line, in English
    std::string detail_zh;               // the same in Chinese; empty where not translated
    bool passed = false;
    std::optional<std::pair<std::int64_t, std::int64_t>> window_ns;   // where to look, if known
    // What the anomaly involves, most telling first; empty when the check names nothing.
    std::vector<std::string> nodes;
    std::vector<EventMention> messages;
    std::vector<EventMention> ops;
};

struct Judgement {
    bool passed = false;                 // every check passed, and there was one at least
    // The run as a whole: "passed", "failed", "no_checks" (nothing judged: not a pass) or
    // "stopped" (a user ended it early: neither passed nor failed).
    std::string verdict = "failed";
    std::optional<std::int64_t> stopped_at_ns;   // when stopped
    std::vector<JudgedCheck> checks;     // in the scenario's order
};

// Runs the scenario's checks (the built-in check registry) over a finished run's events, in
// time order. Takes as long as the checks do (a linearizability check on a long run: seconds):
// call it off the GUI thread.
Judgement judge(const Scenario& scenario, const std::vector<Event>& events);

// The judgement of results the engine's own types hold (netlab::judge_run's checks), of a run
// stopped at `stopped_at_ns` if given.
Judgement judgement_of(const std::vector<CheckResult>& results,
                       std::optional<std::int64_t> stopped_at_ns = std::nullopt);

}  // namespace distlab::netlab
