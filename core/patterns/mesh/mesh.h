#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the service mesh's roles: `mesh-control` (the control plane: versioned routing and
// resilience policy pushed to the sidecars, canary analysis with promotion and rollback) and
// `mesh-sidecar` (the data plane beside each service: routes its calls by the policy's weights,
// with the policy's retries and breakers, and reports each version's errors and latency).
void register_mesh(RoleRegistry& registry);

}  // namespace distlab::core
