#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The CRDTs' figure source.
void register_crdt_lab(PatternLab& lab);

}  // namespace distlab::netlab
