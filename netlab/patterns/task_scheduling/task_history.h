#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "netlab/api/event.h"

// What happened to a task scheduling run's tasks, read from the messages the task-sink answered
// (core/patterns/task_scheduling/job.h): every effect applied, every stale apply refused, and
// what each worker did. The checks and the report section read it.
namespace distlab::netlab::task_scheduling {

struct Effect {
    std::int64_t task = 0;
    std::int64_t token = 0;
    std::string worker;
    std::int64_t t_ns = 0;
    // The highest token the sink had applied or been fenced with before this effect: above
    // `token`, the effect came from a stale holder.
    std::int64_t newest_token = 0;
};

struct WorkerLoad {
    std::int64_t applied = 0;      // effects applied
    std::int64_t refused = 0;      // applies refused as stale
    std::int64_t busy_ms = 0;      // task time run, refused work included
    std::int64_t stolen = 0;       // tasks received by stealing (its last snapshot)
};

struct TaskHistory {
    std::vector<Effect> effects;                   // in time order
    std::map<std::int64_t, std::int64_t> times;    // task -> effects applied
    std::set<std::int64_t> skipped;                // fire times skipped by a misfire strategy
    std::int64_t refused = 0;                      // applies refused as stale_token
    std::int64_t tasks = 0;                        // the job's tasks, from the schedulers' snapshots
    std::optional<std::int64_t> first_assign_ns;
    std::map<std::string, WorkerLoad> workers;     // every worker of the run

    // Tasks 0 .. job_tasks-1 without an effect and not skipped, and those with more than one.
    std::vector<std::int64_t> lost(std::int64_t job_tasks) const;
    std::vector<std::int64_t> doubled() const;
    // Skipped tasks that were applied all the same.
    std::vector<std::int64_t> skipped_applied() const;
    // Effects whose token is below one the sink had already applied or fenced with.
    std::vector<const Effect*> stale() const;
    // From the first assignment to the last effect; nullopt without both.
    std::optional<std::int64_t> makespan_ns() const;

    static TaskHistory read(const std::vector<Event>& events,
                            const std::map<std::string, std::string, std::less<>>& node_roles);
};

}  // namespace distlab::netlab::task_scheduling
