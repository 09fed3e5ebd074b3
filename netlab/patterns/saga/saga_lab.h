#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The saga figure source.
void register_saga_lab(PatternLab& lab);

}  // namespace distlab::netlab
