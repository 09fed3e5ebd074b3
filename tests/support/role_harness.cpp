#include "tests/support/role_harness.h"

#include "core/host/memory_storage.h"

#include <stdexcept>
#include <utility>

namespace distlab::test_support {

using core::Duration;
using core::Envelope;
using core::FrameKind;
using core::Json;

// The host side of the driver: a manual clock (the harness's), a timer list, an in-memory disk.
class RoleHarness::FakeHost final : public core::HostPort {
public:
    struct Timer {
        std::int64_t due_ns;
        std::uint64_t order;       // arming order, to break ties deterministically
    };

    explicit FakeHost(RoleHarness& harness) : harness_(harness) {}

    std::int64_t host_now_ns() const override { return harness_.now_ns_; }
    std::int64_t stamp_ns() const override { return harness_.now_ns_; }
    void transmit(Envelope env) override { harness_.receive(std::move(env)); }
    void arm(std::uint64_t key, Duration after) override {
        const std::int64_t after_ns = after.count() > 0 ? after.count() : 0;
        timers_.insert_or_assign(key, Timer{harness_.now_ns_ + after_ns, next_order_++});
    }
    void disarm(std::uint64_t key) override { timers_.erase(key); }
    core::Storage& storage() override { return storage_; }
    core::ProgramPort* program() override { return harness_.program_; }
    void clear_timers() { timers_.clear(); }

    // The earliest timer due at or before `until_ns`, removed from the list.
    std::optional<std::pair<std::uint64_t, std::int64_t>> pop_due(std::int64_t until_ns) {
        auto best = timers_.end();
        for (auto it = timers_.begin(); it != timers_.end(); ++it) {
            if (it->second.due_ns > until_ns)
                continue;
            if (best == timers_.end() || it->second.due_ns < best->second.due_ns ||
                (it->second.due_ns == best->second.due_ns && it->second.order < best->second.order))
                best = it;
        }
        if (best == timers_.end())
            return std::nullopt;
        std::pair<std::uint64_t, std::int64_t> due{best->first, best->second.due_ns};
        timers_.erase(best);
        return due;
    }

    std::optional<std::int64_t> earliest() const {
        std::optional<std::int64_t> out;
        for (const auto& [key, timer] : timers_)
            if (!out || timer.due_ns < *out)
                out = timer.due_ns;
        return out;
    }

private:
    RoleHarness& harness_;
    std::map<std::uint64_t, Timer> timers_;
    std::uint64_t next_order_ = 0;
    core::MemoryStorage storage_;
};

RoleHarness::RoleHarness(HarnessSetup setup) {
    program_ = setup.program;
    info_ = core::RoleRegistry::builtin().find(setup.role);
    if (!info_) {
        std::string known;
        for (const auto& name : core::RoleRegistry::builtin().names())
            known += (known.empty() ? "" : ", ") + name;
        throw std::invalid_argument("unknown role '" + setup.role + "' (known: " + known + ")");
    }
    std::vector<core::NodeId> nodes = setup.peers;
    nodes.push_back(setup.self);
    auto params = core::resolve_params(info_->params, setup.params, &nodes);
    if (!params) {
        std::string problems;
        for (const auto& p : params.error())
            problems += "\n  " + p.key + ": " + p.message;
        throw std::invalid_argument("bad parameters for role '" + setup.role + "':" + problems);
    }
    if (!setup.peer_roles.empty() && setup.peer_roles.size() != setup.peers.size())
        throw std::invalid_argument("peer_roles names " + std::to_string(setup.peer_roles.size()) + " roles for " +
                                    std::to_string(setup.peers.size()) + " peers");
    std::vector<std::string> peer_roles =
        setup.peer_roles.empty() ? std::vector<std::string>(setup.peers.size(), setup.role) : setup.peer_roles;
    host_ = std::make_unique<FakeHost>(*this);
    node_ = std::make_unique<core::NodeSetup>(
        core::NodeSetup{setup.self, setup.peers, std::move(peer_roles), setup.role, *params, setup.seed, 1.0, setup.labels});
    driver_ = std::make_unique<core::RoleDriver>(*node_, info_->make(node_->params), *host_);
}

RoleHarness::~RoleHarness() = default;

void RoleHarness::start() {
    driver_->start();
}

void RoleHarness::restart() {
    driver_.reset();
    host_->clear_timers();
    driver_ = std::make_unique<core::RoleDriver>(*node_, info_->make(node_->params), *host_);
    driver_->start();
}

core::Storage& RoleHarness::storage() {
    return host_->storage();
}

core::MessageId RoleHarness::deliver(const core::NodeId& from, std::string type, Json body,
                                     core::MessageId reply_to) {
    Envelope env;
    env.kind = FrameKind::Data;
    env.src = from;
    env.dst = driver_->self();
    env.id = next_inbound_id_++;
    env.reply_to = reply_to;
    env.sent_ns = now_ns_;
    env.type = std::move(type);
    env.body = body.dump();
    const core::MessageId id = env.id;
    driver_->deliver(env);
    return id;
}

core::MessageId RoleHarness::reply_to(const core::Message& sent, Json body) {
    return deliver(sent.to, sent.type + "_reply", std::move(body), sent.id);
}

void RoleHarness::program_event(const core::ProgramEvent& event) {
    driver_->program_event(event);
}

void RoleHarness::advance(Duration by) {
    const std::int64_t until = now_ns_ + (by.count() > 0 ? by.count() : 0);
    fire_due(until);
    now_ns_ = until;
}

void RoleHarness::fire_due(std::int64_t until_ns) {
    while (auto due = host_->pop_due(until_ns)) {
        now_ns_ = due->second;
        driver_->fire(due->first);
    }
}

std::optional<Duration> RoleHarness::next_timer_at() const {
    auto earliest = host_->earliest();
    if (!earliest)
        return std::nullopt;
    return Duration(*earliest);
}

std::vector<core::Message> RoleHarness::take_sent() {
    return std::exchange(sent_, {});
}

std::size_t RoleHarness::open_ops() const {
    std::size_t invoked = 0;
    std::size_t completed = 0;
    for (const auto& op : ops_)
        (op.phase == "invoke" ? invoked : completed) += 1;
    return invoked - completed;
}

std::string RoleHarness::phase() const {
    return driver_->current_phase();
}

Json RoleHarness::snapshot() const {
    return driver_->role().snapshot();
}

std::uint64_t RoleHarness::violations() const {
    return driver_->violations();
}

double RoleHarness::counter(std::string_view name) {
    driver_->flush();
    auto it = counters_.find(name);
    return it != counters_.end() && it->is_number() ? it->get<double>() : 0.0;
}

double RoleHarness::gauge(std::string_view name) {
    driver_->flush();
    auto it = gauges_.find(name);
    return it != gauges_.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::vector<double> RoleHarness::samples(std::string_view name) {
    driver_->flush();
    auto it = samples_.find(name);
    return it == samples_.end() ? std::vector<double>{} : it->second;
}

void RoleHarness::receive(Envelope env) {
    Json body = Json::parse(env.body, nullptr, /*allow_exceptions=*/false);
    switch (env.kind) {
    case FrameKind::Data:
        sent_.push_back({env.src, env.dst, env.id, env.reply_to, env.type,
                         body.is_discarded() ? Json() : std::move(body)});
        return;
    case FrameKind::Op:
        if (body.is_object())
            ops_.push_back({body.value("op", core::OpId{0}), body.value("phase", std::string()),
                            body.value("f", std::string()), body.value("value", Json()),
                            Duration(now_ns_)});
        return;
    case FrameKind::Log:
        logs_.push_back(body.is_object() ? body.value("text", std::string()) : env.body);
        return;
    case FrameKind::Metric: {
        if (!body.is_object())
            return;
        counters_ = body.value("counters", Json::object());
        gauges_ = body.value("gauges", Json::object());
        const Json samples = body.value("samples", Json::object());
        for (const auto& [name, values] : samples.items())
            for (const auto& v : values)
                if (v.is_number())
                    samples_[name].push_back(v.get<double>());
        return;
    }
    case FrameKind::Control:
        if (env.type == "violation") {
            // {"text": English, "zh": Chinese}: the English, as the tests read it.
            const Json body = Json::parse(env.body, nullptr, false);
            logs_.push_back("violation: " + (body.is_object() ? body.value("text", env.body) : env.body));
        }
        return;
    case FrameKind::State:
    case FrameKind::Phase:               // phase() reads the driver's current phase
        return;
    }
}

}  // namespace distlab::test_support
