#pragma once

#include <QString>
#include <QStringList>

#include <cstddef>
#include <vector>

#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::views {

class RunTimeline;

// The ring of a consistent-hashing run over time, read from the state snapshots of its
// `ring-client` (or, in a run without one, of its `ring-nodes`): each time the members or the
// placement settings change, an epoch begins. Owners of every key are computed with the
// pattern's own placement code (core/patterns/consistent_hashing/placement.h), so the view draws
// exactly what the roles route by.
//
// Threading: GUI thread only.
class RingHistory {
public:
    struct Epoch {
        qint64 tNs = 0;
        core::consistent_hashing::PlacementSettings placement;   // members: the ring in this epoch
    };

    explicit RingHistory(const RunTimeline& timeline) : m_timeline(timeline) {}

    // Reads events()[first, first + count) of the timeline.
    void ingest(std::size_t first, std::size_t count);
    void clear();

    const std::vector<Epoch>& epochs() const { return m_epochs; }
    // The index of the epoch in force at tNs; -1 before the first.
    int epochAt(qint64 tNs) const;
    // Every ring-node of the run, in the order the view colours them (numeric order of ids).
    const QStringList& nodes() const { return m_nodes; }

private:
    const RunTimeline& m_timeline;
    std::vector<Epoch> m_epochs;
    QStringList m_nodes;
    bool m_fromClient = false;   // epochs come from a ring-client's snapshots
};

}  // namespace distlab::views
