#include "views/patterns/atomic_commit/atomic_commit_views.h"

#include "views/patterns/atomic_commit/tx_view.h"

namespace distlab::views {

void register_atomic_commit_views(PatternViewRegistry& registry) {
    registry.add({.id = QStringLiteral("atomic_commit"),
                  .en = QStringLiteral("Transactions"),
                  .zh = QStringLiteral("事务"),
                  .patterns = {QStringLiteral("atomic_commit"), QStringLiteral("saga")},
                  .roles = {},
                  .make = [](RunTimeline& timeline, QWidget* parent) -> QWidget* { return new TxView(timeline, parent); }});
}

}  // namespace distlab::views
