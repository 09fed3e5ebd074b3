#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/tcc/tcc_protocol.h"

namespace distlab::core::tcc {

struct TccCoordinatorConfig {
    std::vector<NodeId> participants;   // every participant, for reads across all of them
    Duration try_timeout{500ms};        // a try not answered by then fails the transaction
    Duration resend_interval{500ms};    // confirm / cancel sent again to participants that did not answer
    Duration read_timeout{1s};          // a read waits this long for confirms in flight and for the balances
    std::int64_t max_in_flight = 64;

    static const ParamList<TccCoordinatorConfig>& params();
    static TccCoordinatorConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `tcc-coordinator` role (tcc_protocol.h), a transaction coordinator as Seata's TC.
//
// For each transaction a client begins: a begin record is logged (synced), then try to every
// participant it touches, each a call of try_timeout. The first refusal or silence decides
// cancel; all tries ok decide confirm. The decision is logged (synced) before the client is told
// and before it is sent; confirm or cancel (with the actions, the business parameters) goes to
// every participant of the transaction, including one whose try never answered (it may get a
// cancel before its try: the empty rollback), and again every resend_interval until each
// answers. Then an end record is logged.
// After a restart the log is replayed: a transaction with no decision is cancelled, a decided
// one without its end record is sent again.
//
// read: the balances of every participant at one cut. Only confirms move balances, so the
// coordinator waits until no confirm is in flight, holds back new confirms, asks every
// participant for its balances, then lets the held confirms go (reads that came meanwhile cut
// after those). A read that waits longer than read_timeout fails and releases what it held, so
// reads never starve confirms. Every read that answers sums to the money in the system.
//
// Phases: idle, trying, settling (confirm or cancel in flight), reading, recovering (the earliest
// stage any transaction is in; reading and recovering first). Gauge: in_flight. Counters:
// confirmed, cancelled, contradictions (a participant refused a decision), resent, reads,
// reads_failed.
//
// Owned by the role driver; single-threaded like every role.
class TccCoordinatorRole final : public Role {
public:
    explicit TccCoordinatorRole(TccCoordinatorConfig config);

    static std::vector<PhaseSpec> phases();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class Stage { Trying, Confirming, Cancelling, Held };

    struct Txn {
        std::optional<Message> request;   // the client's begin, to answer (none after recovery)
        std::vector<Share> shares;
        Stage stage = Stage::Trying;
        std::size_t tried = 0;            // tries answered ok
        std::set<NodeId> pending;         // confirm / cancel not yet answered
        Duration sent_at{0};
        bool recovered = false;
    };
    struct Reading {
        std::vector<Message> requests;
        std::map<NodeId, std::int64_t> sums;
        std::size_t waiting = 0;
        std::string error;
    };
    struct WaitingRead {
        Message request;
        Duration since{0};
    };

    void handle_begin(Context& ctx, const Message& msg);
    void handle_read(Context& ctx, const Message& msg);
    void on_try(Context& ctx, const std::string& tx, const CallOutcome& outcome);
    void decide(Context& ctx, const std::string& tx, bool confirm, const Text& why);
    void send_phase(Context& ctx, const std::string& tx);
    void on_phase_answer(Context& ctx, const std::string& tx, const NodeId& participant, const CallOutcome& outcome);
    void finish(Context& ctx, const std::string& tx);
    void maybe_read(Context& ctx);
    void read_done(Context& ctx);
    void release_held(Context& ctx);
    bool log_record(Context& ctx, const Json& record);
    void recover(Context& ctx);
    void update_phase(Context& ctx, Text reason);
    bool confirms_in_flight() const;

    TccCoordinatorConfig config_;
    std::map<std::string, Txn> active_;
    std::deque<WaitingRead> reads_;
    std::optional<Reading> reading_;
    std::string phase_;

    std::uint64_t confirmed_ = 0;
    std::uint64_t cancelled_ = 0;
    std::uint64_t contradictions_ = 0;
    std::uint64_t resent_ = 0;
    std::uint64_t reads_ok_ = 0;
    std::uint64_t reads_failed_ = 0;
    std::uint64_t recovered_ = 0;
};

}  // namespace distlab::core::tcc
