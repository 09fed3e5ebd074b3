#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds Raft's safety checks, judged from the State events of the nodes whose role is `raft`
// (their snapshot: role, term, commit, a window of the log, its snapshot point, applied_hash):
//
//   single_leader_per_term: true
//       At most one node ever reports being leader in any one term (Raft §5.2, Election Safety).
//   log_matching: true
//       Two log windows holding an entry with the same index and term hold the same command
//       there, and the same entries before it (§5.3, Log Matching). Checked across every
//       snapshot of every node: an (index, term) names one entry for the whole run.
//   leader_completeness: true
//       An entry a node reports committed (index <= its commit, its log showing the entry) while
//       in term T is in the log of every leader of a term after T, as far as the leader's window
//       shows: below its first index or snapshot it is taken as present (§5.4, Leader
//       Completeness). Two different entries committed at one index fail it too.
//   state_machine_safety: true
//       Nodes reporting applied_hash at the same index report the same hash: they applied the
//       same commands (§5.4.3, State Machine Safety).
//   leader_elected: {within: 2s, after?: start | last_fault | last_heal | <duration>}
//       Some raft node reports being leader in (T, T + within], T being the run's start (the
//       default), the last FaultInjected, the last FaultHealed or the given time (role time, as
//       faults are written). Only a new leadership counts: a (node, term) already reported as
//       leader at T or before (the old leader a `kill: leader` missed, the stale side of a
//       partition) is refused, and the detail names the leader counted and the one refused.
//       Unknown when the run ended before T + within without one, or has no such fault event.
//
// Each refuses a scenario without a raft node. Also adds max_term (term_checks.h).
void register_raft_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
