#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"
#include "core/patterns/load_balancing/balancer.h"

namespace distlab::core::load_balancing {

struct BalancingClientConfig {
    std::vector<NodeId> backends;
    std::vector<std::string> weights;     // "node=weight"; parsed (and refused) at start
    OpenLoopWorkload workload;            // rate, arrival and stop_at; no target
    LoadMode mode = LoadMode::Open;
    std::int64_t concurrency = 1;
    Duration timeout{1s};
    BalancerSettings balancer;

    static const ParamList<BalancingClientConfig>& params();
    static BalancingClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `balancing-client` role: client-side load balancing, as Dubbo's consumers and gRPC's
// clients do it. The caller holds the backend list and picks each request's backend itself with
// the same balancer as the `load-balancer` proxy (balancer.h: the algorithms, outlier detection,
// slow start), then calls it directly: no proxy hop, but each client only knows the traffic it
// sent itself. Every request is one client operation (ok, fail, or info on a timeout), as the
// request-response `client` records them; consistent hashing hashes the request's number.
//
// Phases: running, stopped (client_phases()). Metrics: the client's standard counters and
// latency_ms; ejections.
//
// Owned by the role driver; single-threaded like every role.
class BalancingClientRole final : public Role {
public:
    explicit BalancingClientRole(BalancingClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void issue(Context& ctx);
    void complete(Context& ctx, OpId op, std::size_t backend, Duration sent_at, const CallOutcome& outcome);

    BalancingClientConfig config_;
    Balancer balancer_;
    std::vector<Text> problems_;   // the weights that were refused
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t seq_ = 0;
    std::int64_t outstanding_ = 0;
    std::uint64_t no_backend_ = 0;
    std::uint64_t ejections_ = 0;
};

}  // namespace distlab::core::load_balancing
