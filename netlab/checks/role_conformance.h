#pragma once

#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"

namespace distlab::netlab {

// Whether the nodes of a run keep what their role descriptors declare, so that every view,
// check and report reading the descriptors reads them right. Judged on the run's events, with
// the descriptors of `catalog` (a test may hand a changed descriptor in to prove a rule bites):
//
//   - a node announces only phases its role declares;
//   - a node whose role has phases announces one before anything else it does (a message, a
//     log line, a snapshot, a metric, an operation, a violation), in every process it runs
//     (a restart starts without a phase);
//   - every gauge of its State snapshots stays within [0, full scale], the full scale being
//     the gauge's full_scale_field when that is a positive number there, else full_scale (a
//     null value, "measuring nothing now", is fine);
//   - every State snapshot carries every field the descriptor names (snapshot_fields(); the
//     value may be null, and a null object above a nested field stands for it).
//
// One line per broken promise, naming the node, its role, the time and the rule; a rule a
// node breaks again is reported once, with how often. Empty: the run conforms.
std::vector<std::string> role_conformance_problems(const std::vector<Event>& events, const RoleCatalog& catalog);

}  // namespace distlab::netlab
