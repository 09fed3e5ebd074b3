#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds multi-leader replication's checks (roles in core/patterns/multi_leader/):
//
//   mm_converged: {within: 2s, after: last_heal}
//       Every live mm-node holds the same carts (versions, or OR-Set state) at the end, reached
//       within `within` of the later of `after` and the last edit a client began.
//   cart_updates_lost: {settle: 500ms}
//       Every final cart read (a cart-client's read at final_read_at) keeps every acknowledged
//       edit: an item added after every remove of it had completed is in the cart (else the
//       add was lost, as LWW drops a concurrent version), and an item removed more than `settle`
//       after every add of it had completed (so the add had reached every region) is not (else
//       the remove was undone, as a union of siblings resurrects it). Counts and lists both.
void register_multi_leader_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
