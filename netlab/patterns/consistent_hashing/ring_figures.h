#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The consistent-hashing section of a report, for runs with `ring-node`s: keys per node at the
// end (with their share, keys received and handed over), each membership change with the keys
// the placement moved against the fewest possible and against what hash mod N would move, and
// the load spread. Figures "hash.moved_fraction", "hash.ideal_fraction", "hash.load_max_over_mean",
// "hash.load_cv", "hash.misses"; JSON (report "pattern" key "hash"): {strategy, vnodes,
// key_space, nodes: [{id, member, keys, keys_in, keys_out}], changes: [{kind, node, before,
// after, planned, ideal, mod_n}], moved, spread: {max_over_mean, cv}}.
std::shared_ptr<const FigureSource> ring_figure_source();

}  // namespace distlab::netlab
