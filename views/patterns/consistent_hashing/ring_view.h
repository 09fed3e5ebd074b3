#pragma once

#include <QColor>
#include <QRectF>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/patterns/consistent_hashing/placement.h"

class QTimer;

namespace distlab::views {

class RingHistory;
class RunTimeline;

// The consistent-hashing view, a dock's content: the hash ring at the timeline's cursor. Each
// node's tokens (virtual nodes) are ticks around the circle, the arc before each token is drawn
// in its owner's colour (the keys falling there belong to it), and every key is a dot at its
// hash's angle in its owner's colour. When a node joins or leaves, the keys whose owner changed
// are outlined, and for the first 1.5 s of run time after the change they fade from their old
// owner's colour to the new one inside an expanding halo: the keys drawn moving. A legend lists
// each node with the keys it owns and the change since the last epoch; a click on it selects the
// node everywhere, and a selected node's arcs and keys stay bright while the rest fade.
// Strategies without a ring (rendezvous, jump, mod N) show the keys on the circle only.
//
// Follows the RunTimeline like the Raft view: ingests appended events, draws the state at
// cursorNs(), repaints at most ~30 times a second.
//
// Ownership: the timeline must outlive the view. Threading: GUI thread only.
class RingView final : public QWidget {
    Q_OBJECT
public:
    explicit RingView(RunTimeline& timeline, QWidget* parent = nullptr);
    ~RingView() override;

    // The header line at the cursor: the ring, its strategy, the last change and the keys it moved.
    QString headerText() const { return m_header; }
    // Keys whose owner changed with the epoch at the cursor (0 before any change).
    int movedKeys() const { return m_moved; }
    // The members of the ring at the cursor.
    QStringList members() const;
    const RingHistory& history() const { return *m_history; }

    // The colour a ring node is drawn in.
    QColor nodeColour(const QString& node) const;

public Q_SLOTS:
    // Brings everything up to date now (the frame timer calls this; tests may too).
    void refresh();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    QSize sizeHint() const override { return {560, 420}; }
    QSize minimumSizeHint() const override { return {200, 150}; }

private:
    // The owners of every key in epoch `index`, computed once per epoch.
    const std::vector<core::NodeId>& ownersOf(int index);
    void scheduleRefresh();

    RunTimeline& m_timeline;
    std::unique_ptr<RingHistory> m_history;
    QTimer* m_frame = nullptr;

    // What the cursor shows, recomputed by refresh().
    int m_epoch = -1;
    qint64 m_sinceChangeNs = -1;          // run time since the epoch at the cursor began
    QString m_header;
    int m_moved = 0;
    std::vector<core::consistent_hashing::RingPoint> m_points;
    std::vector<std::uint32_t> m_keyPoints;   // by key index
    std::vector<double> m_keyRadius;          // by key index: 0..1 across the key band
    std::vector<int> m_owner;                 // by key index: index into the colour list (nodes())
    std::vector<int> m_previousOwner;         // by key index; -1 when unchanged or no previous epoch
    std::vector<std::pair<QRectF, QString>> m_legendHits;   // where the legend's entries were drawn

    std::vector<std::vector<core::NodeId>> m_ownersCache;   // by epoch
};

}  // namespace distlab::views
