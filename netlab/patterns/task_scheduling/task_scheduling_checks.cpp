#include "netlab/patterns/task_scheduling/task_scheduling_checks.h"

#include <algorithm>

#include "core/patterns/task_scheduling/job.h"
#include "core/patterns/task_scheduling/scheduler_role.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/task_scheduling/task_history.h"

namespace distlab::netlab {

namespace {

namespace ts = core::task_scheduling;
using core::Text;
using Deadline = std::chrono::steady_clock::time_point;
using task_scheduling::TaskHistory;

// Tasks named in a detail; the rest are counted.
constexpr std::size_t kListed = 8;

std::string n(std::int64_t value) { return std::to_string(value); }

std::string listed(const std::vector<std::int64_t>& tasks) {
    std::string out;
    for (std::size_t i = 0; i < tasks.size() && i < kListed; ++i)
        out += (i ? ", " : "") + n(tasks[i]);
    if (tasks.size() > kListed)
        out += ", …";
    return out;
}

CheckResult no_roles() {
    return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
}

// The job's task count: the largest any scheduler of the scenario runs.
std::int64_t job_tasks(const RunView& run) {
    std::int64_t tasks = 0;
    for (const NodeSpec& node : run.scenario.nodes)
        if (node.role == ts::kSchedulerRole)
            tasks = std::max(tasks, ts::SchedulerConfig::from(node.resolved).job.tasks);
    return tasks;
}

class TasksOnce final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const std::int64_t tasks = job_tasks(run);
        if (tasks == 0)
            return verdict(Verdict::Unknown, Text{"no scheduler: the job is not known", "没有调度器：不知道作业"});
        const TaskHistory h = TaskHistory::read(run.events, run.roles->node_roles());
        const auto lost = h.lost(tasks);
        const auto doubled = h.doubled();
        const auto skipped_applied = h.skipped_applied();
        const std::int64_t skipped = std::ssize(h.skipped);
        if (lost.empty() && doubled.empty() && skipped_applied.empty()) {
            Text detail{"each of " + n(tasks - skipped) + " tasks applied exactly once",
                        n(tasks - skipped) + " 个任务每个恰好应用一次"};
            if (skipped > 0) {
                detail.en += ", " + n(skipped) + " misfires skipped";
                detail.zh += "，跳过了 " + n(skipped) + " 个调度过期的任务";
            }
            detail.en += " (" + n(h.refused) + " stale applies refused)";
            detail.zh += "（拒绝了 " + n(h.refused) + " 次过期的应用）";
            return verdict(Verdict::Pass, std::move(detail));
        }
        std::vector<Text> parts;
        if (!lost.empty())
            parts.push_back({n(std::ssize(lost)) + " not applied by the end (lost, or still waiting): " + listed(lost),
                             n(std::ssize(lost)) + " 个到结束时仍未应用（丢失或仍在等待）：" + listed(lost)});
        if (!doubled.empty())
            parts.push_back({n(std::ssize(doubled)) + " applied more than once: " + listed(doubled),
                             n(std::ssize(doubled)) + " 个应用了不止一次：" + listed(doubled)});
        if (!skipped_applied.empty())
            parts.push_back({n(std::ssize(skipped_applied)) + " applied though skipped as misfires: " +
                                 listed(skipped_applied),
                             n(std::ssize(skipped_applied)) + " 个已作为调度过期跳过却仍被应用：" +
                                 listed(skipped_applied)});
        const Text head{"of " + n(tasks) + " tasks, ", n(tasks) + " 个任务中，"};
        const Text body = joined_text(parts, Text{"; ", "；"});
        return verdict(Verdict::Fail, Text{head.en + body.en, head.zh + body.zh});
    }
};

class StaleTokenFenced final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const TaskHistory h = TaskHistory::read(run.events, run.roles->node_roles());
        const auto stale = h.stale();
        if (stale.empty())
            return verdict(Verdict::Pass, Text{"no effect with a stale fencing token applied; " + n(h.refused) +
                                                   " stale applies refused",
                                               "没有携带过期防护令牌的副作用被应用；拒绝了 " + n(h.refused) +
                                                   " 次过期的应用"});
        const Effect& first = *stale.front();
        CheckResult r = verdict(
            Verdict::Fail,
            Text{n(std::ssize(stale)) + " effects applied with a stale token, the first task " + n(first.task) + " by " +
                     first.worker + " with token " + n(first.token) + " at " + seconds_text(first.t_ns) +
                     ", after token " + n(first.newest_token),
                 n(std::ssize(stale)) + " 个副作用携带过期令牌被应用，第一个是 " + first.worker + " 在 " +
                     seconds_text(first.t_ns) + " 以令牌 " + n(first.token) + " 应用的任务 " + n(first.task) +
                     "，此前已有令牌 " + n(first.newest_token)},
            std::make_pair(first.t_ns, stale.back()->t_ns));
        involve_node(r, first.worker);
        return r;
    }

private:
    using Effect = task_scheduling::Effect;
};

class Makespan final : public Check {
public:
    explicit Makespan(std::int64_t max_ns) : max_ns_(max_ns) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const std::int64_t tasks = job_tasks(run);
        const TaskHistory h = TaskHistory::read(run.events, run.roles->node_roles());
        const auto lost = h.lost(tasks);
        const auto span = h.makespan_ns();
        if (!span)
            return verdict(Verdict::Fail, Text{"no task was applied", "没有任何任务被应用"});
        if (!lost.empty())
            return verdict(Verdict::Fail, Text{"the job never finished: " + n(std::ssize(lost)) + " tasks never applied",
                                               "作业没有完成：" + n(std::ssize(lost)) + " 个任务从未应用"});
        const std::string took = span_text(*span), bound = span_text(max_ns_);
        if (*span <= max_ns_)
            return verdict(Verdict::Pass, Text{"every task applied " + took + " after the first assignment (at most " +
                                                   bound + ")",
                                               "所有任务在首次分配后 " + took + " 内应用完毕（上限 " + bound + "）"});
        return verdict(Verdict::Fail,
                       Text{"the last task was applied " + took + " after the first assignment, over " + bound,
                            "最后一个任务在首次分配后 " + took + " 才应用，超过 " + bound},
                       std::make_pair(*h.first_assign_ns + max_ns_, h.effects.back().t_ns));
    }

private:
    std::int64_t max_ns_;
};

}  // namespace

void register_task_scheduling_checks(CheckRegistry& registry) {
    registry.add({.name = "tasks_once",
                  .en = "Every task of the job had its effect applied exactly once: none lost, none applied twice.",
                  .zh = "作业的每个任务的副作用恰好应用一次：没有丢失，也没有应用两次。",
                  .applies_to = {RoleFilter::named(ts::kSinkRole), RoleFilter::named(ts::kSchedulerRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<TasksOnce>(); }});
    registry.add({.name = "stale_token_fenced",
                  .en = "No effect is applied with a fencing token older than one the sink already saw: a stale "
                        "scheduler's work never lands after its successor's.",
                  .zh = "没有副作用携带比 sink 已见令牌更旧的防护令牌被应用：过期调度器的工作不会在继任者之后落地。",
                  .applies_to = {RoleFilter::named(ts::kSinkRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<StaleTokenFenced>();
                  }});
    registry.add({.name = "makespan",
                  .en = "Every task of the job is applied, the last within a bound of the first assignment.",
                  .zh = "作业的所有任务都被应用，且最后一个在首次分配后的上限时间内完成。",
                  .params = {{.name = "max", .type = core::ParamType::Duration, .min = kShortestSpanMs,
                              .en = "the longest the job may take, from the first assignment to the last effect",
                              .zh = "作业从首次分配到最后一个副作用应用的最长时间"}},
                  .shorthand = "max",
                  .applies_to = {RoleFilter::named(ts::kSinkRole), RoleFilter::named(ts::kSchedulerRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<Makespan>(args.get_duration("max").count());
                  }});
}

}  // namespace distlab::netlab
