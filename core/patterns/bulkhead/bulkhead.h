#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the bulkhead pattern's role: `bulkhead-service` (its backends are `server` roles).
void register_bulkhead(RoleRegistry& registry);

}  // namespace distlab::core
