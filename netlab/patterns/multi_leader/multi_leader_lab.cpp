#include "netlab/patterns/multi_leader/multi_leader_lab.h"

#include "netlab/patterns/multi_leader/mm_figures.h"

namespace distlab::netlab {

void register_multi_leader_lab(PatternLab& lab) { lab.figure_sources.add(mm_figure_source()); }

}  // namespace distlab::netlab
