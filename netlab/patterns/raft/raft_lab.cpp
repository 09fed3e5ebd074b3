#include "netlab/patterns/raft/raft_lab.h"

#include "netlab/patterns/raft/raft_figures.h"

namespace distlab::netlab {

void register_raft_lab(PatternLab& lab) { lab.figure_sources.add(raft_figure_source()); }

}  // namespace distlab::netlab
