#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the consensus pattern's role: `raft` (its clients are `kv-client`).
void register_raft(RoleRegistry& registry);

}  // namespace distlab::core
