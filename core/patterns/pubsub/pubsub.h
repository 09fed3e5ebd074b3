#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the publish-subscribe pattern's roles: `broker`, `publisher` and `subscriber`.
void register_pubsub(RoleRegistry& registry);

}  // namespace distlab::core
