#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the config center's roles: `config-server` and `config-service`.
void register_config_center(RoleRegistry& registry);

}  // namespace distlab::core
