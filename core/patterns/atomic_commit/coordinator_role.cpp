#include "core/patterns/atomic_commit/coordinator_role.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "core/patterns/common/client.h"

namespace distlab::core::atomic_commit {

namespace {

constexpr TimerId kResendTimer{1};
// The decision log: {"t": "C", tx, participants} forced before commit is sent; {"t": "E", tx}
// once every participant reported. Aborts are not logged (presumed abort).
constexpr std::string_view kLogKey = "tx_decisions";
constexpr std::string_view kParticipantRole = "tx-participant";

}  // namespace

const ParamList<CoordinatorConfig>& CoordinatorConfig::params() {
    using C = CoordinatorConfig;
    static const ParamList<C> list = ParamList<C>{}
        .choice("protocol", &C::protocol, "2pc", {{"2pc", Protocol::TwoPhase}, {"3pc", Protocol::ThreePhase}},
                "2pc: prepare, then commit or abort; a participant that voted yes must wait for the decision "
                "(XA, Seata XA mode). 3pc: a pre-commit round between them, so participants can decide alone "
                "after a timeout when the coordinator crashes, at the price of one more round trip, and of "
                "atomicity under a network partition",
                "2pc：先准备，再提交或中止；投了赞成票的参与者必须等待决定（XA、Seata XA 模式）。"
                "3pc：两者之间增加预提交一轮，协调者崩溃时参与者可在超时后自行决定，代价是多一次往返，"
                "且在网络分区下失去原子性")
        .duration("vote_timeout", &C::vote_timeout, "500ms",
                  "How long it waits for each participant's vote; no vote in time counts as no (abort)",
                  "等待每个参与者投票的时长；超时未投票视为反对（中止）", {.min = 1})
        .duration("ack_timeout", &C::ack_timeout, "500ms",
                  "3PC: how long it waits for a pre-commit acknowledgement; a silent participant is presumed "
                  "crashed and the coordinator commits anyway (it will learn on recovery)",
                  "三阶段提交：等待预提交确认的时长；未应答的参与者被视为已崩溃，协调者仍然提交"
                  "（该参与者恢复后会得知结果）",
                  {.min = 1})
        .duration("resend_interval", &C::resend_interval, "500ms",
                  "How often a commit is sent again to participants that have not reported their outcome",
                  "向尚未报告结果的参与者重发提交的间隔", {.min = 1})
        .duration("log_write_time", &C::log_write_time, "5ms",
                  "Time a forced (synced) write of the decision record takes; the decision is sent only after it",
                  "强制（同步）写入决定记录所需的时间；写完后才发送决定", {.min = 0})
        .integer("max_in_flight", &C::max_in_flight, 64,
                 "Transactions it coordinates at once; more are refused (busy)",
                 "同时协调的事务上限；超出的事务被拒绝（繁忙）", {.min = 1, .max = 100000});
    return list;
}

std::vector<PhaseSpec> CoordinatorRole::phases() {
    return {{.name = "idle", .tone = Tone::Neutral, .en = "idle", .zh = "空闲"},
            {.name = "collecting", .tone = Tone::Busy, .en = "collecting votes", .zh = "收集投票"},
            {.name = "precommitting", .tone = Tone::Busy, .en = "pre-committing", .zh = "预提交"},
            {.name = "deciding", .tone = Tone::Healthy, .en = "deciding (logging)", .zh = "决定中（写日志）"},
            {.name = "recovering", .tone = Tone::Warning, .en = "recovering from its log", .zh = "从日志恢复"}};
}

CoordinatorRole::CoordinatorRole(CoordinatorConfig config) : config_(std::move(config)) {}

void CoordinatorRole::start(Context& ctx) {
    phase_ = "idle";
    ctx.phase(phase_, std::string(to_string(config_.protocol)) + Text{" coordinator starts", " 协调者启动"});
    recover(ctx);
}

void CoordinatorRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kBegin)
        handle_begin(ctx, msg);
    else if (msg.type == kOutcome)
        handle_outcome(ctx, msg);
    else if (msg.type == kInquire)
        handle_inquire(ctx, msg);
    else {
        ctx.count(client_metric::kUnexpectedMessages);
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
    }
}

void CoordinatorRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kResendTimer) {
        resend_armed_ = false;
        for (const auto& [tx, waiting] : unacknowledged_) {
            ctx.count("resent_commits", static_cast<double>(waiting.size()));
            for (const NodeId& p : waiting)
                ctx.send(p, std::string(kCommit), {{"tx", tx}});
        }
        if (!unacknowledged_.empty()) {
            resend_armed_ = true;
            ctx.set_timer(kResendTimer, config_.resend_interval);
        }
        return;
    }
    const auto it = log_writes_.find(timer);
    if (it == log_writes_.end())
        return;
    const std::string tx = it->second;
    log_writes_.erase(it);
    write_commit(ctx, tx);
}

Json CoordinatorRole::snapshot() const {
    Json waiting = Json::object();
    for (const auto& [tx, nodes] : unacknowledged_) {
        if (waiting.size() >= 8)
            break;
        waiting[tx] = nodes;
    }
    return {{"state", phase_},
            {"protocol", to_string(config_.protocol)},
            {"in_flight", active_.size()},
            {"max_in_flight", config_.max_in_flight},
            {"committed", committed_count_},
            {"aborted", aborted_count_},
            {"unacknowledged", unacknowledged_.size()},
            {"unacknowledged_window", std::move(waiting)},
            {"recovered", recovered_},
            {"contradictions", contradictions_}};
}

std::vector<NodeId> CoordinatorRole::participants_of(const std::vector<ParticipantWrites>& shares) {
    std::vector<NodeId> out;
    for (const ParticipantWrites& s : shares)
        out.push_back(s.participant);
    return out;
}

void CoordinatorRole::handle_begin(Context& ctx, const Message& msg) {
    std::string error;
    auto request = begin_from_json(msg.body, &error);
    if (!request) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", error}});
        return;
    }
    for (const ParticipantWrites& share : request->shares)
        if (ctx.role_of(share.participant) != kParticipantRole) {
            ctx.reply(msg, {{"ok", false}, {"error", share.participant + " is not a " + std::string(kParticipantRole)}});
            return;
        }
    const std::string tx = request->tx;
    if (active_.contains(tx)) {
        ctx.count("duplicate_begins");
        return;   // the first begin is answered
    }
    if (committed_.contains(tx)) {
        ctx.reply(msg, {{"ok", true}, {"decision", "commit"}});
        return;
    }
    if (aborted_.contains(tx)) {
        ctx.reply(msg, {{"ok", false}, {"error", "aborted"}});
        return;
    }
    if (std::ssize(active_) >= config_.max_in_flight) {
        ctx.count("busy");
        ctx.reply(msg, {{"ok", false}, {"error", "busy: " + std::to_string(config_.max_in_flight) +
                                                     " transactions in flight"}});
        return;
    }
    Txn& txn = active_[tx];
    txn.request = msg;
    txn.shares = std::move(request->shares);
    const Json participants = participants_of(txn.shares);
    for (const ParticipantWrites& share : txn.shares) {
        const NodeId p = share.participant;
        ctx.call(p, std::string(kPrepare),
                 {{"tx", tx},
                  {"protocol", to_string(config_.protocol)},
                  {"participants", participants},
                  {"writes", to_json(share.writes)}},
                 config_.vote_timeout,
                 [this, tx, p](Context& c, const CallOutcome& outcome) { on_vote(c, tx, p, outcome); });
    }
    ctx.gauge("in_flight", static_cast<double>(active_.size()));
    update_phase(ctx, tx + Text{": prepare sent to ", "：已向 "} + std::to_string(txn.shares.size()) +
                          Text{" participants", " 个参与者发送准备请求"});
}

void CoordinatorRole::on_vote(Context& ctx, const std::string& tx, const NodeId& participant,
                              const CallOutcome& outcome) {
    auto it = active_.find(tx);
    if (it == active_.end() || it->second.stage != Stage::Collecting)
        return;   // decided already
    if (outcome.timed_out) {
        ctx.count("vote_timeouts");
        abort(ctx, tx, Text{"no vote from " + participant + " in time", participant + " 没有及时投票"});
        return;
    }
    const CallResult answer = read_answer(outcome.reply.body, "refused");
    const auto vote = string_field(outcome.reply.body, "vote");
    if (answer.end != CallEnd::Ok || !vote) {
        abort(ctx, tx, participant + Text{" refused the prepare: ", " 拒绝了准备请求："} + answer.error);
        return;
    }
    if (*vote != "yes") {
        const auto reason = string_field(outcome.reply.body, "reason");
        abort(ctx, tx, participant + (reason ? Text{" voted no (", " 投了反对票（"} + *reason + Text{")", "）"}
                                             : Text{" voted no (no reason)", " 投了反对票（没有理由）"}));
        return;
    }
    Txn& txn = it->second;
    if (++txn.answers < txn.shares.size())
        return;
    if (config_.protocol == Protocol::ThreePhase)
        precommit(ctx, tx);
    else
        decide_commit(ctx, tx);
}

void CoordinatorRole::precommit(Context& ctx, const std::string& tx) {
    Txn& txn = active_.at(tx);
    txn.stage = Stage::PreCommitting;
    txn.answers = 0;
    for (const ParticipantWrites& share : txn.shares) {
        const NodeId p = share.participant;
        ctx.call(p, std::string(kPrecommit), {{"tx", tx}}, config_.ack_timeout,
                 [this, tx, p](Context& c, const CallOutcome& outcome) { on_precommit_answer(c, tx, p, outcome); });
    }
    update_phase(ctx, tx + Text{": every participant voted yes; pre-commit sent", "：所有参与者都投了赞成票；已发送预提交"});
}

void CoordinatorRole::on_precommit_answer(Context& ctx, const std::string& tx, const NodeId& participant,
                                          const CallOutcome& outcome) {
    auto it = active_.find(tx);
    if (it == active_.end() || it->second.stage != Stage::PreCommitting)
        return;
    Txn& txn = it->second;
    if (outcome.timed_out) {
        ++txn.silent;
        ctx.count("precommit_timeouts");
        ctx.log(LogLevel::Info, participant + " did not acknowledge the pre-commit of " + tx +
                                    "; presumed crashed, it will learn the decision on recovery");
    } else if (read_answer(outcome.reply.body, "refused").end != CallEnd::Ok) {
        abort(ctx, tx, participant + Text{" refused the pre-commit (it had aborted)", " 拒绝了预提交（它已中止）"});
        return;
    }
    if (++txn.answers < txn.shares.size())
        return;
    decide_commit(ctx, tx);
}

void CoordinatorRole::decide_commit(Context& ctx, const std::string& tx) {
    Txn& txn = active_.at(tx);
    txn.stage = Stage::Deciding;
    if (config_.log_write_time <= Duration(0)) {
        write_commit(ctx, tx);
        return;
    }
    const TimerId id = timer_ids_.next();
    log_writes_[id] = tx;
    ctx.set_timer(id, config_.log_write_time);
    update_phase(ctx, tx + Text{": forcing the commit record to the log", "：正把提交记录强制写入日志"});
}

void CoordinatorRole::write_commit(Context& ctx, const std::string& tx) {
    auto it = active_.find(tx);
    if (it == active_.end())
        return;
    const std::vector<NodeId> participants = participants_of(it->second.shares);
    if (!log_record(ctx, {{"t", "C"}, {"tx", tx}, {"participants", participants}}, /*sync=*/true)) {
        abort(ctx, tx, Text{"the decision log cannot be written", "无法写入决定日志"});
        return;
    }
    committed_.insert(tx);
    ++committed_count_;
    ctx.count("committed");
    ctx.reply(it->second.request, {{"ok", true}, {"decision", "commit"}});
    unacknowledged_[tx] = std::set<NodeId>(participants.begin(), participants.end());
    active_.erase(it);
    send_commits(ctx, tx);
    ctx.gauge("in_flight", static_cast<double>(active_.size()));
    update_phase(ctx, tx + Text{" committed: the decision is in the log", " 已提交：决定已写入日志"});
}

void CoordinatorRole::send_commits(Context& ctx, const std::string& tx) {
    for (const NodeId& p : unacknowledged_[tx])
        ctx.send(p, std::string(kCommit), {{"tx", tx}});
    if (!resend_armed_) {
        resend_armed_ = true;
        ctx.set_timer(kResendTimer, config_.resend_interval);
    }
}

void CoordinatorRole::abort(Context& ctx, const std::string& tx, const Text& why) {
    auto it = active_.find(tx);
    if (it == active_.end())
        return;
    for (const ParticipantWrites& share : it->second.shares)
        ctx.send(share.participant, std::string(kAbort), {{"tx", tx}});
    ctx.reply(it->second.request, {{"ok", false}, {"error", "aborted: " + why.en}});
    active_.erase(it);
    aborted_.insert(tx);
    ++aborted_count_;
    ctx.count("aborted");
    ctx.gauge("in_flight", static_cast<double>(active_.size()));
    update_phase(ctx, tx + Text{" aborted: ", " 已中止："} + why);
}

void CoordinatorRole::handle_outcome(Context& ctx, const Message& msg) {
    const auto tx = string_field(msg.body, "tx");
    const auto decision_name = string_field(msg.body, "decision");
    const std::optional<Decision> decision = decision_name ? decision_from_string(*decision_name) : std::nullopt;
    if (!tx || !decision) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored an outcome without tx and decision (commit or abort) from " + msg.from);
        return;
    }
    if (*decision == Decision::Abort && committed_.contains(*tx)) {
        ++contradictions_;
        ctx.count("contradictions");
        ctx.log(LogLevel::Error, msg.from + " aborted " + *tx + ", which the coordinator committed");
    }
    const auto it = unacknowledged_.find(*tx);
    if (it == unacknowledged_.end())
        return;
    it->second.erase(msg.from);
    if (!it->second.empty())
        return;
    unacknowledged_.erase(it);
    log_record(ctx, {{"t", "E"}, {"tx", *tx}}, /*sync=*/false);
    if (recovering_ && unacknowledged_.empty()) {
        recovering_ = false;
        update_phase(ctx, Text{"recovered: every logged commit has been acknowledged", "已恢复：日志中的每个提交都已确认"});
    }
}

void CoordinatorRole::handle_inquire(Context& ctx, const Message& msg) {
    const auto tx = string_field(msg.body, "tx");
    if (!tx) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "inquire needs a string tx"}});
        return;
    }
    ctx.count("inquiries");
    std::string_view decision = "pending";
    if (committed_.contains(*tx))
        decision = "commit";
    else if (aborted_.contains(*tx))
        decision = "abort";
    else if (!active_.contains(*tx) && config_.protocol == Protocol::TwoPhase)
        decision = "abort";   // presumed abort: the log knows no commit of it
    ctx.reply(msg, {{"ok", true}, {"decision", decision}});
}

bool CoordinatorRole::log_record(Context& ctx, const Json& record, bool sync) {
    if (auto written = ctx.storage().append(kLogKey, record.dump() + "\n", sync); !written) {
        ctx.log(LogLevel::Error, "cannot write the decision log: " + written.error().message);
        return false;
    }
    return true;
}

void CoordinatorRole::recover(Context& ctx) {
    auto stored = ctx.storage().read(kLogKey);
    if (!stored) {
        ctx.log(LogLevel::Error, "cannot read the decision log: " + stored.error().message);
        return;
    }
    if (!*stored)
        return;
    std::map<std::string, std::vector<NodeId>> open;
    std::istringstream lines(**stored);
    std::string line;
    while (std::getline(lines, line)) {
        const Json r = Json::parse(line, nullptr, false);
        const auto type = string_field(r, "t");
        const auto tx = string_field(r, "tx");
        if (!type || !tx)
            continue;   // a torn last line after a crash mid-append
        if (*type == "C") {
            committed_.insert(*tx);
            std::vector<NodeId> participants;
            if (const auto p = r.find("participants"); p != r.end() && p->is_array())
                for (const Json& n : *p)
                    if (n.is_string())
                        participants.push_back(n.get<std::string>());
            open[*tx] = std::move(participants);
        } else if (*type == "E") {
            open.erase(*tx);
        }
    }
    if (open.empty()) {
        update_phase(ctx, Text{"restarted: the log holds ", "已重启：日志中有 "} + std::to_string(committed_.size()) +
                              Text{" commits, every one acknowledged", " 个提交，都已确认"});
        return;
    }
    recovering_ = true;
    for (auto& [tx, participants] : open) {
        unacknowledged_[tx] = std::set<NodeId>(participants.begin(), participants.end());
        ++recovered_;
        send_commits(ctx, tx);
    }
    ctx.count("recovered", static_cast<double>(open.size()));
    update_phase(ctx, Text{"restarted: ", "已重启："} + std::to_string(open.size()) +
                          Text{" logged commits not yet acknowledged are sent again", " 个已记录但未确认的提交重新发送"});
}

void CoordinatorRole::update_phase(Context& ctx, Text reason) {
    bool deciding = false, precommitting = false, collecting = false;
    for (const auto& [tx, txn] : active_) {
        deciding = deciding || txn.stage == Stage::Deciding;
        precommitting = precommitting || txn.stage == Stage::PreCommitting;
        collecting = collecting || txn.stage == Stage::Collecting;
    }
    // Under load several transactions are in flight at different stages: the earliest stage
    // shows, so a steady stream reads as "collecting" rather than flickering at every decision.
    std::string next = recovering_     ? "recovering"
                       : collecting    ? "collecting"
                       : precommitting ? "precommitting"
                       : deciding      ? "deciding"
                                       : "idle";
    if (next == phase_)
        return;
    phase_ = std::move(next);
    ctx.phase(phase_, std::move(reason));
}

}  // namespace distlab::core::atomic_commit
