#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the load balancing pattern's roles: `load-balancer` (a proxy with the balancing
// algorithms, outlier detection and slow start) and `backend` (a service with a latency
// distribution and errors, slowed down or failed by lab commands).
void register_load_balancing(RoleRegistry& registry);

}  // namespace distlab::core
