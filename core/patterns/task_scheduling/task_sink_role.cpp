#include "core/patterns/task_scheduling/task_sink_role.h"

#include "core/patterns/task_scheduling/job.h"

namespace distlab::core::task_scheduling {

const ParamList<TaskSinkConfig>& TaskSinkConfig::params() {
    using C = TaskSinkConfig;
    static const ParamList<C> list = ParamList<C>{}.boolean(
        "fencing", &C::fencing, true,
        "Refuse work carrying a fencing token lower than the highest seen (off: apply whatever comes)",
        "拒绝携带比已见最高值更低的防护令牌（fencing token）的工作（关闭：来者皆应用）");
    return list;
}

void TaskSinkRole::start(Context& ctx) {
    ctx.phase(config_.fencing ? "fencing" : "unfenced",
              config_.fencing ? Text{"stale fencing tokens are refused", "过期的隔离令牌会被拒绝"}
                              : Text{"every apply is applied", "每次写入都照单全收"});
}

void TaskSinkRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kApply)
        apply(ctx, msg);
    else if (msg.type == kFence)
        fence(ctx, msg);
    else if (msg.type == kSkip)
        skip(ctx, msg);
}

void TaskSinkRole::apply(Context& ctx, const Message& msg) {
    const auto task = int_field(msg.body, "task");
    const auto token = int_field(msg.body, "token");
    const auto attempt = int_field(msg.body, "attempt");
    const std::string& worker = msg.from;
    if (!task || !token || !attempt || *task < 0) {
        ctx.log(LogLevel::Warn, "apply from " + msg.from + " without a task, a token and an attempt: " + msg.body.dump());
        ctx.reply(msg, {{"ok", false}, {"error", "bad_request"}});
        return;
    }
    if (config_.fencing && skipped_.contains(*task)) {
        ctx.reply(msg, {{"ok", false}, {"error", "skipped"}, {"task", *task}, {"token", *token}, {"attempt", *attempt}});
        return;
    }
    const auto floor = floor_.find(*task);
    const bool fenced_out = floor != floor_.end() && Stamp(*token, *attempt) < floor->second;
    if (config_.fencing && (*token < max_token_ || fenced_out)) {
        ++rejected_;
        ctx.count("rejected");
        const std::string why = *token < max_token_
                                    ? "token " + std::to_string(*token) + " < " + std::to_string(max_token_)
                                    : "attempt " + std::to_string(*attempt) + " of token " + std::to_string(*token) +
                                          " is older than the task's fence (attempt " +
                                          std::to_string(floor->second.second) + ")";
        ctx.log(LogLevel::Info, "task " + std::to_string(*task) + " from " + worker + " refused: " + why);
        ctx.reply(msg, {{"ok", false}, {"error", kStaleToken}, {"task", *task}, {"token", *token},
                        {"attempt", *attempt}, {"max_token", max_token_}});
        return;
    }
    if (!seen_.emplace(*task, *token, *attempt).second) {
        ctx.reply(msg, {{"ok", true}, {"applied", false}, {"task", *task}, {"token", *token}});
        return;
    }
    max_token_ = std::max(max_token_, *token);
    const std::int64_t times = ++times_[*task];
    ++applied_;
    ctx.count("applied");
    if (times == 2) {
        ++applied_twice_;
        ctx.log(LogLevel::Warn, "task " + std::to_string(*task) + " applied a second time, by " + worker +
                                    " with token " + std::to_string(*token));
    }
    ctx.reply(msg, {{"ok", true}, {"applied", true}, {"task", *task}, {"token", *token}, {"attempt", *attempt}, {"worker", worker},
                    {"size_ms", int_field(msg.body, "size_ms").value_or(0)}, {"times", times}});
}

void TaskSinkRole::fence(Context& ctx, const Message& msg) {
    const auto token = int_field(msg.body, "token");
    const auto attempt = int_field(msg.body, "attempt");
    const auto tasks = msg.body.is_object() ? msg.body.find("tasks") : msg.body.end();
    if (!token || !attempt || tasks == msg.body.end() || !tasks->is_array()) {
        ctx.log(LogLevel::Warn, "fence from " + msg.from + " without a token, an attempt and tasks: " + msg.body.dump());
        ctx.reply(msg, {{"ok", false}, {"error", "bad_request"}});
        return;
    }
    if (config_.fencing) {
        if (*token < max_token_) {
            ctx.reply(msg, {{"ok", false}, {"error", kStaleToken}, {"max_token", max_token_}});
            return;
        }
        if (*token > max_token_)
            ctx.log(LogLevel::Info, msg.from + " fences with token " + std::to_string(*token) +
                                        ": lower tokens are refused from now on");
        max_token_ = *token;
    }
    Json applied = Json::array(), fired = Json::array(), skipped = Json::array();
    for (const Json& t : *tasks) {
        if (!t.is_number_integer())
            continue;
        const std::int64_t task = t.get<std::int64_t>();
        if (times_.contains(task)) {
            applied.push_back(task);
            continue;
        }
        if (skipped_.contains(task)) {
            skipped.push_back(task);
            continue;
        }
        if (!fired_.insert(task).second)
            fired.push_back(task);
        if (config_.fencing)
            floor_[task] = std::max(floor_[task], Stamp(*token, *attempt));
    }
    ctx.reply(msg, {{"ok", true},
                    {"applied", std::move(applied)},
                    {"fired", std::move(fired)},
                    {"skipped", std::move(skipped)},
                    {"token", *token},
                    {"max_token", max_token_}});
}

void TaskSinkRole::skip(Context& ctx, const Message& msg) {
    const auto token = int_field(msg.body, "token");
    const auto tasks = msg.body.is_object() ? msg.body.find("tasks") : msg.body.end();
    if (!token || tasks == msg.body.end() || !tasks->is_array()) {
        ctx.log(LogLevel::Warn, "skip from " + msg.from + " without a token and tasks: " + msg.body.dump());
        ctx.reply(msg, {{"ok", false}, {"error", "bad_request"}});
        return;
    }
    if (config_.fencing && *token < max_token_) {
        ctx.reply(msg, {{"ok", false}, {"error", kStaleToken}, {"max_token", max_token_}});
        return;
    }
    Json recorded = Json::array();
    for (const Json& t : *tasks)
        if (t.is_number_integer() && !times_.contains(t.get<std::int64_t>()) && skipped_.insert(t.get<std::int64_t>()).second)
            recorded.push_back(t);
    ctx.reply(msg, {{"ok", true}, {"skipped", std::move(recorded)}, {"token", *token}});
}

Json TaskSinkRole::snapshot() const {
    return {{"fencing", config_.fencing}, {"max_token", max_token_}, {"applied", applied_},
            {"tasks", times_.size()},     {"applied_twice", applied_twice_}, {"rejected", rejected_},
            {"skipped", skipped_.size()}};
}

}  // namespace distlab::core::task_scheduling
