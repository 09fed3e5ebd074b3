#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// Multi-leader replication's figure source.
void register_multi_leader_lab(PatternLab& lab);

}  // namespace distlab::netlab
