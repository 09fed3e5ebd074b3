#pragma once

#include <cstdint>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::request_response {

struct ClientConfig {
    OpenLoopWorkload workload;            // target, rate and arrival (open loop), stop_at
    LoadMode mode = LoadMode::Open;
    std::int64_t concurrency = 1;         // closed loop only
    Duration timeout{1s};

    static const ParamList<ClientConfig>& params();
    static ClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `client` role of the request-response pattern: calls `target` with "request" messages,
// one call per client operation, and records each in the history the checkers judge
// (Jepsen's model): op_invoke("request"), then ok when the reply says ok, fail when it says
// not ok (definite: the server refused or failed it), info when the call timed out or the
// reply was unreadable (unknown: the request may or may not have been served).
//
// It is running until stop_at, then stopped: it begins no more operations, and those outstanding
// still end (client_phases()).
//
// Owned by the role driver; single-threaded like every role.
class ClientRole final : public Role {
public:
    explicit ClientRole(ClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void issue(Context& ctx);
    void complete(Context& ctx, OpId op, Duration sent_at, Duration intended, const CallOutcome& outcome);

    ClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    std::int64_t seq_ = 0;
    std::int64_t outstanding_ = 0;
};

}  // namespace distlab::core::request_response
