#pragma once

#include <vector>

#include "netlab/checks/check.h"
#include "netlab/patterns/maelstrom/elle.h"
#include "netlab/patterns/maelstrom/workload_ops.h"

namespace distlab::netlab::maelstrom {

// Adds:
//
//   kafka_log: true
//       The kafka-client history has no lost, duplicated or out-of-order offsets (kafka_judge.h).
//       Unknown when no send was acknowledged or no poll answered.
//   txn_serializable: rw-register | list-append
//       The history of txn-rw-register-client (or txn-list-append-client) shows none of G0, G1a,
//       G1b, G1c, G-single, G2 (nor, for lists, incompatible orders): elle.h. A failure names the
//       anomaly and lists its cycle, each step with its dependency, and involves the cycle's
//       operations. Unknown when no transaction committed.
void register_kafka_txn_checks(CheckRegistry& registry);

// The transactions of a txn workload's history as the Elle checker reads them: committed ones
// with their completed micro-ops, the others with what they asked (failed: certainly not done;
// unknown: perhaps done). Txn::origin is the index into `ops`.
std::vector<Txn> transactions(const std::vector<WorkloadOp>& ops);

}  // namespace distlab::netlab::maelstrom
