#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// Task scheduling's figure source.
void register_task_scheduling_lab(PatternLab& lab);

}  // namespace distlab::netlab
