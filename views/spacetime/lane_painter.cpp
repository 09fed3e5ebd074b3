#include "views/spacetime/lane_painter.h"

#include <QPainter>

#include "views/common/highlight.h"
#include "views/spacetime/paint_frame.h"

namespace distlab::views {

LanePainter::LanePainter(const PaintFrame& frame, const Highlight& highlight)
    : m_frame(frame), m_highlight(highlight) {}

void LanePainter::paintLanes(QPainter& painter) const {
    const PaintFrame& f = m_frame;
    const QRect& plot = f.plot;
    for (int lane = 0; lane < f.lanes->size(); ++lane) {
        const double y = f.laneY(lane);
        if ((*f.lanes)[lane] == f.selectedNode)
            painter.fillRect(QRectF(plot.left(), y - f.laneHeight / 2, plot.width(), f.laneHeight), f.selectedFill);
        painter.setPen(QPen(f.laneColour, 1));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
}

void LanePainter::paintLabels(QPainter& painter) const {
    const PaintFrame& f = m_frame;
    const int left = f.plot.left();
    const int top = f.plot.top();
    const QRect labels(0, top, left, f.area.height() - top);
    painter.fillRect(labels, f.palette.color(QPalette::Window));
    painter.setPen(QPen(f.laneColour, 1));
    painter.drawLine(labels.topRight(), labels.bottomRight());
    painter.setClipRect(labels);
    QFont bold = f.font;
    bold.setBold(true);
    for (int lane = 0; lane < f.lanes->size(); ++lane) {
        const QString& name = (*f.lanes)[lane];
        const double y = f.laneY(lane);
        const bool isSelected = name == f.selectedNode;
        const QRectF cell(6, y - f.laneHeight / 2, left - 10, f.laneHeight);
        if (isSelected)
            painter.fillRect(QRectF(0, cell.top(), left, cell.height()), f.selectedFill);
        if (m_highlight.hasNode(name))
            painter.fillRect(QRectF(0, cell.top() + 2, 4, cell.height() - 4), f.marked);
        painter.setFont(isSelected ? bold : f.font);
        painter.setPen(f.palette.color(QPalette::WindowText));
        painter.drawText(cell, Qt::AlignVCenter | Qt::AlignLeft,
                         painter.fontMetrics().elidedText(name, Qt::ElideRight, int(cell.width())));
    }
}

}  // namespace distlab::views
