#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The caching section of a report, for runs with a `database` node (core/patterns/caching/):
// the database's load second by second against its capacity (a table, the report's database
// load chart), and the figures compare and sweep put side by side: "caching.db_queries",
// "caching.db_peak_qps" (queries in the busiest second), "caching.hit_ratio" (percent of the
// cache-clients' reads answered without the database), "caching.max_rebuild_queries",
// "caching.stale_reads" and "caching.max_stale_ms" (the cache-clients' own counts). JSON (report
// "pattern" key "caching"): {capacity, load: [{t_s, qps}], figures as above}.
std::shared_ptr<const FigureSource> caching_figure_source();

}  // namespace distlab::netlab
