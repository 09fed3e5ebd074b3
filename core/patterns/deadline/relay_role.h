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
#include "core/patterns/common/retry_budget.h"
#include "core/patterns/common/retry_policy.h"

namespace distlab::core::deadline {

struct RelayConfig {
    NodeId target;                        // the downstream service
    retry::RetryPolicy policy;            // per-call timeout, attempts, backoff, budget
    Duration overhead{2ms};               // kept back from the caller's deadline at this hop

    static const ParamList<RelayConfig>& params();
    static RelayConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `relay` role: a middle tier of a call chain (client -> relay -> relay -> server). It
// answers each "request" by calling `target` with "request", retrying by its RetryPolicy (the
// same code as `retry-client`), and passes the outcome upstream.
//
// Deadlines (request_response protocol, deadline_ns in role time): a request that carries one
// gets downstream calls whose timeout is hop_timeout() (the deadline shrinks by `overhead` at
// each hop) and whose own deadline_ns is when this tier stops waiting for that call; each
// downstream request also carries sent_at_ns, this tier's clock when it sent it, so the wire
// shows that no call left with its deadline already passed (check no_work_after_deadline).
// A request that arrives with no time left is discarded unanswered and counted `expired`, as
// the server does: nobody waits for it. Retries never wait past the deadline less overhead.
//
// Upstream answers: {ok: true} when an attempt succeeded; {ok: false, error} when every attempt
// failed for sure (the last error); no answer when some attempt's outcome is unknown (it timed
// out: the server may have served it), so the caller times out and records the operation as
// unknown, exactly as if it had called the server itself. Every answer leaves before the
// caller's deadline less `overhead`, since no call of this tier outlives that.
//
// Counters: received, calls, successes, failures, timeouts, retries, expired, budget_exhausted,
// deadline_exceeded, late_replies. It never counts "requests", so the amplification check
// counts the requests reaching the servers only.
//
// Owned by the role driver; single-threaded like every role.
class RelayRole final : public Role {
public:
    explicit RelayRole(RelayConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    // One upstream request being served.
    struct Job {
        Message request;
        std::optional<std::int64_t> seq;
        std::optional<Duration> deadline;   // the caller's, role time
        std::int64_t attempts = 0;
        bool unknown = false;
        std::string last_error;
    };

    void handle_request(Context& ctx, const Message& msg);
    void send_attempt(Context& ctx, std::uint64_t key);
    void attempt_done(Context& ctx, std::uint64_t key, Duration sent_at, const CallOutcome& outcome);
    void retry_or_end(Context& ctx, std::uint64_t key);
    void answer(Context& ctx, const Job& job, bool ok);
    void publish_gauges(Context& ctx) const;

    RelayConfig config_;
    retry::RetryBudget budget_;
    std::uint64_t next_key_ = 0;
    std::map<std::uint64_t, Job> jobs_;
    std::map<std::uint32_t, std::uint64_t> backoffs_;   // backoff TimerId -> job key
    TimerIdSource timer_ids_;

    CallTally tally_;                   // its downstream calls
    std::uint64_t received_ = 0;
    std::uint64_t expired_ = 0;
    std::uint64_t budget_exhausted_ = 0;
    std::uint64_t deadline_exceeded_ = 0;
};

}  // namespace distlab::core::deadline
