#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The circuit breaker section of a report, for runs with nodes of role "breaker-client" whose
// breaker is switched on: every change of the "state" of their snapshots (closed, open,
// half-open). Figures "breaker.transitions" and "breaker.opened"; JSON (report "pattern" key
// "breaker"): {transitions: [{t_ns, node, from, to}]}.
std::shared_ptr<const FigureSource> breaker_figure_source();

}  // namespace distlab::netlab
