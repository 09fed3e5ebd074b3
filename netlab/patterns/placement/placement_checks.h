#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the replica-placement checks to `registry`. Both read the last state snapshot of the
// scenario's `placement` node (core/patterns/placement/).
//
//   failure_domains: {level: zone}
//       No key has two replicas in one failure domain at `level` (one of the placement's
//       location labels): the placement's count of keys whose replicas share a value there is 0.
//   data_available: true
//       After stores went down, every key written still has a replica up (the placement's
//       heartbeats judge who is down). Unknown when no store went down.
void register_placement_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
