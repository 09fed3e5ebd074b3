#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The circuit breaker's figure source.
void register_circuit_breaker_lab(PatternLab& lab);

}  // namespace distlab::netlab
