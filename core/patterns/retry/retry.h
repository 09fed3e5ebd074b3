#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the timeout-and-retry pattern's role: `retry-client` (its server is `server`).
void register_retry(RoleRegistry& registry);

}  // namespace distlab::core
