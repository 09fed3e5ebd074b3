#include "views/spacetime/spacetime_canvas.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <array>
#include <cmath>

#include "views/common/run_timeline.h"

namespace distlab::views {

namespace {

constexpr double kMinLaneHeight = 18.0;
constexpr int kFrameIntervalMs = 33;
constexpr double kMinNsPerPx = 100.0;
constexpr double kDropFraction = 0.45;     // how far towards the receiver a dropped message gets
constexpr double kWaitFraction = 0.5;      // where a held or travelling message waits at the cursor

// Distinct hues readable on light and dark backgrounds; red is kept for drops.
constexpr std::array<QRgb, 10> kTypeColours = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0x9467bd, 0x8c564b, 0xe377c2, 0x17becf, 0xbcbd22, 0x7f7f7f, 0x393b79,
};
const QColor kDropColour(0xd6, 0x27, 0x28);
// Magenta: apart from the type hues, red drops, orange faults and the orange cursor.
const QColor kHighlightColour(0xc2, 0x1f, 0xc9);

// Colours are mixed with the background here instead of painted translucent: Qt's raster engine
// hands translucent fills of many spans to its thread pool, which costs more than it saves for
// thousands of thin lines on a busy machine.
QColor mix(const QColor& over, const QColor& under, double amount) {
    return QColor::fromRgbF(float(over.redF() * amount + under.redF() * (1 - amount)),
                            float(over.greenF() * amount + under.greenF() * (1 - amount)),
                            float(over.blueF() * amount + under.blueF() * (1 - amount)));
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

// Clips a segment whose p1 is left of p2 to x in [x0, x1]; false when nothing is left.
bool clipX(QLineF& line, double x0, double x1) {
    QPointF a = line.p1();
    QPointF b = line.p2();
    if (b.x() < x0 || a.x() > x1)
        return false;
    const double dx = b.x() - a.x();
    if (dx > 0) {
        if (a.x() < x0)
            a = QPointF(x0, a.y() + (b.y() - a.y()) * (x0 - a.x()) / dx);
        if (b.x() > x1)
            b = QPointF(x1, a.y() + (b.y() - a.y()) * (x1 - a.x()) / (b.x() - a.x()));
    }
    line = QLineF(a, b);
    return true;
}

double distanceToSegment(const QPointF& p, const QLineF& line) {
    const QPointF d = line.p2() - line.p1();
    const double lengthSquared = d.x() * d.x() + d.y() * d.y();
    double t = lengthSquared > 0 ? QPointF::dotProduct(p - line.p1(), d) / lengthSquared : 0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF nearest = line.p1() + d * t;
    return std::hypot(p.x() - nearest.x(), p.y() - nearest.y());
}

void drawArrowHead(QPainter& painter, const QLineF& line, const QColor& colour) {
    const double length = line.length();
    if (length < 6)
        return;
    const QPointF unit = (line.p2() - line.p1()) / length;
    const QPointF normal(-unit.y(), unit.x());
    const QPointF tip = line.p2();
    const QPointF base = tip - unit * 7.0;
    const QPointF head[3] = {tip, base + normal * 3.0, base - normal * 3.0};
    painter.setBrush(colour);
    painter.setPen(Qt::NoPen);
    painter.drawPolygon(head, 3);
    painter.setBrush(Qt::NoBrush);
}

void drawCross(QPainter& painter, const QPointF& at, double size) {
    painter.drawLine(at + QPointF(-size, -size), at + QPointF(size, size));
    painter.drawLine(at + QPointF(-size, size), at + QPointF(size, -size));
}

}  // namespace

SpacetimeCanvas::SpacetimeCanvas(RunTimeline& timeline, QWidget* parent)
    : QAbstractScrollArea(parent), m_timeline(timeline) {
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setMinimumSize(240, 120);
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
    return QColor(kTypeColours[type % kTypeColours.size()]);
}

QColor SpacetimeCanvas::highlightColour() {
    return kHighlightColour;
}

void SpacetimeCanvas::onHighlightChanged() {
    sync();
    const Highlight& h = m_timeline.highlight();
    m_highlighted.clear();
    m_highlightKeys.clear();
    for (const EventRef& m : h.messages)
        m_highlightKeys.emplace_back(m.node.toStdString(), m.id);
    markHighlighted();
    // The operations as spans, from their OpInvoked to their first OpCompleted.
    m_highlightOps.clear();
    if (!h.ops.empty()) {
        for (const netlab::Event& e : m_timeline.events()) {
            if (e.kind != netlab::EventKind::OpInvoked && e.kind != netlab::EventKind::OpCompleted)
                continue;
            const QString client = QString::fromStdString(e.node);
            if (!h.hasOp(client, e.msg_id))
                continue;
            if (e.kind == netlab::EventKind::OpInvoked) {
                m_highlightOps.push_back({client, e.msg_id, e.t_ns, -1});
                continue;
            }
            for (OpSpan& op : m_highlightOps)
                if (op.client == client && op.id == e.msg_id && op.endNs < 0)
                    op.endNs = e.t_ns;
        }
    }
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
    m_highlighted.reserve(m_index.size());
    for (std::size_t i = m_highlighted.size(); i < m_index.size(); ++i) {
        const MessageIndex::Message& m = m_index.message(i);
        bool marked = false;
        for (const auto& [sender, id] : m_highlightKeys)
            if (id == m.msgId && sender == m_index.nodes()[m.from]) {
                marked = true;
                break;
            }
        m_highlighted.push_back(marked ? 1 : 0);
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
    if (m_selected < 0) {
        m_relations.clear();
        return;
    }
    m_relations.reserve(m_index.size());
    for (std::size_t i = m_relations.size(); i < m_index.size(); ++i)
        m_relations.push_back(std::uint8_t(m_index.order(std::size_t(m_selected), i)));
}

MessageIndex::Order SpacetimeCanvas::relationToSelected(std::size_t i) const {
    if (m_selected < 0)
        return MessageIndex::Order::Same;
    return i < m_relations.size() ? MessageIndex::Order(m_relations[i]) : MessageIndex::Order::Unknown;
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
    m_relations.clear();
    m_highlighted.clear();
    m_hits.clear();
    if (m_selected >= 0) {
        m_selected = -1;
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
    if (message == m_selected)
        return;
    m_selected = message;
    m_relations.clear();
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

void SpacetimeCanvas::paintEvent(QPaintEvent*) {
    sync();
    QPainter painter(viewport());
    const QPalette& pal = palette();
    const bool dark = isDark(pal);
    const QRect area = viewport()->rect();
    painter.fillRect(area, pal.color(QPalette::Base));
    m_stats = PaintStats{};
    m_hits.clear();

    const int top = plotTop();
    const QRect plot(plotLeft(), top, std::max(1, area.width() - plotLeft()), std::max(1, area.height() - top));
    const qint64 cursor = m_timeline.cursorNs();
    const qint64 fromNs = m_startNs;
    const qint64 toNs = visibleEndNs();
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);
    const QColor faint = mix(text, base, dark ? 0.22 : 0.14);

    // Time grid: a 1-2-5 step at least ~90 px apart.
    const double rawStep = 90.0 * m_nsPerPx;
    double step = std::pow(10.0, std::floor(std::log10(rawStep)));
    for (const double multiple : {1.0, 2.0, 5.0, 10.0})
        if (step * multiple >= rawStep) {
            step *= multiple;
            break;
        }
    const int digits = int(std::floor(std::log10(step)));
    const auto label = [&](qint64 t) {
        if (step >= 1e6)
            return tr("%1 s").arg(double(t) / 1e9, 0, 'f', std::max(0, 9 - digits));
        return tr("%1 ms").arg(double(t) / 1e6, 0, 'f', std::max(0, 6 - digits));
    };

    // Fault intervals, shaded behind everything (on their node's lane when they have one).
    painter.setClipRect(plot);
    const QColor faultFill = mix(QColor(255, 150, 0), base, dark ? 0.22 : 0.15);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    painter.setFont(small);
    for (const FaultInterval& fault : m_timeline.faults()) {
        if (fault.startNs > cursor || fault.startNs > toNs)
            continue;
        const qint64 end = fault.endNs < 0 || fault.endNs > cursor ? cursor : fault.endNs;
        if (end < fromNs)
            continue;
        const double x0 = std::max<double>(plot.left(), xOf(fault.startNs));
        const double x1 = std::min<double>(plot.right(), std::max(xOf(end), x0 + 2));
        const int lane = fault.node.isEmpty() ? -1 : int(m_lanes.indexOf(fault.node));
        QRectF band(x0, plot.top(), x1 - x0, plot.height());
        if (lane >= 0)
            band = QRectF(x0, laneY(lane) - m_laneHeight / 2, x1 - x0, m_laneHeight);
        painter.fillRect(band, faultFill);
        QColor kindColour = dark ? QColor(255, 190, 90) : QColor(170, 90, 0);
        painter.setPen(kindColour);
        const QString kind = fault.kind;
        if (band.width() > painter.fontMetrics().horizontalAdvance(kind) + 6)
            painter.drawText(band.adjusted(3, 1, -2, 0), Qt::AlignLeft | Qt::AlignTop, kind);
    }
    painter.setFont(font());

    // Grid lines.
    painter.setPen(QPen(faint, 1));
    for (double t = std::ceil(double(fromNs) / step) * step; t <= double(toNs); t += step)
        painter.drawLine(QPointF(xOf(qint64(t)), plot.top()), QPointF(xOf(qint64(t)), plot.bottom()));

    // Lanes, the selected node's highlighted.
    const QString selectedNode = m_timeline.selectedNode();
    const QColor highlight = mix(pal.color(QPalette::Highlight), base, dark ? 0.25 : 0.14);
    const QColor laneColour = mix(text, base, dark ? 0.42 : 0.36);
    for (int lane = 0; lane < m_lanes.size(); ++lane) {
        const double y = laneY(lane);
        if (m_lanes[lane] == selectedNode)
            painter.fillRect(QRectF(plot.left(), y - m_laneHeight / 2, plot.width(), m_laneHeight), highlight);
        painter.setPen(QPen(laneColour, 1));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    m_stats.lanes = int(m_lanes.size());

    // The highlight's operations: a bar on the client's lane from invocation to completion (or
    // the cursor, while still open then).
    const QColor marked = dark ? kHighlightColour.lighter(135) : kHighlightColour;
    if (!m_highlightOps.empty()) {
        painter.setFont(small);
        for (const OpSpan& op : m_highlightOps) {
            const int lane = int(m_lanes.indexOf(op.client));
            if (lane < 0 || op.startNs > cursor || op.startNs > toNs)
                continue;
            const qint64 end = op.endNs < 0 || op.endNs > cursor ? cursor : op.endNs;
            if (end < fromNs)
                continue;
            const double x0 = xOf(op.startNs);
            const double x1 = std::max(xOf(end), x0 + 4);
            const double half = std::min(7.0, m_laneHeight * 0.3);
            const QRectF bar(x0, laneY(lane) - half, x1 - x0, 2 * half);
            painter.setPen(QPen(marked, 1.5));
            painter.setBrush(mix(marked, base, dark ? 0.35 : 0.22));
            painter.drawRoundedRect(bar, 3, 3);
            painter.setBrush(Qt::NoBrush);
            const QString name = tr("op %1").arg(op.id);
            if (bar.width() > painter.fontMetrics().horizontalAdvance(name) + 6) {
                painter.setPen(pal.color(QPalette::Text));
                painter.drawText(bar, Qt::AlignCenter, name);
            }
            ++m_stats.highlightedOps;
        }
        painter.setFont(font());
    }

    // The messages meeting the visible time range, as of the cursor.
    int nodeFilter = -1;
    if (m_selectedNodeOnly && !selectedNode.isEmpty()) {
        const auto& nodes = m_index.nodes();
        const auto it = std::find(nodes.begin(), nodes.end(), selectedNode.toStdString());
        nodeFilter = it == nodes.end() ? -2 : int(it - nodes.begin());
    }
    m_visible.clear();
    if (nodeFilter != -2) {
        const qint64 marginNs = qint64(8 * m_nsPerPx);
        m_index.forEachIntersecting(fromNs - marginNs, toNs + marginNs, cursor, [&](std::size_t i) {
            const MessageIndex::Message& m = m_index.message(i);
            if (m.type < m_hiddenTypes.size() && m_hiddenTypes[m.type])
                return;
            if (nodeFilter >= 0 && int(m.from) != nodeFilter && int(m.to) != nodeFilter)
                return;
            m_visible.push_back(std::uint32_t(i));
        });
    }

    const double clipLeft = plot.left() - 10;
    const double clipRight = plot.right() + 10;
    const auto colourOf = [&](std::uint32_t type) {
        QColor c = typeColour(type);
        return dark ? c.lighter(115) : c;
    };
    const QColor dropColour = dark ? kDropColour.lighter(130) : kDropColour;
    const auto laneOf = [&](std::uint32_t node) { return node < m_laneOfNode.size() ? m_laneOfNode[node] : 0; };

    m_stats.messages = int(m_visible.size());
    m_stats.aggregated = double(m_visible.size()) > kArrowsPerColumn * plot.width();
    // Aggregate lines are thick and nearly upright: antialiasing would only cost time.
    painter.setRenderHint(QPainter::Antialiasing, !m_stats.aggregated);
    if (m_stats.aggregated) {
        // Per lane pair and time bucket: one line from the bucket's middle, as long as the mean
        // flight, as thick as log2 of the count, in the colour of the bucket's majority type;
        // the drops of a bucket as one cross.
        const std::size_t laneCount = std::max<std::size_t>(1, std::size_t(m_lanes.size()));
        const auto pairOf = [&](const MessageIndex::Message& m) {
            return std::size_t(laneOf(m.from)) * laneCount + std::size_t(laneOf(m.to));
        };
        std::vector<bool> pairSeen(laneCount * laneCount, false);
        std::size_t pairs = 0;
        for (const std::uint32_t i : m_visible) {
            const std::size_t pair = pairOf(m_index.message(i));
            if (!pairSeen[pair]) {
                pairSeen[pair] = true;
                ++pairs;
            }
        }
        const int buckets = std::clamp(int(kAggregateBudget / std::max<std::size_t>(1, pairs)), 8,
                                       std::max(8, plot.width() / 6));
        const double bucketPx = double(plot.width()) / buckets;
        struct Bucket {
            std::uint32_t count = 0;
            std::uint32_t drops = 0;
            float sumDx = 0;
            float sumDropDx = 0;
            std::uint32_t type = 0;    // Boyer-Moore majority vote over the types
            std::uint32_t votes = 0;
        };
        std::vector<Bucket> acc(laneCount * laneCount * std::size_t(buckets));
        for (const std::uint32_t i : m_visible) {
            const MessageIndex::Message& m = m_index.message(i);
            const double xs = xOf(m.sentNs);
            const int bucket = std::clamp(int((xs - plot.left()) / bucketPx), 0, buckets - 1);
            Bucket& b = acc[pairOf(m) * std::size_t(buckets) + std::size_t(bucket)];
            if (b.votes == 0) {
                b.type = m.type;
                b.votes = 1;
            } else {
                b.votes += b.type == m.type ? 1 : -1;
            }
            const MessageIndex::Fate fate = m_index.fateAt(i, cursor);
            const qint64 end = fate == MessageIndex::Fate::Delivered || fate == MessageIndex::Fate::Dropped
                                   ? m.firstEndNs
                                   : cursor;
            if (fate == MessageIndex::Fate::Dropped) {
                ++b.drops;
                b.sumDropDx += float(xOf(end) - xs);
            } else {
                ++b.count;
                b.sumDx += float(xOf(end) - xs);
            }
        }
        const int cellW = 40;
        const int cellH = 14;
        const int columns = area.width() / cellW + 1;
        std::vector<bool> labelCells(std::size_t(columns) * std::size_t(area.height() / cellH + 1), false);
        const auto claimLabel = [&](const QPointF& at) {
            const int cx = int(at.x()) / cellW;
            const int cy = int(at.y()) / cellH;
            if (at.x() < plot.left() || at.y() < plot.top() || cx >= columns || cy < 0 ||
                std::size_t(cy * columns + cx) >= labelCells.size() || labelCells[std::size_t(cy * columns + cx)])
                return false;
            labelCells[std::size_t(cy * columns + cx)] = true;
            return true;
        };
        const bool roomForLabels = bucketPx >= 24;
        painter.setFont(small);
        for (std::size_t pair = 0; pair < pairSeen.size(); ++pair) {
            if (!pairSeen[pair])
                continue;
            const double ys = laneY(int(pair / laneCount));
            const double yt = laneY(int(pair % laneCount));
            for (int bucket = 0; bucket < buckets; ++bucket) {
                const Bucket& b = acc[pair * std::size_t(buckets) + std::size_t(bucket)];
                const double x0 = plot.left() + (bucket + 0.5) * bucketPx;
                if (b.count > 0) {
                    const double dx = b.sumDx / b.count;
                    const QColor colour = mix(colourOf(b.type), base, 0.8);
                    painter.setPen(QPen(colour, std::min(1.0 + std::log2(double(b.count)), 7.0), Qt::SolidLine,
                                        Qt::FlatCap));
                    painter.drawLine(QPointF(x0, ys), QPointF(x0 + dx, yt));
                    ++m_stats.aggregates;
                    ++m_stats.primitives;
                    const QPointF mid(x0 + dx / 2, (ys + yt) / 2);
                    if (b.count > 1 && roomForLabels && claimLabel(mid)) {
                        painter.setPen(text);
                        painter.drawText(mid + QPointF(4, 4), QString::number(b.count));
                        ++m_stats.labels;
                        ++m_stats.primitives;
                    }
                }
                if (b.drops > 0) {
                    const QPointF at(x0 + b.sumDropDx / b.drops, ys + (yt - ys) * kDropFraction);
                    painter.setPen(QPen(dropColour, 2));
                    drawCross(painter, at, 4);
                    m_stats.drops += 1;
                    m_stats.primitives += 2;
                    if (b.drops > 1 && roomForLabels && claimLabel(at)) {
                        painter.setPen(dropColour);
                        painter.drawText(at + QPointF(6, 4), QString::number(b.drops));
                        ++m_stats.labels;
                        ++m_stats.primitives;
                    }
                }
            }
        }
        painter.setFont(font());
        // The highlight's messages, one by one over the aggregates.
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const std::uint32_t i : m_visible) {
            if (!isMessageHighlighted(i))
                continue;
            const MessageIndex::Message& m = m_index.message(i);
            const double ys = laneY(laneOf(m.from));
            const double yt = laneY(laneOf(m.to));
            const MessageIndex::Fate fate = m_index.fateAt(i, cursor);
            const bool ended = fate == MessageIndex::Fate::Delivered || fate == MessageIndex::Fate::Dropped;
            const double xe = xOf(ended ? m.firstEndNs : cursor);
            const double ye = fate == MessageIndex::Fate::Delivered ? yt
                              : fate == MessageIndex::Fate::Dropped ? ys + (yt - ys) * kDropFraction
                                                                    : ys + (yt - ys) * kWaitFraction;
            QLineF line(QPointF(xOf(m.sentNs), ys), QPointF(xe, ye));
            if (!clipX(line, clipLeft, clipRight))
                continue;
            painter.setPen(QPen(mix(marked, base, 0.55), 8, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(line);
            painter.setPen(QPen(colourOf(m.type), 2.5, Qt::SolidLine, Qt::FlatCap));
            painter.drawLine(line);
            ++m_stats.highlighted;
            ++m_stats.primitives;
        }
    } else {
        const bool selection = m_selected >= 0;
        // The highlight's messages over the others, the rest dimmed while there are any.
        const bool highlighting = !m_highlightKeys.empty();
        if (highlighting)
            std::stable_partition(m_visible.begin(), m_visible.end(),
                                  [this](std::uint32_t i) { return !isMessageHighlighted(i); });
        // The selected message last, over its neighbours.
        const auto selectedAt = std::find(m_visible.begin(), m_visible.end(), std::uint32_t(m_selected));
        if (selection && selectedAt != m_visible.end())
            std::rotate(selectedAt, selectedAt + 1, m_visible.end());
        for (const std::uint32_t i : m_visible) {
            const MessageIndex::Message& m = m_index.message(i);
            QColor colour = colourOf(m.type);
            const MessageIndex::Order relation = relationToSelected(i);
            const bool selected = selection && relation == MessageIndex::Order::Same;
            const bool emphasised = highlighting && isMessageHighlighted(i);
            const bool dimmed = (selection && (relation == MessageIndex::Order::Concurrent ||
                                               relation == MessageIndex::Order::Unknown)) ||
                                (highlighting && !emphasised && !selected);
            if (dimmed)
                colour = mix(colour, base, dark ? 0.25 : 0.2);
            // Width 1 takes the raster engine's fast cosmetic stroker.
            const double width = selected || emphasised ? 2.5 : 1.0;
            const double xs = xOf(m.sentNs);
            const double ys = laneY(laneOf(m.from));
            const double yt = laneY(laneOf(m.to));
            const bool wasHeld = m.heldNs >= 0 && m.heldNs <= cursor;
            const auto stroke = [&](QLineF line, Qt::PenStyle style, const QColor& c) {
                if (!clipX(line, clipLeft, clipRight))
                    return false;
                if (selected || emphasised) {
                    const QColor halo = mix(selected ? pal.color(QPalette::Highlight) : marked, base, 0.55);
                    painter.setPen(QPen(halo, width + 6, Qt::SolidLine, Qt::RoundCap));
                    painter.drawLine(line);
                }
                painter.setPen(QPen(c, width, style, Qt::FlatCap));
                painter.drawLine(line);
                m_hits.push_back(Hit{line, i});
                ++m_stats.primitives;
                return true;
            };
            const QPointF start(xs, ys);
            bool drawn = false;
            switch (m_index.fateAt(i, cursor)) {
            case MessageIndex::Fate::Delivered: {
                const QLineF line(start, QPointF(xOf(m.firstEndNs), yt));
                drawn = stroke(line, wasHeld ? Qt::DashLine : Qt::SolidLine, colour);
                if (drawn && line.p2().x() <= clipRight) {
                    drawArrowHead(painter, line, colour);
                    ++m_stats.primitives;
                }
                break;
            }
            case MessageIndex::Fate::Dropped: {
                const QPointF end(xOf(m.firstEndNs), ys + (yt - ys) * kDropFraction);
                drawn = stroke(QLineF(start, end), wasHeld ? Qt::DashLine : Qt::SolidLine, colour);
                if (drawn && end.x() <= clipRight) {
                    const QColor cross = dimmed ? mix(dropColour, base, 0.25) : dropColour;
                    painter.setPen(QPen(cross, 2));
                    drawCross(painter, end, 4);
                    ++m_stats.drops;
                    m_stats.primitives += 2;
                }
                break;
            }
            case MessageIndex::Fate::Held: {
                const QPointF end(xOf(cursor), ys + (yt - ys) * kWaitFraction);
                drawn = stroke(QLineF(start, end), Qt::DashLine, colour);
                if (drawn) {
                    painter.setPen(QPen(colour, 1.5));
                    painter.setBrush(pal.color(QPalette::Base));
                    painter.drawEllipse(end, 3.5, 3.5);
                    painter.setBrush(Qt::NoBrush);
                    ++m_stats.held;
                    ++m_stats.primitives;
                }
                break;
            }
            case MessageIndex::Fate::InFlight: {
                // Where it is at the cursor: along its real path when its arrival is known (the
                // cursor was moved back), else half way, waiting.
                QPointF end(xOf(cursor), ys + (yt - ys) * kWaitFraction);
                if (m.firstEndNs > cursor && m.firstEndNs > m.sentNs) {
                    const double f = double(cursor - m.sentNs) / double(m.firstEndNs - m.sentNs);
                    const QPointF arrival(xOf(m.firstEndNs), m.firstDropped ? ys + (yt - ys) * kDropFraction : yt);
                    end = start + (arrival - start) * f;
                }
                drawn = stroke(QLineF(start, end), Qt::SolidLine, colour);
                if (drawn) {
                    painter.setPen(Qt::NoPen);
                    painter.setBrush(colour);
                    painter.drawEllipse(end, 2.5, 2.5);
                    painter.setBrush(Qt::NoBrush);
                    ++m_stats.inFlight;
                    ++m_stats.primitives;
                }
                break;
            }
            }
            if (drawn)
                ++m_stats.arrows;
            if (drawn && emphasised)
                ++m_stats.highlighted;
            if (m.extraHead < 0)
                continue;
            // Duplicates: every further copy that arrived (or was dropped) by the cursor.
            const std::vector<MessageIndex::Ending> endings = m_index.endings(i);
            for (std::size_t e = 1; e < endings.size(); ++e) {
                if (endings[e].tNs > cursor)
                    continue;
                const double xe = xOf(endings[e].tNs);
                if (endings[e].dropped) {
                    const QPointF end(xe, ys + (yt - ys) * kDropFraction);
                    if (stroke(QLineF(start, end), Qt::DotLine, colour)) {
                        painter.setPen(QPen(dropColour, 2));
                        drawCross(painter, end, 4);
                        ++m_stats.drops;
                    }
                } else {
                    const QLineF line(start, QPointF(xe, yt));
                    if (stroke(line, Qt::DotLine, colour))
                        drawArrowHead(painter, line, colour);
                }
                ++m_stats.arrows;
            }
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, false);

    // The cursor: where the run is shown up to.
    const double cursorX = xOf(cursor);
    if (cursorX >= plot.left() && cursorX <= plot.right() + 1) {
        QColor cursorColour = m_timeline.isLive() ? laneColour : QColor(0xe6, 0x55, 0x0d);
        painter.setPen(QPen(cursorColour, m_timeline.isLive() ? 1 : 2, m_timeline.isLive() ? Qt::DashLine : Qt::SolidLine));
        painter.drawLine(QPointF(cursorX, plot.top()), QPointF(cursorX, plot.bottom()));
    }

    if (m_index.size() == 0 || m_index.sentUntil(cursor) == 0) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("No messages yet"));
    }
    painter.setClipping(false);

    // Axis band on top, lane labels on the left, over the plot.
    const QRect axis(0, 0, area.width(), top);
    painter.fillRect(axis, pal.color(QPalette::Window));
    painter.setPen(QPen(laneColour, 1));
    painter.drawLine(axis.bottomLeft(), axis.bottomRight());
    painter.setPen(pal.color(QPalette::WindowText));
    const QFontMetrics metrics(font());
    double lastRight = plot.left() - 1;
    for (double t = std::ceil(double(fromNs) / step) * step; t <= double(toNs); t += step) {
        const double x = xOf(qint64(t));
        const QString tick = label(qint64(t));
        const double w = metrics.horizontalAdvance(tick);
        const double left = std::clamp(x - w / 2, double(plot.left()) + 2, area.width() - w - 2);
        if (left > lastRight + 6) {
            painter.drawText(QPointF(left, top - 6 - metrics.descent()), tick);
            lastRight = left + w;
        }
        painter.drawLine(QPointF(x, top - 4), QPointF(x, top));
    }

    const QRect labels(0, top, plotLeft(), area.height() - top);
    painter.fillRect(labels, pal.color(QPalette::Window));
    painter.setPen(QPen(laneColour, 1));
    painter.drawLine(labels.topRight(), labels.bottomRight());
    painter.setClipRect(labels);
    QFont bold = font();
    bold.setBold(true);
    for (int lane = 0; lane < m_lanes.size(); ++lane) {
        const double y = laneY(lane);
        const bool isSelected = m_lanes[lane] == selectedNode;
        const QRectF cell(6, y - m_laneHeight / 2, plotLeft() - 10, m_laneHeight);
        if (isSelected)
            painter.fillRect(QRectF(0, cell.top(), plotLeft(), cell.height()), highlight);
        if (m_timeline.highlight().hasNode(m_lanes[lane]))
            painter.fillRect(QRectF(0, cell.top() + 2, 4, cell.height() - 4), marked);
        painter.setFont(isSelected ? bold : font());
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(cell, Qt::AlignVCenter | Qt::AlignLeft,
                         painter.fontMetrics().elidedText(m_lanes[lane], Qt::ElideRight, int(cell.width())));
    }
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
    double best = 6.0;
    qint64 hit = -1;
    for (const Hit& candidate : m_hits) {
        const double d = distanceToSegment(at, candidate.line);
        if (d < best) {
            best = d;
            hit = candidate.message;
        }
    }
    selectMessage(hit);
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
    } else if (m_stats.aggregated) {
        tip = tr("Too many messages to draw one by one: zoom in (mouse wheel) to see each message");
    } else {
        for (const Hit& candidate : m_hits)
            if (distanceToSegment(at, candidate.line) < 6.0) {
                const MessageIndex::Message& m = m_index.message(candidate.message);
                tip = tr("%1 → %2 · %3 #%4")
                          .arg(QString::fromStdString(m_index.nodes()[m.from]),
                               QString::fromStdString(m_index.nodes()[m.to]),
                               QString::fromStdString(m_index.types()[m.type]))
                          .arg(m.msgId);
                break;
            }
    }
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), tip, viewport());
    return true;
}

}  // namespace distlab::views
