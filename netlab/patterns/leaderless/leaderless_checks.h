#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds leaderless replication's checks (roles in core/patterns/leaderless/):
//
//   kv_stale_reads: {max: 0}
//       Gets of a kv-client that returned a value older than a write acknowledged before the
//       get began (the value read was acknowledged before that write was invoked), at most
//       `max`. Counts them, says how far behind the worst was, and names the first ones with
//       the latest acknowledged write each one missed.
//
//   replicas_converge: {within: 2s, after: last_heal}
//       From `after` the dynamo-nodes come to agree within `within` and stay so to the end:
//       every pair's Merkle digests over the keys they share are equal, no node holds a hint,
//       every node is up. The detail gives the convergence time.
void register_leaderless_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
