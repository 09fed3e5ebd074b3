#include "netlab/sim/sim_run.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "netlab/api/role_catalog.h"
#include "netlab/lab/seeds.h"

namespace distlab::netlab {

namespace {

bool later(const auto& a, const auto& b) {
    return a.t_ns != b.t_ns ? a.t_ns > b.t_ns : a.seq > b.seq;
}

constexpr int kSigKill = 9;

// NodeExited's data as the real lab writes it: code -1 when a signal killed the process; cause
// "fault" (the nemesis or the user), "shutdown" (end of run) or "crash".
std::string exit_data(int code, int signal, std::string_view cause) {
    return Json{{"pid", 0}, {"code", code}, {"signal", signal}, {"cause", cause}}.dump();
}

}  // namespace

// One node incarnation's view of the simulator: virtual clock, timers into the run's queue,
// frames into the fabric or telemetry, and the node's storage. Lives as long as the driver.
class SimRun::Port final : public core::HostPort {
public:
    Port(SimRun& run, std::size_t node) : run_(run), node_(node) {}

    std::int64_t host_now_ns() const override { return run_.now_.count(); }
    std::int64_t stamp_ns() const override { return run_.now_.count(); }

    void transmit(core::Envelope env) override {
        if (env.kind == core::FrameKind::Data)
            run_.fabric_->submit(std::move(env));
        else
            run_.telemetry_.on_node_frame(run_.nodes_[node_].spec->id, env, run_.now_.count());
    }

    void arm(std::uint64_t key, Duration after) override {
        const std::uint64_t generation = ++next_generation_;
        timers_.insert_or_assign(key, generation);
        Task task;
        task.node = node_;
        task.incarnation = run_.nodes_[node_].incarnation;
        task.is_timer = true;
        task.key = key;
        task.generation = generation;
        run_.push(run_.now_.count() + std::max<std::int64_t>(after.count(), 0),
                  [&run = run_, task = std::move(task)]() mutable { run.run_task(std::move(task)); });
    }

    void disarm(std::uint64_t key) override { timers_.erase(key); }

    core::Storage& storage() override { return run_.nodes_[node_].storage; }

    // True (and forgets the timer) when `generation` is the key's latest arm().
    bool take(std::uint64_t key, std::uint64_t generation) {
        const auto it = timers_.find(key);
        if (it == timers_.end() || it->second != generation)
            return false;
        timers_.erase(it);
        return true;
    }

private:
    SimRun& run_;
    std::size_t node_;
    std::uint64_t next_generation_ = 0;
    std::unordered_map<std::uint64_t, std::uint64_t> timers_;   // key -> latest generation
};

SimRun::SimRun(const Scenario& scenario, const core::RoleRegistry& roles,
               std::optional<std::uint64_t> seed_override)
    : scenario_(scenario),
      roles_(roles),
      seed_(seed_override.value_or(scenario.seed)),
      rng_(derive_seed(seed_, "nemesis")),
      network_(scenario_, derive_seed(seed_, "network")) {
    fabric_ = std::make_unique<Fabric>(*this, network_, telemetry_,
                                       [this](const core::Envelope& env) { return deliver(env); });
    nemesis_ = std::make_unique<Nemesis>(*this, scenario_, roles_);
    telemetry_.trusted_state_text = true;   // every node's role driver is in this process
    nodes_.resize(scenario_.nodes.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        nodes_[i].spec = &scenario_.nodes[i];
        nodes_[i].info = roles_.find(scenario_.nodes[i].role);
    }
}

SimRun::~SimRun() {
    // Drivers reference their ports; drop them first.
    for (Node& node : nodes_)
        node.driver.reset();
}

Duration SimRun::to_host(Duration role_time) const {
    const double scale = scenario_.time_scale > 0 ? scenario_.time_scale : 1.0;
    return Duration(static_cast<std::int64_t>(std::llround(static_cast<double>(role_time.count()) * scale)));
}

void SimRun::push(std::int64_t t_ns, std::function<void()> fn) {
    queue_.push_back(Item{std::max(t_ns, now_.count()), next_seq_++, std::move(fn)});
    std::push_heap(queue_.begin(), queue_.end(), [](const Item& a, const Item& b) { return later(a, b); });
}

void SimRun::schedule(Duration at, std::function<void()> fn) {
    push(at.count(), std::move(fn));
}

bool SimRun::step(std::int64_t deadline_ns) {
    if (ended_ || queue_.empty() || queue_.front().t_ns > deadline_ns)
        return false;
    const std::int64_t t = queue_.front().t_ns;
    if (t - window_start_ns_ >= 1'000'000'000) {
        window_start_ns_ = t;
        window_actions_ = 0;
    }
    if (++window_actions_ > max_actions_per_second_) {
        now_ = Duration(t);
        const std::string at = std::to_string(t / 1'000'000) + " ms";
        const std::string limit = std::to_string(max_actions_per_second_);
        flood_ = "flooded: more than " + limit +
                 " actions within one simulated second, at " + at + " (a role is sending or arming timers in a loop)";
        telemetry_.emit(lab_log(t, {}, "error",
                                core::Text{"the simulation stopped at " + at + ": more than " + limit +
                                               " actions within one simulated second; a role is sending or arming "
                                               "timers in a loop",
                                           "模拟在 " + at + " 处停止：一个模拟秒内的动作超过 " + limit + " 个；某个角色在循环发送消息或设置定时器"}));
        finish(flood_);
        return false;
    }
    if ((window_actions_ & 1023) == 0 && interrupted())
        return false;
    std::pop_heap(queue_.begin(), queue_.end(), [](const Item& a, const Item& b) { return later(a, b); });
    Item item = std::move(queue_.back());
    queue_.pop_back();
    now_ = Duration(item.t_ns);
    item.fn();
    return true;
}

void SimRun::emit_node(EventKind kind, const NodeId& node, std::string data) {
    Event e;
    e.t_ns = now_.count();
    e.kind = kind;
    e.node = node;
    e.data = std::move(data);
    telemetry_.emit(std::move(e));
}

void SimRun::start() {
    if (started_)
        return;
    started_ = true;
    Event e;
    e.t_ns = now_.count();
    e.kind = EventKind::RunStarted;
    Json data = {{"scenario", scenario_.name}, {"seed", seed_}, {"time_scale", scenario_.time_scale}, {"sim", true}};
    RoleCatalog(roles_, scenario_.node_roles()).write(data);
    e.data = data.dump();
    telemetry_.emit(std::move(e));
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        spawn(i, false);
    nemesis_->arm();
}

void SimRun::run_for(Duration d) {
    if (ended_)
        return;
    const std::int64_t deadline = now_.count() + std::max<std::int64_t>(d.count(), 0);
    while (step(deadline)) {
    }
    if (ended_ || interrupted())
        return;
    now_ = Duration(deadline);
    telemetry_.flush();
}

bool SimRun::run_until(const std::function<bool()>& done, Duration limit) {
    if (ended_)
        return done();
    const std::int64_t deadline = now_.count() + std::max<std::int64_t>(limit.count(), 0);
    bool held = done();
    while (!held && step(deadline))
        held = done();
    if (!held && !ended_ && !interrupted())
        now_ = Duration(deadline);
    telemetry_.flush();
    return held;
}

void SimRun::run() {
    if (ended_)
        return;
    start();
    const Duration end = to_host(scenario_.duration);
    if (end > now_)
        run_for(end - now_);
    if (ended_)
        return;
    finish(interrupted() ? kStoppedByUser : "duration reached");
}

void SimRun::stop_now() {
    if (ended_)
        return;
    start();
    finish(kStoppedByUser);
}

void SimRun::finish(std::string_view reason) {
    // The lab stops every node at the end of a run: pending telemetry first, then the exit.
    // The drivers stay, so the final state of each node can still be read.
    for (Node& node : nodes_)
        if (node.driver) {
            node.driver->flush();
            emit_node(EventKind::NodeExited, node.spec->id, exit_data(0, 0, "shutdown"));
        }
    Event e;
    e.t_ns = now_.count();
    e.kind = EventKind::RunEnded;
    e.data = Json{{"reason", std::string(reason)}}.dump();
    telemetry_.emit(std::move(e));
    telemetry_.flush();
    ended_ = true;
}

std::optional<std::size_t> SimRun::index_of(std::string_view node) const {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i].spec->id == node)
            return i;
    return std::nullopt;
}

void SimRun::spawn(std::size_t index, bool restart) {
    Node& node = nodes_[index];
    const NodeId& id = node.spec->id;
    ++node.incarnation;
    node.paused = false;
    node.parked.clear();

    std::unique_ptr<core::Role> role;
    if (node.info && node.info->make)
        role = node.info->make(node.spec->resolved);
    if (!role) {
        telemetry_.emit(lab_log(now_.count(), id, "error",
                                core::Text{"cannot start role '" + node.spec->role + "': it is not registered",
                                           "无法启动角色“" + node.spec->role + "”：该角色未注册"}));
        emit_node(EventKind::NodeExited, id, exit_data(1, 0, "crash"));
        return;
    }

    core::NodeSetup setup;
    setup.self = id;
    for (const NodeSpec& other : scenario_.nodes)
        if (other.id != id) {
            setup.peers.push_back(other.id);
            setup.peer_roles.push_back(other.role);
        }
    setup.role = node.spec->role;
    setup.params = node.spec->resolved;
    // The stream the real lab uses; a restart gets the same seed, as a process restarted with
    // the same command line would.
    setup.seed = derive_seed(seed_, "node:" + id);
    setup.time_scale = scenario_.time_scale;
    for (const NodeSpec& n : scenario_.nodes)
        if (!n.labels.empty())
            setup.labels[n.id] = n.labels;

    emit_node(EventKind::NodeStarted, id,
              Json{{"pid", 0}, {"role", node.spec->role}, {"restart", restart}}.dump());
    node.port = std::make_unique<Port>(*this, index);
    node.driver = std::make_unique<core::RoleDriver>(std::move(setup), std::move(role), *node.port);
    // A skewed clock belongs to the machine, so it outlives the process.
    if (node.skew_offset != Duration{0} || node.skew_drift != 0.0)
        node.driver->set_clock_skew(node.skew_offset, node.skew_drift);
    node.driver->start();
}

void SimRun::stop(std::size_t index, std::string exit) {
    Node& node = nodes_[index];
    if (!node.driver)
        return;
    dead_violations_ += node.driver->violations();
    node.driver.reset();
    node.port.reset();
    ++node.incarnation;                               // its queued timers and deliveries die too
    node.paused = false;
    node.parked.clear();
    emit_node(EventKind::NodeExited, node.spec->id, std::move(exit));
    telemetry_.forget_state(node.spec->id);
}

bool SimRun::is_alive(const core::NodeId& node) const {
    const auto i = index_of(node);
    return !ended_ && i && nodes_[*i].driver != nullptr;
}

void SimRun::kill(const core::NodeId& node) {
    if (ended_)
        return;
    if (const auto i = index_of(node))
        stop(*i, exit_data(-1, kSigKill, "fault"));
}

void SimRun::restart(const core::NodeId& node) {
    const auto i = index_of(node);
    if (!i || ended_)
        return;
    kill(node);
    spawn(*i, true);
}

bool SimRun::restart_with(const core::NodeId& node, core::Params params) {
    const auto i = index_of(node);
    if (!i || ended_)
        return false;
    scenario_.nodes[*i].resolved = std::move(params);
    restart(node);
    return true;
}

void SimRun::pause(const core::NodeId& node) {
    const auto i = index_of(node);
    if (!i || ended_ || !nodes_[*i].driver || nodes_[*i].paused)
        return;
    nodes_[*i].paused = true;
    emit_node(EventKind::NodePaused, node);
}

void SimRun::resume(const core::NodeId& node) {
    const auto i = index_of(node);
    if (!i || ended_ || !nodes_[*i].driver || !nodes_[*i].paused)
        return;
    Node& n = nodes_[*i];
    n.paused = false;
    emit_node(EventKind::NodeResumed, node);
    // What arrived or expired meanwhile runs now, in its original order.
    std::vector<Task> parked = std::move(n.parked);
    n.parked.clear();
    for (Task& task : parked)
        queue_task(std::move(task));
}

void SimRun::set_clock_skew(const core::NodeId& node, Duration offset, double drift) {
    const auto i = index_of(node);
    if (!i)
        return;
    Node& n = nodes_[*i];
    n.skew_offset = offset;
    n.skew_drift = drift;
    if (n.driver)
        n.driver->set_clock_skew(offset, drift);
}

bool SimRun::send_command(const core::NodeId& node, const std::string& type, const Json& body) {
    core::Envelope env;
    env.kind = core::FrameKind::Data;
    env.src = "lab";
    env.dst = node;
    env.id = ++commands_sent_;
    env.sent_ns = now_.count();
    env.type = type;
    env.body = body.dump();
    return deliver(env);
}

bool SimRun::release_held(const core::NodeId& from, core::MessageId id, bool deliver) {
    return fabric_->release(from, id, deliver);
}

std::optional<core::NodeId> SimRun::hold_message(const core::NodeId& from, core::MessageId id) {
    return fabric_->hold_in_flight(from, id);
}

bool SimRun::deliver(const core::Envelope& env) {
    const auto i = index_of(env.dst);
    if (!i || !nodes_[*i].driver)
        return false;
    // The message is in the node's socket now; the node reads it in a step of its own.
    Task task;
    task.node = *i;
    task.incarnation = nodes_[*i].incarnation;
    task.env = env;
    queue_task(std::move(task));
    return true;
}

void SimRun::queue_task(Task task) {
    push(now_.count(), [this, task = std::move(task)]() mutable { run_task(std::move(task)); });
}

void SimRun::run_task(Task task) {
    Node& node = nodes_[task.node];
    if (task.incarnation != node.incarnation || !node.driver)
        return;
    if (node.paused) {
        node.parked.push_back(std::move(task));
        return;
    }
    if (task.is_timer) {
        if (node.port->take(task.key, task.generation))
            node.driver->fire(task.key);
    } else {
        node.driver->deliver(task.env);
    }
}

const core::RoleDriver* SimRun::driver(std::string_view node) const {
    const auto i = index_of(node);
    return i ? nodes_[*i].driver.get() : nullptr;
}

std::optional<Json> SimRun::snapshot(std::string_view node) const {
    const core::RoleDriver* d = driver(node);
    if (!d)
        return std::nullopt;
    return d->role().snapshot();
}

bool SimRun::is_paused(const core::NodeId& node) const {
    const auto i = index_of(node);
    return i && nodes_[*i].paused;
}

std::uint64_t SimRun::violations() const {
    std::uint64_t total = dead_violations_;
    for (const Node& node : nodes_)
        if (node.driver)
            total += node.driver->violations();
    return total;
}

}  // namespace distlab::netlab
