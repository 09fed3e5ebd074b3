#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/atomic_commit/tx_protocol.h"
#include "core/patterns/common/timer_ids.h"

namespace distlab::core::atomic_commit {

struct ParticipantConfig {
    Duration decision_timeout{1s};     // prepared this long without a decision: 2PC blocked, 3PC decides
    Duration inquiry_interval{500ms};  // while in doubt: how often it asks again
    bool cooperative_termination = false;
    double no_rate = 0.0;              // chance it votes no on a prepare (a failed business check)
    std::int64_t max_locks = 64;       // the lock table: a prepare that would exceed it is refused

    static const ParamList<ParticipantConfig>& params();
    static ParticipantConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `tx-participant` role of atomic commitment (tx_protocol.h): a shard of keys with a
// write-ahead log in the node's storage and one exclusive lock per key.
//
// prepare: votes no when a key is locked by another transaction (no waiting, so no deadlock),
// when the lock table is full, or by the business rule (no_rate); otherwise it logs the prepare
// record (synced), takes the locks and votes yes. From then on the transaction is in doubt: the
// participant may not decide alone in 2PC. A decision (commit applies the writes) is logged
// (synced), the locks are released, and the outcome is reported to the coordinator.
//
// In doubt longer than decision_timeout:
// - 2PC: the participant is blocked; it asks the coordinator every inquiry_interval (and, with
//   cooperative termination, the other participants: one that committed or aborted, or one that
//   never voted and therefore aborts, settles it; all prepared settles nothing).
// - 3PC: it decides alone: commit when pre-committed (everyone voted yes), abort when only
//   prepared; with cooperative termination it first asks the others, and commits if one of them
//   committed or is pre-committed.
// After a restart the log is replayed: transactions still in doubt take their locks again and
// the participant asks at once (its timeout passed while it was down), in either protocol.
//
// Phases: idle, prepared, precommitted, blocked, committed, aborted (the last decision, once no
// transaction is in doubt). Gauges: locks_held, blocked. Counters: votes_yes, votes_no,
// committed, aborted, decided_alone, blocked_transactions, contradictions.
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
    enum class State { Prepared, PreCommitted, Committed, Aborted };
    // As tx_state_reply and the snapshot name it.
    static std::string_view state_name(State state);

    struct Round {                      // one round of asking the other participants
        std::int64_t waiting = 0;
        bool commit = false;            // one committed or is pre-committed
        bool abort = false;             // one aborted (or never voted and aborts now)
    };

    struct Tx {
        State state = State::Prepared;
        Protocol protocol = Protocol::TwoPhase;
        NodeId coordinator;
        std::vector<NodeId> participants;
        std::vector<Write> writes;
        bool blocked = false;
        bool inquiring = false;
        std::optional<Round> round;
        std::optional<TimerId> timer;
    };

    void handle_prepare(Context& ctx, const Message& msg);
    void handle_precommit(Context& ctx, const Message& msg);
    void handle_decision(Context& ctx, const Message& msg, Decision decision);
    void handle_tx_state(Context& ctx, const Message& msg);
    void vote_no(Context& ctx, const Message& msg, const std::string& tx, const NodeId& coordinator,
                 const Text& reason);
    // Settles `tx` (logs, applies, releases, reports). A transaction already decided the other
    // way is a contradiction: counted and logged, never changed.
    void decide(Context& ctx, const std::string& tx, Decision decision, std::string_view by);
    void in_doubt_timeout(Context& ctx, const std::string& tx);
    void inquire(Context& ctx, const std::string& tx);
    void ask_peers(Context& ctx, const std::string& tx);
    void round_done(Context& ctx, const std::string& tx);
    void arm(Context& ctx, const std::string& tx, Duration after);
    bool log_record(Context& ctx, const Json& record);
    void recover(Context& ctx);
    void update_phase(Context& ctx, Text reason);
    std::int64_t in_doubt() const;
    std::int64_t blocked_now() const;

    ParticipantConfig config_;
    TimerIdSource timer_ids_{1};
    std::map<std::string, Tx> txs_;
    std::map<TimerId, std::string> timers_;
    std::map<std::string, std::string> locks_;   // key -> the transaction holding it
    std::map<std::string, std::string> data_;    // committed values
    std::string phase_ = "idle";
    std::optional<Decision> last_decision_;

    std::uint64_t votes_yes_ = 0;
    std::uint64_t votes_no_ = 0;
    std::uint64_t committed_ = 0;
    std::uint64_t aborted_ = 0;
    std::uint64_t decided_alone_ = 0;
    std::uint64_t blocked_total_ = 0;
    std::uint64_t contradictions_ = 0;
    std::uint64_t recovered_ = 0;
};

}  // namespace distlab::core::atomic_commit
