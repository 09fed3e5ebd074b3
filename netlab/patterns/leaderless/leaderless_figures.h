#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The leaderless section of a report, for runs with dynamo-node roles: stale reads against the
// latest acknowledged write, when the replicas converged (and stayed so), hints stored and
// handed back, read repairs, anti-entropy exchanges and the keys they repaired, reads and
// writes refused as unavailable. Figures "leaderless.stale_reads", "leaderless.stale_read_pct",
// "leaderless.converged_s" (-1: never), "leaderless.hints_stored", "leaderless.hints_delivered",
// "leaderless.read_repairs", "leaderless.ae_keys_repaired", "leaderless.unavailable"; JSON
// (report "pattern" key "leaderless") with the same numbers.
std::shared_ptr<const FigureSource> leaderless_figure_source();

}  // namespace distlab::netlab
