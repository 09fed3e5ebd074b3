#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/host/role_driver.h"
#include "core/model/message.h"
#include "core/model/role.h"
#include "core/model/role_registry.h"

namespace distlab::test_support {

struct HarnessSetup {
    std::string role;                              // a name in RoleRegistry::builtin()
    core::Json params = core::Json::object();      // as a scenario writes them ("150ms", ...)
    core::NodeId self = "n1";
    std::vector<core::NodeId> peers;
    // The role of each of `peers`, in the same order, as Context::role_of answers; empty: every
    // peer runs `role` too.
    std::vector<std::string> peer_roles;
    std::uint64_t seed = 1;
    // The nodes' labels, as Context::labels_of answers (nodes left out have none).
    std::map<core::NodeId, core::Labels, std::less<>> labels;
    // The host's program runner (a fake), for a role that runs a program (the external role);
    // null: the host runs none, as in the simulator.
    core::ProgramPort* program = nullptr;
};

// One entry of the client-operation history, as the role driver reports it.
struct OpRecord {
    core::OpId op = 0;
    std::string phase;         // invoke | ok | fail | info
    std::string f;             // invoke only
    core::Json value;
    core::Duration at{0};
};

// Runs one role alone, deterministically, for role tests: a fake host with a manual clock and
// an ordered timer list drives the real core::RoleDriver, so the role sees exactly the Context
// it gets in distlab-node and in the simulator. Nothing happens until the test says so:
// deliver() hands the role a message, advance() moves the clock and fires every timer that
// falls due, in deadline order (ties in arming order), including the driver's call deadlines.
//
// Time is never scaled or skewed here, so host time equals role time.
//
// Ownership: owns the host and the driver (which owns the role). Not copyable or movable: the
// driver keeps a reference to the host. Single-threaded.
class RoleHarness {
public:
    // Throws std::invalid_argument naming every problem when the role is unknown or the
    // parameters do not validate: that is a bug in the test, not an input to handle.
    explicit RoleHarness(HarnessSetup setup);
    ~RoleHarness();
    RoleHarness(const RoleHarness&) = delete;
    RoleHarness& operator=(const RoleHarness&) = delete;

    void start();
    // A crash and restart: drops the role (its memory), the driver and every armed timer, then
    // starts a new role on the same storage, as the simulator's restart does.
    void restart();

    // Delivers a data message to the role; returns its id (the sender's message id).
    core::MessageId deliver(const core::NodeId& from, std::string type, core::Json body,
                            core::MessageId reply_to = 0);
    // Answers a message the role sent: from its addressee, type + "_reply", reply_to its id.
    core::MessageId reply_to(const core::Message& sent, core::Json body);

    // What the host's program did (a line on its stdout, its exit), as distlab-node reports it.
    void program_event(const core::ProgramEvent& event);

    // Moves the clock forward by `by`, firing due timers in order on the way.
    void advance(core::Duration by);
    core::Duration now() const { return core::Duration(now_ns_); }
    // When the earliest armed timer (the role's or the driver's) falls due, if any.
    std::optional<core::Duration> next_timer_at() const;

    // Data messages the role sent since the last take, in order.
    std::vector<core::Message> take_sent();
    // The role's client-operation history so far.
    const std::vector<OpRecord>& ops() const { return ops_; }
    // Operations invoked but not yet completed.
    std::size_t open_ops() const;
    core::Json snapshot() const;
    std::uint64_t violations() const;
    // Text of every log line and violation, in order.
    const std::vector<std::string>& logs() const { return logs_; }

    // Metrics reported so far (the driver is flushed first). Counters and gauges are the
    // latest values, samples every value ever observed.
    double counter(std::string_view name);
    double gauge(std::string_view name);
    std::vector<double> samples(std::string_view name);

    const core::RoleDescriptor& info() const { return *info_; }
    // The phase the role last announced ("" before its first).
    std::string phase() const;
    // The node's disk, for tests that check what was made durable (and when).
    core::Storage& storage();

private:
    class FakeHost;

    void fire_due(std::int64_t until_ns);
    void receive(core::Envelope env);          // what the driver transmits

    const core::RoleDescriptor* info_ = nullptr;
    core::ProgramPort* program_ = nullptr;
    std::int64_t now_ns_ = 0;
    core::MessageId next_inbound_id_ = 1;
    std::unique_ptr<FakeHost> host_;
    std::unique_ptr<core::RoleDriver> driver_;
    std::unique_ptr<core::NodeSetup> node_;    // to build the driver again on restart()

    std::vector<core::Message> sent_;
    std::vector<OpRecord> ops_;
    std::vector<std::string> logs_;
    core::Json counters_ = core::Json::object();
    core::Json gauges_ = core::Json::object();
    std::map<std::string, std::vector<double>, std::less<>> samples_;
};

}  // namespace distlab::test_support
