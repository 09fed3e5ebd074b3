#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the circuit breaker pattern's roles: `breaker-client`, and `flaky-server` (the
// request-response server with flaky defaults).
void register_circuit_breaker(RoleRegistry& registry);

}  // namespace distlab::core
