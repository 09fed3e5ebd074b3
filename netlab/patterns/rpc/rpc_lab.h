#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The rpc pattern's figure source.
void register_rpc_lab(PatternLab& lab);

}  // namespace distlab::netlab
