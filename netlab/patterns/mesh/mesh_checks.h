#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the service mesh's checks (roles in core/patterns/mesh/), read from the run's messages:
// mesh-control's policy pushes, the sidecars' ACKs (when each applied a version) and the first
// attempts of the calls they routed (mesh_history.h):
//
//   mesh_split: {tolerance: 5, min_calls: 100}
//       For every policy version under which the sidecars routed at least min_calls calls, each
//       version's share of them is within `tolerance` percentage points of its weight; and no
//       call went to an endpoint outside its sidecar's ACKed policy. Reports the largest gap.
//
//   mesh_rollback: {within: 3s, max_error_rate: 5, window: 1s, min_calls: 10}
//       Once the canary's answered error rate over `window` (at least min_calls answers) crossed
//       max_error_rate percent, every sidecar runs a rollback (the canary back to weight 0)
//       within `within`. Fails when no rollback followed; Unknown when the rate never crossed.
//
//   mesh_last_policy: {max_gap: 1s}   (true: the default)
//       Every call a sidecar routed went to a version its last ACKed policy weights, and while a
//       partition was on every sidecar kept routing calls (with the policy it had), never going
//       longer than max_gap without one.
void register_mesh_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
