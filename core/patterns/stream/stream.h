#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the stream-processing pattern's roles: `stream-source`, `stream-operator` and
// `stream-sink`.
void register_stream(RoleRegistry& registry);

}  // namespace distlab::core
