// Task scheduling on real processes: distlab-node runs a three-node Raft KV, two schedulers,
// three workers and the task-sink over loopback through the lab's fabric. A scheduler takes the
// lease in the KV (s1, unless the KV is slow to elect and s2, a second later, wins) and hands 45
// tasks out; w2 is killed with tasks in hand, and they run again elsewhere once fenced (by the
// leader that sees w2's heartbeats stop, or by a new leader's fence should the lease change
// hands on a loaded machine): every task's effect lands exactly once.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/model/json.h"
#include "tests/support/real_run.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

using netlab::EventKind;

constexpr const char* kScenario = R"(version: 1
name: task-scheduling-real
family: scheduling
title: { en: "Task scheduling on real processes", zh: "真实进程上的任务调度" }
summary: { en: "A worker dies holding tasks; they run again once.", zh: "执行器持有任务时宕机；任务重新运行一次。" }
duration: 8s
seed: 2
network: { preset: lan }
nodes:
  - { id: n1, role: raft, params: { members: [n1, n2, n3] } }
  - { id: n2, role: raft, params: { members: [n1, n2, n3] } }
  - { id: n3, role: raft, params: { members: [n1, n2, n3] } }
  - { id: s1, role: scheduler, params: { kv: [n1, n2, n3], workers: [w1, w2, w3], sink: sink, tasks: 45, task_size: 150ms } }
  - { id: s2, role: scheduler, params: { kv: [n1, n2, n3], workers: [w1, w2, w3], sink: sink, tasks: 45, task_size: 150ms, start_delay: 1s } }
  - { id: w1, role: worker, params: { schedulers: [s1, s2], sink: sink } }
  - { id: w2, role: worker, params: { schedulers: [s1, s2], sink: sink } }
  - { id: w3, role: worker, params: { schedulers: [s1, s2], sink: sink } }
  - { id: sink, role: task-sink }
faults:
  - { at: 2500ms, kill: w2 }
checks:
  - no_violations: true
  - tasks_once: true
  - stale_token_fenced: true
)";

TEST(TaskSchedulingReal, ADeadWorkersTasksRunAgainExactlyOnce) {
    const auto outcome = test_support::run_real_text(kScenario, "task-scheduling-real.yaml");
    ASSERT_TRUE(outcome);
    test_support::expect_checks_pass(outcome->checks);

    // w2 held tasks when it died (its last heartbeat lists them); tasks_once passing says each of
    // them was applied exactly once all the same, by another worker.
    std::set<std::string> leaders;
    std::size_t held_at_death = 0;
    bool w2_exited = false;
    std::set<std::string> appliers_after_kill;
    for (const auto& e : outcome->events) {
        if (e.kind == EventKind::Phase && e.type == "leader" && (e.node == "s1" || e.node == "s2"))
            leaders.insert(e.node);
        if (e.kind == EventKind::NodeExited && e.node == "w2")
            w2_exited = true;
        if (e.kind == EventKind::MessageSent && e.node == "w2" && e.type == "heartbeat" && !w2_exited) {
            const auto body = core::Json::parse(e.data, nullptr, false);
            if (body.is_object() && body.contains("held") && body["held"].is_array())
                held_at_death = body["held"].size();
        }
        if (e.kind == EventKind::MessageSent && e.node == "sink" && e.type == "apply_reply" && e.t_ns > 2'500'000'000)
            appliers_after_kill.insert(e.peer);
    }
    EXPECT_FALSE(leaders.empty());
    EXPECT_TRUE(w2_exited);
    EXPECT_GT(held_at_death, 0u) << "w2 died holding tasks";
    EXPECT_TRUE(appliers_after_kill.contains("w1"));
    EXPECT_TRUE(appliers_after_kill.contains("w3"));
}

}  // namespace
}  // namespace distlab
