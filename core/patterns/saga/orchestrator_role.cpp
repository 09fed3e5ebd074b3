#include "core/patterns/saga/orchestrator_role.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>

#include "core/patterns/common/client.h"
#include "core/patterns/saga/saga_protocol.h"

namespace distlab::core::saga {

namespace {

// The state machine's log: one JSON record a line. {"t": "B", saga} begun; {"t": "S", saga, i}
// step i done; {"t": "F", saga, i, error} step i refused; {"t": "K", saga, i} step i
// compensated; {"t": "N", saga, i} step i finished; {"t": "E", saga, completed} ended.
constexpr std::string_view kLogKey = "saga_state";

std::string_view stage_call(bool compensating, bool finishing) {
    return compensating ? kCompensate : finishing ? kFinish : kStep;
}

}  // namespace

const ParamList<OrchestratorConfig>& OrchestratorConfig::params() {
    using C = OrchestratorConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("steps", &C::steps, Json::array(),
               "The participants whose local transactions make up the saga, in step order; compensations "
               "run in the reverse order",
               "组成 Saga 的各参与者的本地事务，按步骤顺序排列；补偿按相反顺序执行")
        .duration("call_timeout", &C::call_timeout, "300ms",
                  "How long one attempt of a step, a compensation or a finish waits for its answer",
                  "步骤、补偿或完成请求的每次尝试等待应答的时长", {.min = 1})
        .duration("retry_initial", &C::retry_initial, "100ms",
                  "Wait before the first retry of an unanswered call. Temporal's default activity retry "
                  "policy starts at 1 s; time-compressed here",
                  "未得到应答的调用第一次重试前的等待时间。Temporal 默认的活动重试策略从 1 s 开始；"
                  "此处按时间压缩",
                  {.min = 1})
        .number("retry_backoff", &C::retry_backoff, 2.0,
                "Each further retry waits this many times longer (Temporal's default coefficient: 2.0)",
                "之后每次重试的等待时间乘以此系数（Temporal 默认系数：2.0）", {.min = 1, .max = 100})
        .duration("retry_max", &C::retry_max, "10s",
                  "The longest wait between retries (Temporal's default: 100 × the initial interval); "
                  "attempts are unlimited",
                  "两次重试之间最长的等待时间（Temporal 默认：初始间隔的 100 倍）；重试次数不限",
                  {.min = 1})
        .integer("max_in_flight", &C::max_in_flight, 256, "Sagas it runs at once; more are refused (busy)",
                 "同时运行的 Saga 上限；超出的请求被拒绝（繁忙）", {.min = 1, .max = 100000})
        .boolean("durable", &C::durable, true,
                 "Keep each saga's state machine in a log in storage, so a restarted orchestrator resumes "
                 "every unfinished saga. Off: in memory only; after a restart the half-done sagas are "
                 "forgotten and their steps stay pending on the participants",
                 "把每个 Saga 的状态机记录在存储中的日志里，重启后的编排器可继续每个未完成的 Saga。"
                 "关闭时：只保存在内存中；重启后完成一半的 Saga 被遗忘，其步骤在参与者上一直处于待定状态");
    return list;
}

std::vector<PhaseSpec> OrchestratorRole::phases() {
    return {{.name = "idle", .tone = Tone::Neutral, .en = "idle", .zh = "空闲"},
            {.name = "running", .tone = Tone::Busy, .en = "running sagas forward", .zh = "正向执行 Saga"},
            {.name = "compensating", .tone = Tone::Warning, .en = "compensating", .zh = "补偿中"},
            {.name = "recovering", .tone = Tone::Warning, .en = "resuming sagas from its log",
             .zh = "从日志恢复 Saga"}};
}

OrchestratorRole::OrchestratorRole(OrchestratorConfig config) : config_(std::move(config)) {}

void OrchestratorRole::start(Context& ctx) {
    phase_ = "idle";
    ctx.phase(phase_, Text{"saga orchestrator over ", "编排 "} + std::to_string(config_.steps.size()) +
                          Text{" steps", " 个步骤的 saga"});
    if (config_.steps.empty()) {
        ctx.log(LogLevel::Error, "no steps to run: set the parameter steps");
        return;
    }
    recover(ctx);
}

void OrchestratorRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kSaga) {
        handle_saga(ctx, msg);
        return;
    }
    ctx.count(client_metric::kUnexpectedMessages);
    ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
}

void OrchestratorRole::on_timer(Context& ctx, TimerId timer) {
    const auto it = timers_.find(timer);
    if (it == timers_.end())
        return;
    const std::string saga = it->second;
    timers_.erase(it);
    if (runs_.contains(saga))
        advance(ctx, saga);
}

Json OrchestratorRole::snapshot() const {
    std::int64_t forward = 0, backward = 0;
    for (const auto& [id, run] : runs_)
        (run.stage == Stage::Compensating ? backward : forward) += 1;
    return {{"state", phase_},
            {"in_flight", runs_.size()},
            {"max_in_flight", config_.max_in_flight},
            {"forward", forward},
            {"compensating", backward},
            {"completed", completed_},
            {"compensated", compensated_},
            {"retries", retries_},
            {"resumed", resumed_}};
}

void OrchestratorRole::handle_saga(Context& ctx, const Message& msg) {
    const auto saga = string_field(msg.body, "saga");
    if (!saga) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "saga needs a non-empty string saga"}});
        return;
    }
    if (const auto done = ended_.find(*saga); done != ended_.end()) {
        ctx.reply(msg, done->second ? Json{{"ok", true}} : Json{{"ok", false}, {"error", "compensated"}});
        return;
    }
    if (const auto running = runs_.find(*saga); running != runs_.end()) {
        running->second.request = msg;   // a repeated request: answer this one at the end
        return;
    }
    if (config_.steps.empty()) {
        ctx.reply(msg, {{"ok", false}, {"error", "the orchestrator has no steps"}});
        return;
    }
    if (std::ssize(runs_) >= config_.max_in_flight) {
        ctx.count("busy");
        ctx.reply(msg, {{"ok", false}, {"error", "busy"}});
        return;
    }
    if (!log_record(ctx, {{"t", "B"}, {"saga", *saga}})) {
        ctx.reply(msg, {{"ok", false}, {"error", "cannot write its log"}});
        return;
    }
    ++started_;
    ctx.count("sagas_started");
    runs_[*saga] = Run{.request = msg};
    ctx.gauge("in_flight", static_cast<double>(runs_.size()));
    update_phase(ctx, *saga + Text{" begins", " 开始"});
    advance(ctx, *saga);
}

void OrchestratorRole::advance(Context& ctx, const std::string& saga) {
    Run& run = runs_.at(saga);
    ++run.attempt;
    if (run.attempt > 1) {
        ++retries_;
        ctx.count("retries");
    }
    const NodeId& to = config_.steps[static_cast<std::size_t>(run.index)];
    const std::string_view type = stage_call(run.stage == Stage::Compensating, run.stage == Stage::Finishing);
    ctx.call(to, std::string(type), {{"saga", saga}}, config_.call_timeout,
             [this, saga](Context& c, const CallOutcome& outcome) { answered(c, saga, outcome); });
}

void OrchestratorRole::answered(Context& ctx, const std::string& saga, const CallOutcome& outcome) {
    const auto it = runs_.find(saga);
    if (it == runs_.end())
        return;
    Run& run = it->second;
    const Json& body = outcome.reply.body;
    const CallResult result = outcome.timed_out ? CallResult{CallEnd::TimedOut, "timeout"} : read_answer(body, "failed");
    const bool refused = result.end == CallEnd::Failed && body.is_object() && body.value("refused", false);
    const std::int64_t i = run.index;
    const std::string step = std::to_string(i + 1);
    if (result.end != CallEnd::Ok && !(run.stage == Stage::Forward && refused)) {
        retry_later(ctx, saga);
        return;
    }
    run.attempt = 0;
    const std::int64_t last = std::ssize(config_.steps) - 1;
    switch (run.stage) {
    case Stage::Forward:
        if (refused) {
            run.error = "step " + step + " (" + config_.steps[static_cast<std::size_t>(i)] + ") refused: " + result.error;
            if (!log_record(ctx, {{"t", "F"}, {"saga", saga}, {"i", i}, {"error", run.error}}))
                return retry_later(ctx, saga);
            if (i == 0)
                return end(ctx, saga, false);
            run.stage = Stage::Compensating;
            run.index = i - 1;
            update_phase(ctx, saga + ": " + run.error + Text{"; compensating steps ", "；补偿步骤 "} + std::to_string(i) + " .. 1");
            return advance(ctx, saga);
        }
        if (!log_record(ctx, {{"t", "S"}, {"saga", saga}, {"i", i}}))
            return retry_later(ctx, saga);
        if (i == last) {
            run.stage = Stage::Finishing;
            run.index = 0;
        } else {
            run.index = i + 1;
        }
        return advance(ctx, saga);
    case Stage::Compensating:
        if (!log_record(ctx, {{"t", "K"}, {"saga", saga}, {"i", i}}))
            return retry_later(ctx, saga);
        if (i == 0)
            return end(ctx, saga, false);
        run.index = i - 1;
        return advance(ctx, saga);
    case Stage::Finishing:
        if (!log_record(ctx, {{"t", "N"}, {"saga", saga}, {"i", i}}))
            return retry_later(ctx, saga);
        if (i == last)
            return end(ctx, saga, true);
        run.index = i + 1;
        return advance(ctx, saga);
    }
}

void OrchestratorRole::retry_later(Context& ctx, const std::string& saga) {
    const Run& run = runs_.at(saga);
    const double factor = std::pow(config_.retry_backoff, static_cast<double>(std::max<std::int64_t>(0, run.attempt - 1)));
    const double wait = std::min(static_cast<double>(config_.retry_initial.count()) * factor,
                                 static_cast<double>(config_.retry_max.count()));
    const TimerId id = timer_ids_.next();
    timers_[id] = saga;
    ctx.set_timer(id, Duration(static_cast<std::int64_t>(wait)));
}

void OrchestratorRole::end(Context& ctx, const std::string& saga, bool completed) {
    Run run = std::move(runs_.at(saga));
    runs_.erase(saga);
    log_record(ctx, {{"t", "E"}, {"saga", saga}, {"completed", completed}});
    ended_[saga] = completed;
    if (completed) {
        ++completed_;
        ctx.count("sagas_completed");
    } else {
        ++compensated_;
        ctx.count("sagas_compensated");
    }
    if (run.request)
        ctx.reply(*run.request, completed ? Json{{"ok", true}}
                                          : Json{{"ok", false}, {"error", "compensated: " + run.error}});
    ctx.gauge("in_flight", static_cast<double>(runs_.size()));
    update_phase(ctx, saga + (completed ? Text{" completed", " 已完成"} : Text{" compensated: ", " 已补偿："} + run.error));
}

bool OrchestratorRole::log_record(Context& ctx, const Json& record) {
    if (!config_.durable)
        return true;
    if (auto written = ctx.storage().append(kLogKey, record.dump() + "\n", /*sync=*/true); !written) {
        ctx.log(LogLevel::Error, "cannot write the log: " + written.error().message);
        return false;
    }
    return true;
}

void OrchestratorRole::recover(Context& ctx) {
    if (!config_.durable)
        return;
    auto stored = ctx.storage().read(kLogKey);
    if (!stored) {
        ctx.log(LogLevel::Error, "cannot read the log: " + stored.error().message);
        return;
    }
    if (!*stored)
        return;
    const std::int64_t last = std::ssize(config_.steps) - 1;
    std::istringstream lines(**stored);
    std::string line;
    std::size_t bad = 0;
    while (std::getline(lines, line)) {
        const Json r = Json::parse(line, nullptr, false);
        const auto type = string_field(r, "t");
        const auto saga = string_field(r, "saga");
        if (!type || !saga) {
            ++bad;   // a torn last line after a crash mid-append
            continue;
        }
        const std::int64_t i = r.is_object() ? r.value("i", std::int64_t{0}) : 0;
        if (*type == "B") {
            runs_[*saga] = Run{};
        } else if (*type == "E") {
            runs_.erase(*saga);
            const bool completed = r.value("completed", false);
            ended_[*saga] = completed;
            (completed ? completed_ : compensated_) += 1;
        } else if (const auto it = runs_.find(*saga); it != runs_.end() && i >= 0 && i <= last) {
            Run& run = it->second;
            if (*type == "S") {
                run.stage = i == last ? Stage::Finishing : Stage::Forward;
                run.index = i == last ? 0 : i + 1;
            } else if (*type == "F" || *type == "K") {
                if (*type == "F")
                    run.error = string_field(r, "error").value_or("a step refused");
                run.stage = Stage::Compensating;
                run.index = i - 1;   // -1: nothing left to compensate
            } else if (*type == "N") {
                run.stage = Stage::Finishing;
                run.index = i + 1;   // last + 1: every step finished
            } else {
                ++bad;
            }
        } else {
            ++bad;
        }
    }
    if (bad > 0)
        ctx.log(LogLevel::Warn, "skipped " + std::to_string(bad) + " unreadable log records");
    if (runs_.empty())
        return;
    resumed_ = runs_.size();
    ctx.count("resumed", static_cast<double>(resumed_));
    phase_ = "recovering";
    ctx.phase(phase_, Text{"restarted with ", "重启，日志中有 "} + std::to_string(resumed_) +
                          Text{" sagas unfinished in its log: resuming each", " 个未完成的 saga：逐个恢复"});
    ctx.gauge("in_flight", static_cast<double>(runs_.size()));
    std::vector<std::string> ids;
    for (const auto& [id, run] : runs_)
        ids.push_back(id);
    for (const std::string& id : ids) {
        Run& run = runs_.at(id);
        if (run.stage == Stage::Compensating && run.index < 0)
            end(ctx, id, false);
        else if (run.stage == Stage::Finishing && run.index > last)
            end(ctx, id, true);
        else
            advance(ctx, id);
    }
}

void OrchestratorRole::update_phase(Context& ctx, Text reason) {
    const bool backward = std::any_of(runs_.begin(), runs_.end(),
                                      [](const auto& entry) { return entry.second.stage == Stage::Compensating; });
    std::string next = backward ? "compensating" : runs_.empty() ? "idle" : "running";
    if (next == phase_)
        return;
    phase_ = std::move(next);
    ctx.phase(phase_, std::move(reason));
}

}  // namespace distlab::core::saga
