#include "netlab/patterns/replication/replication_lab.h"

#include "netlab/patterns/replication/lf_figures.h"

namespace distlab::netlab {

void register_replication_lab(PatternLab& lab) { lab.figure_sources.add(lf_figure_source()); }

}  // namespace distlab::netlab
