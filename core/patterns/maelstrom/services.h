#pragma once

#include "core/model/role_registry.h"

namespace distlab::core::maelstrom {

// Maelstrom's services as roles named after them (lin-kv, seq-kv, lww-kv, lin-tso): a scenario
// runs one as the node of that id, and nodes call it by that name. Also the built-in kv-proxy.
void register_services(RoleRegistry& registry);

}  // namespace distlab::core::maelstrom
