#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the saga roles: saga-orchestrator, saga-participant, saga-client.
void register_saga(RoleRegistry& registry);

}  // namespace distlab::core
