#pragma once

#include <QAbstractScrollArea>
#include <QLineF>
#include <QRectF>
#include <QStringList>
#include <QTimer>

#include <cstdint>
#include <vector>

#include "views/spacetime/message_arrows.h"
#include "views/spacetime/message_index.h"
#include "views/spacetime/operation_bars.h"
#include "views/spacetime/paint_frame.h"

namespace distlab::views {

class RunTimeline;

// The space-time (Lamport) diagram: one horizontal lane per node, time running left to right,
// an arrow per message from its send to its delivery, dropped messages ending in a red cross,
// held ones dashed and open until released, messages still travelling at the timeline cursor
// drawn up to the cursor. Fault intervals are shaded behind the lanes.
//
// Built only on the RunTimeline: every event is indexed (MessageIndex) as it is appended, and
// the diagram shows the run as of cursorNs(), so live runs, recordings and scrubbing need no
// rebuild. Appends are coalesced into at most ~30 repaints a second. Painting reads only the
// messages that meet the visible time range (a sorted index) and, when more arrows than
// kArrowsPerColumn per pixel column would be drawn, aggregates them per lane pair and time bucket
// into one thicker line with a count.
//
// Wheel zooms around the mouse (so do + and -, and zoomIn / zoomOut), dragging or the scrollbar
// pans, fit() shows the whole run. Clicking within kHitSlackPx of a message selects it (of an
// aggregate line, its first message) and dims the messages its vector clock neither precedes nor
// follows; clicking a lane label selects that node in the timeline. The timeline's highlight (a
// failed check's anomaly) draws its messages over the others with a magenta halo (the rest
// dimmed), its operations as magenta bars on their client's lane from invocation to completion,
// and marks its nodes' lane labels; setting one with a time window brings the window into view.
//
// The canvas keeps the state (index, lanes, view range, filters, selection, highlight) and
// orchestrates the paint; each pass is its own class over a PaintFrame: FaultBands, TimeAxis
// (grid and axis band), LanePainter (lanes and labels), OperationBars, and MessageArrows or
// MessageAggregates.
//
// Threading: GUI thread only. Does not own the timeline.
class SpacetimeCanvas final : public QAbstractScrollArea {
    Q_OBJECT
public:
    // More arrows than this per pixel column of the plot, and the paint aggregates.
    static constexpr double kArrowsPerColumn = 3.0;
    // A click or a tooltip this close to a drawn line (a message's or an aggregate's) finds it,
    // however thin the line is drawn.
    static constexpr double kHitSlackPx = 8.0;
    // One step of the zoom buttons.
    static constexpr double kZoomStep = 2.0;
    // What the last paint drew, for tests and the benchmark.
    using PaintStats = views::PaintStats;

    explicit SpacetimeCanvas(RunTimeline& timeline, QWidget* parent = nullptr);

    const MessageIndex& index() const { return m_index; }
    const PaintStats& lastPaint() const { return m_stats; }
    // Node names, one per lane, top to bottom.
    const QStringList& lanes() const { return m_lanes; }
    // Where lane's label is, in viewport coordinates (clicking it selects the node).
    QRectF laneLabelRect(int lane) const;

    // The visible time range.
    qint64 visibleStartNs() const { return m_startNs; }
    qint64 visibleEndNs() const;
    // Shows [startNs, endNs] (stops following the whole run).
    void setVisibleRange(qint64 startNs, qint64 endNs);
    // Shows the whole run, and keeps showing it as it grows.
    void fit();
    // Zooms by factor (> 1: in) keeping the time under x (viewport coordinates) in place.
    void zoomAt(double factor, double x);
    // One step in or out around the middle of the plot (the zoom buttons, + and -).
    void zoomIn();
    void zoomOut();
    // The lines the last paint drew, with the message each leads to.
    const std::vector<MessageHit>& lastHits() const { return m_hits; }

    // Type filter by MessageIndex type id; hidden types are not drawn.
    void setTypeVisible(std::uint32_t type, bool visible);
    bool isTypeVisible(std::uint32_t type) const;
    // Draws only messages to or from the timeline's selected node.
    void setSelectedNodeOnly(bool only);

    // Selects a message by index (-1: none).
    void selectMessage(qint64 message);
    qint64 selectedMessage() const { return m_emphasis.selected; }
    // How message i relates to the selected one (Same when nothing is selected).
    MessageIndex::Order relationToSelected(std::size_t i) const { return m_emphasis.relationToSelected(i); }
    // The colour of a message type, the same in the legend and on the lines.
    static QColor typeColour(std::uint32_t type);
    // Whether message i is one of the timeline's highlight.
    bool isMessageHighlighted(std::size_t i) const { return m_emphasis.isHighlighted(i); }
    // The colour highlighted messages, operations and nodes are drawn in, in every view.
    static QColor highlightColour();

Q_SIGNALS:
    // A message was selected (or -1: the selection was cleared).
    void messageSelected(qint64 message);
    // A right click on a message (selected first): its menu is asked for at screenPos.
    void messageMenuRequested(qint64 message, const QPoint& screenPos);
    // New messages, types or lanes were indexed, or the cursor moved.
    void contentChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    void sync();
    void scheduleFrame();
    void frame();
    void onCursorMoved(qint64 tNs);
    void onCleared();
    void onHighlightChanged();
    void markHighlighted();
    void rebuildLanes();
    void computeRelations();
    void updateScrollBars();
    void onScrolled(int value);
    qint64 extentNs() const;
    double minNsPerPx() const;
    double xOf(qint64 tNs) const;
    qint64 timeAt(double x) const;
    double laneY(int lane) const;
    int laneAt(double y) const;
    // The drawn line nearest `at` within kHitSlackPx, or nullptr.
    const MessageHit* hitAt(QPointF at) const;
    int plotLeft() const { return m_labelWidth; }
    int plotTop() const;
    PaintFrame paintFrame() const;
    void collectVisible(const PaintFrame& frame);
    void paintCursor(QPainter& painter, const PaintFrame& frame) const;

    RunTimeline& m_timeline;
    MessageIndex m_index;
    std::size_t m_indexed = 0;          // events of the timeline fed to the index
    QStringList m_lanes;
    std::vector<int> m_laneOfNode;      // by MessageIndex node id
    std::vector<bool> m_hiddenTypes;    // by MessageIndex type id
    bool m_selectedNodeOnly = false;
    // The selected message and its relations, and the timeline's highlight: a flag per indexed
    // message, its messages as (sender, msg_id) and its operations as spans on their client's lane.
    MessageEmphasis m_emphasis;
    std::vector<std::pair<std::string, std::uint64_t>> m_highlightKeys;
    std::vector<OpSpan> m_highlightOps;
    qint64 m_startNs = 0;
    double m_nsPerPx = 1e6;
    bool m_fit = true;                  // showing the whole run
    bool m_follow = true;               // keeping the newest time in view while live
    bool m_settingScroll = false;
    int m_labelWidth = 60;
    double m_laneHeight = 24;

    QPoint m_pressPos;
    qint64 m_pressStartNs = 0;
    bool m_dragging = false;
    bool m_pressed = false;

    QTimer m_frameTimer;
    std::vector<std::uint32_t> m_visible;   // scratch of paintEvent
    std::vector<MessageHit> m_hits;         // what the last paint drew, for clicks
    PaintStats m_stats;
};

}  // namespace distlab::views
