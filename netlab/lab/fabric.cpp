#include "netlab/lab/fabric.h"

#include "netlab/lab/run_host.h"

namespace distlab::netlab {

namespace {

// {"n1":3,"n2":1}, written directly: this runs for every message. Node ids need no escaping
// ([a-z][a-z0-9_-]*, and "lab").
std::string vclock_json(const core::VectorClock& clock) {
    std::string out = "{";
    for (const auto& [node, count] : clock.entries()) {
        if (out.size() > 1)
            out += ',';
        out += '"';
        out += node;
        out += "\":";
        out += std::to_string(count);
    }
    out += '}';
    return out;
}

}  // namespace

Fabric::Fabric(RunHost& host, NetworkModel& network, Telemetry& telemetry, DeliverFn deliver)
    : host_(host), network_(network), telemetry_(telemetry), deliver_(std::move(deliver)) {}

void Fabric::emit(EventKind kind, const core::Envelope& env, std::string data) {
    emit_at(host_.now(), kind, env, std::move(data));
}

void Fabric::emit_at(Duration t, EventKind kind, const core::Envelope& env, std::string data) {
    Event e;
    e.t_ns = t.count();
    e.kind = kind;
    e.node = env.src;
    e.peer = env.dst;
    e.msg_id = env.id;
    e.type = env.type;
    e.data = std::move(data);
    if (kind == EventKind::MessageSent)
        e.aux = vclock_json(env.vclock);
    telemetry_.emit(std::move(e));
}

void Fabric::submit(core::Envelope env) {
    ++counters_.sent;
    emit(EventKind::MessageSent, env, env.body);
    // The frame's size on the wire, as far as bandwidth is concerned.
    const std::size_t bytes = env.body.size() + env.type.size() + env.src.size() + env.dst.size() + 40;
    const RouteDecision decision = network_.route(env.src, env.dst, bytes, host_.now());
    switch (decision.fate) {
    case RouteDecision::Fate::Drop:
        ++counters_.dropped;
        emit(EventKind::MessageDropped, env,
             core::Json{{"reason", decision.drop_reason}}.dump());
        return;
    case RouteDecision::Fate::Hold:
        hold(std::move(env));
        return;
    case RouteDecision::Fate::Deliver:
        break;
    }
    if (decision.duplicate_delay) {
        ++counters_.duplicated;
        emit(EventKind::MessageDuplicated, env);
        host_.schedule(host_.now() + *decision.duplicate_delay, [this, copy = env] { deliver_now(copy); });
    }
    if (decision.delay > Duration{0}) {
        // On its way for a while: kept here, so that a hold by hand can still take it.
        const std::uint64_t ticket = next_ticket_++;
        in_flight_.emplace(ticket, std::move(env));
        host_.schedule(host_.now() + decision.delay, [this, ticket] { deliver_due(ticket); });
        return;
    }
    // Always through the host's queue, even with no delay: a node never receives a message
    // inside the step that sent it.
    host_.schedule(host_.now() + decision.delay, [this, env = std::move(env)] { deliver_now(env); });
}

void Fabric::deliver_due(std::uint64_t ticket) {
    const auto it = in_flight_.find(ticket);
    if (it == in_flight_.end())
        return;                                      // held by hand meanwhile
    const core::Envelope env = std::move(it->second);
    in_flight_.erase(it);
    deliver_now(env);
}

void Fabric::deliver_now(const core::Envelope& env) {
    // Stamped when handed over: a real host's write may wake the receiver, which can run before
    // this thread gets the processor back.
    const Duration handed_over = host_.now();
    if (deliver_(env)) {
        ++counters_.delivered;
        emit_at(handed_over, EventKind::MessageDelivered, env);
    } else {
        ++counters_.dropped;
        emit(EventKind::MessageDropped, env, core::Json{{"reason", "dead"}}.dump());
    }
}

bool Fabric::release(const core::NodeId& from, core::MessageId id, bool deliver) {
    auto it = held_.find(std::make_pair(from, id));
    if (it == held_.end())
        return false;
    core::Envelope env = std::move(it->second.env);
    held_.erase(it);
    if (deliver) {
        host_.schedule(host_.now(), [this, env = std::move(env)] { deliver_now(env); });
    } else {
        ++counters_.dropped;
        emit(EventKind::MessageDropped, env, core::Json{{"reason", "held"}}.dump());
    }
    return true;
}

std::optional<core::NodeId> Fabric::hold_in_flight(const core::NodeId& from, core::MessageId id) {
    // A scan: holds by hand are rare and in-flight sets small. A restarted node may reuse an id:
    // the oldest of them is the one on its way longest.
    auto found = in_flight_.end();
    for (auto it = in_flight_.begin(); it != in_flight_.end(); ++it)
        if (it->second.id == id && it->second.src == from && (found == in_flight_.end() || it->first < found->first))
            found = it;
    if (found == in_flight_.end())
        return std::nullopt;
    core::NodeId to = found->second.dst;
    hold(std::move(found->second));
    in_flight_.erase(found);
    return to;
}

void Fabric::hold(core::Envelope env) {
    ++counters_.held;
    emit(EventKind::MessageHeld, env);
    auto key = std::make_pair(env.src, env.id);
    held_.insert_or_assign(std::move(key), Held{std::move(env), host_.now().count()});
}

void Fabric::release_all(bool deliver) {
    while (!held_.empty()) {
        const auto key = held_.begin()->first;
        release(key.first, key.second, deliver);
    }
}

}  // namespace distlab::netlab
