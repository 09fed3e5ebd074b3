#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/load_balancing/balancer.h"

namespace distlab::core::load_balancing {

struct LoadBalancerConfig {
    std::vector<NodeId> backends;
    std::vector<std::string> weights;     // "node=weight"; parsed (and refused) at start
    Duration timeout{1s};                 // a forwarded request's wait for its backend
    BalancerSettings balancer;

    static const ParamList<LoadBalancerConfig>& params();
    static LoadBalancerConfig from(const Params& resolved) { return params().bind(resolved); }
};

std::vector<PhaseSpec> load_balancer_phases();

// The balancer's parameters (algorithm, its knobs, outlier detection, slow start), shared by the
// proxy and the client-side `balancing-client`.
const ParamList<BalancerSettings>& balancer_params();

// The `load-balancer` role: a proxy in front of `backends`. Every "request" it receives
// (request-response protocol) goes to the backend its algorithm picks (balancer.h); the backend's
// answer goes back to the caller with the backend's name, a backend that does not answer within
// `timeout` becomes {ok: false, error: "timeout"}, and with no backend to pick the caller gets
// {ok: false, error: "unavailable"} at once. Consistent hashing hashes the request's "key"
// (a string or a number), else its "seq", else the caller's name.
//
// With outlier detection on, error answers in a row eject a backend (OutlierSettings); the
// balancer is "balancing" with every backend in, "ejecting" while some are out, "no-backend"
// when it has none to pick.
//
// Lab commands (a `command` fault): add_backend {id, weight?} (slow start applies to it),
// remove_backend {id}.
//
// Owned by the role driver; single-threaded like every role.
class LoadBalancerRole final : public Role {
public:
    explicit LoadBalancerRole(LoadBalancerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void forward(Context& ctx, const Message& msg);
    void finish(Context& ctx, const Message& request, const NodeId& backend, Duration sent_at, const CallOutcome& outcome);
    void ejected(Context& ctx, const NodeId& backend, const Ejection& ejection);
    void handle_command(Context& ctx, const Message& msg);
    void update_phase(Context& ctx, Text reason);
    void publish_gauges(Context& ctx) const;

    LoadBalancerConfig config_;
    Balancer balancer_;
    std::vector<Text> problems_;   // the weights that were refused

    std::uint64_t requests_ = 0;
    std::uint64_t no_backend_ = 0;
    std::uint64_t timeouts_ = 0;
    std::uint64_t ejections_ = 0;
};

}  // namespace distlab::core::load_balancing
