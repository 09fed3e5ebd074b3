#include "core/patterns/tcc/tcc_participant_role.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "core/patterns/common/client.h"

namespace distlab::core::tcc {

namespace {

// The participant's log: one JSON record a line, {tx, s: status, h: hanging, a: actions (a
// try), d: [[account, balance, frozen, incoming], ...] the deltas applied}.
constexpr std::string_view kLogKey = "tcc_log";

}  // namespace

const ParamList<TccParticipantConfig>& TccParticipantConfig::params() {
    using C = TccParticipantConfig;
    static const ParamList<C> list = ParamList<C>{}
        .choice("isolation", &C::isolation, "reserve", {{"reserve", Isolation::Reserve}, {"lock", Isolation::Lock}},
                "reserve: TCC, a Try freezes the amount and the rest of the account stays usable by other "
                "transfers. lock: as 2PC (XA), the Try (the prepare) also locks each account it touches until "
                "Confirm or Cancel (commit or abort); a transfer touching a locked account is refused",
                "reserve：TCC，Try 冻结转账金额，账户其余部分仍可被其他转账使用。lock：如两阶段提交（XA），"
                "Try（即准备）还会锁住涉及的每个账户，直到 Confirm 或 Cancel（提交或中止）；"
                "涉及已锁账户的转账被拒绝")
        .integer("accounts", &C::accounts, 10, "Accounts this participant holds, named a0 .. a<accounts-1>",
                 "此参与者持有的账户数，账户名为 a0 .. a<accounts-1>", {.min = 1, .max = 100})
        .integer("initial_balance", &C::initial_balance, 1000, "Each account's balance at the first start",
                 "每个账户首次启动时的余额", {.min = 0, .max = 1000000000})
        .duration("reservation_timeout", &C::reservation_timeout, "0s",
                  "A try's reservation is released (its row rolled back) after this long without confirm or "
                  "cancel; 0: never. Keep it longer than the coordinator's whole transaction: a confirm that "
                  "comes after the release is refused",
                  "Try 的预留在这段时间内未被 Confirm 或 Cancel 时自动释放（其记录标为已回滚）；0 表示永不释放。"
                  "应长于协调者处理整个事务的时间：释放之后到达的 Confirm 会被拒绝",
                  {.min = 0})
        .integer("max_reservations", &C::max_reservations, 256,
                 "Transactions it holds reservations for at once; a try beyond is refused",
                 "同时持有预留的事务上限；超出的 Try 被拒绝", {.min = 1, .max = 100000})
        .boolean("empty_rollback_guard", &C::empty_rollback_guard, true,
                 "Fence defence against empty rollback: a Cancel for a Try that never ran records the row as "
                 "suspended and succeeds without touching an account. Off: the Cancel releases a reservation "
                 "that was never made, and the account can spend that money twice",
                 "防空回滚：对从未执行过 Try 的 Cancel，把记录标为悬挂（suspended）并直接返回成功，不动账户。"
                 "关闭后：Cancel 会释放一笔从未预留的金额，账户可以把这笔钱花两次")
        .boolean("anti_suspension", &C::anti_suspension, true,
                 "Fence defence against suspension: a Try that arrives after its transaction was rolled back "
                 "is refused. Off: the late Try reserves, and nobody will ever confirm or cancel it",
                 "防悬挂：事务已回滚后才到达的 Try 被拒绝。关闭后：迟到的 Try 照样预留，"
                 "而再也不会有 Confirm 或 Cancel 来处理它")
        .boolean("idempotence", &C::idempotence, true,
                 "Fence defence for idempotence: a Confirm or Cancel on a transaction already committed or "
                 "rolled back succeeds without running again. Off: a Confirm delivered twice runs twice",
                 "幂等控制：对已提交或已回滚的事务再次收到的 Confirm 或 Cancel 直接返回成功，不再执行。"
                 "关闭后：重复投递的 Confirm 会执行两次");
    return list;
}

std::vector<PhaseSpec> TccParticipantRole::phases() {
    return {{.name = "idle", .tone = Tone::Neutral, .en = "idle (nothing reserved)", .zh = "空闲（无预留）"},
            {.name = "holding", .tone = Tone::Busy, .en = "holding reservations", .zh = "持有预留"},
            {.name = "hanging", .tone = Tone::Failing, .en = "hanging (a reservation after its cancel)",
             .zh = "悬挂（Cancel 之后的预留）"}};
}

std::vector<GaugeSpec> TccParticipantRole::gauges() {
    return {{.field = "reservations", .full_scale = 256, .full_scale_field = "max_reservations", .unit = "tx",
             .en = "transactions holding reservations", .zh = "持有预留的事务"}};
}

TccParticipantRole::TccParticipantRole(TccParticipantConfig config) : config_(std::move(config)) {}

void TccParticipantRole::start(Context& ctx) {
    for (std::int64_t i = 0; i < config_.accounts; ++i)
        accounts_["a" + std::to_string(i)].balance = config_.initial_balance;
    phase_ = "idle";
    ctx.phase(phase_, std::to_string(config_.accounts) + Text{" accounts", " 个账户"});
    recover(ctx);
}

void TccParticipantRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kTry)
        handle_try(ctx, msg);
    else if (msg.type == kConfirm)
        handle_second_phase(ctx, msg, true);
    else if (msg.type == kCancel)
        handle_second_phase(ctx, msg, false);
    else if (msg.type == kBalances)
        handle_balances(ctx, msg);
    else {
        ctx.count(client_metric::kUnexpectedMessages);
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
    }
}

void TccParticipantRole::on_timer(Context& ctx, TimerId timer) {
    const auto it = timers_.find(timer);
    if (it == timers_.end())
        return;
    const std::string tx = it->second;
    timers_.erase(it);
    auto row = fence_.find(tx);
    if (row == fence_.end() || row->second.status != FenceStatus::Tried)
        return;
    row->second.timer.reset();
    ++expired_;
    ctx.count("expired");
    const std::vector<Action> actions = row->second.actions;
    commit(ctx, tx, FenceStatus::RolledBack, actions, release(actions), false);
    update_phase(ctx, tx + Text{": its reservation timed out and was released", "：预留超时，已释放"});
}

Json TccParticipantRole::snapshot() const {
    std::int64_t sum = 0, frozen = 0, incoming = 0, held = 0, unreserved = 0;
    Json accounts = Json::object();
    for (const auto& [name, a] : accounts_) {
        sum += a.balance;
        frozen += a.frozen;
        incoming += a.incoming;
        held += std::max<std::int64_t>(a.frozen, 0) + std::max<std::int64_t>(a.incoming, 0);
        unreserved += std::max<std::int64_t>(-a.frozen, 0) + std::max<std::int64_t>(-a.incoming, 0);
        accounts[name] = a.balance;
    }
    Json fence = {{"tried", 0}, {"committed", 0}, {"rolled_back", 0}, {"suspended", 0}};
    for (const auto& [tx, row] : fence_)
        fence[std::string(to_string(row.status))] = fence[std::string(to_string(row.status))].get<std::int64_t>() + 1;
    return {{"state", phase_},
            {"reservations", tried_rows()},
            {"max_reservations", config_.max_reservations},
            {"sum", sum},
            {"initial_total", config_.accounts * config_.initial_balance},
            {"frozen", frozen},
            {"incoming", incoming},
            {"held", held},
            {"unreserved", unreserved},
            {"accounts", std::move(accounts)},
            {"fence", std::move(fence)},
            {"tries", tries_},
            {"refused_funds", refused_funds_},
            {"lock_conflicts", lock_conflicts_},
            {"locks_held", locks_.size()},
            {"confirms", confirms_},
            {"cancels", cancels_},
            {"empty_rollbacks", empty_rollbacks_},
            {"suspensions_refused", suspensions_refused_},
            {"hanging_reservations", hanging_reservations_},
            {"repeats_ignored", repeats_ignored_},
            {"repeats_reapplied", repeats_reapplied_},
            {"unreserved_releases", unreserved_releases_},
            {"expired", expired_},
            {"late_confirms", late_confirms_}};
}

bool TccParticipantRole::known_account(const std::string& name) const { return accounts_.contains(name); }

void TccParticipantRole::handle_try(Context& ctx, const Message& msg) {
    const auto tx = string_field(msg.body, "tx");
    std::string error;
    const auto actions = msg.body.is_object() && msg.body.contains("actions")
                             ? actions_from_json(msg.body["actions"], &error)
                             : std::nullopt;
    if (!tx || !actions) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false},
                        {"error", !tx ? "try needs a non-empty string tx" : "try " + (error.empty() ? "needs a non-empty list \"actions\"" : error)}});
        return;
    }
    for (const Action& a : *actions)
        if (!known_account(a.account)) {
            ctx.count("malformed");
            ctx.reply(msg, {{"ok", false}, {"tx", *tx}, {"error", "unknown account " + a.account}});
            return;
        }
    bool hanging = false;
    if (const auto row = fence_.find(*tx); row != fence_.end()) {
        const FenceStatus status = row->second.status;
        if (status == FenceStatus::Tried || status == FenceStatus::Committed) {
            // The same try again (a retry or a duplicate): the same answer, nothing reserved twice.
            ++repeats_ignored_;
            ctx.count("repeats_ignored");
            ctx.reply(msg, {{"ok", true}, {"tx", *tx}});
            return;
        }
        if (config_.anti_suspension) {
            ++suspensions_refused_;
            ctx.count("suspensions_refused");
            ctx.reply(msg, {{"ok", false},
                            {"tx", *tx},
                            {"error", "already " + std::string(to_string(status)) + ": a try after its cancel is refused"}});
            ctx.log(LogLevel::Info, *tx + ": try after its cancel refused (anti-suspension)");
            return;
        }
        hanging = true;
    }
    if (tried_rows() >= config_.max_reservations) {
        ctx.reply(msg, {{"ok", false}, {"tx", *tx}, {"error", "too many reservations held"}});
        return;
    }
    if (config_.isolation == Isolation::Lock)
        for (const Action& a : *actions)
            if (const auto lock = locks_.find(a.account); lock != locks_.end() && lock->second != *tx) {
                ++lock_conflicts_;
                ctx.count("lock_conflicts");
                ctx.reply(msg, {{"ok", false},
                                {"tx", *tx},
                                {"error", "account " + a.account + " is locked by " + lock->second}});
                return;
            }
    std::map<std::string, std::int64_t> debits;
    for (const Action& a : *actions)
        if (a.amount < 0)
            debits[a.account] += -a.amount;
    for (const auto& [account, amount] : debits) {
        const Account& acc = accounts_[account];
        if (acc.balance - acc.frozen < amount) {
            // Nothing is recorded: like a Seata try that throws, its fence row goes with it.
            ++refused_funds_;
            ctx.count("refused_funds");
            ctx.reply(msg, {{"ok", false},
                            {"tx", *tx},
                            {"error", "insufficient funds in " + account + ": " +
                                          std::to_string(acc.balance - acc.frozen) + " available, " +
                                          std::to_string(amount) + " asked"}});
            return;
        }
    }
    ++tries_;
    ctx.count("tries");
    if (hanging) {
        ++hanging_reservations_;
        ctx.count("hanging_reservations");
        ctx.log(LogLevel::Warn, *tx + ": try arrived after its cancel and reserved anyway (anti-suspension off)");
    }
    commit(ctx, *tx, FenceStatus::Tried, *actions, reserve(*actions), hanging);
    arm(ctx, *tx);
    ctx.reply(msg, {{"ok", true}, {"tx", *tx}});
    update_phase(ctx, hanging ? *tx + Text{" reserved after its cancel: nobody will release it", " 在 cancel 之后才预留：没有人会释放它（悬挂）"}
                              : *tx + Text{" tried: ", " 已 try："} + std::to_string(actions->size()) + Text{" reserved", " 项已预留"});
}

void TccParticipantRole::handle_second_phase(Context& ctx, const Message& msg, bool confirm) {
    const std::string what = confirm ? "confirm" : "cancel";
    const auto tx = string_field(msg.body, "tx");
    if (!tx) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", what + " needs a non-empty string tx"}});
        return;
    }
    std::string error = "needs a non-empty list \"actions\"";
    const auto carried = msg.body.contains("actions") ? actions_from_json(msg.body["actions"], &error)
                                                      : std::optional<std::vector<Action>>{};
    const auto answer = [&](std::string_view effect) {
        ctx.reply(msg, {{"ok", true}, {"tx", *tx}, {"effect", effect}});
    };
    auto row = fence_.find(*tx);
    if (row == fence_.end()) {
        if (confirm) {
            ctx.count("unknown_confirms");
            ctx.reply(msg, {{"ok", false}, {"tx", *tx}, {"error", "confirm for a transaction never tried"}});
            return;
        }
        if (config_.empty_rollback_guard) {
            ++empty_rollbacks_;
            ctx.count("empty_rollbacks");
            commit(ctx, *tx, FenceStatus::Suspended, carried.value_or(std::vector<Action>{}), {}, false);
            answer("empty");
            update_phase(ctx, *tx + Text{": cancel before any try, recorded as suspended (empty rollback)", "：在任何 try 之前 cancel，记为已挂起（空回滚）"});
            return;
        }
        if (!carried) {
            ctx.count("malformed");
            ctx.reply(msg, {{"ok", false}, {"tx", *tx}, {"error", "cancel " + error}});
            return;
        }
        for (const Action& a : *carried)
            if (!known_account(a.account)) {
                ctx.count("malformed");
                ctx.reply(msg, {{"ok", false}, {"tx", *tx}, {"error", "unknown account " + a.account}});
                return;
            }
        ++unreserved_releases_;
        ++cancels_;
        ctx.count("unreserved_releases");
        ctx.log(LogLevel::Warn, *tx + ": cancel without a try released what was never reserved (empty rollback guard off)");
        commit(ctx, *tx, FenceStatus::RolledBack, *carried, release(*carried), false);
        answer("applied");
        update_phase(ctx, *tx + Text{": cancel without a try released what was never reserved", "：没有 try 的 cancel 释放了从未预留的资源"});
        return;
    }
    Row& r = row->second;
    const FenceStatus status = r.status;
    if (status == FenceStatus::Tried) {
        disarm(ctx, r);
        const std::vector<Action> actions = r.actions;
        if (confirm) {
            ++confirms_;
            ctx.count("confirms");
            commit(ctx, *tx, FenceStatus::Committed, actions, apply(actions), false);
        } else {
            ++cancels_;
            ctx.count("cancels");
            commit(ctx, *tx, FenceStatus::RolledBack, actions, release(actions), false);
        }
        answer("applied");
        update_phase(ctx, *tx + (confirm ? Text{" confirmed", " 已 confirm"} : Text{" cancelled", " 已 cancel"}));
        return;
    }
    const bool same = confirm ? status == FenceStatus::Committed
                              : status == FenceStatus::RolledBack || status == FenceStatus::Suspended;
    if (!same) {
        if (confirm) {
            ++late_confirms_;
            ctx.count("late_confirms");
        }
        ctx.log(LogLevel::Warn, *tx + ": " + what + " for a transaction already " + std::string(to_string(status)));
        ctx.reply(msg, {{"ok", false}, {"tx", *tx}, {"error", "already " + std::string(to_string(status))}});
        return;
    }
    if (config_.idempotence) {
        ++repeats_ignored_;
        ctx.count("repeats_ignored");
        answer("repeat");
        return;
    }
    // Idempotence off: the business action runs again.
    const std::vector<Action> actions =
        status == FenceStatus::Suspended ? carried.value_or(std::vector<Action>{}) : r.actions;
    ++repeats_reapplied_;
    ctx.count("repeats_reapplied");
    ctx.log(LogLevel::Warn, *tx + ": " + what + " ran again (idempotence off)");
    commit(ctx, *tx, status, actions, confirm ? apply(actions) : release(actions), false);
    answer("reapplied");
    update_phase(ctx, *tx + ": " + what + Text{" ran a second time", " 执行了第二次"});
}

void TccParticipantRole::handle_balances(Context& ctx, const Message& msg) {
    Json accounts = Json::object();
    std::int64_t sum = 0, frozen = 0, incoming = 0;
    for (const auto& [name, a] : accounts_) {
        accounts[name] = a.balance;
        sum += a.balance;
        frozen += a.frozen;
        incoming += a.incoming;
    }
    ctx.reply(msg, {{"ok", true}, {"accounts", std::move(accounts)}, {"sum", sum}, {"frozen", frozen}, {"incoming", incoming}});
}

std::vector<TccParticipantRole::Delta> TccParticipantRole::reserve(const std::vector<Action>& actions) {
    std::vector<Delta> out;
    for (const Action& a : actions)
        out.push_back(a.amount < 0 ? Delta{a.account, 0, -a.amount, 0} : Delta{a.account, 0, 0, a.amount});
    return out;
}

std::vector<TccParticipantRole::Delta> TccParticipantRole::apply(const std::vector<Action>& actions) {
    std::vector<Delta> out;
    for (const Action& a : actions)
        out.push_back(a.amount < 0 ? Delta{a.account, a.amount, a.amount, 0} : Delta{a.account, a.amount, 0, -a.amount});
    return out;
}

std::vector<TccParticipantRole::Delta> TccParticipantRole::release(const std::vector<Action>& actions) {
    std::vector<Delta> out;
    for (const Action& a : actions)
        out.push_back(a.amount < 0 ? Delta{a.account, 0, a.amount, 0} : Delta{a.account, 0, 0, -a.amount});
    return out;
}

void TccParticipantRole::commit(Context& ctx, const std::string& tx, FenceStatus status,
                                const std::vector<Action>& actions, const std::vector<Delta>& deltas, bool hanging) {
    Json d = Json::array();
    for (const Delta& x : deltas)
        d.push_back(Json::array({x.account, x.balance, x.frozen, x.incoming}));
    Json record = {{"tx", tx}, {"s", to_string(status)}, {"d", std::move(d)}};
    if (status == FenceStatus::Tried) {
        record["a"] = to_json(actions);
        record["h"] = hanging;
    }
    if (auto written = ctx.storage().append(kLogKey, record.dump() + "\n", /*sync=*/true); !written)
        ctx.log(LogLevel::Error, "cannot write the log: " + written.error().message);
    Row& row = fence_[tx];
    row.status = status;
    if (status == FenceStatus::Tried) {
        row.actions = actions;
        row.hanging = hanging;
    } else {
        row.hanging = false;
    }
    hold_locks(tx, row);
    apply_deltas(deltas);
}

void TccParticipantRole::hold_locks(const std::string& tx, const Row& row) {
    if (config_.isolation != Isolation::Lock)
        return;
    if (row.status == FenceStatus::Tried) {
        for (const Action& a : row.actions)
            locks_[a.account] = tx;
        return;
    }
    std::erase_if(locks_, [&](const auto& lock) { return lock.second == tx; });
}

void TccParticipantRole::apply_deltas(const std::vector<Delta>& deltas) {
    for (const Delta& x : deltas) {
        Account& a = accounts_[x.account];
        a.balance += x.balance;
        a.frozen += x.frozen;
        a.incoming += x.incoming;
    }
}

void TccParticipantRole::arm(Context& ctx, const std::string& tx) {
    if (config_.reservation_timeout <= Duration(0))
        return;
    Row& row = fence_[tx];
    disarm(ctx, row);
    const TimerId id = timer_ids_.next();
    row.timer = id;
    timers_[id] = tx;
    ctx.set_timer(id, config_.reservation_timeout);
}

void TccParticipantRole::disarm(Context& ctx, Row& row) {
    if (!row.timer)
        return;
    ctx.cancel_timer(*row.timer);
    timers_.erase(*row.timer);
    row.timer.reset();
}

void TccParticipantRole::recover(Context& ctx) {
    auto stored = ctx.storage().read(kLogKey);
    if (!stored) {
        ctx.log(LogLevel::Error, "cannot read the log: " + stored.error().message);
        return;
    }
    if (!*stored)
        return;
    std::istringstream lines(**stored);
    std::string line;
    std::size_t bad = 0, records = 0;
    while (std::getline(lines, line)) {
        const Json r = Json::parse(line, nullptr, false);
        const auto tx = string_field(r, "tx");
        const auto status = fence_status_from_string(string_field(r, "s").value_or(""));
        if (!tx || !status || !r.contains("d") || !r["d"].is_array()) {
            ++bad;   // a torn last line after a crash mid-append
            continue;
        }
        std::vector<Delta> deltas;
        for (const Json& x : r["d"])
            if (x.is_array() && x.size() == 4 && x[0].is_string())
                deltas.push_back({x[0].get<std::string>(), x[1].get<std::int64_t>(), x[2].get<std::int64_t>(),
                                  x[3].get<std::int64_t>()});
        Row& row = fence_[*tx];
        row.status = *status;
        if (*status == FenceStatus::Tried) {
            row.actions = actions_from_json(r.value("a", Json::array()), nullptr).value_or(std::vector<Action>{});
            row.hanging = r.value("h", false);
        } else {
            row.hanging = false;
        }
        hold_locks(*tx, row);
        apply_deltas(deltas);
        ++records;
    }
    if (bad > 0)
        ctx.log(LogLevel::Warn, "skipped " + std::to_string(bad) + " unreadable log records");
    for (const auto& [tx, row] : fence_)
        if (row.status == FenceStatus::Tried)
            arm(ctx, tx);
    update_phase(ctx, Text{"restarted: ", "已重启："} + std::to_string(records) + Text{" log records replayed, ", " 条日志记录已重放，"} +
                          std::to_string(tried_rows()) + Text{" reservations held", " 项预留仍持有"});
}

void TccParticipantRole::update_phase(Context& ctx, Text reason) {
    bool holding = false, hanging = false;
    for (const auto& [tx, row] : fence_)
        if (row.status == FenceStatus::Tried) {
            holding = true;
            hanging = hanging || row.hanging;
        }
    ctx.gauge("reservations", static_cast<double>(tried_rows()));
    std::string next = hanging ? "hanging" : holding ? "holding" : "idle";
    if (next == phase_)
        return;
    phase_ = std::move(next);
    ctx.phase(phase_, std::move(reason));
}

std::int64_t TccParticipantRole::tried_rows() const {
    return std::count_if(fence_.begin(), fence_.end(),
                         [](const auto& entry) { return entry.second.status == FenceStatus::Tried; });
}

}  // namespace distlab::core::tcc
