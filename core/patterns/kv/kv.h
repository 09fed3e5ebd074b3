#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the key-value client `kv-client`, which drives any store speaking the kv protocol
// (Raft today, the replication patterns later).
void register_kv(RoleRegistry& registry);

}  // namespace distlab::core
