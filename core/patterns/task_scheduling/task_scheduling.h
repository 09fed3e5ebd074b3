#pragma once

#include "core/model/role_registry.h"

namespace distlab::core {

// Task scheduling: scheduler (leader by a lease in the Raft KV, fencing tokens), worker (heartbeats,
// work stealing) and task-sink (where a task's effect lands, fenced).
void register_task_scheduling(RoleRegistry& registry);

}  // namespace distlab::core
