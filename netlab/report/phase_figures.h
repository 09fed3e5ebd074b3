#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The generic phase-transitions section, for every run with a role that declares phases: from
// the Phase events the roles announce, per node: its transitions (a phase change; the first
// phase of an incarnation is an entry, not a transition), and per phase how often it was
// entered, when first, and the time spent in it (until the next phase, the node's exit, or the
// end of the run). Labels come from the role's descriptor, in English and Chinese.
// Figures "phases.<role>.transitions" and "phases.<role>.<phase>.time_s" (summed over the role's
// nodes); JSON (report "pattern" key "phases"): {nodes: [{node, role, transitions, phases:
// [{phase, entered, first_ns, time_ns}]}]}.
std::shared_ptr<const FigureSource> phase_figure_source();

}  // namespace distlab::netlab
