#include "netlab/runner/run_control.h"

#include <chrono>
#include <optional>

#include "netlab/lab/nemesis.h"
#include "netlab/lab/run_host.h"

namespace distlab::netlab {

namespace {

// `message`: the one message held, when not a whole link.
void emit_hold(RunHost& host, EventKind kind, const core::NodeId& from, const core::NodeId& to,
               std::uint64_t id, std::optional<core::MessageId> message = std::nullopt) {
    Event e;
    e.t_ns = host.now().count();
    e.kind = kind;
    e.type = "hold";
    Json data{{"id", id}, {"from", from}, {"to", to}, {"by", "hand"}};
    if (message)
        data["message"] = *message;
    e.data = data.dump();
    host.telemetry().emit(std::move(e));
}

}  // namespace

RunControl::Ticket RunControl::inject(FaultSpec fault) {
    std::lock_guard lock(mutex_);
    const Ticket ticket = next_ticket_++;
    pending_.emplace_back(Inject{ticket, std::move(fault)});
    wake_.notify_all();
    return ticket;
}

void RunControl::heal(Ticket ticket) {
    push(Heal{ticket});
}

void RunControl::heal_all() {
    push(HealAll{});
}

void RunControl::set_hold(const core::NodeId& from, const core::NodeId& to, bool hold) {
    push(Hold{from, to, hold});
}

void RunControl::release_held(const core::NodeId& from, core::MessageId id, bool deliver) {
    push(Release{from, id, deliver});
}

void RunControl::hold_message(const core::NodeId& from, core::MessageId id) {
    push(HoldMessage{from, id});
}

void RunControl::set_paused(bool paused) {
    paused_.store(paused);
    push(Pause{paused, "hand"});
}

void RunControl::push(Request request) {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(request));
    wake_.notify_all();
}

void RunControl::apply(RunHost& host, Nemesis& nemesis, bool real) {
    std::vector<Request> requests;
    {
        std::lock_guard lock(mutex_);
        requests.swap(pending_);
    }
    for (Request& request : requests) {
        if (auto* inject = std::get_if<Inject>(&request)) {
            nemesis_ids_[inject->ticket] = nemesis.inject(inject->fault);
        } else if (auto* heal = std::get_if<Heal>(&request)) {
            if (const auto it = nemesis_ids_.find(heal->ticket); it != nemesis_ids_.end()) {
                nemesis.heal(it->second);
                nemesis_ids_.erase(it);
            }
        } else if (std::holds_alternative<HealAll>(request)) {
            nemesis.heal_all();
            for (const auto& [link, id] : holds_) {
                host.network().set_hold(link.first, link.second, false);
                emit_hold(host, EventKind::FaultHealed, link.first, link.second, id);
            }
            holds_.clear();
        } else if (auto* hold = std::get_if<Hold>(&request)) {
            const auto link = std::make_pair(hold->from, hold->to);
            const auto it = holds_.find(link);
            if (hold->hold && it == holds_.end() && host.network().has_link(hold->from, hold->to)) {
                host.network().set_hold(hold->from, hold->to, true);
                holds_[link] = next_hold_id_;
                emit_hold(host, EventKind::FaultInjected, hold->from, hold->to, next_hold_id_++);
            } else if (!hold->hold && it != holds_.end()) {
                host.network().set_hold(hold->from, hold->to, false);
                emit_hold(host, EventKind::FaultHealed, hold->from, hold->to, it->second);
                holds_.erase(it);
            }
        } else if (auto* release = std::get_if<Release>(&request)) {
            const bool released = host.release_held(release->from, release->id, release->deliver);
            const auto it = message_holds_.find(std::make_pair(release->from, release->id));
            if (released && it != message_holds_.end()) {
                emit_hold(host, EventKind::FaultHealed, release->from, it->second.to, it->second.id, release->id);
                message_holds_.erase(it);
            }
        } else if (auto* message = std::get_if<HoldMessage>(&request)) {
            if (const auto to = host.hold_message(message->from, message->id)) {
                message_holds_[std::make_pair(message->from, message->id)] = MessageHold{*to, next_hold_id_};
                emit_hold(host, EventKind::FaultInjected, message->from, *to, next_hold_id_++, message->id);
            } else {
                const std::string id = std::to_string(message->id);
                host.telemetry().emit(lab_log(host.now().count(), {}, "warn",
                                              core::Text{"message " + id + " from " + message->from +
                                                             " was not held: it had already left the network",
                                                         message->from + " 的消息 " + id + " 没有被扣留：它已经离开网络"}));
            }
        } else if (auto* pause = std::get_if<Pause>(&request)) {
            pause_timeline(host, *pause, real);
        }
    }
}

void RunControl::pause_timeline(RunHost& host, const Pause& pause, bool real) {
    if (pause.paused == paused_since_.has_value())
        return;                                  // already so (a repeated request)
    Event e;
    e.node = "lab";
    if (pause.paused) {
        // The nodes stop first (their last frames are read), then the clock.
        if (real)
            freeze(host, true);
        host.set_timeline_frozen(true);
        paused_since_ = std::chrono::steady_clock::now();
        e.kind = EventKind::RunPaused;
        e.data = Json{{"by", pause.by}, {"continues", real ? host.pause_limits() : std::string()}}.dump();
        e.t_ns = host.now().count();
        host.telemetry().emit(std::move(e));
        return;
    }
    // Resumed at the instant the clock stopped: the nodes thaw, then the clock goes on.
    const auto lasted = std::chrono::steady_clock::now() - *paused_since_;
    paused_since_.reset();
    e.kind = EventKind::RunResumed;
    e.data = Json{{"paused_ms", std::chrono::duration_cast<std::chrono::milliseconds>(lasted).count()}}.dump();
    e.t_ns = host.now().count();
    host.telemetry().emit(std::move(e));
    if (real)
        freeze(host, false);
    host.set_timeline_frozen(false);
}

// Real runs: pausing freezes the nodes that are running and not already paused by a fault;
// resuming thaws exactly those, so a fault's pause outlives the run's.
void RunControl::freeze(RunHost& host, bool frozen) {
    if (frozen) {
        for (const core::NodeId& node : host.network().nodes()) {
            if (host.is_alive(node) && !host.is_paused(node)) {
                host.pause(node);
                frozen_.push_back(node);
            }
        }
    } else {
        for (const core::NodeId& node : frozen_)
            host.resume(node);
        frozen_.clear();
    }
}

void RunControl::on_step(const StepSpec& step) {
    if (step.pause && step_mode_.load()) {
        paused_.store(true);
        push(Pause{true, "step"});
    }
}

void RunControl::hold_while_paused(RunHost& host, Nemesis& nemesis, const std::atomic<bool>* stop) {
    // The stop flag is set without notifying: look again every 50 ms.
    constexpr auto kPoll = std::chrono::milliseconds(50);
    // Held while a pause has been applied and its resume has not: the requests decide, not the
    // flag, so a resume asked before the pause was taken still ends it at the paused instant.
    apply(host, nemesis, false);
    while (paused_since_ && !(stop && stop->load())) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, kPoll, [&] { return !pending_.empty(); });
        }
        apply(host, nemesis, false);
        // Nothing else flushes while the clock stands still: show what the faults did now.
        host.telemetry().flush();
    }
}

}  // namespace distlab::netlab
