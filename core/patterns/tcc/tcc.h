#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the TCC (Try-Confirm-Cancel) pattern's roles: `tcc-coordinator`, `tcc-participant`
// and `tcc-client`.
void register_tcc(RoleRegistry& registry);

}  // namespace distlab::core
