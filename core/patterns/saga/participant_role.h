#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"

namespace distlab::core::saga {

struct ParticipantConfig {
    std::int64_t initial = 1000;        // units it holds at the start (stock, money)
    std::int64_t amount = 1;            // units one saga's step takes
    double fail_rate = 0.0;             // chance a step is refused (a business failure)
    bool idempotent = true;             // false: a compensation is applied again on every delivery
    NodeId next;                        // choreography: the service that runs the next step
    Duration retry_interval{200ms};     // choreography: how often unacknowledged events are resent

    static const ParamList<ParticipantConfig>& params();
    static ParticipantConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `saga-participant` role (saga_protocol.h): a service holding `initial` units of one
// resource (stock, money) whose local transaction takes `amount` units for a saga. Every state
// change is one record appended (synced) to its log in storage, so it survives a kill.
//
// A step takes the units and holds them: the saga is pending, a semantic lock other sagas can
// see. It is refused (nothing changes) when fewer than `amount` units are left or by the
// business rule (fail_rate). finish turns the held units into consumed ones; compensate gives
// them back. A retried request is answered from the log (idempotence): a step already run
// answers its first result, a compensation already applied does nothing, unless `idempotent`
// is off, which re-applies a compensation on every delivery (the double refund). A
// compensation that arrives before its step records the saga as compensated with nothing to
// undo (empty compensation), and the late step is then refused (anti-suspension).
//
// Orchestrated: the orchestrator calls step, compensate and finish. Choreographed: a step
// arrives as the client's `saga` request (the first service) or as a `step` event from the
// service before; the result goes out as an event through the outbox, written in the same log
// record as the state change and resent every retry_interval until acknowledged: `step` to
// `next`, or, for the last service, `done` back upstream; `failed` upstream on a refusal; a
// `done` or `failed`/`compensated` event from downstream finishes or compensates this service's
// step and is passed upstream, to the client in the end.
//
// Invariant (the units_conserved check reads it from snapshots): available + held + consumed =
// initial. Phases: idle, pending (semantic locks held), done, compensated (the last outcome
// once nothing is pending). Gauge: held. Counters: steps, refusals, compensations,
// empty_compensations, finishes, answered_from_log, double_compensations, events_resent.
//
// Owned by the role driver; single-threaded like every role.
class ParticipantRole final : public Role {
public:
    explicit ParticipantRole(ParticipantConfig config);

    static std::vector<PhaseSpec> phases();
    static std::vector<GaugeSpec> gauges();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class State { Refused, Pending, Done, Compensated };

    struct Saga {
        State state = State::Pending;
        std::int64_t amount = 0;
        NodeId upstream;          // choreography: who asked for the step (the client or the service before)
        std::string id;           // the record of its last action
        std::string step_id;      // the record of its step or refusal
        std::string reason;       // a refusal's
    };

    struct OutEvent {
        NodeId to;
        Json body;
        bool in_flight = false;
        std::int64_t sends = 0;
    };

    // A record of the log; `out` holds the events written with it (the outbox).
    struct Record {
        std::string type;         // T step, X refused, C compensated, Z empty compensation, D finished, A acknowledged
        std::string saga;
        std::int64_t amount = 0;
        NodeId upstream;
        std::string reason;
        std::int64_t ack = 0;
        std::optional<std::pair<NodeId, Json>> out;   // to, saga_event body
    };

    void handle_step(Context& ctx, const Message& msg, bool choreographed);
    void handle_compensate(Context& ctx, const Message& msg);
    void handle_finish(Context& ctx, const Message& msg);
    void handle_event(Context& ctx, const Message& msg);
    // Runs (or answers from the log) the step of `saga`; choreographed, writes the next event.
    void run_step(Context& ctx, const std::string& saga, const NodeId& upstream, bool choreographed);
    // Applies a compensation; returns whether it changed anything. Choreographed, passes it upstream.
    // Compensates (or, idempotent, answers from the log) the step of `saga`; choreographed,
    // passes it upstream. False when the saga cannot be compensated (finished) or the log failed.
    bool compensate(Context& ctx, const std::string& saga, bool choreographed);
    // Releases the semantic lock of a pending `saga`; choreographed, passes `done` upstream
    // (with `step_id`, the step it ran just before, when it is the last service).
    bool finish(Context& ctx, const std::string& saga, bool choreographed, const std::string& step_id = {});
    // Logs `record` (synced unless an acknowledgement), applies it and sends its event; false
    // when the log refused it.
    bool commit(Context& ctx, Record record);
    void apply(const Record& record, std::int64_t n);
    void send_event(Context& ctx, std::int64_t n);
    void arm_relay(Context& ctx);
    std::string record_id(std::int64_t n) const;
    void recover(Context& ctx);
    void update_phase(Context& ctx, Text reason);

    ParticipantConfig config_;
    NodeId self_;
    std::map<std::string, Saga> sagas_;
    std::map<std::int64_t, OutEvent> outbox_;     // record number -> its event, until acknowledged
    std::int64_t seq_ = 0;
    std::int64_t available_ = 0;
    std::int64_t held_ = 0;
    std::int64_t consumed_ = 0;
    std::string phase_ = "idle";
    std::string last_outcome_;
    bool relay_armed_ = false;

    std::uint64_t steps_ = 0;
    std::uint64_t refusals_ = 0;
    std::uint64_t compensations_ = 0;
    std::uint64_t double_compensations_ = 0;
    std::uint64_t finishes_ = 0;
};

}  // namespace distlab::core::saga
