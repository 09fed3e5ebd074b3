#include "core/patterns/task_scheduling/worker_role.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/patterns/task_scheduling/job.h"

namespace distlab::core::task_scheduling {

namespace {

constexpr TimerId kHeartbeatTimer{1};
constexpr TimerId kTaskTimer{2};

}  // namespace

const ParamList<WorkerConfig>& WorkerConfig::params() {
    using C = WorkerConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("schedulers", &C::schedulers, nullptr, "The schedulers it heartbeats to; the leader answers",
               "它发送心跳的调度器；领导者会回应")
        .node("sink", &C::sink, nullptr, "The task-sink where each task's effect is applied",
              "应用每个任务副作用的 task-sink")
        .duration("heartbeat", &C::heartbeat, "300ms",
                  "Heartbeat interval (XXL-JOB's executor beat is 30 s: here at 1/100)",
                  "心跳间隔（XXL-JOB 执行器心跳为 30 s：此处按 1/100 压缩）", {.min = 1})
        .boolean("steal", &C::steal, false,
                 "Work stealing: an idle worker takes the back half of the queue of the worker with the most "
                 "queued tasks",
                 "工作窃取：空闲的执行器从排队任务最多的执行器队列尾部取走一半任务")
        .number("speed", &C::speed, 1.0, "Speed: a task of size s runs s / speed", "速度：大小为 s 的任务运行 s / speed",
                {.min = 0.01, .max = 100})
        .duration("apply_timeout", &C::apply_timeout, "300ms",
                  "How long it waits for the sink to answer an apply before sending it again",
                  "等待 task-sink 回应一次应用的时间，超时后重发", {.min = 1});
    return list;
}

Json WorkerRole::Assignment::to_json() const {
    return {{"task", task}, {"size_ms", size_ms}, {"token", token}, {"attempt", attempt}, {"scheduler", scheduler}};
}

std::optional<WorkerRole::Assignment> WorkerRole::Assignment::from_json(const Json& j) {
    const auto task = int_field(j, "task");
    const auto size = int_field(j, "size_ms");
    const auto token = int_field(j, "token");
    const auto attempt = int_field(j, "attempt");
    if (!task || !size || !token || !attempt || *task < 0 || *size < 0)
        return std::nullopt;
    Assignment a{.task = *task, .size_ms = *size, .token = *token, .attempt = *attempt, .scheduler = {}};
    if (const auto s = j.find("scheduler"); s != j.end() && s->is_string())
        a.scheduler = s->get<std::string>();
    return a;
}

void WorkerRole::start(Context& ctx) {
    ctx.phase("idle", Text{"no task yet", "还没有任务"});
    send_heartbeat(ctx);
}

void WorkerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kHeartbeatTimer) {
        send_heartbeat(ctx);
    } else if (timer == kTaskTimer && running_ && !applying_) {
        applying_ = true;
        busy_ms_ += running_->size_ms;
        send_apply(ctx);
    }
}

void WorkerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kAssign) {
        auto a = Assignment::from_json(msg.body);
        if (!a) {
            ctx.log(LogLevel::Warn, "assign from " + msg.from + " without task, size_ms and token: " + msg.body.dump());
            return;
        }
        a->scheduler = msg.from;
        assigned(ctx, std::move(*a));
        run_next(ctx);
    } else if (msg.type == kHeartbeatReply) {
        heartbeat_reply(ctx, msg);
    } else if (msg.type == kSteal) {
        give(ctx, msg);
    }
}

void WorkerRole::assigned(Context&, Assignment a) {
    if (running_ && running_->task == a.task && !running_->older_than(a))
        return;
    for (Assignment& q : queue_) {
        if (q.task != a.task)
            continue;
        if (q.older_than(a))
            q = std::move(a);
        return;
    }
    queue_.push_back(std::move(a));
}

void WorkerRole::run_next(Context& ctx) {
    if (running_)
        return;
    if (queue_.empty()) {
        ctx.phase("idle", Text{"queue empty", "队列为空"});
        if (config_.steal)
            try_steal(ctx);
        return;
    }
    running_ = queue_.front();
    queue_.pop_front();
    applying_ = false;
    ctx.phase("working", Text{"task ", "任务 "} + std::to_string(running_->task));
    const double ms = static_cast<double>(running_->size_ms) / config_.speed;
    ctx.set_timer(kTaskTimer, Duration(static_cast<Duration::rep>(std::llround(ms * 1e6))));
}

void WorkerRole::send_apply(Context& ctx) {
    ctx.call(config_.sink, kApply, {{"task", running_->task}, {"token", running_->token}, {"attempt", running_->attempt},
              {"size_ms", running_->size_ms}},
             config_.apply_timeout, [this](Context& c, const CallOutcome& outcome) { applied(c, outcome); });
}

void WorkerRole::applied(Context& ctx, const CallOutcome& outcome) {
    if (!running_ || !applying_)
        return;
    if (outcome.timed_out) {
        // The sink may have applied it: the same assignment again is recognised there.
        send_apply(ctx);
        return;
    }
    const Json& reply = outcome.reply.body;
    const bool ok = reply.is_object() && reply.value("ok", false);
    Json done = {{"task", running_->task}, {"token", running_->token}, {"attempt", running_->attempt}};
    if (ok) {
        ++tasks_run_;
        ctx.count("tasks_run");
        done["applied"] = true;
    } else {
        const std::string error =
            reply.is_object() && reply.contains("error") && reply["error"].is_string() ? reply["error"].get<std::string>()
                                                                                       : "malformed reply";
        if (error == kStaleToken) {
            ++rejected_;
            ctx.count("rejected");
        }
        ctx.log(LogLevel::Info, "task " + std::to_string(running_->task) + " with token " +
                                    std::to_string(running_->token) + " refused by the sink: " + error);
        done["applied"] = false;
        done["error"] = error;
    }
    if (!running_->scheduler.empty())
        ctx.send(running_->scheduler, kTaskDone, std::move(done));
    running_.reset();
    applying_ = false;
    run_next(ctx);
}

std::int64_t WorkerRole::queued_ms() const {
    std::int64_t sum = 0;
    for (const Assignment& a : queue_)
        sum += a.size_ms;
    return sum;
}

void WorkerRole::send_heartbeat(Context& ctx) {
    Json held = Json::array();
    if (running_)
        held.push_back({running_->task, running_->token, running_->attempt});
    for (const Assignment& a : queue_)
        held.push_back({a.task, a.token, a.attempt});
    const Json body = {{"held", std::move(held)},
                       {"queued", queue_.size()},
                       {"queued_ms", queued_ms()},
                       {"running", running_ ? Json(running_->task) : Json(nullptr)}};
    for (const NodeId& s : config_.schedulers)
        ctx.send(s, kHeartbeat, body);
    ctx.set_timer(kHeartbeatTimer, config_.heartbeat);
}

void WorkerRole::heartbeat_reply(Context& ctx, const Message& msg) {
    const auto queued = msg.body.is_object() ? msg.body.find("queued") : msg.body.end();
    if (queued == msg.body.end() || !queued->is_object())
        return;
    queued_by_worker_.clear();
    for (const auto& [worker, count] : queued->items())
        if (count.is_number_integer())
            queued_by_worker_[worker] = count.get<std::int64_t>();
    if (config_.steal && idle())
        try_steal(ctx);
}

void WorkerRole::try_steal(Context& ctx) {
    if (stealing_)
        return;
    const NodeId* victim = nullptr;
    std::int64_t most = 0;
    for (const auto& [worker, count] : queued_by_worker_) {
        if (worker == ctx.self() || count <= most)
            continue;
        victim = &worker;
        most = count;
    }
    if (!victim)
        return;
    stealing_ = true;
    const NodeId from = *victim;
    ctx.call(from, kSteal, Json::object(), config_.apply_timeout,
             [this, from](Context& c, const CallOutcome& outcome) { received_stolen(c, from, outcome); });
}

void WorkerRole::give(Context& ctx, const Message& msg) {
    const std::size_t n = (queue_.size() + 1) / 2;
    Json tasks = Json::array();
    std::map<NodeId, Json> moved;   // scheduler -> tasks of its that move
    for (std::size_t i = 0; i < n; ++i) {
        Assignment a = std::move(queue_.back());
        queue_.pop_back();
        tasks.push_back(a.to_json());
        if (!a.scheduler.empty())
            moved[a.scheduler].push_back(a.task);
    }
    given_ += static_cast<std::int64_t>(n);
    if (n > 0) {
        ctx.count("given", static_cast<double>(n));
        ctx.log(LogLevel::Info, std::to_string(n) + " queued tasks stolen by " + msg.from);
    }
    ctx.reply(msg, {{"tasks", std::move(tasks)}});
    for (auto& [scheduler, ids] : moved)
        ctx.send(scheduler, kMoved, {{"tasks", std::move(ids)}, {"to", msg.from}});
}

void WorkerRole::received_stolen(Context& ctx, const NodeId& victim, const CallOutcome& outcome) {
    stealing_ = false;
    // Until the leader's next reply says otherwise: the victim had nothing more to give.
    queued_by_worker_[victim] = 0;
    if (outcome.timed_out)
        return;
    const auto tasks = outcome.reply.body.is_object() ? outcome.reply.body.find("tasks") : outcome.reply.body.end();
    if (tasks == outcome.reply.body.end() || !tasks->is_array())
        return;
    std::int64_t got = 0;
    for (const Json& t : *tasks) {
        if (auto a = Assignment::from_json(t)) {
            assigned(ctx, std::move(*a));
            ++got;
        }
    }
    stolen_ += got;
    if (got > 0)
        ctx.count("stolen", static_cast<double>(got));
    run_next(ctx);
}

Json WorkerRole::snapshot() const {
    return {{"state", idle() ? "idle" : "working"},
            {"running", running_ ? Json(running_->task) : Json(nullptr)},
            {"queued", queue_.size()},
            {"queued_ms", queued_ms()},
            {"tasks_run", tasks_run_},
            {"busy_ms", busy_ms_},
            {"stolen", stolen_},
            {"given", given_},
            {"rejected", rejected_}};
}

}  // namespace distlab::core::task_scheduling
