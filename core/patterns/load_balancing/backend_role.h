#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/request_response/messages.h"

namespace distlab::core::load_balancing {

// How a backend's service times are spread around `latency`.
enum class LatencyDistribution {
    Fixed,         // exactly `latency`
    Uniform,       // uniform in [latency - spread, latency + spread]
    Exponential,   // exponential with mean `latency`: many short, a few long
    LogNormal,     // log-normal with median `latency` and shape `sigma`: a long tail, as real services have
};

struct BackendConfig {
    Duration latency{10ms};
    LatencyDistribution distribution = LatencyDistribution::Fixed;
    Duration spread{0};
    double sigma = 0.5;
    std::int64_t capacity = 8;            // requests served at once; more wait in the queue
    std::int64_t queue_limit = 1000;      // beyond it a request is refused at once as overloaded
    double error_rate = 0.0;              // answered with an error instead of being served
    Duration error_latency{1ms};          // how soon an error answer comes (a fast failure)
    Duration warm_up{0};                  // cold for this long after its first request (0: never)
    double cold_factor = 10.0;            // service times x this at the first request, down to x1

    static const ParamList<BackendConfig>& params();
    static BackendConfig from(const Params& resolved) { return params().bind(resolved); }
};

std::vector<PhaseSpec> backend_phases();

// The `backend` role: a service behind a load balancer, answering "request" with
// "request_reply" (the request-response protocol), served by `capacity` workers in a time drawn
// from its latency distribution. An error (error_rate) is answered after error_latency without
// taking a worker: a backend that fails fast empties its queue quicker than a healthy one, which
// is what makes it a black hole for least-connections balancing. With `warm_up` it starts
// cold, as a JVM before its JIT has compiled the hot paths: service times are cold_factor times
// longer at its first request, falling linearly to normal over warm_up.
//
// Lab commands change it while it runs (a `command` fault):
//   degrade  {latency_factor?: number >= 1, error_rate?: 0..1}   slower, or failing, from now on
//   recover  {}                                                  back to its parameters
// It is "normal", "slow" (latency_factor > 1) or "failing" (error_rate above its parameter).
//
// Owned by the role driver; single-threaded like every role.
class BackendRole final : public Role {
public:
    explicit BackendRole(BackendConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Work {
        Message request;
        request_response::RequestFields fields;
        bool error = false;
    };

    void handle_request(Context& ctx, const Message& msg);
    void handle_command(Context& ctx, const Message& msg);
    void begin(Context& ctx, Work work);
    Duration draw_latency(Context& ctx) const;
    double warmth_factor(Duration now) const;
    void announce(Context& ctx, Text reason);
    void publish_gauges(Context& ctx) const;

    BackendConfig config_;
    double latency_factor_ = 1.0;
    std::optional<Duration> first_request_;   // when it began to warm up
    double error_rate_ = 0.0;
    std::deque<Work> queue_;
    std::map<std::uint32_t, Work> in_service_;   // by the TimerId of its completion (errors too)
    std::int64_t busy_ = 0;                      // workers serving (errors take none)
    TimerIdSource timer_ids_;

    std::uint64_t requests_ = 0;
    std::uint64_t successes_ = 0;
    std::uint64_t errors_ = 0;
    std::uint64_t rejections_ = 0;
};

}  // namespace distlab::core::load_balancing
