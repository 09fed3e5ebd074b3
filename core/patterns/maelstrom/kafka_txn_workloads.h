#pragma once

#include "core/model/role_registry.h"

namespace distlab::core::maelstrom {

// Maelstrom's kafka, txn-rw-register and txn-list-append workloads as client roles
// (kafka-client, txn-rw-register-client, txn-list-append-client), and the built-in nodes that
// serve them (kafka-server, txn-server).
void register_kafka_txn_workloads(RoleRegistry& registry);

}  // namespace distlab::core::maelstrom
