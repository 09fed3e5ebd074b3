#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the TCC bank checks to `registry`. Both apply to scenarios with `tcc-participant` nodes
// and read the participants' snapshots (sum, initial_total, reservations, held, unreserved) and
// the clients' read operations (core/patterns/tcc/).
//
//   conservation: true
//       Jepsen's bank test: the money in the system never changes. Every read of all balances
//       (a client's `read` operation, answered at one cut) sums to the total the participants
//       started with, and so do the participants' balances at the end. Fails naming the first
//       read that did not, by how much, and the participants' sums at the end.
//   no_reservation_held: true
//       Every reservation a try made was confirmed or cancelled by the end (no tried fence row,
//       nothing frozen or incoming), and no participant ever released what was never reserved
//       (a negative frozen amount: a cancel without its try, or one run twice).
void register_tcc_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
