#include "core/patterns/atomic_commit/participant_role.h"

#include <algorithm>
#include <random>
#include <sstream>
#include <utility>

#include "core/patterns/common/client.h"

namespace distlab::core::atomic_commit {

namespace {

// The write-ahead log: one JSON record a line. {"t": "P", tx, protocol, coordinator,
// participants, writes} when prepared; {"t": "R", tx} pre-committed (3PC); {"t": "C"|"A", tx}
// decided.
constexpr std::string_view kWalKey = "tx_wal";

}  // namespace

const ParamList<ParticipantConfig>& ParticipantConfig::params() {
    using C = ParticipantConfig;
    static const ParamList<C> list = ParamList<C>{}
        .duration("decision_timeout", &C::decision_timeout, "1s",
                  "How long a prepared transaction waits for the coordinator's decision. 2PC: after it the "
                  "participant is blocked (it may not decide alone) and keeps asking; 3PC: after it the "
                  "participant decides alone, commit when pre-committed, abort when only prepared",
                  "已准备的事务等待协调者决定的时长。两阶段提交：超时后参与者进入阻塞（不能自行决定），"
                  "并不断询问；三阶段提交：超时后参与者自行决定，已预提交则提交，仅已准备则中止",
                  {.min = 1})
        .duration("inquiry_interval", &C::inquiry_interval, "500ms",
                  "While in doubt: how often it asks the coordinator (and the other participants) again",
                  "处于不确定状态时，再次询问协调者（以及其他参与者）的间隔", {.min = 1})
        .boolean("cooperative_termination", &C::cooperative_termination, false,
                 "In doubt, also ask the other participants: one that committed or aborted settles it, and "
                 "one that never voted aborts and settles it; when all are prepared, nobody knows (2PC "
                 "stays blocked). In 3PC this is the termination protocol",
                 "处于不确定状态时也询问其他参与者：已提交或已中止的参与者可给出结论，尚未投票的参与者会"
                 "中止并给出结论；若全部都已准备，则谁也不知道结果（两阶段提交仍然阻塞）。"
                 "在三阶段提交中即为终止协议")
        .probability("no_rate", &C::no_rate, 0.0,
                     "Chance it votes no on a prepare, as a failed business check (insufficient stock)",
                     "对准备请求投反对票的概率，模拟业务校验失败（如库存不足）")
        .integer("max_locks", &C::max_locks, 64,
                 "Size of the lock table: a prepare that would hold more locks is refused (votes no)",
                 "锁表大小：准备请求若使持有的锁超过此数则被拒绝（投反对票）", {.min = 1, .max = 1000000});
    return list;
}

std::vector<PhaseSpec> ParticipantRole::phases() {
    return {{.name = "idle", .tone = Tone::Neutral, .en = "idle", .zh = "空闲"},
            {.name = "prepared", .tone = Tone::Busy, .en = "prepared (holding locks)", .zh = "已准备（持有锁）"},
            {.name = "precommitted", .tone = Tone::Busy, .en = "pre-committed", .zh = "已预提交"},
            {.name = "blocked", .tone = Tone::Failing, .en = "blocked (in doubt, holding locks)",
             .zh = "阻塞（结果未知，持有锁）"},
            {.name = "committed", .tone = Tone::Healthy, .en = "committed", .zh = "已提交"},
            {.name = "aborted", .tone = Tone::Warning, .en = "aborted", .zh = "已中止"}};
}

std::vector<GaugeSpec> ParticipantRole::gauges() {
    return {{.field = "locks_held", .full_scale = 64, .full_scale_field = "max_locks", .unit = "locks",
             .en = "locks held", .zh = "持有的锁"},
            {.field = "blocked", .full_scale = 64, .full_scale_field = "max_locks", .unit = "tx",
             .en = "blocked transactions", .zh = "阻塞的事务"}};
}

std::string_view ParticipantRole::state_name(State state) {
    switch (state) {
    case State::Prepared: return "prepared";
    case State::PreCommitted: return "precommitted";
    case State::Committed: return "committed";
    case State::Aborted: return "aborted";
    }
    return "aborted";
}

ParticipantRole::ParticipantRole(ParticipantConfig config) : config_(std::move(config)) {}

void ParticipantRole::start(Context& ctx) {
    ctx.phase("idle", Text{"no transaction yet", "还没有事务"});
    recover(ctx);
}

void ParticipantRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kPrepare)
        handle_prepare(ctx, msg);
    else if (msg.type == kPrecommit)
        handle_precommit(ctx, msg);
    else if (msg.type == kCommit)
        handle_decision(ctx, msg, Decision::Commit);
    else if (msg.type == kAbort)
        handle_decision(ctx, msg, Decision::Abort);
    else if (msg.type == kTxState)
        handle_tx_state(ctx, msg);
    else {
        ctx.count(client_metric::kUnexpectedMessages);
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
    }
}

void ParticipantRole::on_timer(Context& ctx, TimerId timer) {
    const auto it = timers_.find(timer);
    if (it == timers_.end())
        return;
    const std::string tx = it->second;
    timers_.erase(it);
    if (auto t = txs_.find(tx); t != txs_.end())
        t->second.timer.reset();
    in_doubt_timeout(ctx, tx);
}

Json ParticipantRole::snapshot() const {
    Json doubt = Json::array();
    for (const auto& [id, tx] : txs_) {
        if (tx.state != State::Prepared && tx.state != State::PreCommitted)
            continue;
        if (doubt.size() >= 8)
            break;
        doubt.push_back({{"tx", id},
                         {"state", state_name(tx.state)},
                         {"locks", tx.writes.size()},
                         {"blocked", tx.blocked}});
    }
    return {{"state", phase_},
            {"locks_held", locks_.size()},
            {"max_locks", config_.max_locks},
            {"blocked", blocked_now()},
            {"in_doubt", in_doubt()},
            {"in_doubt_window", std::move(doubt)},
            {"votes_yes", votes_yes_},
            {"votes_no", votes_no_},
            {"committed", committed_},
            {"aborted", aborted_},
            {"decided_alone", decided_alone_},
            {"blocked_transactions", blocked_total_},
            {"contradictions", contradictions_},
            {"recovered", recovered_},
            {"keys_written", data_.size()}};
}

void ParticipantRole::handle_prepare(Context& ctx, const Message& msg) {
    auto tx_id = string_field(msg.body, "tx");
    auto writes = msg.body.is_object() && msg.body.contains("writes") ? writes_from_json(msg.body["writes"])
                                                                     : std::nullopt;
    const auto protocol_name = string_field(msg.body, "protocol");
    const std::optional<Protocol> protocol = protocol_name ? protocol_from_string(*protocol_name) : std::nullopt;
    std::vector<NodeId> participants;
    if (msg.body.is_object())
        if (const auto p = msg.body.find("participants"); p != msg.body.end() && p->is_array())
            for (const Json& n : *p)
                if (n.is_string())
                    participants.push_back(n.get<std::string>());
    if (!tx_id || !writes || !protocol || participants.empty()) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false},
                        {"error", "prepare needs tx, protocol (2pc or 3pc), participants and writes [{key, value}]"}});
        return;
    }
    const std::string& tx = *tx_id;
    if (const auto known = txs_.find(tx); known != txs_.end()) {
        // A repeated prepare: the same vote again (a no stays no).
        if (known->second.state == State::Aborted)
            ctx.reply(msg, {{"ok", true}, {"tx", tx}, {"vote", "no"}, {"reason", "already aborted"}});
        else
            ctx.reply(msg, {{"ok", true}, {"tx", tx}, {"vote", "yes"}});
        return;
    }
    std::bernoulli_distribution refuse(config_.no_rate);
    if (config_.no_rate > 0 && refuse(ctx.rng())) {
        vote_no(ctx, msg, tx, msg.from, Text{"the business check failed", "业务检查未通过"});
        return;
    }
    for (const Write& w : *writes)
        if (const auto lock = locks_.find(w.key); lock != locks_.end()) {
            vote_no(ctx, msg, tx, msg.from, Text{"key " + w.key + " is locked by " + lock->second, "键 " + w.key + " 已被 " + lock->second + " 锁定"});
            return;
        }
    if (std::ssize(locks_) + std::ssize(*writes) > config_.max_locks) {
        vote_no(ctx, msg, tx, msg.from, Text{"the lock table is full", "锁表已满"});
        return;
    }
    Json writes_json = to_json(*writes);
    if (!log_record(ctx, {{"t", "P"},
                          {"tx", tx},
                          {"protocol", to_string(*protocol)},
                          {"coordinator", msg.from},
                          {"participants", participants},
                          {"writes", writes_json}})) {
        vote_no(ctx, msg, tx, msg.from, Text{"cannot write the log", "无法写入日志"});
        return;
    }
    Tx& t = txs_[tx];
    t.state = State::Prepared;
    t.protocol = *protocol;
    t.coordinator = msg.from;
    t.participants = std::move(participants);
    t.writes = std::move(*writes);
    for (const Write& w : t.writes)
        locks_[w.key] = tx;
    ++votes_yes_;
    ctx.count("votes_yes");
    ctx.gauge("locks_held", static_cast<double>(locks_.size()));
    arm(ctx, tx, config_.decision_timeout);
    ctx.reply(msg, {{"ok", true}, {"tx", tx}, {"vote", "yes"}});
    update_phase(ctx, tx + Text{" prepared: ", " 已准备："} + std::to_string(t.writes.size()) + Text{" locks held until the decision", " 把锁持有到决定"});
}

void ParticipantRole::vote_no(Context& ctx, const Message& msg, const std::string& tx, const NodeId& coordinator,
                              const Text& reason) {
    Tx& t = txs_[tx];
    t.state = State::Aborted;
    t.coordinator = coordinator;
    log_record(ctx, {{"t", "A"}, {"tx", tx}});
    ++votes_no_;
    ++aborted_;
    ctx.count("votes_no");
    ctx.count("aborted");
    ctx.reply(msg, {{"ok", true}, {"tx", tx}, {"vote", "no"}, {"reason", reason.en}});
    ctx.send(coordinator, std::string(kOutcome), {{"tx", tx}, {"decision", "abort"}, {"by", kByRefusal}});
    last_decision_ = Decision::Abort;
    update_phase(ctx, tx + Text{": voted no, ", "：投了反对票，"} + reason);
}

void ParticipantRole::handle_precommit(Context& ctx, const Message& msg) {
    const auto tx = string_field(msg.body, "tx");
    if (!tx) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "precommit needs a string tx"}});
        return;
    }
    const auto it = txs_.find(*tx);
    if (it == txs_.end()) {
        ctx.reply(msg, {{"ok", false}, {"error", "unknown transaction"}});
        return;
    }
    Tx& t = it->second;
    if (t.state == State::Aborted) {
        ctx.reply(msg, {{"ok", false}, {"error", "already aborted"}});
        return;
    }
    if (t.state == State::Prepared) {
        log_record(ctx, {{"t", "R"}, {"tx", *tx}});
        t.state = State::PreCommitted;
        arm(ctx, *tx, config_.decision_timeout);
        update_phase(ctx, *tx + Text{" pre-committed: everyone voted yes", " 已预提交：所有人都投了赞成票"});
    }
    ctx.reply(msg, {{"ok", true}});
}

void ParticipantRole::handle_decision(Context& ctx, const Message& msg, Decision decision) {
    const auto tx = string_field(msg.body, "tx");
    if (!tx) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' without a string tx from " + msg.from);
        return;
    }
    if (!txs_.contains(*tx)) {
        if (decision == Decision::Abort) {
            // Aborted before its prepare arrived: remember, so a late prepare is refused.
            txs_[*tx] = Tx{.state = State::Aborted, .coordinator = msg.from};
            log_record(ctx, {{"t", "A"}, {"tx", *tx}});
        } else {
            ctx.count("unknown_commits");
            ctx.log(LogLevel::Warn, "told to commit " + *tx + ", which it never prepared");
        }
        return;
    }
    if (txs_[*tx].state == State::Aborted && decision == Decision::Abort)
        return;   // it voted no, or aborted already: nothing to report again
    decide(ctx, *tx, decision, kByCoordinator);
}

void ParticipantRole::handle_tx_state(Context& ctx, const Message& msg) {
    const auto tx = string_field(msg.body, "tx");
    if (!tx) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "tx_state needs a string tx"}});
        return;
    }
    auto it = txs_.find(*tx);
    if (it == txs_.end()) {
        // It never voted, so it may still abort, and does: the asker can then abort too.
        Tx& t = txs_[*tx];
        t.state = State::Aborted;
        log_record(ctx, {{"t", "A"}, {"tx", *tx}});
        const auto coordinator = string_field(msg.body, "coordinator");
        if (coordinator) {
            t.coordinator = *coordinator;
            ctx.send(*coordinator, std::string(kOutcome), {{"tx", *tx}, {"decision", "abort"}, {"by", kByRefusal}});
        }
        ++aborted_;
        ctx.count("aborted");
        ctx.reply(msg, {{"ok", true}, {"state", "aborted"}});
        return;
    }
    ctx.reply(msg, {{"ok", true}, {"state", state_name(it->second.state)}});
}

void ParticipantRole::decide(Context& ctx, const std::string& tx, Decision decision, std::string_view by) {
    Tx& t = txs_[tx];
    const bool done = t.state == State::Committed || t.state == State::Aborted;
    if (done) {
        const Decision had = t.state == State::Committed ? Decision::Commit : Decision::Abort;
        if (had != decision) {
            ++contradictions_;
            ctx.count("contradictions");
            ctx.log(LogLevel::Warn, "told to " + std::string(to_string(decision)) + " " + tx + ", which it " +
                                        (had == Decision::Commit ? "committed" : "aborted") + " already");
        }
        // Report what it did (again): the coordinator's acknowledgement.
        ctx.send(t.coordinator, std::string(kOutcome), {{"tx", tx}, {"decision", to_string(had)}, {"by", by}});
        return;
    }
    log_record(ctx, {{"t", decision == Decision::Commit ? "C" : "A"}, {"tx", tx}});
    if (decision == Decision::Commit)
        for (const Write& w : t.writes)
            data_[w.key] = w.value;
    for (const Write& w : t.writes)
        if (const auto lock = locks_.find(w.key); lock != locks_.end() && lock->second == tx)
            locks_.erase(lock);
    if (t.timer) {
        ctx.cancel_timer(*t.timer);
        timers_.erase(*t.timer);
        t.timer.reset();
    }
    t.state = decision == Decision::Commit ? State::Committed : State::Aborted;
    t.writes.clear();
    t.writes.shrink_to_fit();
    t.round.reset();
    if (decision == Decision::Commit) {
        ++committed_;
        ctx.count("committed");
    } else {
        ++aborted_;
        ctx.count("aborted");
    }
    if (by == kByTimeout || by == kByPeers) {
        ++decided_alone_;
        ctx.count("decided_alone");
    }
    ctx.gauge("locks_held", static_cast<double>(locks_.size()));
    ctx.send(t.coordinator, std::string(kOutcome), {{"tx", tx}, {"decision", to_string(decision)}, {"by", by}});
    last_decision_ = decision;
    update_phase(ctx, tx + (decision == Decision::Commit ? Text{" committed", " 已提交"} : Text{" aborted", " 已中止"}) +
                          Text{" (decided by ", "（由 "} + by + Text{")", " 决定）"});
}

void ParticipantRole::in_doubt_timeout(Context& ctx, const std::string& tx) {
    auto it = txs_.find(tx);
    if (it == txs_.end())
        return;
    Tx& t = it->second;
    if (t.state != State::Prepared && t.state != State::PreCommitted)
        return;
    if (t.protocol == Protocol::ThreePhase && !t.blocked) {
        if (t.state == State::PreCommitted) {
            decide(ctx, tx, Decision::Commit, kByTimeout);
            return;
        }
        if (!config_.cooperative_termination) {
            decide(ctx, tx, Decision::Abort, kByTimeout);
            return;
        }
        ask_peers(ctx, tx);
        return;
    }
    // 2PC (or any recovered transaction): in doubt, it may not decide alone. It asks.
    if (!t.blocked) {
        t.blocked = true;
        ++blocked_total_;
        ctx.count("blocked_transactions");
        update_phase(ctx, tx + Text{" is in doubt: no decision from ", " 悬而未决：没有来自 "} + t.coordinator +
                              Text{"; its locks stay held", " 的决定；它的锁继续持有"});
    }
    inquire(ctx, tx);
    if (config_.cooperative_termination)
        ask_peers(ctx, tx);
    arm(ctx, tx, config_.inquiry_interval);
}

void ParticipantRole::inquire(Context& ctx, const std::string& tx) {
    Tx& t = txs_[tx];
    if (t.inquiring)
        return;
    t.inquiring = true;
    ctx.call(t.coordinator, std::string(kInquire), {{"tx", tx}}, config_.inquiry_interval,
             [this, tx](Context& c, const CallOutcome& outcome) {
                 auto it = txs_.find(tx);
                 if (it == txs_.end())
                     return;
                 it->second.inquiring = false;
                 if (outcome.timed_out)
                     return;
                 const auto decision = string_field(outcome.reply.body, "decision");
                 const std::optional<Decision> d = decision ? decision_from_string(*decision) : std::nullopt;
                 if (d && (it->second.state == State::Prepared || it->second.state == State::PreCommitted))
                     decide(c, tx, *d, kByCoordinator);
             });
}

void ParticipantRole::ask_peers(Context& ctx, const std::string& tx) {
    Tx& t = txs_[tx];
    if (t.round)
        return;
    Round round;
    for (const NodeId& peer : t.participants)
        if (peer != ctx.self())
            ++round.waiting;
    if (round.waiting == 0) {
        t.round = round;
        round_done(ctx, tx);
        return;
    }
    t.round = round;
    for (const NodeId& peer : t.participants) {
        if (peer == ctx.self())
            continue;
        ctx.call(peer, std::string(kTxState), {{"tx", tx}, {"coordinator", t.coordinator}}, config_.inquiry_interval,
                 [this, tx](Context& c, const CallOutcome& outcome) {
                     auto it = txs_.find(tx);
                     if (it == txs_.end() || !it->second.round)
                         return;
                     Round& r = *it->second.round;
                     if (!outcome.timed_out) {
                         const auto state = string_field(outcome.reply.body, "state");
                         if (state && (*state == "committed" || *state == "precommitted"))
                             r.commit = true;
                         else if (state && *state == "aborted")
                             r.abort = true;
                     }
                     if (--r.waiting == 0)
                         round_done(c, tx);
                 });
    }
}

void ParticipantRole::round_done(Context& ctx, const std::string& tx) {
    Tx& t = txs_[tx];
    const Round r = t.round.value_or(Round{});
    t.round.reset();
    if (t.state != State::Prepared && t.state != State::PreCommitted)
        return;
    if (r.commit && (t.protocol == Protocol::ThreePhase || !r.abort)) {
        decide(ctx, tx, Decision::Commit, kByPeers);
        return;
    }
    if (r.abort) {
        decide(ctx, tx, Decision::Abort, kByPeers);
        return;
    }
    // Nobody reachable knows more. 3PC: nobody reachable is pre-committed, so (under crash-stop)
    // nobody committed: abort. 2PC: stay blocked and ask again.
    if (t.protocol == Protocol::ThreePhase && !t.blocked)
        decide(ctx, tx, Decision::Abort, kByTimeout);
}

void ParticipantRole::arm(Context& ctx, const std::string& tx, Duration after) {
    Tx& t = txs_[tx];
    if (t.timer)
        timers_.erase(*t.timer);
    const TimerId id = timer_ids_.next();
    t.timer = id;
    timers_[id] = tx;
    ctx.set_timer(id, after);
}

bool ParticipantRole::log_record(Context& ctx, const Json& record) {
    if (auto written = ctx.storage().append(kWalKey, record.dump() + "\n", /*sync=*/true); !written) {
        ctx.log(LogLevel::Error, "cannot write the log: " + written.error().message);
        return false;
    }
    return true;
}

void ParticipantRole::recover(Context& ctx) {
    auto stored = ctx.storage().read(kWalKey);
    if (!stored) {
        ctx.log(LogLevel::Error, "cannot read the log: " + stored.error().message);
        return;
    }
    if (!*stored)
        return;
    std::istringstream lines(**stored);
    std::string line;
    std::size_t bad = 0;
    while (std::getline(lines, line)) {
        const Json r = Json::parse(line, nullptr, false);
        const auto type = string_field(r, "t");
        const auto tx = string_field(r, "tx");
        if (!type || !tx) {
            ++bad;   // a torn last line after a crash mid-append
            continue;
        }
        if (*type == "P") {
            Tx& t = txs_[*tx];
            t.state = State::Prepared;
            t.protocol = protocol_from_string(string_field(r, "protocol").value_or("2pc")).value_or(Protocol::TwoPhase);
            t.coordinator = string_field(r, "coordinator").value_or("");
            if (const auto p = r.find("participants"); p != r.end() && p->is_array())
                for (const Json& n : *p)
                    if (n.is_string())
                        t.participants.push_back(n.get<std::string>());
            if (const auto w = r.find("writes"); w != r.end())
                t.writes = writes_from_json(*w).value_or(std::vector<Write>{});
        } else if (*type == "R") {
            txs_[*tx].state = State::PreCommitted;
        } else if (*type == "C" || *type == "A") {
            Tx& t = txs_[*tx];
            if (*type == "C") {
                for (const Write& w : t.writes)
                    data_[w.key] = w.value;
                t.state = State::Committed;
                ++committed_;
            } else {
                t.state = State::Aborted;
                ++aborted_;
            }
            t.writes.clear();
        }
    }
    if (bad > 0)
        ctx.log(LogLevel::Warn, "skipped " + std::to_string(bad) + " unreadable log records");
    std::vector<std::string> doubt;
    for (auto& [id, t] : txs_) {
        if (t.state != State::Prepared && t.state != State::PreCommitted)
            continue;
        for (const Write& w : t.writes)
            locks_[w.key] = id;
        doubt.push_back(id);
    }
    if (doubt.empty())
        return;
    // Its timeout passed while it was down: each one in doubt asks at once, in either protocol.
    for (const std::string& id : doubt) {
        Tx& t = txs_[id];
        t.blocked = true;
        ++blocked_total_;
        ++recovered_;
        ctx.count("blocked_transactions");
        arm(ctx, id, Duration(0));
    }
    ctx.gauge("locks_held", static_cast<double>(locks_.size()));
    update_phase(ctx, Text{"restarted with ", "重启，日志中有 "} + std::to_string(doubt.size()) +
                          Text{" transactions in doubt in its log: their locks are taken again", " 个悬而未决的事务：重新获取它们的锁"});
}

void ParticipantRole::update_phase(Context& ctx, Text reason) {
    bool blocked = false, precommitted = false, prepared = false;
    for (const auto& [id, t] : txs_) {
        if (t.state == State::Prepared || t.state == State::PreCommitted) {
            blocked = blocked || t.blocked;
            precommitted = precommitted || t.state == State::PreCommitted;
            prepared = true;
        }
    }
    std::string next = blocked        ? "blocked"
                       : precommitted ? "precommitted"
                       : prepared     ? "prepared"
                       : last_decision_ ? (*last_decision_ == Decision::Commit ? "committed" : "aborted")
                                        : "idle";
    ctx.gauge("blocked", static_cast<double>(blocked_now()));
    if (next == phase_)
        return;
    phase_ = std::move(next);
    ctx.phase(phase_, std::move(reason));
}

std::int64_t ParticipantRole::in_doubt() const {
    return std::count_if(txs_.begin(), txs_.end(), [](const auto& entry) {
        return entry.second.state == State::Prepared || entry.second.state == State::PreCommitted;
    });
}

std::int64_t ParticipantRole::blocked_now() const {
    return std::count_if(txs_.begin(), txs_.end(), [](const auto& entry) {
        return (entry.second.state == State::Prepared || entry.second.state == State::PreCommitted) &&
               entry.second.blocked;
    });
}

}  // namespace distlab::core::atomic_commit
