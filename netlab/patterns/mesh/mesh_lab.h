#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The service mesh's figure source.
void register_mesh_lab(PatternLab& lab);

}  // namespace distlab::netlab
