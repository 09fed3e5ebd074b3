#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the sidecar pattern's roles: `sidecar` (a proxy beside a service that retries,
// times out, breaks the circuit, counts and checks identities on its behalf) and `app` (a
// service's own code, plain or with the same resilience built in).
void register_sidecar(RoleRegistry& registry);

}  // namespace distlab::core
