#pragma once

#include <QWidget>

#include "views/patterns/lane_geometry.h"

namespace distlab::views {

class RaftHistory;
class RunTimeline;

// A lane per Raft node across the run's time axis: coloured by role (follower, pre-candidate,
// candidate, leader) with the term written in each term's stretch, a mark where the node started
// an election and a crown where it won one, dead stretches hatched dark and paused ones hatched
// light, and the timeline cursor as a vertical line. Lanes share the widget's height, never
// thinner than kReadableLane with up to ten nodes and growing with the dock up to kMaxLane. A
// click seeks the timeline to the time under the mouse and selects the lane's node.
//
// Ownership: reads the history and the timeline, owned by its RaftView. Threading: GUI thread only.
class RaftLanes final : public QWidget {
    Q_OBJECT
public:
    // Lane heights: the least that keeps a lane's text readable (the minimum size with up to ten
    // nodes), the preferred, and the most a lane grows to as the dock grows.
    static constexpr int kReadableLane = 13;
    static constexpr int kComfortableLane = 22;
    static constexpr int kMaxLane = 40;

    RaftLanes(const RaftHistory& history, RunTimeline& timeline, QWidget* parent = nullptr);

    int laneCount() const;
    // The lane's rectangle (the time axis part, without the name), and the time at an x.
    QRectF laneRect(int lane) const;
    qint64 timeAt(double x) const;
    double xOf(qint64 tNs) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    using Layout = LaneGeometry;
    Layout layout() const;
    qint64 spanNs() const;
    int laneAt(double y) const;
    void paintLane(QPainter& painter, const Layout& l, int lane) const;
    void paintAxis(QPainter& painter, const Layout& l) const;

    const RaftHistory& m_history;
    RunTimeline& m_timeline;
};

}  // namespace distlab::views
