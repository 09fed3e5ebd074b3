#include "netlab/patterns/atomic_commit/atomic_commit_lab.h"

#include "netlab/patterns/atomic_commit/commit_figures.h"

namespace distlab::netlab {

void register_atomic_commit_lab(PatternLab& lab) { lab.figure_sources.add(commit_figure_source()); }

}  // namespace distlab::netlab
