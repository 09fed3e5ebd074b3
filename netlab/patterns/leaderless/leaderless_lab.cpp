#include "netlab/patterns/leaderless/leaderless_lab.h"

#include "netlab/patterns/leaderless/leaderless_figures.h"

namespace distlab::netlab {

void register_leaderless_lab(PatternLab& lab) { lab.figure_sources.add(leaderless_figure_source()); }

}  // namespace distlab::netlab
