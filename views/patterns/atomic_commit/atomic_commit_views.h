#pragma once

#include "views/patterns/pattern_view.h"

namespace distlab::views {

// Registers atomic commitment's view: the transaction view (locks held in doubt per participant).
void register_atomic_commit_views(PatternViewRegistry& registry);

}  // namespace distlab::views
