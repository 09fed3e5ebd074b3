#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// Publish-subscribe's figure source.
void register_pubsub_lab(PatternLab& lab);

}  // namespace distlab::netlab
