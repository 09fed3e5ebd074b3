#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/workload.h"
#include "core/patterns/rpc/caller.h"
#include "core/patterns/rpc/call_policy.h"
#include "core/patterns/rpc/rpc_protocol.h"

namespace distlab::core::rpc {

struct RpcClientConfig {
    OpenLoopWorkload workload;            // target, rate, arrival, stop_at
    std::vector<NodeId> replicas;         // more servers of the same method, taken in turn with target
    std::string method = "ReadStock";
    Duration deadline{0};                 // per operation, all attempts included; 0: none
    double bad_rate = 0.0;                // share of calls sent with a field of the wrong type
    Duration abandon_after{0};            // the user gives up this long after starting; 0: never
    CallPolicy policy;

    static const ParamList<RpcClientConfig>& params();
    static RpcClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `rpc-client` role: calls a typed method open-loop, one operation per call, through a
// Caller (retries, hedging, deadline propagation and cancellation by its CallPolicy).
//
// Each operation has a deadline, `deadline` after it starts (none when 0: then each attempt is
// bounded by the policy's timeout alone); every call it makes carries the origin (this node,
// the operation, when it stops waiting) as trace context. `abandon_after` models a user who
// closes the page: the client gives up and, when its policy cancels, the cancellation walks
// down the chain.
//
// Outcomes in the history: ok; fail {error: status} for invalid_argument, unimplemented,
// unavailable (definitely not done) and cancelled (given up by this client); info for
// deadline_exceeded (it may have been done). The status of every operation is counted as
// status_<status>, and the snapshot shows them under `statuses`.
//
// Owned by the role driver; single-threaded like every role.
class RpcClientRole final : public Role {
public:
    explicit RpcClientRole(RpcClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Operation {
        OpId op = 0;
        std::uint64_t call = 0;
        std::optional<std::uint32_t> abandon_timer;
    };

    void begin(Context& ctx);
    void ended(Context& ctx, std::uint64_t id, const Caller::Result& result);
    void give_up(Context& ctx, std::uint64_t id);

    RpcClientConfig config_;
    const Method* method_;
    WorkloadDriver driver_;
    Caller caller_;
    TimerIdSource timer_ids_;
    std::uint64_t next_id_ = 0;
    std::map<std::uint64_t, Operation> ops_;
    std::map<std::uint32_t, std::uint64_t> abandon_timers_;
    std::map<Status, std::uint64_t> statuses_;
};

}  // namespace distlab::core::rpc
