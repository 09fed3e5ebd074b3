#include "netlab/patterns/saga/saga_lab.h"

#include "netlab/patterns/saga/saga_figures.h"

namespace distlab::netlab {

void register_saga_lab(PatternLab& lab) { lab.figure_sources.add(saga_figure_source()); }

}  // namespace distlab::netlab
