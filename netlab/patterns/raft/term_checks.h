#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds a check on Raft terms, judged from the `term` of the State events of the nodes whose
// role is `raft`:
//
//   max_term: {max: N}
//       The highest term any raft node reports stays <= N over the whole run. A term only rises
//       through an election (Raft §5.1), so this says "the cluster was not disturbed into more
//       elections than this"; pre-vote (thesis §9.6) is what keeps a rejoining node from
//       raising it. Fails at the first report above N.
//
// Refuses a scenario without a raft node.
void register_term_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
