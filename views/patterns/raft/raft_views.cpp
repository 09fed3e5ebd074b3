#include "views/patterns/raft/raft_views.h"

#include "views/patterns/raft/raft_view.h"

namespace distlab::views {

void register_raft_views(PatternViewRegistry& registry) {
    registry.add({.id = QStringLiteral("raft"),
                  .en = QStringLiteral("Raft"),
                  .zh = QStringLiteral("Raft"),
                  .patterns = {QStringLiteral("raft")},
                  .roles = {},
                  .make = [](RunTimeline& timeline, QWidget* parent) -> QWidget* { return new RaftView(timeline, parent); }});
}

}  // namespace distlab::views
