#include "netlab/patterns/caching/caching_lab.h"

#include "netlab/patterns/caching/caching_figures.h"

namespace distlab::netlab {

void register_caching_lab(PatternLab& lab) { lab.figure_sources.add(caching_figure_source()); }

}  // namespace distlab::netlab
