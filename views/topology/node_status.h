#pragma once

#include <QColor>
#include <QString>

#include "core/model/json.h"

namespace distlab::views {

// What the canvas shows of one node: derived from its latest snapshot and from the lab's
// node events (dead, paused).
struct NodeStatus {
    bool known = false;       // a snapshot has arrived
    bool dead = false;        // killed by a fault, or crashed
    bool ended = false;       // shut down at the end of the run
    bool paused = false;
    bool skewed = false;      // a clock skew fault is in force
    QString state;            // the snapshot's "role" (Raft) or "state" (up, down, open, ...)
    qint64 term = -1;         // Raft term, -1 when the role has none

    // Folds a snapshot in (dead, paused and skewed are left alone).
    void apply(const core::Json& snapshot);
    // The fill colour of the node's disc.
    QColor fill() const;
    // The short badge under the node's name: "leader · term 3", "down", "dead", ...
    QString badge() const;
};

}  // namespace distlab::views
