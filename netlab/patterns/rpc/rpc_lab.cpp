#include "netlab/patterns/rpc/rpc_lab.h"

#include "netlab/patterns/rpc/rpc_figures.h"

namespace distlab::netlab {

void register_rpc_lab(PatternLab& lab) { lab.figure_sources.add(rpc_figure_source()); }

}  // namespace distlab::netlab
