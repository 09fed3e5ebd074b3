#include "netlab/patterns/crdt/crdt_lab.h"

#include "netlab/patterns/crdt/crdt_figures.h"

namespace distlab::netlab {

void register_crdt_lab(PatternLab& lab) { lab.figure_sources.add(crdt_figure_source()); }

}  // namespace distlab::netlab
