#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/common/timer_ids.h"

namespace distlab::core::saga {

struct OrchestratorConfig {
    std::vector<NodeId> steps;           // the participants, in step order
    Duration call_timeout{300ms};        // one attempt of a step, compensation or finish
    Duration retry_initial{100ms};       // the first retry's wait
    double retry_backoff = 2.0;          // each further retry waits this many times longer
    Duration retry_max{10s};             // ... up to this
    std::int64_t max_in_flight = 256;
    bool durable = true;                 // false: the state machine lives in memory only

    static const ParamList<OrchestratorConfig>& params();
    static OrchestratorConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `saga-orchestrator` role (saga_protocol.h): runs each saga a client asks for as a state
// machine over `steps`, and keeps the machine in storage, so a restarted orchestrator resumes
// every saga where its log left it.
//
// Forward: step 1, 2, ... in order; each answered step is logged (synced) before the next one
// starts. When every step is done, each participant is told to finish (its semantic lock is
// released) and the client is told ok. A refused step turns the saga backward: the steps done
// before it are compensated one at a time, in reverse order, each logged once acknowledged;
// then the client is told which step failed. An attempt that gets no answer in call_timeout is
// retried after retry_initial, then retry_backoff times longer each time up to retry_max, with
// no limit on attempts (the participants are idempotent, so a retry is safe).
//
// Phases: idle, running, compensating (some saga runs backward), recovering (resumed from its
// log after a restart). Gauge: in_flight. Counters: sagas_started, sagas_completed,
// sagas_compensated, retries, resumed.
//
// Owned by the role driver; single-threaded like every role.
class OrchestratorRole final : public Role {
public:
    explicit OrchestratorRole(OrchestratorConfig config);

    static std::vector<PhaseSpec> phases();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class Stage { Forward, Finishing, Compensating };

    struct Run {
        Stage stage = Stage::Forward;
        std::int64_t index = 0;          // the step being run, finished or compensated
        std::int64_t attempt = 0;        // of the current call
        std::string error;               // the refusal that turned it backward
        std::optional<Message> request;  // the client's, to answer at the end (lost in a restart)
    };

    void handle_saga(Context& ctx, const Message& msg);
    void advance(Context& ctx, const std::string& saga);   // sends the current call
    void answered(Context& ctx, const std::string& saga, const CallOutcome& outcome);
    void retry_later(Context& ctx, const std::string& saga);
    void end(Context& ctx, const std::string& saga, bool completed);
    bool log_record(Context& ctx, const Json& record);
    void recover(Context& ctx);
    void update_phase(Context& ctx, Text reason);

    OrchestratorConfig config_;
    TimerIdSource timer_ids_{1};
    std::map<std::string, Run> runs_;
    std::map<TimerId, std::string> timers_;
    std::map<std::string, bool> ended_;   // saga -> completed, to answer a repeated request
    std::string phase_ = "idle";

    std::uint64_t started_ = 0;
    std::uint64_t completed_ = 0;
    std::uint64_t compensated_ = 0;
    std::uint64_t retries_ = 0;
    std::uint64_t resumed_ = 0;
};

}  // namespace distlab::core::saga
