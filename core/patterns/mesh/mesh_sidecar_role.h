#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/circuit_breaker/breaker.h"
#include "core/patterns/common/client.h"
#include "core/patterns/mesh/mesh_policy.h"

namespace distlab::core::mesh {

struct MeshSidecarConfig {
    NodeId service;                     // the service it stands beside
    NodeId control;                     // the mesh's control plane
    Duration report_interval{500ms};    // how often it reports to the control plane
    std::int64_t disconnect_after = 2;  // unanswered reports before it says it is disconnected
    Duration forget_after{0};           // drop the policy after this long without the control plane (0: never)

    static const ParamList<MeshSidecarConfig>& params();
    static MeshSidecarConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `mesh-sidecar` role: the data plane of a service mesh (Envoy beside a service in Istio),
// configured by the control plane instead of by its own parameters.
//
// Its service's outgoing "request" calls are routed by the policy the control plane pushed: each
// call is given a subset (a version of the destination service) by the policy's weights (smooth
// weighted round robin: the split is exact over every 100 calls, so what a lesson shows is the
// policy and not sampling noise; Envoy's weighted clusters draw at random), then sent to the
// subset's endpoints in turn, with the policy's per-try timeout and attempts, through a circuit
// breaker per subset when the policy has one. Every attempt's outcome and latency go into a
// per-subset window reported to the control plane every report_interval (a "mesh_report" call; the
// control plane answers with its current version).
//
// A pushed policy is validated (MeshPolicy::from_json): a valid one is applied and ACKed, an
// invalid one NACKed while the last good one stays in force. Without any policy, a call fails at
// once with "no route". Without answers from the control plane it keeps its last policy and keeps
// serving ("disconnected"), unless forget_after says to drop it.
//
// Owned by the role driver; single-threaded like every role.
class MeshSidecarRole final : public Role {
public:
    explicit MeshSidecarRole(MeshSidecarConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Job {
        Message request;
        std::string subset;
        std::int64_t attempts = 0;
        std::string last_error;
    };
    struct Window {
        std::int64_t requests = 0;
        std::int64_t errors = 0;
        std::vector<double> latencies_ms;
    };
    struct Totals {
        std::int64_t calls = 0;       // calls given this subset
        std::int64_t requests = 0;    // attempts sent to it
        std::int64_t errors = 0;
    };

    void outgoing(Context& ctx, const Message& msg);
    void attempt(Context& ctx, std::uint64_t key);
    void attempt_done(Context& ctx, std::uint64_t key, const NodeId& endpoint, Duration sent_at,
                      std::uint64_t epoch, const CallOutcome& outcome);
    void finish(Context& ctx, std::uint64_t key, Json answer);
    void handle_policy(Context& ctx, const Message& msg);
    void apply(Context& ctx, MeshPolicy policy);
    void report(Context& ctx);
    void heard(Context& ctx);
    std::string pick_subset();

    MeshSidecarConfig config_;
    std::optional<MeshPolicy> policy_;
    std::map<std::string, circuit_breaker::CircuitBreaker> breakers_;
    std::map<std::string, std::size_t> next_endpoint_;
    std::map<std::string, std::int64_t> current_;   // smooth weighted round robin counters
    std::map<std::string, Window> window_;
    std::map<std::string, Totals> totals_;
    std::map<std::uint64_t, Job> jobs_;
    std::uint64_t next_key_ = 0;
    CallTally tally_;
    Duration last_heard_{0};
    std::int64_t missed_reports_ = 0;
    std::uint64_t acks_ = 0;
    std::uint64_t nacks_ = 0;
    std::int64_t rejected_version_ = 0;
    std::string rejected_error_;
    std::uint64_t no_route_ = 0;
    std::uint64_t short_circuited_ = 0;
};

}  // namespace distlab::core::mesh
