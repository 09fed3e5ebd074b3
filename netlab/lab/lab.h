#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/model/result.h"
#include "core/model/role_registry.h"
#include "netlab/lab/fabric.h"
#include "netlab/lab/listen.h"
#include "netlab/lab/nemesis.h"
#include "netlab/lab/run_host.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

struct LabOptions {
    std::string node_binary;                      // path of distlab-node
    std::string run_dir;                          // created if missing; node data in run_dir/nodes/<id>
    std::optional<std::uint64_t> seed;            // overrides the scenario's seed
    Duration connect_timeout = std::chrono::seconds(10);
    Duration stop_grace = std::chrono::seconds(2);   // nodes flush and exit, then SIGKILL
    bool busy_poll = true;                        // poll briefly before sleeping (PollWindow)
    ListenOptions listen;                         // 127.0.0.1 and no remote nodes by default
    // Called once the lab listens, before it starts or waits for any node: what a node elsewhere
    // needs to join (the CLI prints it; tests start their remote nodes here).
    std::function<void(const JoinInfo&)> on_listening;
};

// The real lab: listens on 127.0.0.1 (ephemeral port, per-run token), starts one distlab-node
// process per scenario node through the Supervisor (or, when asked, listens on another address
// with TLS and lets remote nodes join: ListenOptions), routes every data frame through the Fabric,
// feeds Telemetry with everything nodes report, and runs the Nemesis. Implements RunHost so the
// Nemesis and the GUI act on it exactly as on the simulator.
//
// Threading: one Asio thread, the one that calls start() and run(). Other threads talk to it
// only through post() and request_stop().
class Lab final : public RunHost {
public:
    Lab(Scenario scenario, const core::RoleRegistry& roles, LabOptions options);
    ~Lab() override;                              // kills every node process it started
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;

    // Listens, spawns every node and waits until all have connected (or connect_timeout), then
    // starts their roles and arms the nemesis. Event time 0 is this moment.
    core::Result<void> start();
    // Runs until the scenario's duration (times time_scale) has passed or a stop is requested;
    // then stops the nodes (they flush their telemetry), emits RunEnded and flushes telemetry.
    core::Result<void> run();

    void request_stop();                          // any thread
    void post(std::function<void()> fn);          // any thread: runs fn on the lab thread

    // Called every 100 ms on the lab thread while running (progress lines, GUI pacing).
    std::function<void()> on_tick;

    std::uint16_t port() const;
    const Scenario& scenario() const;
    Fabric& fabric();
    Nemesis& nemesis();
    std::uint64_t seed() const;

    // RunHost
    Duration now() const override;
    void schedule(Duration at, std::function<void()> fn) override;
    NetworkModel& network() override;
    Telemetry& telemetry() override;
    std::mt19937_64& rng() override;
    bool is_alive(const core::NodeId& node) const override;
    bool is_paused(const core::NodeId& node) const override;
    void kill(const core::NodeId& node) override;
    void restart(const core::NodeId& node) override;
    void pause(const core::NodeId& node) override;
    void resume(const core::NodeId& node) override;
    void set_clock_skew(const core::NodeId& node, Duration offset, double drift) override;
    void set_timeline_frozen(bool frozen) override;
    std::string pause_limits() const override;
    bool send_command(const core::NodeId& node, const std::string& type, const Json& body) override;
    bool release_held(const core::NodeId& from, core::MessageId id, bool deliver) override;
    std::optional<core::NodeId> hold_message(const core::NodeId& from, core::MessageId id) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace distlab::netlab
