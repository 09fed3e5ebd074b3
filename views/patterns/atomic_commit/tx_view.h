#pragma once

#include <QWidget>

#include "views/patterns/lane_geometry.h"

#include <memory>

class QLabel;
class QTimer;

namespace distlab::views {

class RunTimeline;
class TxLaneHistory;

// The lanes of the transaction view: one lane per participant across the run's time axis. Under
// each lane a strip of the participant's phases (coloured by tone: prepared, blocked, committed,
// aborted; dark where it was down); above it, the locks it held in doubt as bars, one per pixel
// column, stacked by how each transaction ended: committed, aborted, or still undecided at the
// cursor; a red mark where a transaction it decided was decided the other way elsewhere. The
// bars share one scale (the most locks any participant held). A click seeks the timeline and
// selects the lane's node.
//
// Ownership: reads the history and the timeline, owned by its TxView. Threading: GUI thread only.
class TxLanes final : public QWidget {
    Q_OBJECT
public:
    TxLanes(const TxLaneHistory& history, RunTimeline& timeline, QWidget* parent = nullptr);

    int laneCount() const;
    QRectF laneRect(int lane) const;
    double xOf(qint64 tNs) const;
    qint64 timeAt(double x) const;

    // The colours of the bars: committed, aborted, in doubt (undecided at the cursor).
    static QColor committedColour();
    static QColor abortedColour();
    static QColor inDoubtColour();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    using Layout = LaneGeometry;
    Layout layout() const;
    qint64 spanNs() const;
    void paintLane(QPainter& painter, const Layout& l, int lane, int scale) const;
    void paintAxis(QPainter& painter, const Layout& l) const;
    int maxLocks() const;

    const TxLaneHistory& m_history;
    RunTimeline& m_timeline;
};

// The transaction view, a dock's content for atomic commitment (2PC / 3PC) and sagas: a header
// (the time at the cursor, the locks each participant holds in doubt there, or for sagas the
// sagas each one holds pending, transactions split between commit and abort so far), a legend,
// and the participants' lanes (TxLanes). For sagas the bars are semantic locks: from a step to
// its finish (the committed colour) or its compensation (the aborted colour).
//
// Follows the RunTimeline like every pattern view: indexes events as they are appended, shows
// the cursor's time, repaints from a frame timer at most ~30 times a second.
//
// Ownership: the timeline must outlive the view. Threading: GUI thread only.
class TxView final : public QWidget {
    Q_OBJECT
public:
    explicit TxView(RunTimeline& timeline, QWidget* parent = nullptr);
    ~TxView() override;

    const TxLaneHistory& history() const { return *m_history; }
    TxLanes* lanes() const { return m_lanes; }
    QString headerText() const;

public Q_SLOTS:
    void refresh();

private:
    void scheduleRefresh();
    void updateLegend();

    RunTimeline& m_timeline;
    std::unique_ptr<TxLaneHistory> m_history;
    QLabel* m_header = nullptr;
    QLabel* m_legend = nullptr;
    bool m_sagaLegend = false;   // the legend speaks of sagas
    TxLanes* m_lanes = nullptr;
    QTimer* m_frame = nullptr;
};

}  // namespace distlab::views
