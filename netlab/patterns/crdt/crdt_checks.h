#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the CRDTs' checks (roles in core/patterns/crdt/):
//
//   crdt_converged: {within: 1500ms, after: last_heal}
//       Every live crdt-replica holds the same objects (type, state and value) at the end, and
//       they came to agree within `within` of the later of `after` and the last update a client
//       began: the gossip bound. Reports how long they took.
//   crdt_values_allowed: true
//       Every final read (a crdt-client's read at final_read_at) is one the operations allow:
//       counters within the range of the acknowledged and unknown adds (Maelstrom's
//       g-counter / pn-counter checkers), sets holding every element acknowledged added after
//       its removes and nothing never added, registers holding the newest write. Unknown when no
//       client made a final read.
void register_crdt_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
