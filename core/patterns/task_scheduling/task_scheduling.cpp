#include "core/patterns/task_scheduling/task_scheduling.h"

#include <memory>

#include "core/patterns/task_scheduling/job.h"
#include "core/patterns/task_scheduling/scheduler_role.h"
#include "core/patterns/task_scheduling/task_sink_role.h"
#include "core/patterns/task_scheduling/worker_role.h"

namespace distlab::core {

void register_task_scheduling(RoleRegistry& registry) {
    using namespace task_scheduling;
    registry.add({.name = kSchedulerRole,
                  .pattern = "task scheduling",
                  .family = "scheduling",
                  .en = "Schedules a job's tasks onto workers by XXL-JOB's route strategies; one of several leads, by a "
                        "lease in the Raft KV whose epoch is the fencing token; re-runs a dead worker's tasks",
                  .zh = "按 XXL-JOB 的路由策略把作业的任务分配给执行器；多个调度器中由持有 Raft KV 中租约者领导，"
                        "租约的纪元即防护令牌（fencing token）；重新运行死亡执行器的任务",
                  .client = false,
                  .params = SchedulerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<SchedulerRole>(SchedulerConfig::from(params));
                  },
                  .phases = {{.name = "standby", .tone = Tone::Neutral, .en = "standby", .zh = "备用"},
                             {.name = "leader", .tone = Tone::Busy, .en = "leader", .zh = "领导者"}},
                  .epoch = EpochSpec{.field = "epoch", .en = "lease epoch", .zh = "租约纪元"},
                  .leader_phase = "leader"});
    registry.add({.name = kWorkerRole,
                  .pattern = "task scheduling",
                  .family = "scheduling",
                  .en = "Runs assigned tasks one at a time and applies their effect at the task-sink with the "
                        "assignment's fencing token; heartbeats to the schedulers; idle, it can steal queued tasks",
                  .zh = "逐个运行分配到的任务，并携带分配时的防护令牌在 task-sink 应用其副作用；向调度器发送心跳；"
                        "空闲时可以窃取其他执行器排队的任务",
                  .client = false,
                  .params = WorkerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<WorkerRole>(WorkerConfig::from(params));
                  },
                  .phases = {{.name = "idle", .tone = Tone::Neutral, .en = "idle", .zh = "空闲"},
                             {.name = "working", .tone = Tone::Busy, .en = "working", .zh = "工作中"}}});
    registry.add({.name = kSinkRole,
                  .pattern = "task scheduling",
                  .family = "scheduling",
                  .en = "Where a task's effect lands; with fencing it refuses work whose fencing token is older than "
                        "the newest it has seen",
                  .zh = "任务副作用落地之处；开启防护时拒绝防护令牌比已见最新值更旧的工作",
                  .client = false,
                  .params = TaskSinkConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<TaskSinkRole>(TaskSinkConfig::from(params));
                  },
                  .phases = {{.name = "fencing", .tone = Tone::Healthy, .en = "fencing", .zh = "防护中"},
                             {.name = "unfenced", .tone = Tone::Warning, .en = "no fencing", .zh = "无防护"}}});
}

}  // namespace distlab::core
