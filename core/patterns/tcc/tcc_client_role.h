#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::tcc {

struct TccClientConfig {
    OpenLoopWorkload workload;            // target (the coordinator), rate, arrival, stop_at
    std::vector<NodeId> participants;
    std::int64_t accounts = 10;           // accounts a0 .. a<accounts-1> on each participant
    std::int64_t max_amount = 100;        // each transfer moves 1 .. max_amount
    double read_ratio = 0.1;              // share of operations that read every balance
    Duration tx_timeout{3s};

    static const ParamList<TccClientConfig>& params();
    static TccClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `tcc-client` role: a bank's clients, as in Jepsen's bank test. At `rate` it either
// transfers money (read_ratio: or reads every balance) through the coordinator. A transfer
// debits a random account of one participant and credits a random account of another (of the
// same one when there is only one), 1 .. max_amount. Transactions are named <client>.<seq>, and
// <client>#<n>.<seq> on its n-th start (counted in its storage), so a restarted client never
// reuses a name the participants' fence tables already hold.
//
// Operations: transfer {tx, from, to, amount}: ok when confirmed, fail when cancelled (with the
// reason), info when no answer came within tx_timeout; read: ok with {sum, by_participant}, the
// money every participant held at one cut, fail when the coordinator could not cut.
//
// Counters: calls, successes, failures, timeouts (CallTally). Phases: client_phases().
//
// Owned by the role driver; single-threaded like every role.
class TccClientRole final : public Role {
public:
    explicit TccClientRole(TccClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void next(Context& ctx);
    void transfer(Context& ctx);
    void read(Context& ctx);

    TccClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::string prefix_;              // "c1", or "c1#2" on its second start
    std::int64_t next_seq_ = 0;
    std::uint64_t reads_ = 0;
};

}  // namespace distlab::core::tcc
