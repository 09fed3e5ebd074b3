#pragma once

#include "netlab/patterns/pattern_lab.h"

namespace distlab::netlab {

// The durable message queue's figure source.
void register_message_queue_lab(PatternLab& lab);

}  // namespace distlab::netlab
