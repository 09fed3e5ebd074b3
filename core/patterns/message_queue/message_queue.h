#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Registers the durable message queue pattern's roles: `queue`, `mq-producer` and `mq-consumer`.
void register_message_queue(RoleRegistry& registry);

}  // namespace distlab::core
