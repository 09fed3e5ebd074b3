#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/lab/run_host.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

// Runs the scenario's schedule: every fault at its time (undone at `until`), and the classroom
// narrative (steps at a time, or `when` a node's state matches). Takes the same faults from code
// (the GUI's faults by hand). Selectors (leader, random, all, grudges) resolve when a fault fires.
// Host-agnostic: works on the real Lab and on the simulator through RunHost.
//
// Threading: not thread-safe; the host's thread only.
class Nemesis {
public:
    Nemesis(RunHost& host, const Scenario& scenario, const core::RoleRegistry& roles);

    // Schedules the scenario's faults and time steps; watches state events for `when` steps.
    void arm();

    // Applies `fault` now (its `at` is ignored; `until`, if set, is relative to now). Returns
    // an id for heal(). Emits FaultInjected with the resolved targets.
    std::uint64_t inject(const FaultSpec& fault);
    // Undoes one injected fault (partition, link fault, pause, clock skew); emits FaultHealed.
    void heal(std::uint64_t id);
    // Heals every partition and link fault, resumes paused nodes.
    void heal_all();

    std::uint64_t fired() const { return fired_; }

    // Called when a narrative step fires (after its Step event); the GUI pauses on step.pause.
    std::function<void(const StepSpec&)> on_step;
};

}  // namespace distlab::netlab
