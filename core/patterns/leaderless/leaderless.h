#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the leaderless (Dynamo-style) store `dynamo-node`; kv-client drives it.
void register_leaderless(RoleRegistry& registry);

}  // namespace distlab::core
