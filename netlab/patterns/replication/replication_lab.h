#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// Leader-follower replication's figure source.
void register_replication_lab(PatternLab& lab);

}  // namespace distlab::netlab
