#include "netlab/patterns/pubsub/pubsub_lab.h"

#include "netlab/patterns/pubsub/pubsub_figures.h"

namespace distlab::netlab {

void register_pubsub_lab(PatternLab& lab) { lab.figure_sources.add(pubsub_figure_source()); }

}  // namespace distlab::netlab
