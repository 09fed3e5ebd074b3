#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/rpc/caller.h"
#include "core/patterns/rpc/call_policy.h"
#include "core/patterns/rpc/rpc_protocol.h"

namespace distlab::core::rpc {

struct RpcServerConfig {
    std::string method = "ReadStock";         // the method it serves
    Duration service_time{20ms};
    Duration service_jitter{0};
    double slow_rate = 0.0;
    Duration slow_time{1s};
    double fail_rate = 0.0;                   // answered unavailable after the service time
    std::int64_t capacity = 4;
    std::int64_t queue_limit = 64;
    std::vector<NodeId> downstream;           // empty: a leaf
    std::string downstream_method = "ReadStock";
    CallPolicy policy;                        // for its downstream calls

    static const ParamList<RpcServerConfig>& params();
    static RpcServerConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `rpc-server` role: serves one typed method with `capacity` workers and a queue of
// `queue_limit`, and may call a method of its `downstream` servers for every call (so chains
// A -> B -> C are rpc-servers), through a Caller with its own CallPolicy.
//
// A call is checked first: a body that does not fit the protocol or the method's declared
// request fields is answered invalid_argument naming the field, a method it does not serve
// unimplemented, both at once and without work. A full queue answers unavailable. With a
// propagated budget (timeout_ns) the call gets a deadline on this server's clock: arrival plus
// the budget. Past it, a queued call is dropped and a call in work is stopped, both answered
// deadline_exceeded, and no work starts for it.
//
// Work on a call: the service time (slow_time with slow_rate; answered unavailable with
// fail_rate), then the downstream call if there is one; the worker is held until the answer
// (thread-per-request, as Dubbo's and most servers' pools are). An `rpc_cancel` from the caller
// stops a queued or working call (answered cancelled) and abandons its downstream call, which
// cancels that in turn when this server's policy cancels: cancellation walks down the chain.
//
// Every accepted call is answered exactly once (unless the node dies), and the answer carries
// the origin and, when work began, started_ns / ended_ns: the wire shows every piece of work
// and whether its edge caller still waited for it (check rpc_no_orphan_work).
//
// Counters: requests, leaf_requests (a server without downstream: the requests reaching the
// bottom of the chain, for the amplification check), work_started, expired, cancelled,
// rejected, invalid, and status_<status> for every answer; the downstream Caller's calls,
// successes, failures, timeouts, retries, hedges and cancels_sent.
//
// Owned by the role driver; single-threaded like every role.
class RpcServerRole final : public Role {
public:
    explicit RpcServerRole(RpcServerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Job {
        Message request;
        CallFields fields;
        std::optional<Duration> deadline;      // own clock
        std::optional<Duration> started;       // work began
        bool working = false;
        bool fail = false;
        std::optional<std::uint32_t> service_timer;
        std::optional<std::uint32_t> deadline_timer;
        std::optional<std::uint64_t> downstream;
    };

    void handle_call(Context& ctx, const Message& msg);
    void handle_cancel(Context& ctx, const Message& msg);
    void begin_work(Context& ctx, std::uint64_t key);
    void service_done(Context& ctx, std::uint64_t key);
    void end_job(Context& ctx, std::uint64_t key, Status status, std::string message, Json reply = {});
    void answer_at_once(Context& ctx, const Message& msg, const CallFields& fields, Status status,
                        const std::string& message);
    void serve_queue(Context& ctx);
    void publish_gauges(Context& ctx) const;
    Duration draw_service_time(Context& ctx) const;

    RpcServerConfig config_;
    const Method* method_;
    const Method* downstream_method_;
    Caller caller_;
    TimerIdSource timer_ids_;
    std::uint64_t next_key_ = 0;
    std::map<std::uint64_t, Job> jobs_;
    std::map<std::pair<NodeId, std::int64_t>, std::uint64_t> by_call_;
    std::map<std::uint32_t, std::uint64_t> timers_;   // service and deadline timers -> job
    std::deque<std::uint64_t> queue_;
    std::int64_t busy_ = 0;
    bool serving_ = false;                            // inside serve_queue()

    std::uint64_t requests_ = 0;
    std::uint64_t work_started_ = 0;
    std::map<Status, std::uint64_t> answered_;
};

}  // namespace distlab::core::rpc
