#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/host/role_driver.h"
#include "core/model/role_registry.h"
#include "netlab/lab/fabric.h"
#include "netlab/lab/nemesis.h"
#include "netlab/lab/network_model.h"
#include "netlab/lab/run_host.h"
#include "netlab/scenario/scenario.h"
#include "core/host/memory_storage.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {

// The deterministic simulator: runs a whole scenario in one process on virtual time. Every
// node is a core::RoleDriver (the same code distlab-node runs) over an in-process port; every
// message passes the same Fabric and NetworkModel as in the real lab, and the same Nemesis
// runs the fault schedule, so the event stream has the real lab's shape. Nothing reads a wall
// clock: the run is a queue of (time, sequence) -> action, and the same scenario and seed give
// a byte-identical event stream.
//
// Faults: kill drops the node's driver (its memory) and timers and keeps its MemoryStorage;
// restart builds a new driver on the same storage; a paused node runs nothing (deliveries and
// expired timers wait, in order, and run on resume, as after SIGSTOP / SIGCONT).
//
// Ownership: owns a copy of the scenario, the network, telemetry, fabric, nemesis and nodes;
// keeps a reference to `roles`, which must outlive it.
// Threading: not thread-safe; one thread drives it (tests, the CLI, or the GUI's run thread).
class SimRun final : public RunHost {
public:
    SimRun(const Scenario& scenario, const core::RoleRegistry& roles,
           std::optional<std::uint64_t> seed_override = std::nullopt);
    ~SimRun() override;
    SimRun(const SimRun&) = delete;
    SimRun& operator=(const SimRun&) = delete;

    // Emits RunStarted, starts every node (declaration order) and arms the nemesis. Idempotent.
    void start();
    // Advances virtual time by `d`, running everything due on the way.
    void run_for(Duration d);
    // Runs until `done` holds (checked before and after every action) or `limit` passes.
    // Returns whether `done` held.
    bool run_until(const std::function<bool()>& done, Duration limit);
    // Starts if needed, runs to the scenario's end (duration x time_scale), stops every node
    // (NodeExited), emits RunEnded and flushes telemetry. Idempotent. Afterwards time stands
    // still, no node counts as alive, faults do nothing, and driver() / snapshot() still show
    // each node's final state.
    void run();
    // Ends the run now, before its end, as a user's stop does: stops every node (NodeExited),
    // emits RunEnded with the reason kStoppedByUser and flushes telemetry. Idempotent; then as
    // after run().
    void stop_now();
    bool ended() const { return ended_; }

    // run_for, run_until and run() look at `flag` between actions: once it is set (from any
    // thread) they return early, virtual time where the last action left it, and run() ends
    // the run as stop_now() does. Null: never interrupted.
    void set_interrupt(const std::atomic<bool>* flag) { interrupt_ = flag; }

    // A role that sends in a loop would keep a simulation busy forever at one virtual instant
    // or fill memory with its events, where the real lab would merely saturate. Past
    // max_actions_per_second actions (deliveries, timers, faults) within one second of virtual
    // time the run ends there, with flood() as the reason in RunEnded; flood() is empty while it
    // has not happened. The default is far above any shipped scenario's busiest second.
    static constexpr std::uint64_t kMaxActionsPerSecond = 1'000'000;
    void set_max_actions_per_second(std::uint64_t limit) { max_actions_per_second_ = limit; }
    const std::string& flood() const { return flood_; }

    const Scenario& scenario() const { return scenario_; }
    std::uint64_t seed() const { return seed_; }
    Nemesis& nemesis() { return *nemesis_; }
    Fabric& fabric() { return *fabric_; }
    const FabricCounters& counters() const { return fabric_->counters(); }
    // The node's driver; nullptr when it is dead or unknown.
    const core::RoleDriver* driver(std::string_view node) const;
    // The node's role snapshot now (not the throttled one telemetry saw); nullopt when dead.
    std::optional<Json> snapshot(std::string_view node) const;
    bool is_paused(const core::NodeId& node) const override;
    // Role violations over the run, across every incarnation of every node.
    std::uint64_t violations() const;
    // Actions waiting in the virtual-time queue.
    std::size_t pending_actions() const { return queue_.size(); }

    // RunHost
    Duration now() const override { return now_; }
    void schedule(Duration at, std::function<void()> fn) override;
    NetworkModel& network() override { return network_; }
    Telemetry& telemetry() override { return telemetry_; }
    std::mt19937_64& rng() override { return rng_; }
    bool is_alive(const core::NodeId& node) const override;
    void kill(const core::NodeId& node) override;
    void restart(const core::NodeId& node) override;
    void pause(const core::NodeId& node) override;
    void resume(const core::NodeId& node) override;
    void set_clock_skew(const core::NodeId& node, Duration offset, double drift) override;
    bool send_command(const core::NodeId& node, const std::string& type, const Json& body) override;
    bool release_held(const core::NodeId& from, core::MessageId id, bool deliver) override;
    std::optional<core::NodeId> hold_message(const core::NodeId& from, core::MessageId id) override;

    // A fork's parameter edit (netlab/runner/fork.h): restarts `node` as a restart fault does,
    // its storage kept, and its role now and after later restarts gets `params`. False when the
    // node is unknown or the run has ended.
    bool restart_with(const core::NodeId& node, core::Params params);

private:
    class Port;

    // Work for one node: a delivery or a timer expiry. Dropped when the node's incarnation has
    // changed since (it was killed); parked while the node is paused.
    struct Task {
        std::size_t node = 0;
        std::uint64_t incarnation = 0;
        bool is_timer = false;
        std::uint64_t key = 0;            // timer key
        std::uint64_t generation = 0;     // the arm() this expiry belongs to
        core::Envelope env;               // delivery
    };

    struct Node {
        const NodeSpec* spec = nullptr;
        const core::RoleDescriptor* info = nullptr;
        core::MemoryStorage storage;                      // survives kill and restart
        std::unique_ptr<Port> port;                   // null while dead
        std::unique_ptr<core::RoleDriver> driver;     // null while dead
        std::uint64_t incarnation = 0;
        bool paused = false;
        std::vector<Task> parked;                     // while paused, in arrival order
        Duration skew_offset{0};
        double skew_drift = 0.0;
    };

    struct Item {
        std::int64_t t_ns;
        std::uint64_t seq;
        std::function<void()> fn;
    };

    void push(std::int64_t t_ns, std::function<void()> fn);
    // Runs the next action due by deadline; false when none is due, or the run was interrupted
    // or flooded (then ended).
    bool step(std::int64_t deadline_ns);
    bool interrupted() const { return interrupt_ && interrupt_->load(std::memory_order_relaxed); }
    void spawn(std::size_t index, bool restart);
    void stop(std::size_t index, std::string exit);  // drops the driver, emits NodeExited
    void finish(std::string_view reason);            // every node exits, RunEnded
    void run_task(Task task);
    void queue_task(Task task);
    bool deliver(const core::Envelope& env);         // Fabric::DeliverFn
    void emit_node(EventKind kind, const NodeId& node, std::string data = {});
    std::optional<std::size_t> index_of(std::string_view node) const;
    Duration to_host(Duration role_time) const;

    Scenario scenario_;
    const core::RoleRegistry& roles_;
    std::uint64_t seed_;
    Duration now_{0};
    std::uint64_t commands_sent_ = 0;                 // message ids of the lab's own commands
    std::uint64_t next_seq_ = 0;
    std::vector<Item> queue_;                        // a min-heap on (t_ns, seq)
    std::mt19937_64 rng_;
    NetworkModel network_;
    Telemetry telemetry_;
    std::unique_ptr<Fabric> fabric_;
    std::unique_ptr<Nemesis> nemesis_;
    std::vector<Node> nodes_;
    std::uint64_t dead_violations_ = 0;              // of drivers already dropped
    bool started_ = false;
    bool ended_ = false;
    const std::atomic<bool>* interrupt_ = nullptr;
    std::int64_t window_start_ns_ = 0;                // the flood guard's current second
    std::uint64_t window_actions_ = 0;
    std::uint64_t max_actions_per_second_ = kMaxActionsPerSecond;
    std::string flood_;
};

}  // namespace distlab::netlab
