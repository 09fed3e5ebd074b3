#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the saga checks to `registry`. Each applies to scenarios with `saga-participant` nodes
// and reads the sagas from the events (saga_history.h): what each participant announced it did
// (its messages' `applied` entries) and its snapshots.
//
//   compensations: true
//       In every saga that went backward, each step that ran was compensated, exactly once, in
//       the reverse order of the steps, and no step ran after its own compensation. Fails
//       naming the first saga compensated twice, out of order, or left half done.
//   units_conserved: true
//       No unit (stock, money) is created or lost: in every snapshot of every participant,
//       available + held + consumed equals its initial units, none negative. The detail gives
//       the totals across participants.
//   no_pending_left: true
//       At the end no participant holds a saga pending (its semantic lock, units held): every
//       saga finished or was compensated everywhere.
void register_saga_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
