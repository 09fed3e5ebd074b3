#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// Raft's figure source.
void register_raft_lab(PatternLab& lab);

}  // namespace distlab::netlab
