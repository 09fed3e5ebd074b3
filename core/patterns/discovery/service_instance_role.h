#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"

namespace distlab::core::discovery {

struct ServiceInstanceConfig {
    std::vector<NodeId> registries;      // tried in order; the next one when the current is silent
    std::string service = "svc";
    std::string preset = "nacos";
    Duration heartbeat{5s};              // the preset's unless given
    std::int64_t capacity = 0;           // calls served per second; more are refused (0: no limit)
    Duration drain{300ms};               // a graceful shutdown serves this long after deregistering

    static const ParamList<ServiceInstanceConfig>& params();
    static ServiceInstanceConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `service-instance` role: one instance of a service that registers with a registry, beats
// every `heartbeat` (registering again when the registry no longer knows it) and answers
// svc_call, refusing calls past its capacity ("overloaded"). A registry that does not answer a
// beat is replaced by the next of `registries`. The lab command `shutdown` stops it gracefully:
// it deregisters first (a Nacos 2.x instance leaves with its connection at once), keeps serving
// for `drain` while the change reaches the callers, then stops, answering nothing more (as a
// process gone). A kill
// fault, by contrast, stops it without a word: the registry learns only from the silence.
//
// Phases: registering, up, draining, stopped. Snapshot: state, service, registry, served,
// refused, registrations.
//
// Owned by the role driver; single-threaded like every role.
class ServiceInstanceRole final : public Role {
public:
    explicit ServiceInstanceRole(ServiceInstanceConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class State {
        Registering,   // not yet known to a registry; left when one accepts the registration
        Up,            // registered and beating; left on shutdown
        Draining,      // deregistered, still serving; left after `drain`
        Stopped,       // answers nothing; never left (until a restart)
    };

    void register_now(Context& ctx);
    void beat(Context& ctx);
    void next_registry(Context& ctx, const std::string& why);
    void serve(Context& ctx, const Message& msg);
    void shutdown(Context& ctx, const Message& command);
    const NodeId& registry() const { return config_.registries[current_]; }

    ServiceInstanceConfig config_;
    State state_ = State::Registering;
    std::size_t current_ = 0;
    std::deque<Duration> served_recent_;    // the last second's served calls
    std::int64_t served_ = 0, refused_ = 0, registrations_ = 0;
};

}  // namespace distlab::core::discovery
