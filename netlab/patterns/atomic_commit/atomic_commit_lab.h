#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The atomic commitment figure source.
void register_atomic_commit_lab(PatternLab& lab);

}  // namespace distlab::netlab
