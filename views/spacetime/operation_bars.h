#pragma once

#include <QString>

#include <vector>

#include "netlab/api/event.h"

class QPainter;

namespace distlab::views {

struct Highlight;
struct PaintFrame;
struct PaintStats;

// An operation of the timeline's highlight, on its client's lane: from its invocation to its
// first completion (endNs -1: not completed).
struct OpSpan {
    QString client;
    quint64 id = 0;
    qint64 startNs = 0;
    qint64 endNs = -1;
};

// The operations the highlight names, as spans, from their OpInvoked to their first OpCompleted
// in events (in time order).
std::vector<OpSpan> highlightedOperations(const std::vector<netlab::Event>& events, const Highlight& highlight);

// The highlight's operations as magenta bars on their client's lane, from invocation to
// completion (or to the cursor, while still open then), named "op ID" where it fits.
class OperationBars {
public:
    OperationBars(const PaintFrame& frame, const std::vector<OpSpan>& ops);

    // Counts the bars drawn in stats.highlightedOps.
    void paint(QPainter& painter, PaintStats& stats) const;

private:
    const PaintFrame& m_frame;
    const std::vector<OpSpan>& m_ops;
};

}  // namespace distlab::views
