#include "core/patterns/tcc/tcc_coordinator_role.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "core/patterns/common/client.h"

namespace distlab::core::tcc {

namespace {

constexpr TimerId kTickTimer{1};
// The coordinator's log: {"t": "B", tx, actions} before the tries; {"t": "C"|"X", tx} the
// decision (confirm, cancel) before it is told or sent; {"t": "E", tx} once every participant
// answered it.
constexpr std::string_view kLogKey = "tcc_decisions";

}  // namespace

const ParamList<TccCoordinatorConfig>& TccCoordinatorConfig::params() {
    using C = TccCoordinatorConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("participants", &C::participants, Json::array(),
               "Every participant; a read asks all of them for their balances",
               "全部参与者；读操作向它们逐一询问余额")
        .duration("try_timeout", &C::try_timeout, "500ms",
                  "How long it waits for each Try; a refusal or silence cancels the whole transaction",
                  "等待每个 Try 应答的时长；任何拒绝或超时都会取消整个事务", {.min = 1})
        .duration("resend_interval", &C::resend_interval, "500ms",
                  "How often Confirm or Cancel is sent again to participants that have not answered it "
                  "(Seata's TC retries every 1 s, forever)",
                  "向尚未应答的参与者重发 Confirm 或 Cancel 的间隔（Seata 的 TC 每 1 s 重试一次，不设上限）",
                  {.min = 1})
        .duration("read_timeout", &C::read_timeout, "1s",
                  "How long a read of every balance waits for the confirms in flight to finish and for the "
                  "participants to answer; past it the read fails",
                  "读取全部余额时，等待在途 Confirm 完成以及参与者应答的时长；超时则读失败", {.min = 1})
        .integer("max_in_flight", &C::max_in_flight, 64,
                 "Transactions it coordinates at once; more are refused (busy)",
                 "同时协调的事务上限；超出的事务被拒绝（繁忙）", {.min = 1, .max = 100000});
    return list;
}

std::vector<PhaseSpec> TccCoordinatorRole::phases() {
    return {{.name = "idle", .tone = Tone::Neutral, .en = "idle", .zh = "空闲"},
            {.name = "trying", .tone = Tone::Busy, .en = "trying (reserving)", .zh = "Try（预留）中"},
            {.name = "settling", .tone = Tone::Healthy, .en = "confirming or cancelling", .zh = "Confirm 或 Cancel 中"},
            {.name = "reading", .tone = Tone::Busy, .en = "reading every balance", .zh = "读取全部余额"},
            {.name = "recovering", .tone = Tone::Warning, .en = "recovering from its log", .zh = "从日志恢复"}};
}

TccCoordinatorRole::TccCoordinatorRole(TccCoordinatorConfig config) : config_(std::move(config)) {}

void TccCoordinatorRole::start(Context& ctx) {
    phase_ = "idle";
    ctx.phase(phase_, Text{"TCC coordinator starts", "TCC 协调者启动"});
    ctx.set_timer(kTickTimer, config_.resend_interval);
    recover(ctx);
}

void TccCoordinatorRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kBegin)
        handle_begin(ctx, msg);
    else if (msg.type == kRead)
        handle_read(ctx, msg);
    else {
        ctx.count(client_metric::kUnexpectedMessages);
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
    }
}

void TccCoordinatorRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kTickTimer)
        return;
    ctx.set_timer(kTickTimer, config_.resend_interval);
    std::vector<std::string> due;
    for (const auto& [tx, t] : active_)
        if ((t.stage == Stage::Confirming || t.stage == Stage::Cancelling) && !t.pending.empty() &&
            ctx.now() - t.sent_at >= config_.resend_interval)
            due.push_back(tx);
    for (const std::string& tx : due) {
        resent_ += active_[tx].pending.size();
        ctx.count("resent", static_cast<double>(active_[tx].pending.size()));
        send_phase(ctx, tx);
    }
    bool expired = false;
    while (!reads_.empty() && ctx.now() - reads_.front().since >= config_.read_timeout) {
        ++reads_failed_;
        ctx.count("reads_failed");
        ctx.reply(reads_.front().request,
                  {{"ok", false}, {"error", "confirms still in flight after the read timeout: no consistent cut"}});
        reads_.pop_front();
        expired = true;
    }
    // A read that gave up no longer holds anything back: the confirms it held go now (a read
    // never starves confirms, whose reservations may time out).
    if (expired && !reading_)
        release_held(ctx);
}

Json TccCoordinatorRole::snapshot() const {
    std::int64_t held = 0;
    for (const auto& [tx, t] : active_)
        held += t.stage == Stage::Held;
    return {{"state", phase_},
            {"in_flight", active_.size()},
            {"max_in_flight", config_.max_in_flight},
            {"held_for_read", held},
            {"reads_waiting", reads_.size()},
            {"confirmed", confirmed_},
            {"cancelled", cancelled_},
            {"contradictions", contradictions_},
            {"resent", resent_},
            {"reads", reads_ok_},
            {"reads_failed", reads_failed_},
            {"recovered", recovered_}};
}

void TccCoordinatorRole::handle_begin(Context& ctx, const Message& msg) {
    std::string error;
    auto request = begin_from_json(msg.body, &error);
    if (!request) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", error}});
        return;
    }
    if (active_.contains(request->tx)) {
        ctx.reply(msg, {{"ok", false}, {"error", "transaction " + request->tx + " is already in progress"}});
        return;
    }
    if (std::ssize(active_) >= config_.max_in_flight) {
        ctx.count("busy");
        ctx.reply(msg, {{"ok", false}, {"error", "busy: too many transactions in flight"}});
        return;
    }
    const std::string tx = request->tx;
    if (!log_record(ctx, {{"t", "B"}, {"tx", tx}, {"actions", to_json(request->shares)}})) {
        ctx.reply(msg, {{"ok", false}, {"error", "cannot write the log"}});
        return;
    }
    Txn& t = active_[tx];
    t.request = msg;
    t.shares = std::move(request->shares);
    ctx.gauge("in_flight", static_cast<double>(active_.size()));
    for (const Share& s : t.shares)
        ctx.call(s.participant, std::string(kTry), {{"tx", tx}, {"actions", to_json(s.actions)}}, config_.try_timeout,
                 [this, tx](Context& c, const CallOutcome& outcome) { on_try(c, tx, outcome); });
    update_phase(ctx, tx + Text{": try sent to ", "：已向 "} + std::to_string(t.shares.size()) + Text{" participants", " 个参与者发送 try"});
}

void TccCoordinatorRole::on_try(Context& ctx, const std::string& tx, const CallOutcome& outcome) {
    auto it = active_.find(tx);
    if (it == active_.end() || it->second.stage != Stage::Trying)
        return;   // decided already: a late answer changes nothing
    if (outcome.timed_out) {
        decide(ctx, tx, false, Text{"a try timed out", "一个 try 超时"});
        return;
    }
    const CallResult answer = read_answer(outcome.reply.body, "try refused");
    if (answer.end != CallEnd::Ok) {
        decide(ctx, tx, false, Text{outcome.reply.from + ": " + answer.error, outcome.reply.from + "：" + answer.error});
        return;
    }
    if (++it->second.tried == it->second.shares.size())
        decide(ctx, tx, true, Text{"every try succeeded", "每个 try 都成功了"});
}

void TccCoordinatorRole::decide(Context& ctx, const std::string& tx, bool confirm, const Text& why) {
    Txn& t = active_[tx];
    log_record(ctx, {{"t", confirm ? "C" : "X"}, {"tx", tx}});
    if (t.request) {
        if (confirm)
            ctx.reply(*t.request, {{"ok", true}, {"decision", "confirm"}});
        else
            ctx.reply(*t.request, {{"ok", false}, {"error", why.en}});
        t.request.reset();
    }
    for (const Share& s : t.shares)
        t.pending.insert(s.participant);
    if (confirm) {
        ++confirmed_;
        ctx.count("confirmed");
    } else {
        ++cancelled_;
        ctx.count("cancelled");
    }
    if (confirm && (reading_ || !reads_.empty())) {
        t.stage = Stage::Held;   // a read is cutting: its confirms wait for it
        update_phase(ctx, tx + Text{": confirm decided, held until the read completes", "：已决定 confirm，暂缓到读取完成"});
        return;
    }
    t.stage = confirm ? Stage::Confirming : Stage::Cancelling;
    send_phase(ctx, tx);
    update_phase(ctx, tx + (confirm ? Text{": confirm (", "：confirm（"} : Text{": cancel (", "：cancel（"}) + why + Text{")", "）"});
}

void TccCoordinatorRole::send_phase(Context& ctx, const std::string& tx) {
    Txn& t = active_[tx];
    t.sent_at = ctx.now();
    const std::string type(t.stage == Stage::Confirming ? kConfirm : kCancel);
    for (const Share& s : t.shares) {
        if (!t.pending.contains(s.participant))
            continue;
        const NodeId participant = s.participant;
        ctx.call(participant, type, {{"tx", tx}, {"actions", to_json(s.actions)}}, config_.resend_interval,
                 [this, tx, participant](Context& c, const CallOutcome& outcome) {
                     on_phase_answer(c, tx, participant, outcome);
                 });
    }
}

void TccCoordinatorRole::on_phase_answer(Context& ctx, const std::string& tx, const NodeId& participant,
                                         const CallOutcome& outcome) {
    auto it = active_.find(tx);
    if (it == active_.end() || outcome.timed_out || !it->second.pending.contains(participant))
        return;   // finished already, or the next resend will ask again
    const CallResult answer = read_answer(outcome.reply.body, "refused");
    if (answer.end == CallEnd::Malformed)
        return;
    if (answer.end == CallEnd::Failed) {
        // A definite refusal (confirm after the reservation was released, cancel after a
        // commit): resending cannot change it. The transaction is no longer atomic.
        ++contradictions_;
        ctx.count("contradictions");
        ctx.log(LogLevel::Error, tx + ": " + participant + " refused " +
                                     (it->second.stage == Stage::Confirming ? "confirm" : "cancel") + ": " + answer.error);
    }
    it->second.pending.erase(participant);
    if (it->second.pending.empty())
        finish(ctx, tx);
}

void TccCoordinatorRole::finish(Context& ctx, const std::string& tx) {
    log_record(ctx, {{"t", "E"}, {"tx", tx}});
    active_.erase(tx);
    ctx.gauge("in_flight", static_cast<double>(active_.size()));
    maybe_read(ctx);
    update_phase(ctx, tx + Text{" finished", " 已结束"});
}

void TccCoordinatorRole::handle_read(Context& ctx, const Message& msg) {
    if (config_.participants.empty()) {
        ctx.reply(msg, {{"ok", false}, {"error", "no participants to read: set the coordinator's participants"}});
        return;
    }
    reads_.push_back({msg, ctx.now()});
    maybe_read(ctx);
    update_phase(ctx, confirms_in_flight() ? Text{"a read waits for the confirms in flight", "读取等待进行中的 confirm"}
                                           : Text{"reading every balance", "读取所有余额"});
}

bool TccCoordinatorRole::confirms_in_flight() const {
    return std::any_of(active_.begin(), active_.end(),
                       [](const auto& entry) { return entry.second.stage == Stage::Confirming; });
}

void TccCoordinatorRole::maybe_read(Context& ctx) {
    if (reading_ || reads_.empty() || confirms_in_flight())
        return;
    reading_ = Reading{};
    for (WaitingRead& w : reads_)
        reading_->requests.push_back(std::move(w.request));
    reads_.clear();
    reading_->waiting = config_.participants.size();
    for (const NodeId& p : config_.participants)
        ctx.call(p, std::string(kBalances), Json::object(), config_.read_timeout,
                 [this, p](Context& c, const CallOutcome& outcome) {
                     if (!reading_)
                         return;
                     if (outcome.timed_out)
                         reading_->error = p + " did not answer";
                     else if (const Json& b = outcome.reply.body;
                              b.is_object() && b.value("ok", false) && b.contains("sum") && b["sum"].is_number_integer())
                         reading_->sums[p] = b["sum"].get<std::int64_t>();
                     else
                         reading_->error = p + " sent an unreadable answer";
                     if (--reading_->waiting == 0)
                         read_done(c);
                 });
}

void TccCoordinatorRole::read_done(Context& ctx) {
    Reading r = std::move(*reading_);
    reading_.reset();
    Json body;
    if (!r.error.empty()) {
        body = {{"ok", false}, {"error", r.error}};
        reads_failed_ += r.requests.size();
        ctx.count("reads_failed", static_cast<double>(r.requests.size()));
    } else {
        std::int64_t sum = 0;
        Json by = Json::object();
        for (const auto& [p, s] : r.sums) {
            sum += s;
            by[p] = s;
        }
        body = {{"ok", true}, {"sum", sum}, {"by_participant", std::move(by)}};
        reads_ok_ += r.requests.size();
        ctx.count("reads", static_cast<double>(r.requests.size()));
    }
    for (const Message& request : r.requests)
        ctx.reply(request, body);
    // The confirms held for this cut go first; reads that came meanwhile cut after them.
    release_held(ctx);
    maybe_read(ctx);
    update_phase(ctx, Text{"read done", "读取完成"});
}

void TccCoordinatorRole::release_held(Context& ctx) {
    std::vector<std::string> held;
    for (const auto& [tx, t] : active_)
        if (t.stage == Stage::Held)
            held.push_back(tx);
    for (const std::string& tx : held) {
        active_[tx].stage = Stage::Confirming;
        send_phase(ctx, tx);
    }
}

bool TccCoordinatorRole::log_record(Context& ctx, const Json& record) {
    if (auto written = ctx.storage().append(kLogKey, record.dump() + "\n", /*sync=*/true); !written) {
        ctx.log(LogLevel::Error, "cannot write the log: " + written.error().message);
        return false;
    }
    return true;
}

void TccCoordinatorRole::recover(Context& ctx) {
    auto stored = ctx.storage().read(kLogKey);
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
        if (*type == "B") {
            Json begin = {{"tx", *tx}, {"actions", r.value("actions", Json::array())}};
            if (auto request = begin_from_json(begin, nullptr)) {
                Txn& t = active_[*tx];
                t.shares = std::move(request->shares);
                t.recovered = true;
            }
        } else if (*type == "C" || *type == "X") {
            if (auto it = active_.find(*tx); it != active_.end())
                it->second.stage = *type == "C" ? Stage::Confirming : Stage::Cancelling;
        } else if (*type == "E") {
            active_.erase(*tx);
        }
    }
    if (bad > 0)
        ctx.log(LogLevel::Warn, "skipped " + std::to_string(bad) + " unreadable log records");
    if (active_.empty())
        return;
    recovered_ = active_.size();
    ctx.count("recovered", static_cast<double>(recovered_));
    update_phase(ctx, Text{"restarted with ", "重启，日志中有 "} + std::to_string(active_.size()) +
                          Text{" unfinished transactions in its log", " 个未完成的事务"});
    std::vector<std::string> undecided;
    for (auto& [tx, t] : active_) {
        if (t.stage == Stage::Trying) {
            undecided.push_back(tx);
            continue;
        }
        for (const Share& s : t.shares)
            t.pending.insert(s.participant);
        send_phase(ctx, tx);
    }
    for (const std::string& tx : undecided)
        decide(ctx, tx, false, Text{"undecided when the coordinator stopped", "协调者停止时尚未决定"});
    ctx.gauge("in_flight", static_cast<double>(active_.size()));
}

void TccCoordinatorRole::update_phase(Context& ctx, Text reason) {
    bool recovering = false, trying = false, settling = false;
    for (const auto& [tx, t] : active_) {
        recovering = recovering || t.recovered;
        trying = trying || t.stage == Stage::Trying;
        settling = settling || t.stage != Stage::Trying;
    }
    std::string next = recovering                      ? "recovering"
                       : (reading_ || !reads_.empty()) ? "reading"
                       : trying                        ? "trying"
                       : settling                      ? "settling"
                                                       : "idle";
    if (next == phase_)
        return;
    phase_ = std::move(next);
    ctx.phase(phase_, std::move(reason));
}

}  // namespace distlab::core::tcc
