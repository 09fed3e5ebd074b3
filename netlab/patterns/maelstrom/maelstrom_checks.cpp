#include "netlab/patterns/maelstrom/maelstrom_checks.h"

#include "netlab/patterns/maelstrom/workload_checks.h"
#include "netlab/patterns/maelstrom/kafka_txn_checks.h"

namespace distlab::netlab {

void register_maelstrom_checks(CheckRegistry& registry) {
    maelstrom::register_workload_checks(registry);
    maelstrom::register_kafka_txn_checks(registry);
}

}  // namespace distlab::netlab
