#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/common/workload.h"

namespace distlab::core::saga {

struct SagaClientConfig {
    OpenLoopWorkload workload;       // target (the orchestrator or the first service), rate, arrival, stop_at
    Duration saga_timeout{5s};

    static const ParamList<SagaClientConfig>& params();
    static SagaClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `saga-client` role: asks `target` for sagas at `rate` (saga_protocol.h), each named
// <client>.<seq>. Each saga is one client operation, saga {saga}: ok when every step completed,
// fail when it was compensated (with the failed step), info when no outcome came within
// saga_timeout. An orchestrator answers the request at the end; the first service of a
// choreography accepts it at once and sends the outcome later as a saga_event, which the client
// acknowledges (every time it comes: the service's outbox may send it again).
//
// Counters: calls, successes, failures, timeouts (CallTally). Phases: client_phases().
//
// Owned by the role driver; single-threaded like every role.
class SagaClientRole final : public Role {
public:
    explicit SagaClientRole(SagaClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Waiting {
        OpId op = 0;
        TimerId timer{0};
    };

    void begin(Context& ctx);
    void handle_event(Context& ctx, const Message& msg);

    SagaClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    TimerIdSource timer_ids_{2};
    std::int64_t next_seq_ = 0;
    std::map<std::string, Waiting> waiting_;   // accepted by a choreography, outcome not yet known
    std::map<TimerId, std::string> timers_;
};

}  // namespace distlab::core::saga
