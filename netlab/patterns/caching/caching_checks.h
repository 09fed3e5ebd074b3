#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the caching checks to `registry` (core/patterns/caching/). Durations are role time, as
// written in the file (scaled by the scenario's time_scale).
//
//   db_under_capacity: {after?: 0s}
//       Every database's load (queries that arrived in the last second, as its snapshots report
//       it) stays within its capacity from `after` on (the cold start before it is not judged).
//       Names the peak, when it came and the capacity.
//   rebuild_queries: {max: 1}
//       Every cached-service issued at most `max` database queries for one key between the
//       key's miss and the database's answer (one rebuild), and rebuilt at least one key.
//       Single-flight, the mutex and logical expiry make it 1; without them a hot key's expiry
//       sends every concurrent reader to the database.
//   stale_reads: {max: 0, older_than: 0s}
//       From the cache-clients' histories: a read is stale when a write of a newer version of
//       its key was acknowledged before the read began; its age is how long before. At most
//       `max` stale reads older than `older_than` (the bound on staleness).
void register_caching_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
