#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds the checks of the bring-your-own-node workloads (roles in core/patterns/maelstrom/); each
// is described where it is declared (workload_checks.h, kafka_txn_checks.h).
void register_maelstrom_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
