#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/tcc/tcc_protocol.h"

namespace distlab::core::tcc {

// How a try holds its share: TCC reserves the amount (the rest of the balance stays usable);
// 2PC-style (XA) also locks each account it touches until the decision.
enum class Isolation { Reserve, Lock };

struct TccParticipantConfig {
    Isolation isolation = Isolation::Reserve;
    std::int64_t accounts = 10;              // accounts a0 .. a<accounts-1>
    std::int64_t initial_balance = 1000;     // each account's balance at the first start
    Duration reservation_timeout{0};         // a try's reservation is released after it; 0: never
    std::int64_t max_reservations = 256;     // tried rows held at once; a try beyond is refused
    bool empty_rollback_guard = true;        // the fence's defences, each can be switched off
    bool anti_suspension = true;
    bool idempotence = true;

    static const ParamList<TccParticipantConfig>& params();
    static TccParticipantConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `tcc-participant` role (tcc_protocol.h): bank accounts with a balance, a frozen amount
// (debits reserved by tries) and an incoming amount (credits reserved), and a fence table, one
// row per transaction with Seata's statuses tried, committed, rolled back and suspended.
//
// try: a debit needs balance - frozen >= amount (else the try is refused: insufficient funds)
// and freezes it; a credit notes it as incoming. confirm applies (balance moves, the
// reservation goes); cancel releases the reservation. The fence solves the three classic
// problems, and each defence has a switch:
// - empty rollback (empty_rollback_guard): a cancel for a try that never ran records
//   "suspended" and answers success without touching an account. Off: the cancel runs its
//   business rollback anyway and releases a reservation that was never made (a negative frozen
//   amount: money that can be spent twice).
// - suspension (anti_suspension): a try that finds its transaction already rolled back or
//   suspended is refused. Off: the late try reserves, and nobody will ever confirm or cancel it.
// - idempotence: a confirm or cancel on a row already committed or rolled back answers success
//   without running again. Off: it runs again (a confirm delivered twice debits twice).
// A repeated try on a tried row always answers ok without reserving again.
// isolation: lock makes it a 2PC (XA) resource manager over the same accounts: the try also
// takes an exclusive lock on each account it touches until its confirm or cancel, and a try
// that finds an account locked by another transaction is refused (no waiting, so no deadlock),
// as the tx-participant does.
// A reservation held longer than reservation_timeout (when set) is released and its row rolled
// back; a confirm arriving later is refused (the coordinator counts a contradiction).
//
// Every change is appended to a log in the node's storage (synced) and replayed after a restart.
//
// Phases: idle (no reservation), holding (reservations held), hanging (holding a reservation
// whose transaction was already cancelled: suspension). Gauge: reservations. Counters: tries,
// refused_funds, lock_conflicts, confirms, cancels, empty_rollbacks, suspensions_refused, hanging_reservations,
// repeats_ignored, repeats_reapplied, unreserved_releases, expired, late_confirms.
//
// Owned by the role driver; single-threaded like every role.
class TccParticipantRole final : public Role {
public:
    explicit TccParticipantRole(TccParticipantConfig config);

    static std::vector<PhaseSpec> phases();
    static std::vector<GaugeSpec> gauges();

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    struct Account {
        std::int64_t balance = 0;
        std::int64_t frozen = 0;      // debits reserved
        std::int64_t incoming = 0;    // credits reserved
    };
    struct Row {
        FenceStatus status = FenceStatus::Tried;
        std::vector<Action> actions;
        bool hanging = false;         // tried after its transaction was rolled back or suspended
        std::optional<TimerId> timer;
    };
    // One change of an account: what the log records and replays.
    struct Delta {
        std::string account;
        std::int64_t balance = 0, frozen = 0, incoming = 0;
    };

    void handle_try(Context& ctx, const Message& msg);
    void handle_second_phase(Context& ctx, const Message& msg, bool confirm);
    void handle_balances(Context& ctx, const Message& msg);
    // The business actions of each phase, as deltas.
    static std::vector<Delta> reserve(const std::vector<Action>& actions);
    static std::vector<Delta> apply(const std::vector<Action>& actions);
    static std::vector<Delta> release(const std::vector<Action>& actions);
    // Sets the row's status, applies the deltas and logs both (synced).
    void commit(Context& ctx, const std::string& tx, FenceStatus status, const std::vector<Action>& actions,
                const std::vector<Delta>& deltas, bool hanging);
    void apply_deltas(const std::vector<Delta>& deltas);
    // isolation lock: the row's transaction holds its accounts' locks while tried, else none.
    void hold_locks(const std::string& tx, const Row& row);
    void arm(Context& ctx, const std::string& tx);
    void disarm(Context& ctx, Row& row);
    void recover(Context& ctx);
    void update_phase(Context& ctx, Text reason);
    std::int64_t tried_rows() const;
    bool known_account(const std::string& name) const;

    TccParticipantConfig config_;
    TimerIdSource timer_ids_{1};
    std::map<std::string, Account> accounts_;
    std::map<std::string, Row> fence_;
    std::map<std::string, std::string> locks_;   // isolation lock: account -> the transaction holding it
    std::map<TimerId, std::string> timers_;
    std::string phase_;

    std::uint64_t tries_ = 0;
    std::uint64_t refused_funds_ = 0;
    std::uint64_t lock_conflicts_ = 0;
    std::uint64_t confirms_ = 0;
    std::uint64_t cancels_ = 0;
    std::uint64_t empty_rollbacks_ = 0;
    std::uint64_t suspensions_refused_ = 0;
    std::uint64_t hanging_reservations_ = 0;
    std::uint64_t repeats_ignored_ = 0;
    std::uint64_t repeats_reapplied_ = 0;
    std::uint64_t unreserved_releases_ = 0;
    std::uint64_t expired_ = 0;
    std::uint64_t late_confirms_ = 0;
};

}  // namespace distlab::core::tcc
