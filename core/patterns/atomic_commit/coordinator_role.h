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

struct CoordinatorConfig {
    Protocol protocol = Protocol::TwoPhase;
    Duration vote_timeout{500ms};      // a vote not in by then counts as no
    Duration ack_timeout{500ms};       // 3PC: pre-commit acknowledgements
    Duration resend_interval{500ms};   // commit sent again to participants that did not report
    Duration log_write_time{5ms};      // a forced (synced) write of the decision record
    std::int64_t max_in_flight = 64;

    static const ParamList<CoordinatorConfig>& params();
    static CoordinatorConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `tx-coordinator` role of atomic commitment (tx_protocol.h), two-phase or three-phase.
//
// For each transaction a client begins: prepare to every participant it writes to, each a call
// of vote_timeout (no answer = no). Any no: abort, sent to all, nothing logged (presumed abort:
// a transaction the log does not know was aborted). All yes:
// - 2PC: the commit record is forced to the log (log_write_time), the client is told, commit is
//   sent to all and sent again every resend_interval to those that have not reported their
//   outcome; when all have, an end record is written.
// - 3PC: first pre-commit to all, each a call of ack_timeout; a refusal aborts; acknowledgements
//   (or, for the silent, their timeout: a participant presumed crashed learns on recovery) lead
//   to the commit record and commit as in 2PC.
// The log lives in the node's storage. After a restart the coordinator reads it and recovers:
// every commit without an end record is sent again until all its participants report.
// A participant's inquiry is answered from the log: commit when logged, pending while in
// progress, abort otherwise in 2PC (presumed abort); in 3PC an unknown transaction is pending
// (participants decide those alone).
//
// Phases: idle, collecting (votes), precommitting (3PC), deciding (forcing the decision to the
// log), recovering; with several transactions in flight, the earliest stage any of them is in. Gauge: in_flight. Counters: committed, aborted, vote_timeouts,
// precommit_timeouts, resent_commits, contradictions.
//
// Owned by the role driver; single-threaded like every role.
class CoordinatorRole final : public Role {
public:
    explicit CoordinatorRole(CoordinatorConfig config);

    static std::vector<PhaseSpec> phases();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class Stage { Collecting, PreCommitting, Deciding };

    struct Txn {
        Message request;                 // the client's begin, to answer
        std::vector<ParticipantWrites> shares;
        Stage stage = Stage::Collecting;
        std::size_t answers = 0;         // votes (or pre-commit answers) in
        std::size_t silent = 0;          // 3PC: pre-commit calls that timed out
    };

    void handle_begin(Context& ctx, const Message& msg);
    void handle_outcome(Context& ctx, const Message& msg);
    void handle_inquire(Context& ctx, const Message& msg);
    void on_vote(Context& ctx, const std::string& tx, const NodeId& participant, const CallOutcome& outcome);
    void on_precommit_answer(Context& ctx, const std::string& tx, const NodeId& participant,
                             const CallOutcome& outcome);
    void precommit(Context& ctx, const std::string& tx);
    void decide_commit(Context& ctx, const std::string& tx);
    void write_commit(Context& ctx, const std::string& tx);
    void abort(Context& ctx, const std::string& tx, const Text& why);
    void send_commits(Context& ctx, const std::string& tx);
    bool log_record(Context& ctx, const Json& record, bool sync);
    void recover(Context& ctx);
    void update_phase(Context& ctx, Text reason);
    static std::vector<NodeId> participants_of(const std::vector<ParticipantWrites>& shares);

    CoordinatorConfig config_;
    TimerIdSource timer_ids_{16};
    std::map<std::string, Txn> active_;
    std::map<TimerId, std::string> log_writes_;                    // deciding: the forced write
    std::set<std::string> committed_;                              // every commit record of the log
    std::set<std::string> aborted_;                                // aborted since this start
    std::map<std::string, std::set<NodeId>> unacknowledged_;       // committed, outcome not reported
    bool recovering_ = false;
    bool resend_armed_ = false;
    std::string phase_;

    std::uint64_t committed_count_ = 0;
    std::uint64_t aborted_count_ = 0;
    std::uint64_t recovered_ = 0;
    std::uint64_t contradictions_ = 0;
};

}  // namespace distlab::core::atomic_commit
