#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the caching pattern's roles: `cached-service`, `cache-node`, `database` and
// `cache-client`.
void register_caching(RoleRegistry& registry);

}  // namespace distlab::core
