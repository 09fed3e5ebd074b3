#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The service mesh section of a report, for runs with a mesh-control node: one row per policy
// version it pushed (kind, when, the weights, when the last sidecar ran it, the calls routed
// under it and each version's measured share), and the rollback or promotion moment. Figures
// "mesh.versions", "mesh.split_gap" (the largest gap between a share and its weight, in points),
// "mesh.canary_errors" (percent of the canary's answers that failed), "mesh.rollback_s" and
// "mesh.promoted_s" when they happened; JSON (report "pattern" key "mesh"): {versions: [...],
// rollback_ns, promoted_ns}.
std::shared_ptr<const FigureSource> mesh_figure_source();

}  // namespace distlab::netlab
