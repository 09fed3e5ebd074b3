#pragma once

#include "views/patterns/pattern_view.h"

namespace distlab::views {

// Registers the consensus pattern's views: the Raft view (terms, logs, replication progress).
void register_raft_views(PatternViewRegistry& registry);

}  // namespace distlab::views
