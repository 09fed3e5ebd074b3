#pragma once

#include "netlab/checks/check.h"

namespace distlab::netlab {

// Adds task scheduling's checks (roles in core/patterns/task_scheduling/), read from what the
// task-sink answered:
//
//   tasks_once: true
//       Every task of the job had its effect applied exactly once at the sink by the end: none
//       lost (or still waiting), none applied twice (lists both, first ones first); a fire time skipped by the misfire strategy
//       counts as done, and must not be applied.
//   stale_token_fenced: true
//       No effect was applied with a fencing token lower than one the sink had already applied
//       or been fenced with: a stale scheduler's assignment never lands after its successor's.
//   makespan: {max: DURATION}
//       Every task applied, the last one at most `max` after the first assignment.
void register_task_scheduling_checks(CheckRegistry& registry);

}  // namespace distlab::netlab
