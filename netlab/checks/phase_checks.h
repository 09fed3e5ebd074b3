#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netlab/checks/check.h"
#include "netlab/checks/check_support.h"

namespace distlab::netlab {

// Generic checks on the phases roles announce (core::Context::phase, EventKind::Phase), for
// every role whose descriptor declares phases. They read the run's RoleCatalog (RunView::roles)
// to know which node runs which role. `role` limits a check to the nodes of that role; without
// it, the check looks at every node whose role declares the phase. Validation refuses a phase
// that no role of the scenario (or the given role) declares. Durations are role time, as faults
// are written (the resolve applies time_scale).
//
// A node is in no phase before it first announces one and from the moment it exits; a restarted
// node announces its phase again.
//
//   phase_reached: {phase: open, role?: breaker-client, within: 2s,
//                   after?: start | first_fault | last_fault | last_heal | <duration>}
//       T is the reference (the start by default). Every node looked at is in the phase at T
//       (a node already in it counts as having reached it at T) or enters it within
//       (T, T + within]. Unknown when the run has no such fault event, or ended before
//       T + within with a node not there yet.
//   no_send_in_phase: {phase: open, type: request, role?: ...}
//       No node looked at sends a message of that type while in the phase (the phase events
//       are in order with the node's messages, so "while" is exact).
//   phase_time: {phase: half-open, role?: ..., max?: 2s, min?: 100ms}
//       Each spell a node spends in the phase lasts at most `max` (a spell still running at the
//       end, or cut by the node exiting, is measured to then) and at least `min` (only spells
//       that ended by entering another phase are held to `min`). Unknown when no node was ever
//       in the phase.
void register_phase_checks(CheckRegistry& registry);

// phase_reached with these arguments (`within_ns` and `after` in lab time), for a pattern's
// check that says the same thing under its own name; being in any of `phases` (not empty)
// counts, and the nodes looked at are those of `role` (or whose role declares phases.front()).
std::unique_ptr<Check> make_phase_reached(std::vector<std::string> phases, std::string role, std::int64_t within_ns,
                                          ReferenceTime after);

// The phases of each node over a run, from its events in stream order.
class PhaseTimeline {
public:
    struct Change {
        std::int64_t t_ns = 0;
        std::string phase;           // "": in no phase (before the first announcement, or exited)
    };

    explicit PhaseTimeline(const std::vector<Event>& events);

    // The phase `node` is in at `t_ns`, counting changes at t_ns; "" for none.
    std::string_view phase_at(std::string_view node, std::int64_t t_ns) const;
    // The first time after `t_ns` (strictly) that `node` enters `phase`.
    std::optional<std::int64_t> entered_after(std::string_view node, std::string_view phase,
                                              std::int64_t t_ns) const;
    const std::vector<Change>& changes(std::string_view node) const;

private:
    std::map<std::string, std::vector<Change>, std::less<>> changes_;
};

// The nodes of the run a phase check looks at: those of `role`, or, when it is empty, those
// whose role declares `phase`; in node id order.
std::vector<std::string> nodes_with_phase(const RoleCatalog& catalog, std::string_view phase, std::string_view role);

// What is wrong with `phase` (and `role`, when not empty) in a scenario whose roles `catalog`
// describes: a role no node runs, a phase no role (or not that role) declares.
Problems phase_problems(const CheckScope& scope, std::string_view phase, std::string_view role);

}  // namespace distlab::netlab
