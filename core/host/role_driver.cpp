#include "core/host/role_driver.h"

#include <cmath>
#include <exception>
#include <utility>

namespace distlab::core {

RoleDriver::RoleDriver(NodeSetup setup, std::unique_ptr<Role> role, HostPort& host)
    : setup_(std::move(setup)), role_(std::move(role)), host_(host), rng_(setup_.seed) {
    if (setup_.time_scale <= 0)
        setup_.time_scale = 1.0;
}

void RoleDriver::start() {
    step([&] { role_->start(*this); });
}

void RoleDriver::deliver(const Envelope& env) {
    Json body = Json::parse(env.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) {
        log(LogLevel::Warn, "dropped a '" + env.type + "' message from " + env.src +
                                ": its body is not JSON");
        return;
    }
    // Fidge/Mattern: on receive, merge the sender's clock, then count the receive event.
    vclock_.merge(env.vclock);
    vclock_.tick(setup_.self);

    Message msg{env.src, env.dst, env.id, env.reply_to, env.type, std::move(body)};
    if (msg.reply_to != 0) {
        auto it = calls_.find(msg.reply_to);
        if (it != calls_.end() && msg.from == it->second.to) {
            host_.disarm(it->second.key);
            ReplyHandler done = std::move(it->second.on_done);
            calls_.erase(it);
            CallOutcome outcome{false, std::move(msg)};
            step([&] { done(*this, outcome); });
            return;
        }
    }
    step([&] { role_->on_message(*this, msg); });
}

void RoleDriver::fire(std::uint64_t key) {
    if (key == kSnapshotKey) {
        snapshot_armed_ = false;
        send_snapshot();
        return;
    }
    if (key == kMetricsKey) {
        metrics_armed_ = false;
        send_metrics();
        return;
    }
    if (key >= kCallKeyBase) {
        auto it = calls_.find(key - kCallKeyBase);
        if (it == calls_.end())
            return;                                  // answered in the meantime
        ReplyHandler done = std::move(it->second.on_done);
        calls_.erase(it);
        const CallOutcome outcome{true, {}};
        step([&] { done(*this, outcome); });
        return;
    }
    step([&] { role_->on_timer(*this, static_cast<TimerId>(key)); });
}

void RoleDriver::flush() {
    send_snapshot();
    send_metrics();
}

void RoleDriver::set_clock_skew(Duration offset, double drift) {
    // Re-anchor so that changing the drift does not make the clock jump.
    const Duration current = now() - skew_offset_;
    skew_anchor_role_ = current;
    skew_anchor_host_ = host_.host_now_ns();
    skew_offset_ = offset;
    skew_drift_ = drift > -0.9 ? drift : -0.9;
    step([&] { role_->on_clock_skew(*this, offset, skew_drift_); });
}

void RoleDriver::program_event(const ProgramEvent& event) {
    step([&] { role_->on_program(*this, event); });
}

std::string_view RoleDriver::role_of(const NodeId& node) const {
    if (node == setup_.self)
        return setup_.role;
    for (std::size_t i = 0; i < setup_.peers.size() && i < setup_.peer_roles.size(); ++i)
        if (setup_.peers[i] == node)
            return setup_.peer_roles[i];
    return {};
}

const Labels& RoleDriver::labels_of(const NodeId& node) const {
    static const Labels none;
    const auto it = setup_.labels.find(node);
    return it == setup_.labels.end() ? none : it->second;
}

Duration RoleDriver::now() const {
    const double host_elapsed = static_cast<double>(host_.host_now_ns() - skew_anchor_host_);
    const double role_elapsed = host_elapsed / setup_.time_scale * (1.0 + skew_drift_);
    return skew_anchor_role_ + Duration(static_cast<std::int64_t>(role_elapsed)) + skew_offset_;
}

Duration RoleDriver::to_host(Duration role_time) const {
    const double rate = (1.0 + skew_drift_) / setup_.time_scale;   // role time per host time
    if (rate == 1.0 || role_time <= Duration(0))
        return role_time;
    // Rounded up with a nanosecond to spare, so that when the host's timer fires now() has
    // reached the role's deadline: a timer that fired a nanosecond early would be armed again
    // for the rest, which rounds to no host time at all, and fire again forever at one instant
    // (chaos found the simulator flooded so under clock drift).
    const double host = std::ceil(static_cast<double>(role_time.count() + 1) / rate);
    return Duration(static_cast<std::int64_t>(host));
}

MessageId RoleDriver::send(const NodeId& to, std::string type, Json body) {
    return transmit_data(to, std::move(type), body, 0);
}

void RoleDriver::reply(const Message& request, Json body, std::string type) {
    if (type.empty())
        type = request.type + "_reply";
    transmit_data(request.from, std::move(type), body, request.id);
}

MessageId RoleDriver::call(const NodeId& to, std::string type, Json body, Duration deadline,
                           ReplyHandler on_done) {
    const MessageId id = transmit_data(to, std::move(type), body, 0);
    const std::uint64_t key = kCallKeyBase + id;
    calls_.emplace(id, PendingCall{std::move(on_done), key, to});
    host_.arm(key, to_host(deadline));
    return id;
}

void RoleDriver::set_timer(TimerId id, Duration after) {
    host_.arm(static_cast<std::uint64_t>(id), to_host(after));
}

void RoleDriver::cancel_timer(TimerId id) {
    host_.disarm(static_cast<std::uint64_t>(id));
}

void RoleDriver::log(LogLevel level, std::string text) {
    Json body = {{"level", to_string(level)}, {"text", std::move(text)}};
    emit(FrameKind::Log, {}, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void RoleDriver::phase(std::string_view name, Text reason) {
    if (name == phase_)
        return;
    phase_ = name;
    Json body = {{"reason", std::move(reason.en)}};
    if (!reason.zh.empty())
        body["reason_zh"] = std::move(reason.zh);
    emit(FrameKind::Phase, phase_, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void RoleDriver::violation(Text text) {
    ++violations_;
    Json body = {{"text", std::move(text.en)}};
    if (!text.zh.empty())
        body["zh"] = std::move(text.zh);
    emit(FrameKind::Control, "violation", body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void RoleDriver::count(std::string_view name, double delta) {
    auto it = counters_.find(name);
    if (it == counters_.end())
        it = counters_.emplace(std::string(name), 0.0).first;
    it->second += delta;
    mark_metrics_dirty();
}

void RoleDriver::gauge(std::string_view name, double value) {
    auto it = gauges_.find(name);
    if (it == gauges_.end())
        gauges_.emplace(std::string(name), value);
    else
        it->second = value;
    mark_metrics_dirty();
}

void RoleDriver::observe(std::string_view name, double value) {
    auto it = samples_.find(name);
    if (it == samples_.end())
        it = samples_.emplace(std::string(name), std::vector<double>{}).first;
    it->second.push_back(value);
    mark_metrics_dirty();
}

OpId RoleDriver::op_invoke(std::string_view function, Json value) {
    const OpId op = next_op_id_++;
    Json body = {{"op", op}, {"phase", "invoke"}, {"f", function}, {"value", std::move(value)}};
    emit(FrameKind::Op, {}, body.dump(-1, ' ', false, Json::error_handler_t::replace));
    return op;
}

void RoleDriver::op_complete(OpId op, OpStatus status, Json value) {
    Json body = {{"op", op}, {"phase", to_string(status)}, {"value", std::move(value)}};
    emit(FrameKind::Op, {}, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

template <class F>
void RoleDriver::step(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        // A role must not throw; if one does, the run shows it instead of losing the node.
        violation(Text{"role '", "角色“"} + setup_.role + Text{"' threw: ", "”抛出异常："} + e.what());
    }
    after_step();
}

MessageId RoleDriver::transmit_data(const NodeId& to, std::string type, const Json& body,
                                    MessageId reply_to) {
    if (to == kLabSender) {
        // An answer to one of the lab's commands: there is no node to carry it to, so it is
        // shown as a log line instead.
        log(LogLevel::Info, "answer to the lab's command: " + type + " " +
                                body.dump(-1, ' ', false, Json::error_handler_t::replace));
        return 0;
    }
    vclock_.tick(setup_.self);
    Envelope env;
    env.kind = FrameKind::Data;
    env.src = setup_.self;
    env.dst = to;
    env.id = next_message_id_++;
    env.reply_to = reply_to;
    env.sent_ns = host_.stamp_ns();
    env.vclock = vclock_;
    env.type = std::move(type);
    env.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    const MessageId id = env.id;
    host_.transmit(std::move(env));
    return id;
}

void RoleDriver::emit(FrameKind kind, std::string type, std::string body) {
    Envelope env;
    env.kind = kind;
    env.src = setup_.self;
    env.sent_ns = host_.stamp_ns();
    env.type = std::move(type);
    env.body = std::move(body);
    host_.transmit(std::move(env));
}

void RoleDriver::after_step() {
    if (snapshot_armed_)
        return;                                      // the armed timer will send the latest
    const std::int64_t now_ns = host_.host_now_ns();
    const std::int64_t due = last_snapshot_ns_ < 0 ? now_ns : last_snapshot_ns_ + kSnapshotInterval.count();
    if (now_ns >= due) {
        send_snapshot();
    } else {
        snapshot_armed_ = true;
        host_.arm(kSnapshotKey, Duration(due - now_ns));
    }
}

void RoleDriver::send_snapshot() {
    std::string text;
    try {
        text = role_->snapshot().dump(-1, ' ', false, Json::error_handler_t::replace);
    } catch (const std::exception& e) {
        violation(Text{"snapshot of role '", "角色“"} + setup_.role + Text{"' threw: ", "”的快照抛出异常："} + e.what());
        return;
    }
    // The throttle counts from the last look, sent or not: an unchanged snapshot taken after
    // every step of a busy node (every message a Raft follower gets) cost a simulated Raft run
    // a fifth of its time. A change still goes out within kSnapshotInterval: after_step arms
    // the snapshot timer.
    last_snapshot_ns_ = host_.host_now_ns();
    if (text == last_snapshot_)
        return;
    emit(FrameKind::State, {}, text);
    last_snapshot_ = std::move(text);
}

void RoleDriver::mark_metrics_dirty() {
    metrics_dirty_ = true;
    if (!metrics_armed_) {
        metrics_armed_ = true;
        host_.arm(kMetricsKey, kMetricsInterval);
    }
}

void RoleDriver::send_metrics() {
    if (!metrics_dirty_)
        return;
    metrics_dirty_ = false;
    Json body = {{"counters", counters_}, {"gauges", gauges_}, {"samples", samples_}};
    for (auto& [name, values] : samples_)
        values.clear();
    emit(FrameKind::Metric, {}, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace distlab::core
