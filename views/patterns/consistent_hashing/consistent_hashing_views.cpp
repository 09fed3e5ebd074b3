#include "views/patterns/consistent_hashing/consistent_hashing_views.h"

#include "views/patterns/consistent_hashing/ring_view.h"

namespace distlab::views {

void register_consistent_hashing_views(PatternViewRegistry& registry) {
    registry.add({.id = QStringLiteral("consistent-hashing"),
                  .en = QStringLiteral("Hash ring"),
                  .zh = QStringLiteral("哈希环"),
                  .patterns = {QStringLiteral("consistent hashing")},
                  .roles = {},
                  .make = [](RunTimeline& timeline, QWidget* parent) -> QWidget* { return new RingView(timeline, parent); }});
}

}  // namespace distlab::views
