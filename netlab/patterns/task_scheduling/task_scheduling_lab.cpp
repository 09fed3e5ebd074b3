#include "netlab/patterns/task_scheduling/task_scheduling_lab.h"

#include "netlab/patterns/task_scheduling/task_figures.h"

namespace distlab::netlab {

void register_task_scheduling_lab(PatternLab& lab) { lab.figure_sources.add(task_figure_source()); }

}  // namespace distlab::netlab
