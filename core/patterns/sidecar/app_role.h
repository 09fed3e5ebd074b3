#pragma once

#include <cstdint>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/sidecar/resilient_caller.h"

namespace distlab::core::sidecar {

struct AppConfig {
    NodeId upstream;                 // the service it calls for every request (or its own sidecar)
    ResilienceConfig resilience;     // plain by default: one attempt, no breaker

    static const ParamList<AppConfig>& params();
    static AppConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `app` role: a service's own code. It answers each "request" by calling `upstream` once
// and passing the answer back. Pointed at its sidecar, it stays that plain, and the sidecar
// retries, times out, breaks the circuit and proves who it is; pointed at the next service
// directly, it must carry the same logic itself (its resilience parameters, the same code).
//
// Owned by the role driver; single-threaded like every role.
class AppRole final : public Role {
public:
    explicit AppRole(AppConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    AppConfig config_;
    ResilientCaller caller_;
    std::uint64_t received_ = 0;
};

}  // namespace distlab::core::sidecar
