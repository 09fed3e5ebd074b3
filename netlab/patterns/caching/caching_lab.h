#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// Caching's figure source.
void register_caching_lab(PatternLab& lab);

}  // namespace distlab::netlab
