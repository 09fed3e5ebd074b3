#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the atomic commitment checks (two-phase and three-phase commit) to `registry`. Each
// applies to scenarios with `tx-participant` nodes and reads the transactions from the
// messages the roles sent (tx_history.h): a participant's yes vote (prepare_reply) and each
// decision it reports (outcome), and the clients' txn operations. Durations are role time, as
// written in the file (scaled by the scenario's time_scale).
//
//   atomicity: true
//       Every participant of a transaction that decided reached the same decision, none changed
//       its mind, and the client was told that decision (commit = ok, abort = fail). Fails
//       naming the split transactions and who decided what.
//   no_tx_in_doubt: true
//       Every participant that voted yes has reported a decision by the end of the run: nothing
//       is left prepared, holding its locks (once a crashed coordinator is back).
//   in_doubt_time: {max: 1s}
//       No participant holds a transaction's locks in doubt (from its yes vote to its decision,
//       its own downtime left out) longer than `max`. The detail gives the longest per
//       participant, the lock time in doubt, and the time spent blocked.
void register_atomic_commit_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
