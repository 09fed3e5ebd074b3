#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The atomic commitment section of a report, for runs with `tx-participant` nodes: per
// participant its yes and no votes, commits and aborts, decisions it made alone, the longest
// it held a transaction in doubt and its time blocked (tx_history.h); transactions split
// between commit and abort. Figures (key prefix "atomic_commit."): transactions, committed,
// aborted, split, in_doubt_max_ms, blocked_max_s. JSON: {transactions, committed, aborted,
// split: [tx ids], participants: {node: {...}}}.
std::shared_ptr<const FigureSource> commit_figure_source();

}  // namespace distlab::netlab
