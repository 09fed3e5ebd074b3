#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The Raft section of a report, for runs with nodes of role "raft": read from their State
// snapshots ({"role", "term", ...}) and the faults and exits that lose a leader.
//   - max term, and each (node, term) that became leader, in time order;
//   - failovers: the leader was lost (its node exited or paused, it stepped down, or a partition
//     left it on a side without a majority) and the next leader of a higher term appeared (or
//     none did by the end).
// Figures "raft.*": max_term, elections, first_leader_ms, failovers, failover_ms.mean/max,
// failovers_unfinished. JSON (report "pattern" key "raft"): {max_term, elections, leaders:
// [{t_ns, node, term}], failovers: [{lost_ns, old_leader, old_term, elected_ns, new_leader,
// new_term, seconds}]}.
std::shared_ptr<const FigureSource> raft_figure_source();

}  // namespace distlab::netlab
