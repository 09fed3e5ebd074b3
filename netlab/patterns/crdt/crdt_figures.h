#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The CRDT section of a report, for runs with crdt-replica roles: how long after the last heal
// and the last update the replicas came to agree, and per replica its merges, deltas and whole
// states sent. Figures "crdt.convergence_ms" (absent when they differ at the end; the curve of
// an eventual-consistency sweep), "crdt.merges", "crdt.deltas_sent", "crdt.full_states_sent";
// JSON (report "pattern" key "crdt"): {convergence_ms, agreed, replicas: {node: {...}}}.
std::shared_ptr<const FigureSource> crdt_figure_source();

}  // namespace distlab::netlab
