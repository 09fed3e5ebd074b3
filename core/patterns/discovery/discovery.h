#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers service registration and discovery's roles: `registry`, `service-instance` and
// `discovery-client`.
void register_discovery(RoleRegistry& registry);

}  // namespace distlab::core
