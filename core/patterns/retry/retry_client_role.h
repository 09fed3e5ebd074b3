#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/common/workload.h"
#include "core/patterns/common/retry_budget.h"
#include "core/patterns/common/retry_policy.h"

namespace distlab::core::retry {

struct RetryClientConfig {
    OpenLoopWorkload workload;
    RetryPolicy policy;                   // timeout, attempts, backoff and budget
    Duration deadline{0};                 // per operation; 0: none. When set, each attempt
                                          // carries deadline_ns: when its caller stops waiting

    static const ParamList<RetryClientConfig>& params();
    static RetryClientConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `retry-client` role of the timeout-and-retry pattern: an open-loop client whose every
// operation is retried after a timeout or an error reply, up to max_attempts, waiting the
// backoff between attempts, within the operation's deadline and the retry budget.
//
// An operation is ok as soon as one attempt succeeds. Otherwise it ends when attempts run
// out, the next wait would pass the deadline, or the budget has no token, and it is:
// - fail when every attempt was answered with a definite failure: the request certainly was
//   not served;
// - info when at least one attempt timed out or got an unreadable reply: that attempt may
//   have been served (Jepsen: a timeout is indeterminate), even if later ones failed for sure.
//
// Per attempt counters: calls, successes, failures, timeouts; per decision: retries,
// budget_exhausted, deadline_exceeded. An operation is waiting for an attempt's outcome or in
// backoff; it leaves both only by ending as above. It is running until stop_at, then stopped
// (client_phases()).
//
// Owned by the role driver; single-threaded like every role.
class RetryClientRole final : public Role {
public:
    explicit RetryClientRole(RetryClientConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Operation {
        OpId op = 0;
        std::int64_t seq = 0;
        int attempts = 0;
        bool unknown = false;               // some attempt's outcome is unknown
        std::optional<Duration> deadline;   // role time
        std::string last_error;
    };

    void begin_operation(Context& ctx);
    void send_attempt(Context& ctx, std::int64_t seq);
    void attempt_done(Context& ctx, std::int64_t seq, Duration sent_at, const CallOutcome& outcome);
    void retry_or_end(Context& ctx, Operation& op);
    void end_operation(Context& ctx, const Operation& op, std::string_view reason);

    RetryClientConfig config_;
    WorkloadDriver driver_;
    CallTally tally_;
    RetryBudget budget_;
    std::int64_t seq_ = 0;
    std::map<std::int64_t, Operation> operations_;        // in flight, by seq
    std::map<std::uint32_t, std::int64_t> backoffs_;      // backoff TimerId -> seq
    TimerIdSource timer_ids_;

    std::uint64_t budget_exhausted_ = 0;
    std::uint64_t deadline_exceeded_ = 0;
};

}  // namespace distlab::core::retry
