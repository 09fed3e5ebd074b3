#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers leader-follower replication: `lf-node` (a primary or a replica, by mode; a replica
// becomes primary when the monitor promotes it) and `lf-monitor` (the failover monitor). Clients
// are the kv-client of core/patterns/kv/.
void register_replication(RoleRegistry& registry);

}  // namespace distlab::core
