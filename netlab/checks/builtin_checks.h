#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the generic checks every pattern can use to `registry`. Durations are role time, as
// faults are written (the resolve applies the scenario's time_scale, see CheckInfo::params).
//
//   no_violations: true
//       Pass when the run has no Violation event.
//   availability: {min: 0.95, after?: 2s, until?: 10s, where?: {client: c1 | [c1, c2]}}
//       Of the client ops invoked in [after, until) that completed, the share that completed ok
//       must be at least `min`. No completed op there: Fail if ops were invoked, else Unknown.
//   latency: {p50?: 10ms, p90?: 20ms, p99?: 50ms, max?: 100ms, where?: {client: ...}}
//       Of the ops that completed ok, the invoke -> complete time in lab time; each given
//       nearest-rank percentile (and the maximum) must be at most its bound. No ok op: Unknown.
//   `where: {client: ...}` limits availability and latency to the ops of those client nodes.
//   recovers: {within: 2s, after?: last_fault | last_heal | <duration>}
//       T is the time of the last FaultInjected event (last_fault, the default), of the last
//       FaultHealed event (last_heal), or the given time. Pass when some op completes ok in
//       (T, T + within]. Unknown when the run has no such fault event, or when it ended before
//       T + within without an ok completion after T.
//   amplification: {max?: 3.0, min?: 1.0, counter?: "requests"}
//       The counter summed over the non-client nodes (each node's latest Metric "counters"
//       value; a drop in a node's counter means it restarted, and the value before the drop is
//       kept), divided by the number of client ops invoked. Fails above `max` or below `min`
//       (`min` asserts that a retry storm does happen). No op invoked, or no server reporting
//       the counter: Unknown.
//   all_ops_complete: true
//       Every invoked op has exactly one completion: none pending at the end, none completed
//       twice, no completion without an invocation.
//   expect_fail: {<check>: <args>}
//       Passes when the inner check fails, fails when it passes (teaching scenarios whose point
//       is the failure); Unknown stays Unknown.
//   phase_reached, no_send_in_phase, phase_time: see netlab/checks/phase_checks.h.
//
// Every check but no_violations and the phase checks needs a client role
// (RoleDescriptor::client) among the scenario's nodes; amplification also needs a node of
// another role.
void register_generic_checks(CheckRegistry& registry);

// Defined by the pattern list's generated registration (netlab/patterns/): adds the checks
// every pattern with a folder there registers (register_<pattern>_checks).
void register_pattern_checks(CheckRegistry& registry);

// The generic checks, linearizable and every pattern's checks: what CheckRegistry::builtin()
// holds. Defined beside CheckRegistry::builtin(), in the library that links the patterns' checks.
void register_builtin_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
