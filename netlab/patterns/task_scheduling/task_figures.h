#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The task scheduling section of a report, for runs with a task-sink: the makespan (first
// assignment to last effect), tasks lost and applied twice, stale applies refused, and per
// worker the tasks it applied, the task time it ran (refused work included), what it stole and
// its share of the load. Figures "task_scheduling.makespan_ms", "task_scheduling.lost",
// "task_scheduling.applied_twice", "task_scheduling.refused", "task_scheduling.skipped" (misfires),
// "task_scheduling.max_over_mean"
// (the busiest worker's task time over the mean: 1 is perfectly even); JSON (report "pattern"
// key "task_scheduling"): {tasks, makespan_ms, lost, applied_twice, refused, skipped, max_over_mean,
// workers: {...}}.
std::shared_ptr<const FigureSource> task_figure_source();

}  // namespace distlab::netlab
