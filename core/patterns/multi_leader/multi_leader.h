#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers multi-leader replication: `mm-node` (a leader per region, with version vectors and
// a conflict resolution: lww, siblings or crdt) and `cart-client` (a shopper editing one cart).
void register_multi_leader(RoleRegistry& registry);

}  // namespace distlab::core
