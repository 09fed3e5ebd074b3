#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "core/model/param_list.h"
#include "core/model/role.h"

namespace distlab::core::task_scheduling {

struct TaskSinkConfig {
    bool fencing = true;

    static const ParamList<TaskSinkConfig>& params();
    static TaskSinkConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `task-sink` role: where a task's side effect lands (a database row, a payment), the one
// place that can tell a stale scheduler's work from the current one's.
//
// "apply" applies a task's effect for an assignment {task, token, attempt}; the same assignment
// sent again (a worker retrying after a lost reply, or the thief of a stolen task) is recognised
// and not applied twice, but two assignments of one task are two effects, as they would be on a
// real store. With fencing on, the sink keeps the highest fencing token it has seen (Kleppmann's
// fencing token): an apply or a fence with a lower one is refused as stale_token. Before a
// scheduler leader assigns a task, it "fences" it: the sink then also refuses that task's applies
// from any older assignment (a lower token, or the same token and a lower attempt), and the reply
// says whether the task was applied already, in which case it is not run again. So a new leader's
// first fence stops the old leader's assignments still running, and a leader that re-runs a dead
// worker's tasks stops that worker too, should it only have been cut off. With fencing off it
// applies whatever comes (the partner that applies twice).
//
// A fence is also the record that a task was fired (XXL-JOB's trigger log): the reply names the
// tasks of the fence that an earlier fence had fired already, so a new leader tells a fire time
// its predecessor fired (run it again) from one nobody fired (a misfire). "skip" records the
// fire times a leader skipped by its misfire strategy; they count as done, and are refused when
// applied with fencing on.
//
// Snapshot: fencing, max_token, applied (effects), tasks (distinct tasks applied), applied_twice
// (tasks applied more than once), rejected (stale applies refused), skipped (misfires).
class TaskSinkRole final : public Role {
public:
    explicit TaskSinkRole(TaskSinkConfig config) : config_(config) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    void apply(Context& ctx, const Message& msg);
    void fence(Context& ctx, const Message& msg);
    void skip(Context& ctx, const Message& msg);

    TaskSinkConfig config_;
    std::int64_t max_token_ = 0;
    using Stamp = std::pair<std::int64_t, std::int64_t>;                    // (token, attempt)
    std::map<std::int64_t, std::int64_t> times_;                          // task -> effects applied
    std::map<std::int64_t, Stamp> floor_;                                  // task -> oldest assignment allowed
    std::set<std::tuple<std::int64_t, std::int64_t, std::int64_t>> seen_;  // (task, token, attempt) applied
    std::set<std::int64_t> fired_;                                         // tasks ever fenced
    std::set<std::int64_t> skipped_;                                       // misfires skipped
    std::int64_t applied_ = 0;
    std::int64_t applied_twice_ = 0;
    std::int64_t rejected_ = 0;
};

}  // namespace distlab::core::task_scheduling
