#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The rpc section of a report, for runs with rpc-client or rpc-server nodes (rpc_work.h):
// orphan work (pieces of work begun after their client's deadline, and work time after the
// deadlines), retry amplification (leaf requests per client operation), retries, hedges and
// cancellations sent, and the status codes of the client operations and of the servers'
// answers. Figures "rpc.orphan_starts", "rpc.orphan_ms", "rpc.amplification", "rpc.retries",
// "rpc.hedges", "rpc.cancels_sent", "rpc.client.<status>"; JSON (report "pattern" key "rpc"):
// {work, orphan_starts, orphan_ms, work_ms, edge_ops, leaf_requests, amplification, retries,
// hedges, cancels_sent, client_statuses: {status: n}, server_statuses: {status: n}}.
std::shared_ptr<const FigureSource> rpc_figure_source();

}  // namespace distlab::netlab
