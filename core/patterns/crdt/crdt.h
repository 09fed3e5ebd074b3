#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the CRDTs: `crdt-replica` (holds objects of the seven types of crdt_types.h and
// gossips their deltas) and `crdt-client` (operations on one object, recorded for the checks).
void register_crdt(RoleRegistry& registry);

}  // namespace distlab::core
