#include "views/spacetime/fault_bands.h"

#include <QPainter>

#include <algorithm>

#include "views/common/run_timeline.h"
#include "views/spacetime/paint_frame.h"

namespace distlab::views {

FaultBands::FaultBands(const PaintFrame& frame, const std::vector<FaultInterval>& faults)
    : m_frame(frame), m_faults(faults) {}

void FaultBands::paint(QPainter& painter) const {
    const PaintFrame& f = m_frame;
    const QRect& plot = f.plot;
    const QColor fill = paint::mix(QColor(255, 150, 0), f.base, f.dark ? 0.22 : 0.15);
    const QColor kindColour = f.dark ? QColor(255, 190, 90) : QColor(170, 90, 0);
    painter.setFont(f.small);
    for (const FaultInterval& fault : m_faults) {
        if (fault.startNs > f.cursorNs || fault.startNs > f.toNs)
            continue;
        const qint64 end = fault.endNs < 0 || fault.endNs > f.cursorNs ? f.cursorNs : fault.endNs;
        if (end < f.fromNs)
            continue;
        const double x0 = std::max<double>(plot.left(), f.xOf(fault.startNs));
        const double x1 = std::min<double>(plot.right(), std::max(f.xOf(end), x0 + 2));
        const int lane = fault.node.isEmpty() ? -1 : int(f.lanes->indexOf(fault.node));
        QRectF band(x0, plot.top(), x1 - x0, plot.height());
        if (lane >= 0)
            band = QRectF(x0, f.laneY(lane) - f.laneHeight / 2, x1 - x0, f.laneHeight);
        painter.fillRect(band, fill);
        painter.setPen(kindColour);
        if (band.width() > painter.fontMetrics().horizontalAdvance(fault.kind) + 6)
            painter.drawText(band.adjusted(3, 1, -2, 0), Qt::AlignLeft | Qt::AlignTop, fault.kind);
    }
    painter.setFont(f.font);
}

}  // namespace distlab::views
