#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the replica-placement pattern's roles: `placement` and `replica-store`.
void register_placement(RoleRegistry& registry);

}  // namespace distlab::core
