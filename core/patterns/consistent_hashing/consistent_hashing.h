#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the consistent-hashing pattern's roles: `ring-node` and `ring-client`.
void register_consistent_hashing(RoleRegistry& registry);

}  // namespace distlab::core
