#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "core/model/param_list.h"
#include "core/patterns/maelstrom/workload_client.h"

// Maelstrom's transactional workloads as client roles: txn-rw-register (micro-ops ["r", k, null]
// and ["w", k, v]) and txn-list-append (["r", k, null] and ["append", k, v]). Each operation is
// one `txn` request of 1 to max_txn_length micro-ops on keys 0..keys-1; txn_ok must return the
// same transaction with the reads filled in. Written values are unique per key. The
// `txn_serializable` check (netlab/patterns/maelstrom/elle.h) judges the history and names the
// anomaly. docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

enum class TxnWorkload { RwRegister, ListAppend };

struct TxnClientConfig {
    WorkloadBase base;
    std::int64_t keys = 0;
    std::int64_t max_txn_length = 0;
    double read_ratio = 0;

    static const ParamList<TxnClientConfig>& params();
    static TxnClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

class TxnClientRole final : public WorkloadClient {
public:
    TxnClientRole(TxnWorkload kind, TxnClientConfig config)
        : WorkloadClient(config.base), kind_(kind), config_(std::move(config)) {}

private:
    void setup(Context& ctx) override;
    void begin(Context& ctx) override;
    void write_snapshot(Json& snap) const override;

    TxnWorkload kind_;
    TxnClientConfig config_;
    std::int64_t next_value_ = 1;
    std::int64_t client_number_ = 0;   // makes values unique across clients
    std::uint64_t wrong_answers_ = 0;
};

}  // namespace distlab::core::maelstrom
