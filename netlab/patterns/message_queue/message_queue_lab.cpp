#include "netlab/patterns/message_queue/message_queue_lab.h"

#include "netlab/patterns/message_queue/mq_figures.h"

namespace distlab::netlab {

void register_message_queue_lab(PatternLab& lab) { lab.figure_sources.add(mq_figure_source()); }

}  // namespace distlab::netlab
