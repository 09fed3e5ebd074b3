#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/model/ids.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

class Nemesis;
class RunHost;

// Faults by hand, and pausing, for a run in progress: the GUI asks from its own thread, the run
// applies the requests on its thread at its next tick (every 100 ms of run time, sooner on the
// real lab). Hand faults go through the run's Nemesis, so they are recorded, shown and judged
// exactly like the scenario's own faults; holding a link or one message emits FaultInjected of
// type "hold" for the same reason, and lifting the link's hold or releasing that one message
// emits its FaultHealed.
//
// Pausing freezes the run's timeline in both modes: scheduled faults, narrative steps, the
// run's end and the messages the network delays wait, and the run lasts longer by the pause.
// A simulated run stops its virtual clock. A real run also freezes every node (SIGSTOP) and
// thaws them on resume, and its lab clock stands still (RunHost::set_timeline_frozen); timers
// inside the node processes cannot be stopped from outside (RunHost::pause_limits says so).
// The pause is recorded: RunPaused (by hand or at a step, with what continues) and RunResumed
// (how long it lasted), at the same run time. Step mode pauses the run when a narrative step
// with `pause: true` fires.
//
// Threading: every request method may be called from any thread; apply(), on_step() and
// wait_while_paused() are the run thread's.
class RunControl {
public:
    using Ticket = std::uint64_t;

    // Applies `fault` as soon as the run takes it (its `at` is ignored; `until`, if set, counts
    // from then). The ticket names it for heal().
    Ticket inject(FaultSpec fault);
    void heal(Ticket ticket);
    void heal_all();
    // Holds every message from -> to (MessageHeld) until the hold is lifted or the message
    // released; lifting the hold delivers nothing by itself.
    void set_hold(const core::NodeId& from, const core::NodeId& to, bool hold);
    void release_held(const core::NodeId& from, core::MessageId id, bool deliver);
    // Holds the one message `id` of `from` (MessageHeld) if the network is still delaying it
    // when the run takes the request; release it with release_held(). Too late (it arrived or
    // was dropped meanwhile), the run logs a warning and holds nothing.
    void hold_message(const core::NodeId& from, core::MessageId id);

    void set_paused(bool paused);
    bool paused() const { return paused_.load(); }
    void set_step_mode(bool on) { step_mode_.store(on); }
    bool step_mode() const { return step_mode_.load(); }

    // Run thread: applies every pending request, in the order they were made. `real` says
    // whether the host's nodes are processes (pausing freezes them) or simulated (the caller
    // stops its clock while paused()).
    void apply(RunHost& host, Nemesis& nemesis, bool real);
    // Run thread: the nemesis fired a narrative step.
    void on_step(const StepSpec& step);
    // Run thread of a simulated run: applies pending requests; then, while a pause is in
    // force (applied, its resume not yet) and `stop` is not set, waits, applying requests as
    // they come (faults by hand still work on a paused simulation). Returns at once when the
    // run is not paused.
    void hold_while_paused(RunHost& host, Nemesis& nemesis, const std::atomic<bool>* stop);

private:
    struct Inject { Ticket ticket; FaultSpec fault; };
    struct Heal { Ticket ticket; };
    struct HealAll {};
    struct Hold { core::NodeId from; core::NodeId to; bool hold; };
    struct Release { core::NodeId from; core::MessageId id; bool deliver; };
    struct HoldMessage { core::NodeId from; core::MessageId id; };
    struct Pause { bool paused; const char* by; };
    using Request = std::variant<Inject, Heal, HealAll, Hold, Release, HoldMessage, Pause>;

    void push(Request request);
    void freeze(RunHost& host, bool frozen);
    void pause_timeline(RunHost& host, const Pause& pause, bool real);

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Request> pending_;          // guarded by mutex_
    Ticket next_ticket_ = 1;                // guarded by mutex_
    std::atomic<bool> paused_{false};
    std::atomic<bool> step_mode_{false};

    // Run thread only.
    std::map<Ticket, std::uint64_t> nemesis_ids_;
    std::map<std::pair<core::NodeId, core::NodeId>, std::uint64_t> holds_;   // link -> hold id
    struct MessageHold { core::NodeId to; std::uint64_t id; };
    std::map<std::pair<core::NodeId, core::MessageId>, MessageHold> message_holds_;   // (from, msg)
    std::vector<core::NodeId> frozen_;      // nodes this control paused (real runs)
    std::optional<std::chrono::steady_clock::time_point> paused_since_;   // the timeline's pause
    std::uint64_t next_hold_id_ = 1;
};

}  // namespace distlab::netlab
