#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The consistent-hashing figure source.
void register_consistent_hashing_lab(PatternLab& lab);

}  // namespace distlab::netlab
