#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the request-response pattern's roles: `server` and `client`.
void register_request_response(RoleRegistry& registry);

}  // namespace distlab::core
