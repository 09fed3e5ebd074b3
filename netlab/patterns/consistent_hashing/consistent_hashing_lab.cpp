#include "netlab/patterns/consistent_hashing/consistent_hashing_lab.h"

#include "netlab/patterns/consistent_hashing/ring_figures.h"

namespace distlab::netlab {

void register_consistent_hashing_lab(PatternLab& lab) { lab.figure_sources.add(ring_figure_source()); }

}  // namespace distlab::netlab
