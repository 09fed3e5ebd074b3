#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The stream pattern's figure source.
void register_stream_lab(PatternLab& lab);

}  // namespace distlab::netlab
