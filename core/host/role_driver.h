#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/codec/frame.h"
#include "core/model/params.h"
#include "core/model/role.h"

namespace distlab::core {

// Who a node is, as the lab tells it at spawn.
struct NodeSetup {
    NodeId self;
    std::vector<NodeId> peers;    // every other node of the scenario
    std::vector<std::string> peer_roles;   // the role of each of `peers`, in the same order
    std::string role;
    Params params;
    std::uint64_t seed = 0;       // the node's own seed (derived from the scenario seed and id)
    double time_scale = 1.0;      // > 1 slows every role timer
    std::map<NodeId, Labels, std::less<>> labels;   // the scenario's node labels (nodes without none)
};

// What a host gives a driver. Two hosts exist: the real node runtime (Asio, one process per
// node) and the simulator (virtual time, many nodes in one process).
class HostPort {
public:
    virtual ~HostPort() = default;
    // Host time: nanoseconds since the run started (real: CLOCK_MONOTONIC - run start).
    virtual std::int64_t host_now_ns() const = 0;
    // The stamp written into envelopes (real: CLOCK_MONOTONIC; simulator: virtual time).
    virtual std::int64_t stamp_ns() const = 0;
    // Data frames go to the fabric; every other kind to the lab's telemetry.
    virtual void transmit(Envelope env) = 0;
    // One-shot timer in host time; re-arming a key replaces its deadline.
    virtual void arm(std::uint64_t key, Duration after) = 0;
    virtual void disarm(std::uint64_t key) = 0;
    virtual Storage& storage() = 0;
    // The program runner of a host that runs programs beside roles (distlab-node); null otherwise.
    virtual ProgramPort* program() { return nullptr; }
};

// The sender of administrative commands (membership changes, ...): the lab itself. Not a node
// id any scenario may use.
inline constexpr std::string_view kLabSender = "lab";

// Runs one role on a host: implements Context for it, tracks calls and their deadlines,
// keeps the vector clock, applies time scale and clock skew, and throttles telemetry
// (snapshots at most every 50 ms of host time and only when changed; metrics every 100 ms).
// The same code drives a role in distlab-node and in the simulator.
//
// Threading: not thread-safe. The host calls it from one thread (or strand) only.
class RoleDriver final : public Context {
public:
    static constexpr Duration kSnapshotInterval = std::chrono::milliseconds(50);
    static constexpr Duration kMetricsInterval = std::chrono::milliseconds(100);

    RoleDriver(NodeSetup setup, std::unique_ptr<Role> role, HostPort& host);

    void start();
    void deliver(const Envelope& env);    // a data frame addressed to this node
    void fire(std::uint64_t key);         // a timer armed through HostPort::arm expired
    void program_event(const ProgramEvent& event);   // the host's program did something
    // Sends pending telemetry now (before a graceful stop).
    void flush();

    // Clock faults: the role's clock reads offset ahead (negative: behind) and runs at
    // (1 + drift) of the host's rate.
    void set_clock_skew(Duration offset, double drift = 0.0);

    const Role& role() const { return *role_; }
    std::uint64_t violations() const { return violations_; }
    // The phase the role last announced ("" before its first).
    const std::string& current_phase() const { return phase_; }

    // Context
    const NodeId& self() const override { return setup_.self; }
    const std::vector<NodeId>& peers() const override { return setup_.peers; }
    std::string_view role_of(const NodeId& node) const override;
    const Labels& labels_of(const NodeId& node) const override;
    Duration now() const override;
    std::mt19937_64& rng() override { return rng_; }
    MessageId send(const NodeId& to, std::string type, Json body) override;
    void reply(const Message& request, Json body, std::string type = {}) override;
    MessageId call(const NodeId& to, std::string type, Json body, Duration deadline,
                   ReplyHandler on_done) override;
    void set_timer(TimerId id, Duration after) override;
    void cancel_timer(TimerId id) override;
    void log(LogLevel level, std::string text) override;
    void phase(std::string_view name, Text reason) override;
    void violation(Text text) override;
    void count(std::string_view name, double delta = 1) override;
    void gauge(std::string_view name, double value) override;
    void observe(std::string_view name, double value) override;
    OpId op_invoke(std::string_view function, Json value) override;
    void op_complete(OpId op, OpStatus status, Json value) override;
    Storage& storage() override { return host_.storage(); }
    ProgramPort* program() override { return host_.program(); }

private:
    // Timer keys: role timers use their TimerId; the driver's own live above 2^32.
    static constexpr std::uint64_t kSnapshotKey = 1ull << 40;
    static constexpr std::uint64_t kMetricsKey = (1ull << 40) + 1;
    static constexpr std::uint64_t kCallKeyBase = 1ull << 48;

    struct PendingCall {
        ReplyHandler on_done;
        std::uint64_t key;
        NodeId to;                        // only a reply from the callee completes the call
    };

    template <class F>
    void step(F&& f);                     // runs role code, guards exceptions, then telemetry
    MessageId transmit_data(const NodeId& to, std::string type, const Json& body, MessageId reply_to);
    void emit(FrameKind kind, std::string type, std::string body);
    Duration to_host(Duration role_time) const;
    void after_step();
    void send_snapshot();
    void send_metrics();
    void mark_metrics_dirty();

    NodeSetup setup_;
    std::unique_ptr<Role> role_;
    HostPort& host_;
    std::mt19937_64 rng_;
    VectorClock vclock_;
    MessageId next_message_id_ = 1;
    OpId next_op_id_ = 1;
    std::uint64_t violations_ = 0;
    std::string phase_;
    Duration skew_offset_{0};
    double skew_drift_ = 0.0;
    Duration skew_anchor_role_{0};        // role time (without offset) when the drift last changed
    std::int64_t skew_anchor_host_ = 0;   // host time then
    std::unordered_map<MessageId, PendingCall> calls_;

    std::string last_snapshot_;
    std::int64_t last_snapshot_ns_ = -1;
    bool snapshot_armed_ = false;

    std::map<std::string, double, std::less<>> counters_;
    std::map<std::string, double, std::less<>> gauges_;
    std::map<std::string, std::vector<double>, std::less<>> samples_;
    bool metrics_dirty_ = false;
    bool metrics_armed_ = false;
};

}  // namespace distlab::core
