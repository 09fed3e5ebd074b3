#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// Leaderless replication's figure source.
void register_leaderless_lab(PatternLab& lab);

}  // namespace distlab::netlab
