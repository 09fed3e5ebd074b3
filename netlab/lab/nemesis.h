#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/lab/run_host.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

// Runs the scenario's schedule: every fault at its time (undone at `until`), and the classroom
// narrative (steps at a time, or `when` a node's state matches). Takes the same faults from code
// (the GUI's faults by hand). Selectors (leader, random, all, grudges) resolve when a fault fires.
// Host-agnostic: works on the real Lab and on the simulator through RunHost.
// Every rule (targets, grudge shapes, step order) is written down in docs/nemesis.md.
//
// Times: a FaultSpec's and a StepSpec's durations are role time, as in the scenario file; the
// nemesis multiplies them by the scenario's time_scale to get host time.
//
// Threading: not thread-safe; the host's thread only.
class Nemesis {
public:
    Nemesis(RunHost& host, const Scenario& scenario, const core::RoleRegistry& roles);

    // Schedules the scenario's faults and time steps; watches state events for `when` steps.
    // Requires: called once, at host time 0 (or before the first fault is due).
    void arm();

    // Applies `fault` now (its `at` is ignored; `until`, if set, is relative to now). Returns
    // an id for heal(). Emits FaultInjected with the resolved targets, marked "by": "hand"
    // (inject is how faults by hand reach the run).
    std::uint64_t inject(const FaultSpec& fault);
    // Undoes one injected fault (partition, link fault, pause, clock skew; a kill is undone by
    // restarting its nodes); emits FaultHealed. Unknown or already healed ids are ignored.
    void heal(std::uint64_t id);
    // Heals every partition and link fault, resumes paused nodes and resets clock skews.
    // Killed nodes stay dead (restart them).
    void heal_all();

    std::uint64_t fired() const { return fired_; }

    // Called when a narrative step fires (after its Step event); the GUI pauses on step.pause.
    std::function<void(const StepSpec&)> on_step;

private:
    // A fault in force, with what it resolved to, so that it can be undone exactly.
    struct Active {
        FaultSpec spec;
        Json info;                                        // the event data (fault + targets)
        std::vector<NodeId> nodes;                        // kill, pause, clock_skew targets
        std::vector<std::pair<NodeId, NodeId>> links;     // partition: cut; link fault: changed
        bool delta = false;                               // a NetworkModel delta under this id
    };

    // `scheduled`: one of the scenario's faults (arm); otherwise injected by hand through inject()
    // (RunControl), recorded as {"by": "hand"}.
    std::uint64_t apply(const FaultSpec& fault, std::optional<Duration> undo_at, bool scheduled);
    void close(std::uint64_t id);                         // undo + FaultHealed
    void undo(std::uint64_t id, const Active& active);
    void emit_fault(EventKind kind, const FaultSpec& fault, const Json& info);
    // Stops nodes from counting as paused / killed by an earlier fault (resume, restart).
    void forget_nodes(FaultKind kind, const std::vector<NodeId>& nodes);

    std::vector<NodeId> resolve(const NodeSelector& selector, FaultKind kind);
    std::vector<NodeId> link_side(const NodeSelector& selector);
    std::vector<std::pair<NodeId, NodeId>> resolve_partition(const PartitionSpec& spec, Json& info);
    std::vector<std::pair<NodeId, NodeId>> resolve_links(const LinkTarget& target, Json& info);
    std::vector<NodeId> servers() const;                  // non-client nodes, declaration order
    std::size_t pick(std::size_t n);
    void shuffle(std::vector<NodeId>& nodes);
    Duration to_host(Duration role_time) const;

    // Narrative.
    void advance_steps();                                 // makes steps_[next_step_] eligible
    void step_due(std::size_t index);                     // its `at` time has come
    void fire_step(std::size_t index);
    void on_condition(const NodeId& node);               // its state or phase changed
    bool step_matches(const StepSpec& step, const NodeId& node) const;
    // The node that leads now: in its role's leader phase (RoleDescriptor::leader_phase), the
    // highest epoch among several.
    std::optional<NodeId> leader() const;

    RunHost& host_;
    const Scenario& scenario_;
    const core::RoleRegistry& roles_;
    std::set<NodeId, std::less<>> clients_;
    std::uint64_t fired_ = 0;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, Active> active_;
    std::set<NodeId, std::less<>> paused_;                // paused by this nemesis

    std::size_t next_step_ = 0;                           // the step the narrative waits for
    bool waiting_state_ = false;                          // steps_[next_step_]'s time has come
};

}  // namespace distlab::netlab
