#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The multi-leader section of a report, for runs with mm-node roles: per node its resolution,
// conflicts detected, versions dropped by LWW, the most siblings a cart held and the
// replications that changed it, and how long after the last heal and the last edit the regions
// came to agree. Figures "multi_leader.conflicts", "multi_leader.versions_dropped",
// "multi_leader.max_siblings", "multi_leader.convergence_ms" (absent when they differ at the end);
// JSON (report "pattern" key "multi_leader"): {resolution, convergence_ms, nodes: {...}}.
std::shared_ptr<const FigureSource> mm_figure_source();

}  // namespace distlab::netlab
