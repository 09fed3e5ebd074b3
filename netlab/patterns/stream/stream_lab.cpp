#include "netlab/patterns/stream/stream_lab.h"

#include "netlab/patterns/stream/stream_figures.h"

namespace distlab::netlab {

void register_stream_lab(PatternLab& lab) { lab.figure_sources.add(stream_figure_source()); }

}  // namespace distlab::netlab
