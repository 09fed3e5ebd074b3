#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the sharding pattern's roles: `shard`, `router` and `shard-client`.
void register_sharding(RoleRegistry& registry);

}  // namespace distlab::core
