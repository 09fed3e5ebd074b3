#pragma once

#include "core/model/role_registry.h"

namespace distlab::core::maelstrom {

// Maelstrom's kafka, txn-rw-register and txn-list-append workloads as client roles
// (kafka-client, txn-rw-register-client, txn-list-append-client).
void register_kafka_txn_workloads(RoleRegistry& registry);

}  // namespace distlab::core::maelstrom
