#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the atomic commitment pattern's roles (two-phase and three-phase commit):
// `tx-coordinator`, `tx-participant` and `tx-client`.
void register_atomic_commit(RoleRegistry& registry);

}  // namespace distlab::core
