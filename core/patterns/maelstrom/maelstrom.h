#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the bring-your-own-node roles (Maelstrom's protocol): `external`, the built-in
// `echo-server` and `maelstrom-node`, and the workload clients (workloads.h).
void register_maelstrom(RoleRegistry& registry);

}  // namespace distlab::core
