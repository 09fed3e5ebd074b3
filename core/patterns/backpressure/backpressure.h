#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the backpressure pattern's roles: `producer`, `bounded-stage` and `consumer`.
void register_backpressure(RoleRegistry& registry);

}  // namespace distlab::core
