#include "netlab/patterns/mesh/mesh_lab.h"

#include "netlab/patterns/mesh/mesh_figures.h"

namespace distlab::netlab {

void register_mesh_lab(PatternLab& lab) { lab.figure_sources.add(mesh_figure_source()); }

}  // namespace distlab::netlab
