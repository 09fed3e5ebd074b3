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
    // A circuit breaker's rolling window (breaker-client): calls in it and their failure rate;
    // -1 when the role has no breaker.
    qint64 windowCalls = -1;
    double failureRate = -1;

    // Folds a snapshot in (dead, paused and skewed are left alone).
    void apply(const core::Json& snapshot);
    // The fill colour of the node's disc.
    QColor fill() const;
    bool hasBreaker() const { return failureRate >= 0; }
    // The breaker glyph: the disc coloured by failure rate (green 0 % to red 100 %), a ring
    // coloured by state (closed, open, half-open), wider with the window's request volume.
    QColor breakerFill() const;
    QColor breakerRing() const;
    double breakerRingWidth() const;
    // The short badge under the node's name: "leader · term 3", "down", "dead", ...
    QString badge() const;
};

}  // namespace distlab::views
