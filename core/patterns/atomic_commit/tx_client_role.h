#pragma once

#include <cstdint>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::atomic_commit {

struct TxClientConfig {
    OpenLoopWorkload workload;            // target (the coordinator), rate, arrival, stop_at
    std::vector<NodeId> participants;
    std::int64_t span = 0;                // participants per transaction; 0: all
    std::int64_t keys = 1000;             // keys of each participant's shard
    Duration tx_timeout{3s};

    static const ParamList<TxClientConfig>& params();
    static TxClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `tx-client` role of atomic commitment: begins transactions at `rate` through the
// coordinator. Each writes one key on each of `span` participants drawn at random (each
// participant holds its own shard of keys k0 .. k<keys-1>); the value is the transaction's name
// (<client>.<seq>).
//
// Each transaction is one client operation, txn {tx, participants}: ok when committed, fail
// when aborted (with the reason), info when no answer came within tx_timeout (it may have
// committed).
//
// Counters: calls, successes, failures, timeouts (CallTally). Phases: client_phases().
//
// Owned by the role driver; single-threaded like every role.
class TxClientRole final : public Role {
public:
    explicit TxClientRole(TxClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void begin(Context& ctx);

    TxClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t next_seq_ = 0;
};

}  // namespace distlab::core::atomic_commit
