#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The saga section of a report, for runs with `saga-participant` nodes (saga_history.h): per
// participant its steps, refusals, compensations (and those applied more than once), finishes
// and its units at the end; a saga counts as completed when every participant finished it.
// Figures (key prefix "saga."): sagas, completed, compensated,
// double_compensations, imbalance (units created or lost, summed over participants at the end),
// pending_left. JSON: {sagas, completed, compensated, participants: {node: {...}}}.
std::shared_ptr<const FigureSource> saga_figure_source();

}  // namespace distlab::netlab
