#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The leader-follower section of a report, for runs with lf-node roles: acknowledged writes and
// those lost in a failover (missing from the primary at the end), failovers, semi-sync
// fallbacks, and per node its mode and epoch at the end and its largest replication lag.
// Figures "replication.acked", "replication.lost", "replication.failovers",
// "replication.fallbacks", "replication.max_lag_ms"; JSON (report "pattern" key "replication"):
// {acked, lost: [{value, key, client, acked_ns}], final_primary, final_epoch, nodes: {...}}.
std::shared_ptr<const FigureSource> lf_figure_source();

}  // namespace distlab::netlab
