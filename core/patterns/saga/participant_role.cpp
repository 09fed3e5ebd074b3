#include "core/patterns/saga/participant_role.h"

#include <algorithm>
#include <random>
#include <sstream>
#include <utility>

#include "core/patterns/common/client.h"
#include "core/patterns/saga/saga_protocol.h"

namespace distlab::core::saga {

namespace {

constexpr TimerId kRelayTimer{1};
// The log: one JSON record a line, {"n", "t", "saga", "amount"?, "up"?, "reason"?, "ack"?,
// "to"?, "event"?}: the state change and the event it sends, in one append (the outbox).
constexpr std::string_view kLogKey = "saga_log";

Json applied_entry(std::string_view action, const std::string& id) { return {{"action", action}, {"id", id}}; }

}  // namespace

const ParamList<ParticipantConfig>& ParticipantConfig::params() {
    using C = ParticipantConfig;
    static const ParamList<C> list = ParamList<C>{}
        .integer("initial", &C::initial, 1000, "Units it holds at the start: items in stock, or money",
                 "初始持有的数量：库存件数或金额", {.min = 0, .max = 1000000000})
        .integer("amount", &C::amount, 1,
                 "Units one saga's step takes (and its compensation gives back)",
                 "每个 Saga 的步骤占用的数量（补偿时归还）", {.min = 1, .max = 1000000})
        .probability("fail_rate", &C::fail_rate, 0.0,
                     "Chance a step is refused by the business rule (payment declined); a step is also "
                     "refused when fewer than `amount` units are left",
                     "步骤被业务规则拒绝的概率（如支付被拒）；剩余数量不足 amount 时步骤同样被拒绝")
        .boolean("idempotent", &C::idempotent, true,
                 "A compensation delivered again (a retried message) is answered from the log and changes "
                 "nothing. Off: it is applied again on every delivery, refunding twice",
                 "再次送达的补偿（重试的消息）从日志中应答，不做任何改变。关闭时：每次送达都会再执行一次，"
                 "造成重复退款")
        .optional_node("next", &C::next,
                       "Choreography: the service that runs the next step, told by an event from the outbox; "
                       "left out, this service is the last one (or the saga is orchestrated)",
                       "协同式：执行下一步的服务，由发件箱中的事件通知；不设置则本服务为最后一步"
                       "（或者 Saga 是编排式的）")
        .duration("retry_interval", &C::retry_interval, "200ms",
                  "Choreography: how often an event not yet acknowledged is sent again from the outbox",
                  "协同式：发件箱中尚未确认的事件的重发间隔", {.min = 1});
    return list;
}

std::vector<PhaseSpec> ParticipantRole::phases() {
    return {{.name = "idle", .tone = Tone::Neutral, .en = "idle", .zh = "空闲"},
            {.name = "pending", .tone = Tone::Busy, .en = "pending (semantic lock held)",
             .zh = "待定（持有语义锁）"},
            {.name = "done", .tone = Tone::Healthy, .en = "done", .zh = "已完成"},
            {.name = "refused", .tone = Tone::Warning, .en = "step refused", .zh = "步骤被拒绝"},
            {.name = "compensated", .tone = Tone::Warning, .en = "compensated", .zh = "已补偿"}};
}

std::vector<GaugeSpec> ParticipantRole::gauges() {
    return {{.field = "held", .full_scale = 1000, .full_scale_field = "initial", .unit = "units",
             .en = "units held by pending sagas", .zh = "待定 Saga 占用的数量"}};
}

ParticipantRole::ParticipantRole(ParticipantConfig config)
    : config_(std::move(config)), available_(config_.initial) {}

void ParticipantRole::start(Context& ctx) {
    self_ = ctx.self();
    ctx.phase("idle", Text{"no saga yet", "还没有 saga"});
    recover(ctx);
}

void ParticipantRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kStep)
        handle_step(ctx, msg, false);
    else if (msg.type == kSaga)
        handle_step(ctx, msg, true);
    else if (msg.type == kCompensate)
        handle_compensate(ctx, msg);
    else if (msg.type == kFinish)
        handle_finish(ctx, msg);
    else if (msg.type == kSagaEvent)
        handle_event(ctx, msg);
    else {
        ctx.count(client_metric::kUnexpectedMessages);
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
    }
}

void ParticipantRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kRelayTimer)
        return;
    relay_armed_ = false;
    for (auto& [n, e] : outbox_)
        if (!e.in_flight)
            send_event(ctx, n);
    arm_relay(ctx);
}

Json ParticipantRole::snapshot() const {
    std::int64_t pending = 0, done = 0, compensated = 0, refused = 0;
    for (const auto& [id, s] : sagas_) {
        pending += s.state == State::Pending;
        done += s.state == State::Done;
        compensated += s.state == State::Compensated;
        refused += s.state == State::Refused;
    }
    return {{"state", phase_},         {"initial", config_.initial}, {"available", available_},
            {"held", held_},           {"consumed", consumed_},      {"pending", pending},
            {"done", done},            {"compensated", compensated}, {"refused", refused},
            {"outbox", outbox_.size()}, {"double_compensations", double_compensations_}};
}

std::string ParticipantRole::record_id(std::int64_t n) const { return self_ + "#" + std::to_string(n); }

void ParticipantRole::handle_step(Context& ctx, const Message& msg, bool choreographed) {
    const auto saga = string_field(msg.body, "saga");
    if (!saga) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", msg.type + " needs a non-empty string saga"}});
        return;
    }
    run_step(ctx, *saga, msg.from, choreographed);
    const auto it = sagas_.find(*saga);
    if (it == sagas_.end()) {
        ctx.reply(msg, {{"ok", false}, {"saga", *saga}, {"error", "cannot write its log"}});
        return;
    }
    const Saga& s = it->second;
    if (choreographed) {
        // The first service of a choreography: the outcome comes back later as an event.
        ctx.reply(msg, {{"ok", true}, {"saga", *saga}, {"accepted", true}});
        return;
    }
    switch (s.state) {
    case State::Pending:
    case State::Done:
        ctx.reply(msg, {{"ok", true}, {"saga", *saga}, {"applied", applied_entry(kActionStep, s.step_id)}});
        return;
    case State::Refused:
        ctx.reply(msg, {{"ok", false},
                        {"saga", *saga},
                        {"refused", true},
                        {"error", s.reason},
                        {"applied", applied_entry(kActionRefuse, s.step_id)}});
        return;
    case State::Compensated:
        ctx.reply(msg, {{"ok", false},
                        {"saga", *saga},
                        {"refused", true},
                        {"error", "compensated already: the step comes too late"}});
        return;
    }
}

void ParticipantRole::run_step(Context& ctx, const std::string& saga, const NodeId& upstream, bool choreographed) {
    if (const auto it = sagas_.find(saga); it != sagas_.end()) {
        ctx.count("answered_from_log");
        // The last service may have died between its step and its finish: finish now.
        if (choreographed && it->second.state == State::Pending && config_.next.empty())
            finish(ctx, saga, true, it->second.step_id);
        return;
    }
    Text reason;   // the log keeps its English
    if (available_ < config_.amount)
        reason = Text{"insufficient: " + std::to_string(available_) + " left, " + std::to_string(config_.amount) + " needed",
                      "余量不足：剩 " + std::to_string(available_) + "，需要 " + std::to_string(config_.amount)};
    else if (config_.fail_rate > 0 && std::bernoulli_distribution(config_.fail_rate)(ctx.rng()))
        reason = Text{"refused by the business rule", "被业务规则拒绝"};
    Record r{.type = reason.empty() ? "T" : "X", .saga = saga, .amount = config_.amount, .upstream = upstream,
             .reason = reason.en};
    const std::int64_t n = seq_ + 1;
    if (choreographed && !reason.empty())
        r.out = {{upstream, {{"saga", saga}, {"event", kEventFailed},
                             {"applied", Json::array({applied_entry(kActionRefuse, record_id(n))})}}}};
    else if (choreographed && !config_.next.empty())
        r.out = {{config_.next, {{"saga", saga}, {"event", kEventStep},
                                 {"applied", Json::array({applied_entry(kActionStep, record_id(n))})}}}};
    if (!commit(ctx, std::move(r)))
        return;
    if (!reason.empty()) {
        ctx.count("refusals");
        update_phase(ctx, saga + Text{": step refused, ", "：步骤被拒绝，"} + reason);
        return;
    }
    ctx.count("steps");
    ctx.gauge("held", static_cast<double>(held_));
    update_phase(ctx, saga + Text{": step done, ", "：步骤完成，"} + std::to_string(config_.amount) +
                          Text{" units held until the saga ends", " 个单位保留到 saga 结束"});
    if (choreographed && config_.next.empty())
        finish(ctx, saga, true, record_id(n));
}

void ParticipantRole::handle_compensate(Context& ctx, const Message& msg) {
    const auto saga = string_field(msg.body, "saga");
    if (!saga) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "compensate needs a non-empty string saga"}});
        return;
    }
    if (!compensate(ctx, *saga, false)) {
        const auto it = sagas_.find(*saga);
        ctx.reply(msg, {{"ok", false},
                        {"saga", *saga},
                        {"error", it != sagas_.end() && it->second.state == State::Done
                                      ? "finished already: a finished step cannot be compensated"
                                      : "cannot write its log"}});
        return;
    }
    const Saga& s = sagas_.at(*saga);
    Json reply = {{"ok", true}, {"saga", *saga}};
    if (s.state == State::Compensated && s.amount > 0)
        reply["applied"] = applied_entry(kActionCompensate, s.id);
    ctx.reply(msg, std::move(reply));
}

bool ParticipantRole::compensate(Context& ctx, const std::string& saga, bool choreographed) {
    const auto it = sagas_.find(saga);
    if (it == sagas_.end()) {
        if (choreographed)
            return true;   // nothing of ours to undo, nobody upstream known
        // The compensation overtook its step: record it, so the late step is refused.
        if (!commit(ctx, {.type = "Z", .saga = saga}))
            return false;
        ctx.count("empty_compensations");
        update_phase(ctx, saga + Text{": compensated before its step arrived (empty compensation)", "：步骤到达之前就已补偿（空补偿）"});
        return true;
    }
    Saga& s = it->second;
    switch (s.state) {
    case State::Refused: return true;   // nothing was changed
    case State::Done:
        ctx.count("late_compensations");
        ctx.log(LogLevel::Warn, "asked to compensate " + saga + ", which finished already");
        return false;
    case State::Compensated:
        if (config_.idempotent || s.amount == 0) {
            ctx.count("answered_from_log");
            return true;
        }
        break;   // not idempotent: applied again
    case State::Pending: break;
    }
    Record r{.type = "C", .saga = saga};
    const std::int64_t n = seq_ + 1;
    if (choreographed)
        r.out = {{s.upstream, {{"saga", saga}, {"event", kEventCompensated},
                               {"applied", Json::array({applied_entry(kActionCompensate, record_id(n))})}}}};
    const bool again = s.state == State::Compensated;
    if (!commit(ctx, std::move(r)))
        return false;
    ctx.count("compensations");
    if (again) {
        ctx.count("double_compensations");
        ctx.log(LogLevel::Warn, saga + " compensated again: " + std::to_string(sagas_.at(saga).amount) +
                                    " units given back twice");
    }
    ctx.gauge("held", static_cast<double>(held_));
    update_phase(ctx, saga + (again ? Text{": compensated AGAIN (not idempotent)", "：再次补偿（不幂等）"}
                                    : Text{": compensated, units given back", "：已补偿，单位已归还"}));
    return true;
}

void ParticipantRole::handle_finish(Context& ctx, const Message& msg) {
    const auto saga = string_field(msg.body, "saga");
    if (!saga) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "finish needs a non-empty string saga"}});
        return;
    }
    if (!finish(ctx, *saga, false)) {
        ctx.reply(msg, {{"ok", false}, {"saga", *saga}, {"error", "no pending step of this saga to finish"}});
        return;
    }
    ctx.reply(msg, {{"ok", true}, {"saga", *saga}, {"applied", applied_entry(kActionFinish, sagas_.at(*saga).id)}});
}

bool ParticipantRole::finish(Context& ctx, const std::string& saga, bool choreographed, const std::string& step_id) {
    const auto it = sagas_.find(saga);
    if (it == sagas_.end())
        return false;
    Saga& s = it->second;
    if (s.state == State::Done) {
        ctx.count("answered_from_log");
        return true;
    }
    if (s.state != State::Pending)
        return false;
    Record r{.type = "D", .saga = saga};
    const std::int64_t n = seq_ + 1;
    if (choreographed) {
        Json applied = Json::array();
        if (!step_id.empty())
            applied.push_back(applied_entry(kActionStep, step_id));
        applied.push_back(applied_entry(kActionFinish, record_id(n)));
        r.out = {{s.upstream, {{"saga", saga}, {"event", kEventDone}, {"applied", std::move(applied)}}}};
    }
    if (!commit(ctx, std::move(r)))
        return false;
    ctx.count("finishes");
    ctx.gauge("held", static_cast<double>(held_));
    update_phase(ctx, saga + Text{": finished, its semantic lock released", "：已结束，语义锁已释放"});
    return true;
}

void ParticipantRole::handle_event(Context& ctx, const Message& msg) {
    const auto saga = string_field(msg.body, "saga");
    const auto name = string_field(msg.body, "event");
    if (!saga || !name) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "saga_event needs non-empty string saga and event"}});
        return;
    }
    bool logged = true;
    if (*name == kEventStep) {
        run_step(ctx, *saga, msg.from, true);
        logged = sagas_.contains(*saga);
    } else if (*name == kEventDone && !sagas_.contains(*saga)) {
        // Nothing of ours to finish: acknowledged, so the sender stops resending it.
        ctx.count("unknown_saga_events");
        ctx.log(LogLevel::Warn, "told " + *saga + " is done, a saga it never ran a step of (from " + msg.from + ")");
    } else if (*name == kEventDone) {
        // Not finished and still pending: its log refused the record, so the sender must resend.
        logged = finish(ctx, *saga, true) || sagas_.at(*saga).state != State::Pending;
    } else if (*name == kEventFailed || *name == kEventCompensated) {
        // (An unknown saga has nothing to compensate: compensate() accepts it.)
        logged = compensate(ctx, *saga, true) || sagas_.at(*saga).state != State::Pending;
    } else {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "unknown saga event '" + *name + "'"}});
        return;
    }
    if (!logged) {
        ctx.reply(msg, {{"ok", false}, {"error", "cannot write its log"}});
        return;
    }
    ctx.reply(msg, {{"ok", true}});
}

bool ParticipantRole::commit(Context& ctx, Record record) {
    const std::int64_t n = seq_ + 1;
    Json line = {{"n", n}, {"t", record.type}, {"saga", record.saga}};
    if (record.type == "T" || record.type == "X") {
        line["amount"] = record.amount;
        line["up"] = record.upstream;
    }
    if (!record.reason.empty())
        line["reason"] = record.reason;
    if (record.type == "A")
        line["ack"] = record.ack;
    if (record.out) {
        line["to"] = record.out->first;
        line["event"] = record.out->second;
    }
    if (auto written = ctx.storage().append(kLogKey, line.dump() + "\n", /*sync=*/record.type != "A"); !written) {
        ctx.log(LogLevel::Error, "cannot write the log: " + written.error().message);
        return false;
    }
    seq_ = n;
    apply(record, n);
    if (record.out)
        send_event(ctx, n);
    return true;
}

void ParticipantRole::apply(const Record& r, std::int64_t n) {
    const std::string id = record_id(n);
    if (r.type == "A") {
        outbox_.erase(r.ack);
        return;
    }
    if (r.type == "T" || r.type == "X") {
        Saga s{.state = r.type == "T" ? State::Pending : State::Refused,
               .amount = r.type == "T" ? r.amount : 0,
               .upstream = r.upstream,
               .id = id,
               .step_id = id,
               .reason = r.reason};
        if (r.type == "T") {
            available_ -= s.amount;
            held_ += s.amount;
            ++steps_;
        } else {
            ++refusals_;
        }
        sagas_[r.saga] = std::move(s);
    } else if (r.type == "Z") {
        sagas_[r.saga] = Saga{.state = State::Compensated, .id = id};
    } else if (r.type == "C") {
        Saga& s = sagas_[r.saga];
        if (s.state == State::Pending) {
            held_ -= s.amount;
        } else {
            ++double_compensations_;
        }
        available_ += s.amount;
        s.state = State::Compensated;
        s.id = id;
        ++compensations_;
    } else if (r.type == "D") {
        Saga& s = sagas_[r.saga];
        held_ -= s.amount;
        consumed_ += s.amount;
        s.state = State::Done;
        s.id = id;
        ++finishes_;
    }
    if (r.out)
        outbox_[n] = OutEvent{.to = r.out->first, .body = r.out->second};
    last_outcome_ = r.type == "D" ? "done" : r.type == "X" ? "refused" : r.type == "T" ? last_outcome_ : "compensated";
}

void ParticipantRole::send_event(Context& ctx, std::int64_t n) {
    const auto it = outbox_.find(n);
    if (it == outbox_.end())
        return;
    OutEvent& e = it->second;
    e.in_flight = true;
    if (e.sends++ > 0)
        ctx.count("events_resent");
    ctx.call(e.to, std::string(kSagaEvent), e.body, config_.retry_interval,
             [this, n](Context& c, const CallOutcome& outcome) {
                 const auto entry = outbox_.find(n);
                 if (entry == outbox_.end())
                     return;
                 entry->second.in_flight = false;
                 if (outcome.timed_out || read_answer(outcome.reply.body, "refused").end != CallEnd::Ok)
                     return;   // the relay sends it again
                 commit(c, {.type = "A", .ack = n});
             });
    arm_relay(ctx);
}

void ParticipantRole::arm_relay(Context& ctx) {
    if (relay_armed_ || outbox_.empty())
        return;
    relay_armed_ = true;
    ctx.set_timer(kRelayTimer, config_.retry_interval);
}

void ParticipantRole::recover(Context& ctx) {
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
        const Json j = Json::parse(line, nullptr, false);
        const auto type = string_field(j, "t");
        if (!type || !j.contains("n") || !j["n"].is_number_integer()) {
            ++bad;   // a torn last line after a crash mid-append
            continue;
        }
        Record r{.type = *type,
                 .saga = string_field(j, "saga").value_or(""),
                 .amount = j.value("amount", std::int64_t{0}),
                 .upstream = string_field(j, "up").value_or(""),
                 .reason = string_field(j, "reason").value_or(""),
                 .ack = j.value("ack", std::int64_t{0})};
        if (const auto to = string_field(j, "to"); to && j.contains("event"))
            r.out = {{*to, j["event"]}};
        const std::int64_t n = j["n"].get<std::int64_t>();
        seq_ = std::max(seq_, n);
        apply(r, n);
    }
    if (bad > 0)
        ctx.log(LogLevel::Warn, "skipped " + std::to_string(bad) + " unreadable log records");
    ctx.gauge("held", static_cast<double>(held_));
    update_phase(ctx, Text{"restarted from its log: ", "从日志重启："} + std::to_string(sagas_.size()) + Text{" sagas, ", " 个 saga，"} +
                          std::to_string(outbox_.size()) + Text{" events still to send", " 个事件仍待发送"});
    for (auto& [n, e] : outbox_)
        send_event(ctx, n);
}

void ParticipantRole::update_phase(Context& ctx, Text reason) {
    const bool pending = std::any_of(sagas_.begin(), sagas_.end(),
                                     [](const auto& entry) { return entry.second.state == State::Pending; });
    std::string next = pending ? "pending" : last_outcome_.empty() ? "idle" : last_outcome_;
    if (next == phase_)
        return;
    phase_ = std::move(next);
    ctx.phase(phase_, std::move(reason));
}

}  // namespace distlab::core::saga
