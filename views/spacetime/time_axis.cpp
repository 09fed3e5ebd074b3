#include "views/spacetime/time_axis.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "views/spacetime/paint_frame.h"

namespace distlab::views {

TimeAxis::TimeAxis(const PaintFrame& frame) : m_frame(frame) {
    const double rawStep = 90.0 * frame.nsPerPx;
    m_step = std::pow(10.0, std::floor(std::log10(rawStep)));
    for (const double multiple : {1.0, 2.0, 5.0, 10.0})
        if (m_step * multiple >= rawStep) {
            m_step *= multiple;
            break;
        }
    m_digits = int(std::floor(std::log10(m_step)));
}

// The labels keep the canvas's translation context, where they have always been translated.
QString TimeAxis::label(qint64 tNs) const {
    if (m_step >= 1e6)
        return QCoreApplication::translate("distlab::views::SpacetimeCanvas", "%1 s")
            .arg(double(tNs) / 1e9, 0, 'f', std::max(0, 9 - m_digits));
    return QCoreApplication::translate("distlab::views::SpacetimeCanvas", "%1 ms")
        .arg(double(tNs) / 1e6, 0, 'f', std::max(0, 6 - m_digits));
}

void TimeAxis::paintGrid(QPainter& painter) const {
    const QRect& plot = m_frame.plot;
    painter.setPen(QPen(m_frame.faint, 1));
    for (double t = std::ceil(double(m_frame.fromNs) / m_step) * m_step; t <= double(m_frame.toNs); t += m_step)
        painter.drawLine(QPointF(m_frame.xOf(qint64(t)), plot.top()), QPointF(m_frame.xOf(qint64(t)), plot.bottom()));
}

void TimeAxis::paintAxis(QPainter& painter) const {
    const QRect& plot = m_frame.plot;
    const int top = plot.top();
    const QRect axis(0, 0, m_frame.area.width(), top);
    painter.fillRect(axis, m_frame.palette.color(QPalette::Window));
    painter.setPen(QPen(m_frame.laneColour, 1));
    painter.drawLine(axis.bottomLeft(), axis.bottomRight());
    painter.setPen(m_frame.palette.color(QPalette::WindowText));
    const QFontMetrics metrics(m_frame.font);
    double lastRight = plot.left() - 1;
    for (double t = std::ceil(double(m_frame.fromNs) / m_step) * m_step; t <= double(m_frame.toNs); t += m_step) {
        const double x = m_frame.xOf(qint64(t));
        const QString tick = label(qint64(t));
        const double w = metrics.horizontalAdvance(tick);
        const double left = std::clamp(x - w / 2, double(plot.left()) + 2, m_frame.area.width() - w - 2);
        if (left > lastRight + 6) {
            painter.drawText(QPointF(left, top - 6 - metrics.descent()), tick);
            lastRight = left + w;
        }
        painter.drawLine(QPointF(x, top - 4), QPointF(x, top));
    }
}

}  // namespace distlab::views
