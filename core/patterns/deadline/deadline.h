#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the deadline-propagation pattern's role: `relay`, a middle tier of a call chain
// (its callers are `client`, `retry-client` or another `relay`; its callee a `server` or a `relay`).
void register_deadline(RoleRegistry& registry);

}  // namespace distlab::core
