#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the circuit breaker checks to `registry`. Each applies to the scenario's
// `breaker-client` nodes (a scenario without one is refused) and reads their state timeline
// from the transition lines they log ("closed -> open: ...", see
// core/patterns/circuit_breaker/breaker.h). A node's log lines and the messages it sends reach
// the event stream in the order the node made them, in both hosts, so the timeline is exact.
// A restarted node starts closed. Durations are role time, as written in the file (scaled by
// the scenario's time_scale).
//
//   breaker_isolates: true
//       No request reaches the fabric from a breaker-client to any node while its breaker is
//       open, and at most half_open_calls while it is half-open, each time it is. Fails on a
//       transition line that does not follow from the previous state.
//   breaker_opens: {within: 2s, after?: first_fault | <duration>}
//       T is the first FaultInjected event (the default) or the given time. Every enabled
//       breaker-client moves to open within (T, T + within]; a disabled one never does.
//   breaker_recovers: {within: 3s, after?: last_heal | <duration>}
//       T is the last FaultHealed event (the default) or the given time. Every breaker-client
//       is closed at T, or moves to closed within (T, T + within].
void register_breaker_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
