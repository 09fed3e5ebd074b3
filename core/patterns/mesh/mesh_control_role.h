#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/mesh/mesh_policy.h"

namespace distlab::core::mesh {

// The canary analysis' timing and thresholds as a tool ships them.
struct CanaryPreset {
    std::vector<std::int64_t> step_weights;   // the canary's weight at each step, then 100
    Duration interval{1s};                    // one analysis per interval
    std::int64_t threshold = 2;               // failed analyses before rollback
    double max_error_rate = 5;                // percent
    Duration max_latency{500ms};              // the canary's p99
};

// "demo": 10 then 50 then 100, an analysis a second, two failed ones roll back, errors above 5 %.
// "flagger": Flagger's usual analysis (stepWeight 10 up to maxWeight 50, an analysis a minute,
// threshold 5, request-success-rate at least 99 %, request-duration p99 at most 500 ms).
// "flagger-fast": the same, analysed every second.
std::optional<CanaryPreset> canary_preset(std::string_view name);

struct MeshControlConfig {
    std::vector<NodeId> sidecars;          // the sidecars it configures
    std::vector<NodeId> stable;            // the endpoints of v1
    std::vector<NodeId> canary;            // the endpoints of v2
    std::string preset = "demo";
    CanaryPreset canary_plan;
    std::string step_weights_error;        // why the written step_weights were not taken, "" when they were
    std::int64_t min_requests = 20;        // canary attempts an analysis needs to judge
    Duration start_at{1s};                 // when v2 is deployed and the analysis begins (0: on the lab command "start")
    bool analysis = true;                  // false: the steps follow the clock and nothing is judged
    std::int64_t attempts = 2;
    Duration per_try_timeout{200ms};
    bool breaker = false;
    double failure_rate_threshold = 50;
    std::int64_t minimum_calls = 10;
    std::int64_t window_size = 20;
    Duration wait_in_open{1s};
    std::int64_t half_open_calls = 3;

    static const ParamList<MeshControlConfig>& params();
    static MeshControlConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `mesh-control` role: a service mesh's control plane (istiod with Flagger beside it).
//
// It keeps the desired policy of the calls to one service with two versions, v1 (stable) and v2
// (canary): the weights, retries and circuit breaker, each change a new version pushed to every
// sidecar (xDS-like, see mesh_policy.h). It tracks what each sidecar ACKed or NACKed, and pushes
// again to a sidecar whose report shows another version (unless it NACKed the current one).
//
// The canary analysis (Flagger's): from start_at, v2 gets the first step's weight; every
// interval the sidecars' reports of v2 are judged (error rate, p99). A passing analysis moves to
// the next step, after the last one v2 takes 100 % ("promoted"); a failing one counts, and at
// `threshold` failed analyses every call goes back to v1 ("rolled-back"). An analysis with fewer
// than min_requests calls to v2 judges nothing ("halted": no data, no step, no failure). With
// analysis off, the steps follow the clock.
//
// Lab commands: `start` {} begins the analysis now; `apply` {weights?: {v1: n, v2: m}, retries?:
// {...}, breaker?: {...}} merges an operator's edit into the policy as written, unvalidated (the
// sidecars validate, and NACK what they cannot run).
//
// Owned by the role driver; single-threaded like every role.
class MeshControlRole final : public Role {
public:
    explicit MeshControlRole(MeshControlConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct SidecarState {
        std::int64_t acked = 0;          // the version it runs, by its last ACK
        std::int64_t reported = 0;       // the version of its last report
        std::int64_t rejected = 0;       // the last version it NACKed
        std::string error;
        double last_heard_ms = -1;
    };
    struct Analysis {
        double at_ms = 0;
        std::int64_t requests = 0;
        std::int64_t errors = 0;
        double p99_ms = 0;
        std::string verdict;             // pass | fail | no data | scheduled
    };
    struct Change {
        std::int64_t version = 0;
        std::string kind;                // initial | step | promote | rollback | apply
        double at_ms = 0;
        Json weights;
    };

    void begin(Context& ctx);
    void analyse(Context& ctx);
    void set_weights(Context& ctx, std::int64_t canary_weight, std::string kind);
    void publish(Context& ctx, std::string kind);
    void push(Context& ctx, const NodeId& sidecar);
    void handle_report(Context& ctx, const Message& msg);
    void handle_command(Context& ctx, const Message& msg);

    MeshControlConfig config_;
    Json desired_;                       // the policy as written, version included
    std::int64_t version_ = 0;
    std::uint64_t nonce_ = 0;
    std::map<NodeId, SidecarState> sidecars_;
    std::string stage_ = "idle";         // idle | progressing | halted | promoted | rolled-back
    std::size_t step_ = 0;
    std::int64_t canary_weight_ = 0;
    std::int64_t failed_checks_ = 0;
    std::int64_t window_requests_ = 0;   // v2, since the last analysis
    std::int64_t window_errors_ = 0;
    double window_p99_ms_ = 0;
    std::deque<Analysis> analyses_;
    std::vector<Change> history_;
};

}  // namespace distlab::core::mesh
