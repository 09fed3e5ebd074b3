#include "views/topology/topology_items.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "views/common/phase_style.h"

namespace distlab::views {

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
    painter->setPen(QPen(isSelected() ? QColor(0x1c, 0x71, 0xd8) : fill.darker(160), isSelected() ? 4 : 2));
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

    font.setBold(false);
    font.setPixelSize(12);
    painter->setFont(font);
    const QString below = status.badge().isEmpty() ? m_role : m_role + QStringLiteral(" · ") + status.badge();
    // The label sits on a light plate so that links passing under it do not cross the text.
    const QRectF label = painter->fontMetrics().boundingRect(below).adjusted(-4, -1, 4, 1);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xfa, 0xfa, 0xf9, 220));
    painter->drawRoundedRect(QRectF(-label.width() / 2, kNodeRadius + 4, label.width(), 18), 4, 4);
    painter->setPen(QColor(0x3d, 0x38, 0x46));
    painter->drawText(QRectF(-90, kNodeRadius + 4, 180, 18), Qt::AlignHCenter | Qt::AlignVCenter, below);
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
void LinkItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const QLineF l = line();
    const bool cut = cutForward || cutBackward;
    QColor colour = kLinkColour;
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
        colour = QColor(0x1c, 0x71, 0xd8);
        width += 2;
    }
    QPen pen(colour, cut ? 2.5 : width, cut ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap);
    painter->setPen(pen);
    painter->drawLine(l);
    if (l.length() > 2 * kNodeRadius + 20) {
        if (cut && cutForward != cutBackward)
            arrow(painter, cutForward ? l : QLineF(l.p2(), l.p1()), colour);
        else if (!cut && !m_bothWays)
            arrow(painter, l, colour);
    }
    QString text = label;
    if (busy)
        text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + QStringLiteral("×%1/s").arg(rate);
    if (text.isEmpty() || l.length() < 2 * kNodeRadius + 30)
        return;
    QFont font = painter->font();
    font.setPixelSize(11);
    painter->setFont(font);
    const QRectF box = painter->fontMetrics().boundingRect(text).adjusted(-4, -1, 4, 1);
    const QRectF plate(l.center() - QPointF(box.width() / 2, box.height() / 2), box.size());
    painter->setPen(QPen(colour, 1));
    painter->setBrush(QColor(0xff, 0xff, 0xff, 235));
    painter->drawRoundedRect(plate, 4, 4);
    painter->setPen(colour.darker(140));
    painter->drawText(plate, Qt::AlignCenter, text);
}
void LinkItem::arrow(QPainter* painter, const QLineF& l, const QColor& colour) {
    const QPointF tip = l.pointAt(1 - (kNodeRadius + 2) / l.length());
    const double angle = std::atan2(l.dy(), l.dx());
    const QPointF left = tip - QPointF(std::cos(angle - 0.45), std::sin(angle - 0.45)) * 12;
    const QPointF right = tip - QPointF(std::cos(angle + 0.45), std::sin(angle + 0.45)) * 12;
    painter->setPen(QPen(colour, 1.5));
    painter->setBrush(colour);
    painter->drawPolygon(QPolygonF({tip, left, right}));
}
}  // namespace distlab::views
