#include "views/topology/topology_items.h"

#include <QGraphicsScene>
#include <QGuiApplication>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

#include "views/common/phase_style.h"
#include "views/common/view_colours.h"
#include "views/topology/topology_scene.h"

namespace distlab::views {

namespace {

QFont captionFont() {
    QFont font = QGuiApplication::font();
    font.setPixelSize(12);
    return font;
}

QString captionText(const QString& role, const NodeStatus& status) {
    return status.badge().isEmpty() ? role : role + QStringLiteral(" · ") + status.badge();
}

}  // namespace

void DomainItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const ViewColours colours = viewColours();
    QColor fill = colours.faintInk;
    fill.setAlphaF(m_level == 0 ? 0.07 : 0.05);
    QColor edge = colours.faintInk;
    edge.setAlphaF(0.6);
    painter->setPen(QPen(edge, 1, m_level == 0 ? Qt::SolidLine : Qt::DashLine));
    painter->setBrush(fill);
    painter->drawRoundedRect(m_rect, 10, 10);
    QFont font = captionFont();
    font.setBold(m_level == 0);
    painter->setFont(font);
    painter->setPen(colours.faintInk);
    painter->drawText(m_rect.adjusted(8, 3, -8, 0), Qt::AlignLeft | Qt::AlignTop, m_caption);
}

QRectF NodeItem::captionRect() const {
    const QString text = captionText(m_role, status);
    if (text != m_measuredCaption || m_measuredCaption.isNull()) {
        m_measuredCaption = text;
        m_captionWidth = QFontMetricsF(captionFont()).horizontalAdvance(text) + 8;
    }
    return QRectF(pos().x() - m_captionWidth / 2, pos().y() + kNodeRadius + 4, m_captionWidth, 18);
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor fill = status.fill();
    if (status.hasRing()) {
        // The ring in the phase's tone, as wide as the gauge's volume (how many calls it rests on).
        const double width = status.ringWidth();
        painter->setPen(QPen(status.ringColour(), width));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(QPointF(0, 0), kNodeRadius + 2 + width / 2, kNodeRadius + 2 + width / 2);
    }
    const ViewColours colours = viewColours();
    painter->setPen(QPen(isSelected() ? colours.accent : fill.darker(160), isSelected() ? 4 : 2));
    painter->setBrush(fill);
    painter->drawEllipse(QPointF(0, 0), kNodeRadius, kNodeRadius);
    if (status.hasGauge()) {
        // The first gauge as value / full scale: an arc clockwise from the top, over a faint track,
        // in the colour the id is written in.
        const qreal r = kNodeRadius - 5;
        const QRectF arc(-r, -r, 2 * r, 2 * r);
        QColor ink = textOn(fill);
        ink.setAlphaF(0.25f);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(ink, 4, Qt::SolidLine, Qt::FlatCap));
        painter->drawEllipse(arc);
        ink.setAlphaF(0.9f);
        painter->setPen(QPen(ink, 4, Qt::SolidLine, Qt::FlatCap));
        painter->drawArc(arc, 90 * 16, -int(std::lround(status.gauge * 360 * 16)));
    }
    if (status.paused) {
        // Hatched: frozen, neither sending nor receiving.
        painter->setPen(Qt::NoPen);
        painter->setBrush(QBrush(fill.darker(150), Qt::BDiagPattern));
        painter->drawEllipse(QPointF(0, 0), kNodeRadius - 1, kNodeRadius - 1);
    }
    if (status.dead) {
        painter->setPen(QPen(QColor(0x3d, 0x38, 0x46, 150), 3, Qt::SolidLine, Qt::RoundCap));
        const qreal d = kNodeRadius * 0.6;
        painter->drawLine(QPointF(-d, -d), QPointF(d, d));
        painter->drawLine(QPointF(-d, d), QPointF(d, -d));
    }

    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(15);
    painter->setFont(font);
    painter->setPen(textOn(fill));
    painter->drawText(QRectF(-kNodeRadius, -kNodeRadius, 2 * kNodeRadius, 2 * kNodeRadius), Qt::AlignCenter, m_id);

    // The caption sits on a plate of the canvas' colour so that links passing under it do not
    // cross the text.
    painter->setFont(captionFont());
    const QRectF caption = captionRect().translated(-pos());
    painter->setPen(Qt::NoPen);
    painter->setBrush(colours.plate);
    painter->drawRoundedRect(caption, 4, 4);
    painter->setPen(colours.ink);
    painter->drawText(QRectF(-90, kNodeRadius + 4, 180, 18), Qt::AlignHCenter | Qt::AlignVCenter, captionText(m_role, status));
    if (!m_problem.isEmpty()) {
        // Upper left: parameters to fix before the lab can run.
        const QPointF c(-kNodeRadius * 0.75, -kNodeRadius * 0.75);
        painter->setPen(QPen(Qt::white, 2));
        painter->setBrush(QColor(0xe0, 0x1b, 0x24));
        painter->drawEllipse(c, 10, 10);
        font.setBold(true);
        font.setPixelSize(14);
        painter->setFont(font);
        painter->drawText(QRectF(c.x() - 10, c.y() - 10, 20, 20), Qt::AlignCenter, QStringLiteral("!"));
    }
    if (status.skewed) {
        // Lower left: a small clock, this node's time runs off.
        const QPointF c(-kNodeRadius * 0.78, kNodeRadius * 0.62);
        painter->setPen(QPen(QColor(0x3d, 0x38, 0x46), 1.5));
        painter->setBrush(QColor(0xf6, 0xd3, 0x2d));
        painter->drawEllipse(c, 9, 9);
        painter->setPen(QPen(QColor(0x3d, 0x38, 0x46), 1.8, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(c, c + QPointF(0, -6));
        painter->drawLine(c, c + QPointF(4, 2));
    }
    if (status.paused || status.dead) {
        // A marker on the disc's upper right, so the id stays readable.
        const QPointF c(kNodeRadius * 0.75, -kNodeRadius * 0.75);
        painter->setPen(QPen(Qt::white, 2));
        painter->setBrush(status.dead ? QColor(0xe0, 0x1b, 0x24) : QColor(0x1c, 0x71, 0xd8));
        painter->drawEllipse(c, 11, 11);
        painter->setPen(QPen(Qt::white, 2.5, Qt::SolidLine, Qt::RoundCap));
        if (status.paused) {
            painter->drawLine(c + QPointF(-3, -5), c + QPointF(-3, 5));
            painter->drawLine(c + QPointF(3, -5), c + QPointF(3, 5));
        } else {
            painter->drawLine(c + QPointF(-4.5, -4.5), c + QPointF(4.5, 4.5));
            painter->drawLine(c + QPointF(-4.5, 4.5), c + QPointF(4.5, -4.5));
        }
    }
}
QFont LinkItem::labelFont() {
    QFont font = QGuiApplication::font();
    font.setPixelSize(11);
    return font;
}

void LinkItem::setRoute(const netlab::LinkRoute& route) {
    prepareGeometryChange();
    m_route = route;
    setLine(QLineF(route.from.x, route.from.y, route.to.x, route.to.y));
    m_path = QPainterPath(QPointF(route.from.x, route.from.y));
    if (route.curved)
        m_path.quadTo(QPointF(route.control.x, route.control.y), QPointF(route.to.x, route.to.y));
    else
        m_path.lineTo(QPointF(route.to.x, route.to.y));
    // Samples for travelling along the curve by length (a straight link needs only its ends).
    const int samples = route.curved ? 48 : 1;
    m_samples.clear();
    m_length.clear();
    for (int i = 0; i <= samples; ++i) {
        const netlab::RoutePoint p = route.at(double(i) / samples);
        const QPointF point(p.x, p.y);
        m_length.push_back(m_samples.empty() ? 0 : m_length.back() + QLineF(m_samples.back(), point).length());
        m_samples.push_back(point);
    }
    update();
}

QPointF LinkItem::travel(qreal fraction, bool forward, QPointF* normal) const {
    const qreal total = m_length.back();
    qreal along = kNodeRadius + std::clamp<qreal>(fraction, 0, 1) * travelLength();
    if (!forward)
        along = total - along;
    const auto it = std::upper_bound(m_length.begin(), m_length.end(), along);
    const std::size_t i = std::clamp<std::size_t>(std::size_t(it - m_length.begin()), 1, m_samples.size() - 1);
    const qreal span = m_length[i] - m_length[i - 1];
    const qreal t = span > 0 ? (along - m_length[i - 1]) / span : 0;
    const QPointF a = m_samples[i - 1];
    const QPointF b = m_samples[i];
    if (normal) {
        QPointF d = forward ? b - a : a - b;
        const qreal length = std::hypot(d.x(), d.y());
        d = length > 0 ? d / length : QPointF(1, 0);
        *normal = QPointF(-d.y(), d.x());
    }
    return a + (b - a) * t;
}

qreal LinkItem::distanceTo(QPointF point) const {
    qreal best = std::numeric_limits<qreal>::max();
    for (std::size_t i = 1; i < m_samples.size(); ++i) {
        const QLineF l(m_samples[i - 1], m_samples[i]);
        const qreal length2 = l.dx() * l.dx() + l.dy() * l.dy();
        const qreal along = length2 > 0 ? std::clamp(((point.x() - l.x1()) * l.dx() + (point.y() - l.y1()) * l.dy()) / length2, 0.0, 1.0) : 0.0;
        best = std::min(best, QLineF(point, l.pointAt(along)).length());
    }
    return best;
}

QRectF LinkItem::labelRect(const QString& text) const {
    const QRectF box = QFontMetricsF(labelFont()).boundingRect(text).adjusted(-4, -1, 4, 1);
    std::vector<netlab::RouteDisc> discs;
    std::vector<netlab::RouteBox> boxes;
    if (const auto* topology = qobject_cast<const TopologyScene*>(scene()))
        topology->labelObstacles(discs, boxes);
    const netlab::RouteBox at = netlab::label_box(m_route, box.width(), box.height(), discs, boxes);
    return QRectF(at.left, at.top, at.width, at.height);
}

void LinkItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const ViewColours colours = viewColours();
    const bool cut = cutForward || cutBackward;
    QColor colour = colours.link;
    qreal width = kLinkWidth;
    if (busy) {
        colour = QColor(0x35, 0x84, 0xe4);
        width = 3 + std::min(5.0, std::log2(1.0 + rate) * 0.6);
    }
    if (!label.isEmpty())
        colour = QColor(0xff, 0x78, 0x00);
    if (cut)
        colour = QColor(0xe0, 0x1b, 0x24);
    if (isSelected()) {
        colour = colours.accent;
        width += 2;
    }
    QPen pen(colour, cut ? 2.5 : width, cut ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    if (travelLength() > 20) {
        if (cut && cutForward != cutBackward)
            arrow(painter, cutForward, colour);
        else if (!cut && !m_bothWays)
            arrow(painter, true, colour);
    }
    QString text = label;
    if (busy)
        text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + QStringLiteral("×%1/s").arg(rate);
    if (text.isEmpty() || travelLength() < 30)
        return;
    painter->setFont(labelFont());
    const QRectF plate = labelRect(text);
    painter->setPen(QPen(colour, 1));
    painter->setBrush(colours.plate);
    painter->drawRoundedRect(plate, 4, 4);
    painter->setPen(colours.dark ? colour.lighter(130) : colour.darker(140));
    painter->drawText(plate, Qt::AlignCenter, text);
}

void LinkItem::arrow(QPainter* painter, bool forward, const QColor& colour) const {
    // The tip on the edge of the disc entered, pointing along the route.
    QPointF normal;
    const QPointF tip = travel(1.0, forward, &normal);
    const QPointF along(normal.y(), -normal.x());
    const double angle = std::atan2(along.y(), along.x());
    const QPointF left = tip - QPointF(std::cos(angle - 0.45), std::sin(angle - 0.45)) * 12;
    const QPointF right = tip - QPointF(std::cos(angle + 0.45), std::sin(angle + 0.45)) * 12;
    painter->setPen(QPen(colour, 1.5));
    painter->setBrush(colour);
    painter->drawPolygon(QPolygonF({tip, left, right}));
}

}  // namespace distlab::views
