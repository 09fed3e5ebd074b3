#include "views/spacetime/operation_bars.h"

#include <QCoreApplication>
#include <QPainter>

#include <algorithm>

#include "views/common/highlight.h"
#include "views/spacetime/paint_frame.h"

namespace distlab::views {

std::vector<OpSpan> highlightedOperations(const std::vector<netlab::Event>& events, const Highlight& highlight) {
    std::vector<OpSpan> ops;
    if (highlight.ops.empty())
        return ops;
    for (const netlab::Event& e : events) {
        if (e.kind != netlab::EventKind::OpInvoked && e.kind != netlab::EventKind::OpCompleted)
            continue;
        const QString client = QString::fromStdString(e.node);
        if (!highlight.hasOp(client, e.msg_id))
            continue;
        if (e.kind == netlab::EventKind::OpInvoked) {
            ops.push_back({client, e.msg_id, e.t_ns, -1});
            continue;
        }
        for (OpSpan& op : ops)
            if (op.client == client && op.id == e.msg_id && op.endNs < 0)
                op.endNs = e.t_ns;
    }
    return ops;
}

OperationBars::OperationBars(const PaintFrame& frame, const std::vector<OpSpan>& ops) : m_frame(frame), m_ops(ops) {}

void OperationBars::paint(QPainter& painter, PaintStats& stats) const {
    const PaintFrame& f = m_frame;
    if (m_ops.empty())
        return;
    painter.setFont(f.small);
    for (const OpSpan& op : m_ops) {
        const int lane = int(f.lanes->indexOf(op.client));
        if (lane < 0 || op.startNs > f.cursorNs || op.startNs > f.toNs)
            continue;
        const qint64 end = op.endNs < 0 || op.endNs > f.cursorNs ? f.cursorNs : op.endNs;
        if (end < f.fromNs)
            continue;
        const double x0 = f.xOf(op.startNs);
        const double x1 = std::max(f.xOf(end), x0 + 4);
        const double half = std::min(7.0, f.laneHeight * 0.3);
        const QRectF bar(x0, f.laneY(lane) - half, x1 - x0, 2 * half);
        painter.setPen(QPen(f.marked, 1.5));
        painter.setBrush(paint::mix(f.marked, f.base, f.dark ? 0.35 : 0.22));
        painter.drawRoundedRect(bar, 3, 3);
        painter.setBrush(Qt::NoBrush);
        // Kept in the canvas's translation context, where it has always been translated.
        const QString name = QCoreApplication::translate("distlab::views::SpacetimeCanvas", "op %1").arg(op.id);
        if (bar.width() > painter.fontMetrics().horizontalAdvance(name) + 6) {
            painter.setPen(f.palette.color(QPalette::Text));
            painter.drawText(bar, Qt::AlignCenter, name);
        }
        ++stats.highlightedOps;
    }
    painter.setFont(f.font);
}

}  // namespace distlab::views
