#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds leader-follower replication's checks (roles in core/patterns/replication/):
//
//   acked_writes_lost: true
//       Every write (a put, or a cas that succeeded) a kv-client saw acknowledged is held by the
//       primary at the end, the lf-node running as primary with the highest epoch: the loss a
//       failover causes, counted (Jepsen's set checker over acknowledged writes). Lists the
//       lost writes, first ones first. Unknown when no lf-node is primary at the end.
void register_replication_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
