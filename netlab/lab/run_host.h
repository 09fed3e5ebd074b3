#pragma once

#include <functional>
#include <string>
#include <optional>
#include <random>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/time.h"
#include "netlab/lab/network_model.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {

// What the Nemesis (and the GUI's faults by hand) act upon. Two implementations: the real Lab
// (processes, sockets, Asio timers) and the Simulator (virtual time, one process).
class RunHost {
public:
    virtual ~RunHost() = default;

    virtual Duration now() const = 0;                               // host time since run start
    virtual void schedule(Duration at, std::function<void()> fn) = 0;   // at host time `at`
    virtual NetworkModel& network() = 0;
    virtual Telemetry& telemetry() = 0;
    virtual std::mt19937_64& rng() = 0;                             // the nemesis's own seed

    virtual bool is_alive(const core::NodeId& node) const = 0;      // running (paused counts)
    virtual bool is_paused(const core::NodeId& node) const = 0;     // stopped by pause()
    virtual void kill(const core::NodeId& node) = 0;                // SIGKILL: memory lost
    virtual void restart(const core::NodeId& node) = 0;             // same id, same data dir
    virtual void pause(const core::NodeId& node) = 0;               // SIGSTOP
    virtual void resume(const core::NodeId& node) = 0;              // SIGCONT
    virtual void set_clock_skew(const core::NodeId& node, Duration offset, double drift) = 0;
    // Pausing the run: while frozen, now() stands still and nothing scheduled runs (faults,
    // narrative steps, the run's end, messages the network delays); thawed, everything resumes
    // where it was, later by the pause. The simulator's time passes only when its driver
    // advances it, so a simulated run pauses by not advancing (this does nothing there).
    virtual void set_timeline_frozen(bool /*frozen*/) {}
    // What a frozen timeline cannot stop on this host, for people ("" when nothing).
    virtual std::string pause_limits() const { return {}; }
    // An administrative message to `node`'s role, from the reserved sender "lab", outside the
    // fabric (no link rules apply). False when the node is not running.
    virtual bool send_command(const core::NodeId& node, const std::string& type, const Json& body) = 0;
    // Messages held by the network: deliver or drop one, by sender and message id.
    virtual bool release_held(const core::NodeId& from, core::MessageId id, bool deliver) = 0;
    // Holds one message the network is still delaying (latency, reordering, bandwidth) until
    // release_held(), with MessageHeld. Returns its destination; nullopt when it is no longer on
    // its way. A host that never delays messages has none to hold.
    virtual std::optional<core::NodeId> hold_message(const core::NodeId& /*from*/, core::MessageId /*id*/) {
        return std::nullopt;
    }
};

}  // namespace distlab::netlab
