#include "views/spacetime/spacetime_canvas.h"

#include <QFontMetricsF>
#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "views/common/run_timeline.h"
#include "views/spacetime/fault_bands.h"
#include "views/spacetime/lane_painter.h"
#include "views/spacetime/message_aggregates.h"
#include "views/spacetime/time_axis.h"

namespace distlab::views {

namespace {

constexpr double kMinLaneHeight = 18.0;
constexpr int kFrameIntervalMs = 33;
constexpr double kMinNsPerPx = 100.0;

double distanceToSegment(const QPointF& p, const QLineF& line) {
    const QPointF d = line.p2() - line.p1();
    const double lengthSquared = d.x() * d.x() + d.y() * d.y();
    double t = lengthSquared > 0 ? QPointF::dotProduct(p - line.p1(), d) / lengthSquared : 0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF nearest = line.p1() + d * t;
    return std::hypot(p.x() - nearest.x(), p.y() - nearest.y());
}

}  // namespace

SpacetimeCanvas::SpacetimeCanvas(RunTimeline& timeline, QWidget* parent)
    : QAbstractScrollArea(parent), m_timeline(timeline) {
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setMinimumSize(240, 80);   // the bottom docks fit a 1366 x 768 screen
    viewport()->setMouseTracking(false);
    m_frameTimer.setSingleShot(true);
    m_frameTimer.setInterval(kFrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &SpacetimeCanvas::frame);
    connect(&m_timeline, &RunTimeline::appended, this, &SpacetimeCanvas::scheduleFrame);
    connect(&m_timeline, &RunTimeline::nodeAppeared, this, &SpacetimeCanvas::scheduleFrame);
    connect(&m_timeline, &RunTimeline::cursorMoved, this, &SpacetimeCanvas::onCursorMoved);
    connect(&m_timeline, &RunTimeline::cleared, this, &SpacetimeCanvas::onCleared);
    connect(&m_timeline, &RunTimeline::liveChanged, this, [this](bool live) {
        if (live)
            m_follow = true;
        scheduleFrame();
    });
    connect(&m_timeline, &RunTimeline::nodeSelected, this, [this] { viewport()->update(); });
    connect(&m_timeline, &RunTimeline::highlightChanged, this, &SpacetimeCanvas::onHighlightChanged);
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this, &SpacetimeCanvas::onScrolled);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { viewport()->update(); });
    sync();
}

QColor SpacetimeCanvas::typeColour(std::uint32_t type) {
    return paint::typeColour(type);
}

QColor SpacetimeCanvas::highlightColour() {
    return paint::highlightColour();
}

void SpacetimeCanvas::onHighlightChanged() {
    sync();
    const Highlight& h = m_timeline.highlight();
    m_emphasis.highlighted.clear();
    m_highlightKeys.clear();
    for (const EventRef& m : h.messages)
        m_highlightKeys.emplace_back(m.node.toStdString(), m.id);
    m_emphasis.highlighting = !m_highlightKeys.empty();
    markHighlighted();
    m_highlightOps = highlightedOperations(m_timeline.events(), h);
    // Bring the anomaly's window into view, with some of the run around it.
    if (h.startNs >= 0 && h.endNs >= h.startNs) {
        const qint64 span = std::max({h.endNs - h.startNs, extentNs() / 20, qint64(200'000'000)});
        setVisibleRange(std::max<qint64>(0, h.startNs - span / 2), h.endNs + span / 2);
    }
    Q_EMIT contentChanged();
    viewport()->update();
}

void SpacetimeCanvas::markHighlighted() {
    if (m_highlightKeys.empty())
        return;
    std::vector<std::uint8_t>& highlighted = m_emphasis.highlighted;
    highlighted.reserve(m_index.size());
    for (std::size_t i = highlighted.size(); i < m_index.size(); ++i) {
        const MessageIndex::Message& m = m_index.message(i);
        bool marked = false;
        for (const auto& [sender, id] : m_highlightKeys)
            if (id == m.msgId && sender == m_index.nodes()[m.from]) {
                marked = true;
                break;
            }
        highlighted.push_back(marked ? 1 : 0);
    }
}

void SpacetimeCanvas::scheduleFrame() {
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void SpacetimeCanvas::frame() {
    sync();
    viewport()->update();
}

void SpacetimeCanvas::sync() {
    const auto& events = m_timeline.events();
    if (m_indexed > events.size())
        onCleared();
    const std::size_t before = m_indexed;
    const std::size_t nodesBefore = m_index.nodes().size();
    for (; m_indexed < events.size(); ++m_indexed)
        m_index.append(events[m_indexed], m_indexed);
    const bool lanesChanged = nodesBefore != m_index.nodes().size() ||
                              m_lanes.size() < m_timeline.nodes().size() || m_laneOfNode.size() != m_index.nodes().size();
    if (lanesChanged)
        rebuildLanes();
    m_hiddenTypes.resize(m_index.types().size(), false);
    computeRelations();
    markHighlighted();
    if (before == m_indexed && !lanesChanged)
        return;
    if (m_fit) {
        fit();
    } else if (m_timeline.isLive() && m_follow) {
        const double width = std::max(1, viewport()->width() - plotLeft());
        m_startNs = std::max<qint64>(0, extentNs() - qint64(width * m_nsPerPx));
        updateScrollBars();
    } else {
        updateScrollBars();
    }
    Q_EMIT contentChanged();
}

void SpacetimeCanvas::rebuildLanes() {
    m_lanes = m_timeline.nodes();
    for (const std::string& node : m_index.nodes()) {
        const QString name = QString::fromStdString(node);
        if (!m_lanes.contains(name))
            m_lanes.push_back(name);
    }
    m_laneOfNode.assign(m_index.nodes().size(), 0);
    for (std::size_t i = 0; i < m_index.nodes().size(); ++i)
        m_laneOfNode[i] = int(m_lanes.indexOf(QString::fromStdString(m_index.nodes()[i])));
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    int widest = 0;
    for (const QString& lane : m_lanes)
        widest = std::max(widest, metrics.horizontalAdvance(lane));
    m_labelWidth = std::clamp(widest + 18, 48, 160);
    updateScrollBars();
}

void SpacetimeCanvas::computeRelations() {
    std::vector<std::uint8_t>& relations = m_emphasis.relations;
    if (m_emphasis.selected < 0) {
        relations.clear();
        return;
    }
    relations.reserve(m_index.size());
    for (std::size_t i = relations.size(); i < m_index.size(); ++i)
        relations.push_back(std::uint8_t(m_index.order(std::size_t(m_emphasis.selected), i)));
}

void SpacetimeCanvas::onCursorMoved(qint64 tNs) {
    sync();
    m_follow = m_timeline.isLive();
    if (!m_fit && (tNs < m_startNs || tNs > visibleEndNs())) {
        const qint64 half = (visibleEndNs() - m_startNs) / 2;
        m_startNs = std::max<qint64>(0, tNs - half);
        updateScrollBars();
    }
    Q_EMIT contentChanged();
    viewport()->update();
}

void SpacetimeCanvas::onCleared() {
    m_index.clear();
    m_indexed = 0;
    m_lanes.clear();
    m_laneOfNode.clear();
    m_hiddenTypes.clear();
    m_emphasis.relations.clear();
    m_emphasis.highlighted.clear();
    m_hits.clear();
    if (m_emphasis.selected >= 0) {
        m_emphasis.selected = -1;
        Q_EMIT messageSelected(-1);
    }
    m_fit = true;
    m_follow = true;
    fit();
    Q_EMIT contentChanged();
}

qint64 SpacetimeCanvas::extentNs() const {
    return std::max<qint64>(m_timeline.endNs(), 1'000'000);
}

double SpacetimeCanvas::minNsPerPx() const {
    // Keeps the scrollbar's pixel range inside an int.
    return std::max(kMinNsPerPx, double(extentNs()) / 1e9);
}

qint64 SpacetimeCanvas::visibleEndNs() const {
    return m_startNs + qint64(std::max(1, viewport()->width() - plotLeft()) * m_nsPerPx);
}

double SpacetimeCanvas::xOf(qint64 tNs) const {
    return plotLeft() + double(tNs - m_startNs) / m_nsPerPx;
}

qint64 SpacetimeCanvas::timeAt(double x) const {
    return m_startNs + qint64((x - plotLeft()) * m_nsPerPx);
}

int SpacetimeCanvas::plotTop() const {
    return QFontMetrics(font()).height() + 8;
}

double SpacetimeCanvas::laneY(int lane) const {
    return plotTop() + (lane + 0.5) * m_laneHeight - verticalScrollBar()->value();
}

QRectF SpacetimeCanvas::laneLabelRect(int lane) const {
    return QRectF(0, laneY(lane) - m_laneHeight / 2, plotLeft(), m_laneHeight);
}

int SpacetimeCanvas::laneAt(double y) const {
    const double row = (y - plotTop() + verticalScrollBar()->value()) / m_laneHeight;
    return row < 0 || row >= m_lanes.size() ? -1 : int(row);
}

void SpacetimeCanvas::fit() {
    m_fit = true;
    m_follow = true;
    const double width = std::max(1, viewport()->width() - plotLeft());
    m_startNs = 0;
    m_nsPerPx = std::max(minNsPerPx(), double(extentNs()) / width);
    updateScrollBars();
    viewport()->update();
}

void SpacetimeCanvas::setVisibleRange(qint64 startNs, qint64 endNs) {
    const double width = std::max(1, viewport()->width() - plotLeft());
    m_fit = false;
    m_startNs = std::max<qint64>(0, startNs);
    m_nsPerPx = std::clamp(double(std::max<qint64>(1, endNs - startNs)) / width, minNsPerPx(),
                           std::max(minNsPerPx(), 2.0 * extentNs() / width));
    m_follow = visibleEndNs() >= extentNs();
    updateScrollBars();
    viewport()->update();
}

void SpacetimeCanvas::zoomAt(double factor, double x) {
    const double width = std::max(1, viewport()->width() - plotLeft());
    const qint64 anchor = timeAt(x);
    m_nsPerPx = std::clamp(m_nsPerPx / factor, minNsPerPx(), std::max(minNsPerPx(), 2.0 * extentNs() / width));
    const qint64 maxStart = std::max<qint64>(0, extentNs() - qint64(width * m_nsPerPx));
    m_startNs = std::clamp<qint64>(anchor - qint64((x - plotLeft()) * m_nsPerPx), 0, maxStart);
    m_fit = false;
    m_follow = visibleEndNs() >= extentNs();
    updateScrollBars();
    viewport()->update();
}

void SpacetimeCanvas::updateScrollBars() {
    const int plotWidth = std::max(1, viewport()->width() - plotLeft());
    const qint64 contentPx = qint64(double(extentNs()) / m_nsPerPx);
    m_settingScroll = true;
    QScrollBar* horizontal = horizontalScrollBar();
    horizontal->setRange(0, int(std::clamp<qint64>(contentPx - plotWidth, 0, INT32_MAX)));
    horizontal->setPageStep(plotWidth);
    horizontal->setSingleStep(std::max(1, plotWidth / 20));
    horizontal->setValue(int(std::clamp<qint64>(qint64(double(m_startNs) / m_nsPerPx), 0, INT32_MAX)));
    const double plotHeight = std::max(1, viewport()->height() - plotTop());
    const int lanes = std::max<int>(1, int(m_lanes.size()));
    m_laneHeight = std::max(kMinLaneHeight, plotHeight / lanes);
    QScrollBar* vertical = verticalScrollBar();
    vertical->setRange(0, std::max(0, int(std::ceil(m_laneHeight * lanes - plotHeight))));
    vertical->setPageStep(int(plotHeight));
    vertical->setSingleStep(int(m_laneHeight));
    m_settingScroll = false;
}

void SpacetimeCanvas::onScrolled(int value) {
    if (m_settingScroll)
        return;
    m_startNs = qint64(double(value) * m_nsPerPx);
    m_fit = false;
    m_follow = visibleEndNs() >= extentNs();
    viewport()->update();
}

void SpacetimeCanvas::setTypeVisible(std::uint32_t type, bool visible) {
    if (type >= m_hiddenTypes.size())
        m_hiddenTypes.resize(type + 1, false);
    m_hiddenTypes[type] = !visible;
    viewport()->update();
}

bool SpacetimeCanvas::isTypeVisible(std::uint32_t type) const {
    return type >= m_hiddenTypes.size() || !m_hiddenTypes[type];
}

void SpacetimeCanvas::setSelectedNodeOnly(bool only) {
    m_selectedNodeOnly = only;
    viewport()->update();
}

void SpacetimeCanvas::selectMessage(qint64 message) {
    if (message >= qint64(m_index.size()))
        message = -1;
    if (message == m_emphasis.selected)
        return;
    m_emphasis.selected = message;
    m_emphasis.relations.clear();
    computeRelations();
    Q_EMIT messageSelected(message);
    viewport()->update();
}

void SpacetimeCanvas::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    if (m_fit)
        fit();
    else
        updateScrollBars();
}

PaintFrame SpacetimeCanvas::paintFrame() const {
    PaintFrame f;
    f.area = viewport()->rect();
    const int top = plotTop();
    f.plot = QRect(plotLeft(), top, std::max(1, f.area.width() - plotLeft()), std::max(1, f.area.height() - top));
    f.scroll = verticalScrollBar()->value();
    f.laneHeight = m_laneHeight;
    f.startNs = m_startNs;
    f.nsPerPx = m_nsPerPx;
    f.fromNs = m_startNs;
    f.toNs = visibleEndNs();
    f.cursorNs = m_timeline.cursorNs();
    f.live = m_timeline.isLive();
    f.lanes = &m_lanes;
    f.laneOfNode = &m_laneOfNode;
    f.selectedNode = m_timeline.selectedNode();
    f.palette = palette();
    f.dark = paint::isDark(f.palette);
    f.text = f.palette.color(QPalette::Text);
    f.base = f.palette.color(QPalette::Base);
    f.faint = paint::mix(f.text, f.base, f.dark ? 0.22 : 0.14);
    f.laneColour = paint::mix(f.text, f.base, f.dark ? 0.42 : 0.36);
    f.selectedFill = paint::mix(f.palette.color(QPalette::Highlight), f.base, f.dark ? 0.25 : 0.14);
    f.marked = f.dark ? paint::highlightColour().lighter(135) : paint::highlightColour();
    f.dropColour = f.dark ? paint::dropColour().lighter(130) : paint::dropColour();
    f.font = font();
    f.small = font();
    f.small.setPointSizeF(font().pointSizeF() * 0.85);
    return f;
}

// The messages meeting the visible time range as of the cursor that pass the type filter and
// (with "selected node only") involve the selected node, into m_visible.
void SpacetimeCanvas::collectVisible(const PaintFrame& frame) {
    int nodeFilter = -1;
    if (m_selectedNodeOnly && !frame.selectedNode.isEmpty()) {
        const auto& nodes = m_index.nodes();
        const auto it = std::find(nodes.begin(), nodes.end(), frame.selectedNode.toStdString());
        nodeFilter = it == nodes.end() ? -2 : int(it - nodes.begin());
    }
    m_visible.clear();
    if (nodeFilter == -2)
        return;
    const qint64 marginNs = qint64(8 * m_nsPerPx);
    m_index.forEachIntersecting(frame.fromNs - marginNs, frame.toNs + marginNs, frame.cursorNs, [&](std::size_t i) {
        const MessageIndex::Message& m = m_index.message(i);
        if (m.type < m_hiddenTypes.size() && m_hiddenTypes[m.type])
            return;
        if (nodeFilter >= 0 && int(m.from) != nodeFilter && int(m.to) != nodeFilter)
            return;
        m_visible.push_back(std::uint32_t(i));
    });
}

// The cursor (where the run is shown up to), and a placeholder while no message was sent.
void SpacetimeCanvas::paintCursor(QPainter& painter, const PaintFrame& frame) const {
    const QRect& plot = frame.plot;
    const double cursorX = frame.xOf(frame.cursorNs);
    if (cursorX >= plot.left() && cursorX <= plot.right() + 1) {
        const QColor cursorColour = frame.live ? frame.laneColour : QColor(0xe6, 0x55, 0x0d);
        painter.setPen(QPen(cursorColour, frame.live ? 1 : 2, frame.live ? Qt::DashLine : Qt::SolidLine));
        painter.drawLine(QPointF(cursorX, plot.top()), QPointF(cursorX, plot.bottom()));
    }
    if (m_index.size() == 0 || m_index.sentUntil(frame.cursorNs) == 0) {
        painter.setPen(frame.palette.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("No messages yet"));
    }
}

void SpacetimeCanvas::paintEvent(QPaintEvent*) {
    sync();
    const PaintFrame frame = paintFrame();
    QPainter painter(viewport());
    painter.fillRect(frame.area, frame.base);
    m_stats = PaintStats{};
    m_hits.clear();

    // Behind the messages, clipped to the plot: fault bands, grid, lanes, the highlight's operations.
    painter.setClipRect(frame.plot);
    FaultBands(frame, m_timeline.faults()).paint(painter);
    const TimeAxis axis(frame);
    axis.paintGrid(painter);
    const LanePainter lanes(frame, m_timeline.highlight());
    lanes.paintLanes(painter);
    m_stats.lanes = int(m_lanes.size());
    OperationBars(frame, m_highlightOps).paint(painter, m_stats);

    // The messages, one by one or aggregated when there are too many for the plot's width.
    collectVisible(frame);
    m_stats.messages = int(m_visible.size());
    m_stats.aggregated = double(m_visible.size()) > kArrowsPerColumn * frame.plot.width();
    if (m_stats.aggregated)
        MessageAggregates(frame, m_index, m_emphasis).paint(painter, m_visible, m_hits, m_stats);
    else
        MessageArrows(frame, m_index, m_emphasis).paint(painter, m_visible, m_hits, m_stats);
    painter.setRenderHint(QPainter::Antialiasing, false);

    paintCursor(painter, frame);
    painter.setClipping(false);

    // Axis band on top, lane labels on the left, over the plot.
    axis.paintAxis(painter);
    lanes.paintLabels(painter);
}

void SpacetimeCanvas::wheelEvent(QWheelEvent* event) {
    const QPoint delta = event->angleDelta();
    if (delta.x() != 0 || (event->modifiers() & Qt::ShiftModifier)) {
        const int pan = delta.x() != 0 ? delta.x() : delta.y();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - pan);
    } else if (delta.y() != 0) {
        zoomAt(std::pow(1.0015, delta.y()), std::max<double>(plotLeft(), event->position().x()));
    }
    event->accept();
}

void SpacetimeCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    m_pressed = true;
    m_dragging = false;
    m_pressPos = event->position().toPoint();
    m_pressStartNs = m_startNs;
}

void SpacetimeCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!m_pressed)
        return QAbstractScrollArea::mouseMoveEvent(event);
    const int dx = event->position().toPoint().x() - m_pressPos.x();
    if (!m_dragging && std::abs(dx) < 4)
        return;
    if (!m_dragging)
        viewport()->setCursor(Qt::ClosedHandCursor);
    m_dragging = true;
    const double width = std::max(1, viewport()->width() - plotLeft());
    const qint64 maxStart = std::max<qint64>(0, extentNs() - qint64(width * m_nsPerPx));
    m_startNs = std::clamp<qint64>(m_pressStartNs - qint64(dx * m_nsPerPx), 0, maxStart);
    m_fit = false;
    m_follow = visibleEndNs() >= extentNs();
    updateScrollBars();
    viewport()->update();
}

void SpacetimeCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !m_pressed)
        return QAbstractScrollArea::mouseReleaseEvent(event);
    m_pressed = false;
    if (m_dragging) {
        m_dragging = false;
        viewport()->unsetCursor();
        return;
    }
    const QPointF at = event->position();
    if (at.x() < plotLeft()) {
        const int lane = laneAt(at.y());
        if (lane >= 0)
            m_timeline.selectNode(m_lanes[lane] == m_timeline.selectedNode() ? QString() : m_lanes[lane]);
        return;
    }
    const MessageHit* hit = hitAt(at);
    selectMessage(hit ? qint64(hit->message) : -1);
}

void SpacetimeCanvas::contextMenuEvent(QContextMenuEvent* event) {
    const MessageHit* hit = hitAt(QPointF(event->pos()));
    if (!hit)
        return QAbstractScrollArea::contextMenuEvent(event);
    selectMessage(qint64(hit->message));
    Q_EMIT messageMenuRequested(qint64(hit->message), event->globalPos());
    event->accept();
}

const MessageHit* SpacetimeCanvas::hitAt(QPointF at) const {
    double best = kHitSlackPx;
    const MessageHit* hit = nullptr;
    for (const MessageHit& candidate : m_hits) {
        const double d = distanceToSegment(at, candidate.line);
        if (d < best) {
            best = d;
            hit = &candidate;
        }
    }
    return hit;
}

void SpacetimeCanvas::zoomIn() {
    zoomAt(kZoomStep, plotLeft() + (viewport()->width() - plotLeft()) / 2.0);
}

void SpacetimeCanvas::zoomOut() {
    zoomAt(1.0 / kZoomStep, plotLeft() + (viewport()->width() - plotLeft()) / 2.0);
}

void SpacetimeCanvas::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal)
        zoomIn();
    else if (event->key() == Qt::Key_Minus)
        zoomOut();
    else
        QAbstractScrollArea::keyPressEvent(event);
}

bool SpacetimeCanvas::viewportEvent(QEvent* event) {
    if (event->type() != QEvent::ToolTip)
        return QAbstractScrollArea::viewportEvent(event);
    const auto* help = static_cast<QHelpEvent*>(event);
    const QPointF at = help->pos();
    QString tip;
    if (at.x() < plotLeft()) {
        const int lane = laneAt(at.y());
        if (lane >= 0)
            tip = tr("%1: click to select this node").arg(m_lanes[lane]);
    } else if (const MessageHit* hit = hitAt(at)) {
        const MessageIndex::Message& m = m_index.message(hit->message);
        const QString from = QString::fromStdString(m_index.nodes()[m.from]);
        const QString to = QString::fromStdString(m_index.nodes()[m.to]);
        if (hit->count > 1)
            tip = tr("%n message(s) from %1 to %2 drawn as one line: click to select the first, zoom in (mouse "
                     "wheel or +) to see each",
                     nullptr, int(hit->count))
                      .arg(from, to);
        else
            tip = tr("%1 → %2 · %3 #%4").arg(from, to, QString::fromStdString(m_index.types()[m.type])).arg(m.msgId);
    } else if (m_stats.aggregated) {
        tip = tr("Too many messages to draw one by one: zoom in (mouse wheel or +) to see each message");
    }
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), tip, viewport());
    return true;
}

}  // namespace distlab::views
