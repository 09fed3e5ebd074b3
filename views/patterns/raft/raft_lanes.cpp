#include "views/patterns/raft/raft_lanes.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "views/common/run_timeline.h"
#include "views/patterns/raft/raft_history.h"

namespace distlab::views {

namespace {

constexpr qint64 kMinSpanNs = 1'000'000'000;
const QColor kDeadFill(0x5e, 0x5c, 0x64);
const QColor kElectionMark(0x61, 0x35, 0x83);
const QColor kCrown(0xf8, 0xe4, 0x5c);

QString seconds(qint64 tNs) {
    return QString::number(double(tNs) / 1e9, 'f', 3);
}

// A tick step of 1, 2 or 5 times a power of ten (in ns) giving at most `maxTicks` ticks.
qint64 tickStep(qint64 spanNs, int maxTicks) {
    const double raw = double(spanNs) / std::max(1, maxTicks);
    const double power = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
    for (const double factor : {1.0, 2.0, 5.0, 10.0})
        if (power * factor >= raw)
            return std::max<qint64>(1, qint64(power * factor));
    return std::max<qint64>(1, qint64(power * 10.0));
}

void drawCrown(QPainter& painter, QPointF centre, double size) {
    const double w = size;
    const double h = size * 0.8;
    const QPointF o = centre - QPointF(w / 2, h / 2);
    const QPolygonF crown{o + QPointF(0, h),          o + QPointF(0, 0.2 * h),     o + QPointF(0.28 * w, 0.55 * h),
                          o + QPointF(0.5 * w, 0),    o + QPointF(0.72 * w, 0.55 * h), o + QPointF(w, 0.2 * h),
                          o + QPointF(w, h)};
    painter.setPen(QPen(Qt::black, 1.0));
    painter.setBrush(kCrown);
    painter.drawPolygon(crown);
}

}  // namespace

RaftLanes::RaftLanes(const RaftHistory& history, RunTimeline& timeline, QWidget* parent)
    : QWidget(parent), m_history(history), m_timeline(timeline) {
    setMouseTracking(false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

int RaftLanes::laneCount() const {
    return int(m_history.lanes().size());
}

QSize RaftLanes::sizeHint() const {
    return {600, fontMetrics().height() + 12 + (kComfortableLane + 3) * std::clamp(laneCount(), 3, 10)};
}

QSize RaftLanes::minimumSizeHint() const {
    // Up to ten nodes, lanes tall enough for their text; more share the dock as they can.
    const int n = std::max(1, laneCount());
    const int lane = n <= 10 ? kReadableLane : 3;
    return {200, fontMetrics().height() + 12 + (lane + 1) * n};
}

qint64 RaftLanes::spanNs() const {
    return std::max(kMinSpanNs, m_timeline.endNs());
}

RaftLanes::Layout RaftLanes::layout() const {
    Layout l;
    const QFontMetrics fm = fontMetrics();
    int nameWidth = fm.horizontalAdvance(QStringLiteral("n00"));
    for (const QString& node : m_history.nodes())
        nameWidth = std::max(nameWidth, fm.horizontalAdvance(node));
    l.left = std::min<double>(nameWidth + 14, width() / 3.0);
    l.right = width() - 10.0;
    l.top = 4;
    const double axisHeight = fm.height() + 8;
    l.axisTop = height() - axisHeight;
    const int n = std::max(1, laneCount());
    const double available = l.axisTop - l.top;
    l.gap = available / n >= kReadableLane + 4 ? 3 : 1;
    l.laneHeight = std::clamp(available / n - l.gap, 3.0, double(kMaxLane));
    return l;
}

QRectF RaftLanes::laneRect(int lane) const {
    return layout().laneRect(lane);
}

double RaftLanes::xOf(qint64 tNs) const {
    return layout().xOf(tNs, spanNs());
}

qint64 RaftLanes::timeAt(double x) const {
    return layout().timeAt(x, spanNs(), m_timeline.endNs());
}

int RaftLanes::laneAt(double y) const {
    const Layout l = layout();
    const int lane = int(std::floor((y - l.top) / (l.laneHeight + l.gap)));
    return lane >= 0 && lane < laneCount() ? lane : -1;
}

void RaftLanes::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (laneCount() == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No Raft nodes in this run yet"));
        return;
    }
    const Layout l = layout();
    for (int lane = 0; lane < laneCount(); ++lane)
        paintLane(painter, l, lane);
    paintAxis(painter, l);

    const double cursorX = xOf(m_timeline.cursorNs());
    const double bottom = l.top + laneCount() * (l.laneHeight + l.gap);
    if (!m_timeline.isLive()) {
        // What lies after the cursor is the run's future as seen from there: dimmed.
        QColor veil = palette().color(QPalette::Base);
        veil.setAlpha(120);
        painter.fillRect(QRectF(QPointF(cursorX, l.top), QPointF(l.right, bottom)), veil);
    }
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.drawLine(QPointF(cursorX, 0), QPointF(cursorX, l.axisTop + 3));
}

void RaftLanes::paintLane(QPainter& painter, const Layout& l, int lane) const {
    const RaftLane& data = m_history.lanes()[std::size_t(lane)];
    const QRectF band(l.left, l.top + lane * (l.laneHeight + l.gap), l.right - l.left, l.laneHeight);
    const qint64 end = m_timeline.endNs();
    const bool selected = data.node == m_timeline.selectedNode();

    const QRectF nameRect(0, band.top(), l.left - 4, band.height());
    if (selected)
        painter.fillRect(nameRect, palette().color(QPalette::Highlight));
    painter.setPen(palette().color(selected ? QPalette::HighlightedText : QPalette::Text));
    // Thin lanes (many nodes in a small dock): a name on every few lanes, never overlapping.
    const double pitch = l.laneHeight + l.gap;
    const int step = std::max(1, int(std::ceil(9.0 / pitch)));
    if (lane % step == 0 || selected) {
        QFont nameFont = font();
        if (pitch < fontMetrics().height())
            nameFont.setPixelSize(std::max(7, std::min(int(pitch * step) - 1, fontMetrics().height())));
        painter.setFont(nameFont);
        const QRectF textRect(4, band.center().y() - pitch * step / 2, l.left - 8, pitch * step);
        painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, data.node);
    }
    painter.setFont(font());

    painter.fillRect(band, palette().color(QPalette::AlternateBase));
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (const LaneSegment& s : data.segments) {
        const double x0 = xOf(s.startNs);
        const double x1 = std::max(x0 + 1.0, xOf(s.endNs < 0 ? end : s.endNs));
        painter.fillRect(QRectF(QPointF(x0, band.top()), QPointF(x1, band.bottom())), raftRoleColor(s.role));
    }
    // Term labels: one per run of segments in the same term, centred where it fits.
    // Text inside thin lanes in a smaller font, down to 8 px lanes.
    QFont laneFont = font();
    if (l.laneHeight < fontMetrics().height())
        laneFont.setPixelSize(std::max(7, int(l.laneHeight) - 1));
    const QFontMetrics fm(laneFont);
    painter.setFont(laneFont);
    const bool roomForText = l.laneHeight >= 8;
    if (roomForText) {
        painter.setPen(Qt::black);
        std::size_t i = 0;
        while (i < data.segments.size()) {
            std::size_t j = i;
            while (j + 1 < data.segments.size() && data.segments[j + 1].term == data.segments[i].term &&
                   data.segments[j + 1].startNs == data.segments[j].endNs)
                ++j;
            const double x0 = xOf(data.segments[i].startNs);
            const qint64 runEnd = data.segments[j].endNs < 0 ? end : data.segments[j].endNs;
            const double x1 = xOf(runEnd);
            const QString full = tr("term %1").arg(data.segments[i].term);
            const QString brief = QString::number(data.segments[i].term);
            const QString label = fm.horizontalAdvance(full) + 8 <= x1 - x0 ? full
                                  : fm.horizontalAdvance(brief) + 4 <= x1 - x0 ? brief
                                                                                : QString();
            if (!label.isEmpty())
                painter.drawText(QRectF(QPointF(x0, band.top()), QPointF(x1, band.bottom())), Qt::AlignCenter, label);
            // A term boundary inside the lane: a thin dark rule.
            if (i > 0)
                painter.fillRect(QRectF(x0, band.top(), 1, band.height()), QColor(0, 0, 0, 110));
            i = j + 1;
        }
    }
    for (const DownInterval& d : data.downs) {
        const double x0 = xOf(d.startNs);
        const double x1 = std::max(x0 + 1.0, xOf(d.endNs < 0 ? end : d.endNs));
        if (d.endNs >= 0 && d.endNs == d.startNs)
            continue;
        const QRectF area(QPointF(x0, band.top()), QPointF(x1, band.bottom()));
        if (d.paused) {
            painter.fillRect(area, QBrush(QColor(0x24, 0x1f, 0x31, 150), Qt::BDiagPattern));
        } else {
            painter.fillRect(area, kDeadFill);
            painter.fillRect(area, QBrush(QColor(0xc0, 0xbf, 0xbc), Qt::BDiagPattern));
            const QString dead = tr("dead");
            const double textWidth = fm.horizontalAdvance(dead) + 6;
            if (roomForText && textWidth + 2 <= area.width()) {
                const QRectF plate(area.center().x() - textWidth / 2, area.top() + 1, textWidth, area.height() - 2);
                painter.fillRect(plate, kDeadFill);
                painter.setPen(Qt::white);
                painter.drawText(area, Qt::AlignCenter, dead);
            }
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const LaneMark& m : data.marks) {
        const double x = xOf(m.tNs);
        if (m.kind == LaneMark::Election) {
            painter.fillRect(QRectF(x - 1, band.top(), 2, band.height()), kElectionMark);
            const double size = std::min(7.0, band.height() / 2);
            const QPolygonF flag{QPointF(x - size / 2 - 1, band.top()), QPointF(x + size / 2 + 1, band.top()),
                                 QPointF(x, band.top() + size)};
            painter.setPen(Qt::NoPen);
            painter.setBrush(kElectionMark);
            painter.drawPolygon(flag);
        } else {
            drawCrown(painter, QPointF(x, band.center().y()), std::clamp(band.height() - 6, 6.0, 14.0));
        }
    }
    painter.setFont(font());
    if (selected) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(band.adjusted(1, 1, -1, -1));
    }
}

void RaftLanes::paintAxis(QPainter& painter, const Layout& l) const {
    const QFontMetrics fm = fontMetrics();
    const qint64 span = spanNs();
    const int maxTicks = std::max(2, int((l.right - l.left) / (fm.horizontalAdvance(QStringLiteral("00.0 s")) + 16)));
    const qint64 step = tickStep(span, maxTicks);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawLine(QPointF(l.left, l.axisTop + 1), QPointF(l.right, l.axisTop + 1));
    for (qint64 t = 0; t <= span; t += step) {
        const double x = xOf(t);
        painter.drawLine(QPointF(x, l.axisTop + 1), QPointF(x, l.axisTop + 4));
        const QString label = step >= 1'000'000'000 ? tr("%1 s").arg(t / 1'000'000'000)
                                                    : tr("%1 s").arg(double(t) / 1e9, 0, 'g', 4);
        const double w = fm.horizontalAdvance(label);
        const double left = std::clamp(x - w / 2, 0.0, width() - w);
        painter.drawText(QPointF(left, l.axisTop + 4 + fm.ascent()), label);
    }
}

void RaftLanes::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || laneCount() == 0)
        return QWidget::mousePressEvent(event);
    const QPointF pos = event->position();
    const int lane = laneAt(pos.y());
    if (pos.x() >= layout().left)
        m_timeline.seek(timeAt(pos.x()));
    if (lane >= 0)
        m_timeline.selectNode(m_history.nodes()[lane]);
    event->accept();
}

bool RaftLanes::event(QEvent* event) {
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    const auto* help = static_cast<QHelpEvent*>(event);
    const int lane = laneAt(help->pos().y());
    if (lane < 0 || help->pos().x() < layout().left) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    const RaftLane& data = m_history.lanes()[std::size_t(lane)];
    const qint64 t = timeAt(help->pos().x());
    QString text = tr("%1 at %2 s").arg(data.node, seconds(t));
    if (const DownInterval* down = data.downAt(t); down != nullptr && !down->paused)
        text += QLatin1Char('\n') + tr("dead");
    else if (const LaneSegment* s = data.segmentAt(t); s != nullptr)
        text += QLatin1Char('\n') + tr("%1, term %2").arg(raftRoleName(s->role)).arg(s->term) +
                (down != nullptr ? QStringLiteral(" (") + tr("paused") + QLatin1Char(')') : QString());
    text += QLatin1Char('\n') + tr("%n election(s) in the run", nullptr, data.elections());
    QToolTip::showText(help->globalPos(), text, this);
    return true;
}

}  // namespace distlab::views
