#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/sidecar/resilient_caller.h"

namespace distlab::core::sidecar {

struct SidecarConfig {
    NodeId service;                    // the service it stands beside
    NodeId upstream;                   // where the service's own calls go (optional)
    std::string identity;              // the service's identity, stamped on its calls
    std::vector<std::string> allow;    // identities that may call the service; empty: anyone
    Duration inbound_timeout{5s};      // how long an incoming request waits for the service
    ResilienceConfig resilience;       // on the service's calls: 3 attempts and a breaker by default

    static const ParamList<SidecarConfig>& params();
    static SidecarConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `sidecar` role: a proxy beside one service (Envoy in Istio, MOSN), through which every
// request to and from the service passes, so the service's code stays plain.
//
// Incoming (a "request" from anyone but the service): the caller's identity (the "identity"
// field its own sidecar stamped) must be in `allow`, else it is refused at once
// {ok: false, error: "forbidden"} and the service never sees it; an allowed request is passed to
// the service without the identity, and its answer back. In a real mesh the identity is the
// caller's certificate, proven by mutual TLS; here it is a field, so a caller without a sidecar
// (or with the wrong identity) is what the check refuses.
//
// Outgoing (a "request" from the service): sent to `upstream` with the service's identity,
// under the resilience settings (timeouts, retries with backoff, a circuit breaker), and the
// one answer passed back. Metrics: received, forwarded, denied, and the client metrics of the
// outgoing calls (calls, successes, failures, timeouts, retries, latency_ms, short_circuited).
//
// Owned by the role driver; single-threaded like every role.
class SidecarRole final : public Role {
public:
    explicit SidecarRole(SidecarConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void outgoing(Context& ctx, const Message& msg);
    void incoming(Context& ctx, const Message& msg);

    SidecarConfig config_;
    ResilientCaller caller_;
    std::uint64_t received_ = 0;
    std::uint64_t forwarded_ = 0;
    std::uint64_t denied_ = 0;
    std::uint64_t outgoing_ = 0;
};

}  // namespace distlab::core::sidecar
