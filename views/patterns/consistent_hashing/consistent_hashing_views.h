#pragma once

#include "views/patterns/pattern_view.h"

namespace distlab::views {

// Registers the consistent-hashing pattern's views: the ring view (tokens, ownership arcs, keys,
// and the keys that move when a node joins or leaves).
void register_consistent_hashing_views(PatternViewRegistry& registry);

}  // namespace distlab::views
