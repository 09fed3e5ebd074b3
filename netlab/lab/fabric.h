#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/codec/frame.h"
#include "netlab/lab/network_model.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {

class RunHost;

// Counts of what the fabric did, for progress lines and benchmarks.
struct FabricCounters {
    std::uint64_t sent = 0;
    std::uint64_t delivered = 0;
    std::uint64_t dropped = 0;
    std::uint64_t duplicated = 0;
    std::uint64_t held = 0;
};

// Every node-to-node message passes here. Asks the NetworkModel for its fate, emits the
// message events (sent, then delivered / dropped / duplicated / held), schedules delivery on
// the host's clock and keeps held messages until released. Host-agnostic: the real Lab hands
// delivery to the destination's socket, the simulator to its role driver; both get the same
// events in the same order for the same decisions.
//
// Threading: not thread-safe; runs on the host's one thread (the Lab's Asio thread or the
// simulator's loop).
class Fabric {
public:
    // Puts `env` into the destination node. Returns false when the node cannot take it now
    // (dead or disconnected): the message is then recorded as dropped, reason "dead".
    using DeliverFn = std::function<bool(const core::Envelope& env)>;

    Fabric(RunHost& host, NetworkModel& network, Telemetry& telemetry, DeliverFn deliver);

    // A data frame from a node. Requires: env.kind == FrameKind::Data.
    void submit(core::Envelope env);

    struct Held {
        core::Envelope env;
        std::int64_t since_ns;
    };
    const std::map<std::pair<core::NodeId, core::MessageId>, Held>& held() const { return held_; }
    // Delivers (now, no further delay) or drops a held message. False if no such message.
    bool release(const core::NodeId& from, core::MessageId id, bool deliver);
    // Releases every held message (heal / run end).
    void release_all(bool deliver);
    // A hold by hand on one message: takes it out of its delay (latency, jitter, reordering,
    // bandwidth queue) into the held set, with MessageHeld, as a held link would have. Returns its
    // destination; nullopt when it is not on its way any more (delivered, dropped, already held)
    // or was never delayed.
    std::optional<core::NodeId> hold_in_flight(const core::NodeId& from, core::MessageId id);

    const FabricCounters& counters() const { return counters_; }

private:
    void deliver_now(const core::Envelope& env);
    void deliver_due(std::uint64_t ticket);
    void hold(core::Envelope env);                   // into the held set, with MessageHeld
    void emit(EventKind kind, const core::Envelope& env, std::string data = {});
    void emit_at(Duration t, EventKind kind, const core::Envelope& env, std::string data = {});

    RunHost& host_;
    NetworkModel& network_;
    Telemetry& telemetry_;
    DeliverFn deliver_;
    std::map<std::pair<core::NodeId, core::MessageId>, Held> held_;
    // Delayed messages until due, by the ticket their delivery was scheduled with; a message held
    // meanwhile is no longer here when its ticket comes up.
    std::unordered_map<std::uint64_t, core::Envelope> in_flight_;
    std::uint64_t next_ticket_ = 0;
    FabricCounters counters_;
};

}  // namespace distlab::netlab
