#include "core/patterns/task_scheduling/scheduler_role.h"

#include <algorithm>
#include <utility>

#include "core/patterns/kv/kv_protocol.h"

namespace distlab::core::task_scheduling {

namespace {

constexpr TimerId kTickTimer{1};

std::int64_t whole_ms(Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

std::string error_of(const Json& reply) {
    if (!reply.is_object())
        return "malformed reply";
    if (reply.value("ok", false) == true)
        return {};
    const auto e = reply.find("error");
    return e != reply.end() && e->is_string() ? e->get<std::string>() : "malformed reply";
}

}  // namespace

const ParamList<SchedulerConfig>& SchedulerConfig::params() {
    using C = SchedulerConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("kv", &C::kv, nullptr, "The Raft KV's nodes, where the lease is kept", "保存租约的 Raft KV 节点")
        .nodes("workers", &C::workers, nullptr, "The workers (executors) tasks go to, in order",
               "接收任务的执行器，按顺序")
        .node("sink", &C::sink, nullptr, "The task-sink the leader fences before it assigns",
              "领导者在分配任务前进行防护（fencing）的 task-sink")
        .string("lease_key", &C::lease_key, "scheduler-lease", "The key of the lease in the KV", "租约在 KV 中的键")
        .duration("lease_duration", &C::lease_duration, "1500ms",
                  "A standby takes over a lease unchanged this long (Kubernetes leaseDuration 15 s, at 1/10)",
                  "租约在这么长时间内未变化时，备用调度器接管它（Kubernetes 的 leaseDuration 15 s，按 1/10 压缩）",
                  {.min = 1})
        .duration("renew_deadline", &C::renew_deadline, "1000ms",
                  "The leader steps down when it could not renew for this long; keep it below lease_duration "
                  "(Kubernetes renewDeadline 10 s, at 1/10)",
                  "领导者在这么长时间内无法续约时主动退位；应小于 lease_duration（Kubernetes 的 renewDeadline "
                  "10 s，按 1/10 压缩）",
                  {.min = 1})
        .duration("retry_period", &C::retry_period, "200ms",
                  "How often the lease is read or renewed (Kubernetes retryPeriod 2 s, at 1/10)",
                  "读取或续约租约的周期（Kubernetes 的 retryPeriod 2 s，按 1/10 压缩）", {.min = 1})
        .duration("kv_timeout", &C::kv_timeout, "300ms", "Time limit of one KV or sink request",
                  "一次 KV 或 task-sink 请求的时限", {.min = 1})
        .choice("route", &C::route, "round",
                {{"first", Route::First},
                 {"last", Route::Last},
                 {"round", Route::Round},
                 {"random", Route::Random},
                 {"consistent_hash", Route::ConsistentHash},
                 {"least_frequently_used", Route::LeastFrequentlyUsed},
                 {"least_recently_used", Route::LeastRecentlyUsed},
                 {"failover", Route::Failover},
                 {"busyover", Route::Busyover}},
                "XXL-JOB's route strategies: FIRST, LAST, ROUND, RANDOM, CONSISTENT_HASH (100 points per worker), "
                "LEAST_FREQUENTLY_USED, LEAST_RECENTLY_USED, FAILOVER (first worker passing the beat check), "
                "BUSYOVER (first idle worker; tasks wait while none is)",
                "XXL-JOB 的路由策略：第一个、最后一个、轮询、随机、一致性HASH（每个执行器 100 个虚拟节点）、最不经常使用、"
                "最近最久未使用、故障转移（第一个通过心跳检测的执行器）、忙碌转移（第一个空闲的执行器；都忙时任务等待）")
        .duration("dead_after", &C::dead_after, "900ms",
                  "A worker without a heartbeat this long is dead and its tasks run again (XXL-JOB: 90 s, at 1/100)",
                  "超过这么长时间没有心跳的执行器视为死亡，其任务重新运行（XXL-JOB：90 s，按 1/100 压缩）", {.min = 1})
        .duration("beat_check", &C::beat_check, "450ms",
                  "Failover route: a worker whose last heartbeat is this recent passes the beat check",
                  "故障转移路由：最近一次心跳在这么长时间以内的执行器通过心跳检测", {.min = 1})
        .choice("misfire", &C::misfire, "do_nothing",
                {{"do_nothing", Misfire::DoNothing}, {"fire_once_now", Misfire::FireOnceNow}},
                "XXL-JOB's misfire strategies for a fire time missed by more than misfire_threshold that no scheduler "
                "fired (interval above 0): DO_NOTHING skips it; FIRE_ONCE_NOW runs the latest missed one now and skips "
                "the others",
                "XXL-JOB 的调度过期策略，用于错过超过 misfire_threshold 且没有调度器触发过的触发时刻（interval 大于 0 时）："
                "忽略（DO_NOTHING）跳过它；立即执行一次（FIRE_ONCE_NOW）立即运行最近错过的一次，跳过其余")
        .duration("misfire_threshold", &C::misfire_threshold, "500ms",
                  "A fire time found later than this is a misfire", "晚于此时长才被发现的触发时刻视为调度过期",
                  {.min = 0})
        .boolean("rerun_dead", &C::rerun_dead, true,
                 "Run the tasks of a worker that stopped heartbeating again, on another worker (off: they are lost)",
                 "在其他执行器上重新运行停止心跳的执行器的任务（关闭：这些任务丢失）")
        .duration("start_delay", &C::start_delay, "0ms",
                  "Joins the election this late: a scheduler started after the others, which lets a scenario "
                  "choose the first leader",
                  "晚这么久才参加选举：一个比其他调度器后启动的调度器，便于场景指定第一个领导者", {.min = 0})
        .part(&C::job, JobSpec::params());
    return list;
}

SchedulerRole::SchedulerRole(SchedulerConfig config)
    : config_(std::move(config)), router_(config_.route), tasks_(static_cast<std::size_t>(config_.job.tasks)) {}

void SchedulerRole::start(Context& ctx) {
    ctx.phase("standby", Text{"the lease is not mine", "租约不归本节点"});
    if (config_.kv.empty()) {
        ctx.log(LogLevel::Error, "scheduler has no kv nodes to keep its lease in");
        return;
    }
    if (config_.start_delay > Duration(0))
        ctx.set_timer(kTickTimer, config_.start_delay);
    else
        tick(ctx);
}

void SchedulerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kTickTimer)
        tick(ctx);
}

void SchedulerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kHeartbeat)
        heartbeat(ctx, msg);
    else if (msg.type == kTaskDone)
        task_done(ctx, msg);
    else if (msg.type == kMoved)
        moved(msg);
}

void SchedulerRole::tick(Context& ctx) {
    ctx.set_timer(kTickTimer, config_.retry_period);
    if (leading_ && ctx.now() - renewed_at_ >= config_.renew_deadline) {
        step_down(ctx, Text{"no renewal for ", "已有 "} + std::to_string(whole_ms(ctx.now() - renewed_at_)) + Text{" ms", " ms 没有续约"});
    }
    lease_step(ctx);
    if (!leading_)
        return;
    rerun_dead(ctx);
    fence_pending(ctx);
    dispatch(ctx);
}

void SchedulerRole::kv_call(Context& ctx, Json body, std::function<void(Context&, const Json&)> on_reply) {
    kv_busy_ = true;
    ctx.call(config_.kv[kv_target_], kv::kRequestType, std::move(body), config_.kv_timeout,
             [this, on_reply = std::move(on_reply)](Context& c, const CallOutcome& outcome) {
                 kv_busy_ = false;
                 const std::size_t n = config_.kv.size();
                 if (outcome.timed_out) {
                     kv_target_ = (kv_target_ + 1) % n;
                     on_reply(c, Json{{"ok", false}, {"error", "timeout"}});
                     return;
                 }
                 const Json& reply = outcome.reply.body;
                 const std::string error = error_of(reply);
                 if (error == "not_leader") {
                     const auto hint = reply.find("leader");
                     const auto it = hint != reply.end() && hint->is_string()
                                         ? std::find(config_.kv.begin(), config_.kv.end(), hint->get<std::string>())
                                         : config_.kv.end();
                     kv_target_ = it != config_.kv.end() ? static_cast<std::size_t>(it - config_.kv.begin())
                                                         : (kv_target_ + 1) % n;
                 } else if (error == "unavailable" || error == "malformed reply") {
                     kv_target_ = (kv_target_ + 1) % n;
                 }
                 on_reply(c, reply);
             });
}

void SchedulerRole::lease_step(Context& ctx) {
    if (kv_busy_)
        return;
    if (leading_) {
        const Duration sent = ctx.now();
        LeaseValue next = lease_;
        ++next.renewal;
        kv_call(ctx, {{"op", "cas"}, {"key", config_.lease_key}, {"from", lease_.text()}, {"to", next.text()}},
                [this, next, sent](Context& c, const Json& reply) {
                    if (!leading_ || next.epoch != lease_.epoch)
                        return;
                    const std::string error = error_of(reply);
                    if (error.empty()) {
                        lease_ = next;
                        renewed_at_ = sent;
                        c.count("lease_renewals");
                    } else if (error == "cas_mismatch") {
                        const auto v = reply.find("value");
                        step_down(c, v != reply.end() && v->is_string()
                                         ? Text{"the lease was taken: ", "租约已被占用："} + v->get<std::string>()
                                         : Text{"the lease was taken: absent", "租约已被占用：不存在"});
                    }
                });
        return;
    }
    kv_call(ctx, {{"op", "get"}, {"key", config_.lease_key}},
            [this](Context& c, const Json& reply) { read_lease(c, reply); });
}

void SchedulerRole::read_lease(Context& ctx, const Json& reply) {
    if (leading_ || !error_of(reply).empty())
        return;
    const auto value = reply.find("value");
    if (value == reply.end() || !(value->is_string() || value->is_null()))
        return;
    const std::optional<std::string> v =
        value->is_string() ? std::optional<std::string>(value->get<std::string>()) : std::nullopt;
    if (!observed_any_ || v != observed_) {
        observed_ = v;
        observed_any_ = true;
        observed_at_ = ctx.now();
    }
    if (!v) {
        try_acquire(ctx, nullptr, epoch_ + 1);
        return;
    }
    const auto lease = LeaseValue::parse(*v);
    if (lease)
        epoch_ = std::max(epoch_, lease->epoch);
    else
        ctx.log(LogLevel::Warn, "the lease key holds \"" + *v + "\", not holder/epoch/renewal");
    if (ctx.now() - observed_at_ >= config_.lease_duration)
        try_acquire(ctx, *v, epoch_ + 1);
}

void SchedulerRole::try_acquire(Context& ctx, const Json& from, std::int64_t epoch) {
    const LeaseValue mine{.holder = ctx.self(), .epoch = epoch, .renewal = 0};
    const Duration sent = ctx.now();
    kv_call(ctx, {{"op", "cas"}, {"key", config_.lease_key}, {"from", from}, {"to", mine.text()}},
            [this, mine, sent](Context& c, const Json& reply) {
                if (leading_)
                    return;
                const std::string error = error_of(reply);
                if (error.empty()) {
                    become_leader(c, mine, sent);
                    return;
                }
                if (error == "cas_mismatch") {
                    const auto v = reply.find("value");
                    observed_ = v != reply.end() && v->is_string() ? std::optional<std::string>(v->get<std::string>())
                                                                   : std::nullopt;
                    observed_any_ = true;
                    observed_at_ = c.now();
                }
            });
}

void SchedulerRole::become_leader(Context& ctx, const LeaseValue& lease, Duration sent) {
    leading_ = true;
    lease_ = lease;
    renewed_at_ = sent;
    epoch_ = std::max(epoch_, lease.epoch);
    attempt_ = 0;
    fenced_ = false;
    ++terms_led_;
    for (Task& t : tasks_)
        if (t.state != TaskState::Done && t.state != TaskState::Skipped)
            t = Task{};
    ctx.phase("leader", Text{"holds the lease with epoch ", "持有纪元为 "} + std::to_string(lease.epoch) +
                            Text{": the fencing token", " 的租约：这就是隔离令牌"});
    fence_pending(ctx, true);
}

void SchedulerRole::step_down(Context& ctx, const Text& reason) {
    if (!leading_)
        return;
    leading_ = false;
    fenced_ = false;
    for (Task& t : tasks_)
        if (t.state != TaskState::Done && t.state != TaskState::Skipped)
            t = Task{};
    observed_ = lease_.text();
    observed_any_ = true;
    observed_at_ = ctx.now();
    ctx.phase("standby", reason);
}

void SchedulerRole::fence_pending(Context& ctx, bool first) {
    Json list = Json::array();
    for (std::size_t i = 0; i < tasks_.size(); ++i)
        if (tasks_[i].state == TaskState::Pending && !tasks_[i].fenced &&
            config_.job.due(static_cast<std::int64_t>(i)) <= ctx.now())
            list.push_back(static_cast<std::int64_t>(i));
    if (list.empty() && !first)
        return;
    const std::int64_t attempt = ++attempt_;
    for (const Json& t : list) {
        Task& task = tasks_[t.get<std::size_t>()];
        task.state = TaskState::Fencing;
        task.attempt = attempt;
    }
    const std::int64_t epoch = lease_.epoch;
    ctx.call(config_.sink, kFence, {{"token", epoch}, {"attempt", attempt}, {"tasks", list}}, config_.kv_timeout,
             [this, epoch, attempt, list](Context& c, const CallOutcome& outcome) {
                 fenced(c, epoch, attempt, list, outcome);
             });
}

void SchedulerRole::fenced(Context& ctx, std::int64_t epoch, std::int64_t attempt, const Json& list,
                           const CallOutcome& outcome) {
    if (!leading_ || lease_.epoch != epoch)
        return;
    const std::string error = outcome.timed_out ? "timeout" : error_of(outcome.reply.body);
    if (error == kStaleToken) {
        step_down(ctx, Text{"the sink has seen a newer fencing token than ", "接收端已见过比 "} + std::to_string(epoch) +
                           Text{"", " 更新的隔离令牌"});
        return;
    }
    // The tasks of the reply's list `name`.
    const auto named = [&](const char* name) {
        std::vector<bool> in(tasks_.size(), false);
        const Json& body = outcome.reply.body;
        if (!error.empty() || !body.is_object())
            return in;
        if (const auto a = body.find(name); a != body.end() && a->is_array())
            for (const Json& t : *a)
                if (t.is_number_integer() && t.get<std::int64_t>() >= 0 && t.get<std::size_t>() < tasks_.size())
                    in[t.get<std::size_t>()] = true;
        return in;
    };
    const std::vector<bool> applied = named("applied"), fired = named("fired"), skipped = named("skipped");
    std::vector<std::int64_t> missed;
    for (const Json& t : list) {
        const auto i = t.get<std::size_t>();
        Task& task = tasks_[i];
        if (task.state != TaskState::Fencing || task.attempt != attempt)
            continue;
        if (!error.empty()) {
            task.state = TaskState::Pending;   // fenced again at the next tick
            task.fenced = false;
        } else if (applied[i]) {
            task.state = TaskState::Done;
        } else if (skipped[i]) {
            task.state = TaskState::Skipped;
        } else if (config_.job.interval > Duration(0) && !fired[i] &&
                   ctx.now() - config_.job.due(static_cast<std::int64_t>(i)) > config_.misfire_threshold) {
            missed.push_back(static_cast<std::int64_t>(i));
        } else {
            task.state = TaskState::Pending;
            task.fenced = true;
        }
    }
    if (!missed.empty()) {
        misfired_ += std::ssize(missed);
        ctx.count("misfired", static_cast<double>(missed.size()));
        std::string which = std::to_string(missed.front());
        if (missed.size() > 1)
            which += " to " + std::to_string(missed.back());
        if (config_.misfire == Misfire::FireOnceNow) {
            const std::int64_t latest = missed.back();
            tasks_[static_cast<std::size_t>(latest)].state = TaskState::Pending;
            tasks_[static_cast<std::size_t>(latest)].fenced = true;
            missed.pop_back();
            ctx.log(LogLevel::Info, "fire times of tasks " + which + " missed: fire once now (task " +
                                        std::to_string(latest) + "), skip the rest");
        } else {
            ctx.log(LogLevel::Info, "fire times of tasks " + which + " missed: do nothing (skipped)");
        }
        skip(ctx, std::move(missed));
    }
    if (error.empty()) {
        fenced_ = true;
        dispatch(ctx);
    }
}

void SchedulerRole::skip(Context& ctx, std::vector<std::int64_t> tasks) {
    if (tasks.empty())
        return;
    const std::int64_t epoch = lease_.epoch;
    ctx.call(config_.sink, kSkip, {{"token", epoch}, {"tasks", tasks}}, config_.kv_timeout,
             [this, epoch, tasks](Context& c, const CallOutcome& outcome) {
                 if (!leading_ || lease_.epoch != epoch)
                     return;
                 const std::string error = outcome.timed_out ? "timeout" : error_of(outcome.reply.body);
                 if (error == kStaleToken) {
                     step_down(c, Text{"the sink has seen a newer fencing token than ", "接收端已见过比 "} + std::to_string(epoch) +
                                      Text{"", " 更新的隔离令牌"});
                     return;
                 }
                 for (const std::int64_t t : tasks) {
                     Task& task = tasks_[static_cast<std::size_t>(t)];
                     if (task.state != TaskState::Fencing)
                         continue;
                     // Skipped; or, the skip not known to have landed, fenced and judged again.
                     task.state = error.empty() ? TaskState::Skipped : TaskState::Pending;
                     task.fenced = false;
                 }
             });
}

bool SchedulerRole::registered(const Context& ctx, const Worker& w) const {
    return w.last_beat && ctx.now() - *w.last_beat <= config_.dead_after;
}

void SchedulerRole::rerun_dead(Context& ctx) {
    if (!config_.rerun_dead)
        return;
    std::map<NodeId, std::int64_t> lost;
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
        const Task& t = tasks_[i];
        if (t.state != TaskState::Assigned)
            continue;
        const auto w = workers_.find(t.owner);
        if (w != workers_.end() && registered(ctx, w->second))
            continue;
        ++lost[t.owner];
        give_up(i);
    }
    for (const auto& [worker, n] : lost) {
        rerun_ += n;
        ctx.count("rerun", static_cast<double>(n));
        ctx.log(LogLevel::Info, worker + " sent no heartbeat for " + std::to_string(whole_ms(config_.dead_after)) +
                                    " ms: its " + std::to_string(n) + " tasks run again, fenced first");
    }
}

void SchedulerRole::dispatch(Context& ctx) {
    if (!leading_ || !fenced_)
        return;
    std::vector<WorkerView> views;
    for (const NodeId& id : config_.workers) {
        const Worker& w = workers_[id];
        views.push_back({.id = id,
                         .registered = registered(ctx, w),
                         .beat_fresh = w.last_beat && ctx.now() - *w.last_beat <= config_.beat_check,
                         .idle = w.idle});
    }
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
        Task& t = tasks_[i];
        const auto task = static_cast<std::int64_t>(i);
        if (t.state != TaskState::Pending || !t.fenced || config_.job.due(task) > ctx.now())
            continue;
        const auto pick = router_.pick(views, task, ctx.rng());
        if (!pick)
            break;
        const NodeId& worker = views[*pick].id;
        views[*pick].idle = false;
        workers_[worker].idle = false;
        t.state = TaskState::Assigned;
        t.owner = worker;
        ++assigned_;
        ctx.count("assigned");
        ctx.send(worker, kAssign, {{"task", task}, {"size_ms", whole_ms(config_.job.size(task))}, {"token", lease_.epoch},
                                   {"attempt", t.attempt}});
    }
}

void SchedulerRole::heartbeat(Context& ctx, const Message& msg) {
    if (std::find(config_.workers.begin(), config_.workers.end(), msg.from) == config_.workers.end())
        return;
    Worker& w = workers_[msg.from];
    w.last_beat = ctx.now();
    const auto held = msg.body.is_object() ? msg.body.find("held") : msg.body.end();
    const bool listed = held != msg.body.end() && held->is_array();
    w.idle = listed && held->empty();
    w.queued = int_field(msg.body, "queued").value_or(0);
    if (!leading_)
        return;
    // The assignments it holds that are this leader's current ones are its now (a thief's too).
    std::vector<bool> holds(tasks_.size(), false);
    if (listed)
        for (const Json& a : *held) {
            if (!a.is_array() || a.size() != 3 || !a[0].is_number_integer() || !a[1].is_number_integer() ||
                !a[2].is_number_integer())
                continue;
            const auto t = a[0].get<std::int64_t>();
            if (t < 0 || t >= std::ssize(tasks_))
                continue;
            Task& task = tasks_[static_cast<std::size_t>(t)];
            if (task.state == TaskState::Assigned && a[1].get<std::int64_t>() == lease_.epoch &&
                a[2].get<std::int64_t>() == task.attempt) {
                task.owner = msg.from;
                task.missing = 0;
                holds[static_cast<std::size_t>(t)] = true;
            }
        }
    // The ones it should hold and has not listed twice in a row were lost on the way.
    std::int64_t lost = 0;
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
        Task& task = tasks_[i];
        if (task.state != TaskState::Assigned || task.owner != msg.from || holds[i] || ++task.missing < 2)
            continue;
        give_up(i);
        ++lost;
    }
    if (lost > 0) {
        rerun_ += lost;
        ctx.count("rerun", static_cast<double>(lost));
        ctx.log(LogLevel::Info, msg.from + " does not hold " + std::to_string(lost) +
                                    " of the tasks given to it: they run again, fenced first");
    }
    Json queued = Json::object();
    for (const NodeId& id : config_.workers)
        if (registered(ctx, workers_[id]))
            queued[id] = workers_[id].queued;
    ctx.reply(msg, {{"epoch", lease_.epoch}, {"queued", std::move(queued)}});
    dispatch(ctx);
}

void SchedulerRole::give_up(std::size_t t) {
    tasks_[t] = Task{};
}

void SchedulerRole::task_done(Context& ctx, const Message& msg) {
    const auto task = int_field(msg.body, "task");
    const auto token = int_field(msg.body, "token");
    const auto attempt = int_field(msg.body, "attempt");
    if (!task || !token || !attempt || *task < 0 || *task >= static_cast<std::int64_t>(tasks_.size()))
        return;
    Task& t = tasks_[static_cast<std::size_t>(*task)];
    const bool applied = msg.body.value("applied", false) == true;
    const std::string error = msg.body.is_object() && msg.body.contains("error") && msg.body["error"].is_string()
                                  ? msg.body["error"].get<std::string>()
                                  : std::string();
    const bool current = leading_ && *token == lease_.epoch && *attempt == t.attempt && t.state == TaskState::Assigned;
    if (applied || (current && error.empty())) {
        // Applied now, or this very assignment was applied before (a retried apply).
        t.state = TaskState::Done;
        dispatch(ctx);
        return;
    }
    if (current && error == kStaleToken)
        step_down(ctx, Text{"the sink refused task ", "接收端拒绝了带令牌 "} +
                           Text{std::to_string(*task) + " with token " + std::to_string(*token), std::to_string(*token) + " 的任务 " + std::to_string(*task)} +
                           Text{": a newer leader fenced it", "：更新的领导者已把它隔离"});
}

void SchedulerRole::moved(const Message& msg) {
    if (!leading_ || !msg.body.is_object())
        return;
    const auto to = msg.body.find("to");
    const auto tasks = msg.body.find("tasks");
    if (to == msg.body.end() || !to->is_string() || tasks == msg.body.end() || !tasks->is_array())
        return;
    for (const Json& t : *tasks)
        if (t.is_number_integer() && t.get<std::int64_t>() >= 0 && t.get<std::size_t>() < tasks_.size() &&
            tasks_[t.get<std::size_t>()].state == TaskState::Assigned)
            tasks_[t.get<std::size_t>()].owner = to->get<std::string>();
}

std::int64_t SchedulerRole::count(TaskState state) const {
    return std::count_if(tasks_.begin(), tasks_.end(), [state](const Task& t) { return t.state == state; });
}

Json SchedulerRole::snapshot() const {
    return {{"state", leading_ ? "leader" : "standby"},
            {"epoch", epoch_},
            {"lease", leading_ ? Json(lease_.text()) : (observed_ ? Json(*observed_) : Json(nullptr))},
            {"fenced", fenced_},
            {"tasks", tasks_.size()},
            {"pending", count(TaskState::Pending) + count(TaskState::Fencing)},
            {"assigned", count(TaskState::Assigned)},
            {"done", count(TaskState::Done)},
            {"skipped", count(TaskState::Skipped)},
            {"assigned_total", assigned_},
            {"rerun", rerun_},
            {"misfired", misfired_},
            {"terms_led", terms_led_}};
}

}  // namespace distlab::core::task_scheduling
