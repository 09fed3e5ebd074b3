#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the circuit breaker checks to `registry`. Each applies to the scenario's
// `breaker-client` nodes (a scenario without one is refused) and reads their breaker's state
// from the phases they announce (closed, open, half-open, or disabled for a switched-off
// breaker; see core/patterns/circuit_breaker/circuit_breaker.cpp). A node's phase events and the
// messages it sends reach the event stream in the order the node made them, in both hosts, so
// the timeline is exact. A restarted node announces its phase again (it starts closed).
// Durations are role time, as written in the file (scaled by the scenario's time_scale).
//
//   breaker_isolates: true
//       No request reaches the fabric from a breaker-client to any node while its breaker is
//       open, and at most half_open_calls while it is half-open, each time it is. Fails on a
//       phase change a breaker never makes (closed -> half-open, open -> closed).
//       (The open half alone is the generic
//       no_send_in_phase: {phase: open, type: request, role: breaker-client}.)
//   breaker_opens: {within: 2s, after?: first_fault | <duration>}
//       phase_reached: {phase: open, role: breaker-client, within, after: first_fault}: every
//       breaker-client is open at T or moves to open within (T, T + within]; a disabled one
//       never does.
//   breaker_recovers: {within: 3s, after?: last_heal | <duration>}
//       Every breaker-client is closed (or disabled: nothing holds its calls back) at T, the
//       last heal by default, or moves to closed within (T, T + within].
void register_circuit_breaker_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
