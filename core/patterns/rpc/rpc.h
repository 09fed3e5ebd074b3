#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the rpc pattern's roles: `rpc-server` (serves a typed method, may call downstream
// methods) and `rpc-client` (calls one open-loop), with deadlines, status codes, retries,
// hedging and cancellation.
void register_rpc(RoleRegistry& registry);

}  // namespace distlab::core
