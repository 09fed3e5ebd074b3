#include "views/spacetime/message_aggregates.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "views/spacetime/message_arrows.h"
#include "views/spacetime/message_index.h"
#include "views/spacetime/paint_frame.h"

namespace distlab::views {

namespace {

struct Bucket {
    std::uint32_t count = 0;
    std::uint32_t drops = 0;
    float sumDx = 0;
    float sumDropDx = 0;
    std::uint32_t type = 0;    // Boyer-Moore majority vote over the types
    std::uint32_t votes = 0;
    std::uint32_t first = 0;   // the first message counted (not dropped)
};

// A coarse grid over the viewport that lets at most one count label into each cell.
class LabelCells {
public:
    LabelCells(const QRect& area, const QRect& plot)
        : m_plot(plot), m_columns(area.width() / kWidth + 1),
          m_taken(std::size_t(m_columns) * std::size_t(area.height() / kHeight + 1), false) {}

    // Whether a label at `at` is the first in its cell (and claims the cell then).
    bool claim(const QPointF& at) {
        const int cx = int(at.x()) / kWidth;
        const int cy = int(at.y()) / kHeight;
        if (at.x() < m_plot.left() || at.y() < m_plot.top() || cx >= m_columns || cy < 0 ||
            std::size_t(cy * m_columns + cx) >= m_taken.size() || m_taken[std::size_t(cy * m_columns + cx)])
            return false;
        m_taken[std::size_t(cy * m_columns + cx)] = true;
        return true;
    }

private:
    static constexpr int kWidth = 40;
    static constexpr int kHeight = 14;
    QRect m_plot;
    int m_columns;
    std::vector<bool> m_taken;
};

}  // namespace

MessageAggregates::MessageAggregates(const PaintFrame& frame, const MessageIndex& index,
                                     const MessageEmphasis& emphasis)
    : m_frame(frame), m_index(index), m_emphasis(emphasis) {}

void MessageAggregates::paint(QPainter& painter, const std::vector<std::uint32_t>& visible,
                              std::vector<MessageHit>& hits, PaintStats& stats) const {
    const PaintFrame& f = m_frame;
    const QRect& plot = f.plot;
    const qint64 cursor = f.cursorNs;
    // Aggregate lines are thick and nearly upright: antialiasing would only cost time.
    painter.setRenderHint(QPainter::Antialiasing, false);
    const std::size_t laneCount = std::max<std::size_t>(1, std::size_t(f.lanes->size()));
    const auto pairOf = [&](const MessageIndex::Message& m) {
        return std::size_t(f.laneOf(m.from)) * laneCount + std::size_t(f.laneOf(m.to));
    };
    std::vector<bool> pairSeen(laneCount * laneCount, false);
    std::size_t pairs = 0;
    for (const std::uint32_t i : visible) {
        const std::size_t pair = pairOf(m_index.message(i));
        if (!pairSeen[pair]) {
            pairSeen[pair] = true;
            ++pairs;
        }
    }
    const int buckets =
        std::clamp(int(kBudget / std::max<std::size_t>(1, pairs)), 8, std::max(8, plot.width() / 6));
    const double bucketPx = double(plot.width()) / buckets;
    std::vector<Bucket> acc(laneCount * laneCount * std::size_t(buckets));
    for (const std::uint32_t i : visible) {
        const MessageIndex::Message& m = m_index.message(i);
        const double xs = f.xOf(m.sentNs);
        const int bucket = std::clamp(int((xs - plot.left()) / bucketPx), 0, buckets - 1);
        Bucket& b = acc[pairOf(m) * std::size_t(buckets) + std::size_t(bucket)];
        if (b.votes == 0) {
            b.type = m.type;
            b.votes = 1;
        } else {
            b.votes += b.type == m.type ? 1 : -1;
        }
        const MessageIndex::Fate fate = m_index.fateAt(i, cursor);
        const qint64 end =
            fate == MessageIndex::Fate::Delivered || fate == MessageIndex::Fate::Dropped ? m.firstEndNs : cursor;
        if (fate == MessageIndex::Fate::Dropped) {
            ++b.drops;
            b.sumDropDx += float(f.xOf(end) - xs);
        } else {
            if (b.count++ == 0)
                b.first = i;
            b.sumDx += float(f.xOf(end) - xs);
        }
    }
    LabelCells labelCells(f.area, plot);
    const bool roomForLabels = bucketPx >= 24;
    painter.setFont(f.small);
    for (std::size_t pair = 0; pair < pairSeen.size(); ++pair) {
        if (!pairSeen[pair])
            continue;
        const double ys = f.laneY(int(pair / laneCount));
        const double yt = f.laneY(int(pair % laneCount));
        for (int bucket = 0; bucket < buckets; ++bucket) {
            const Bucket& b = acc[pair * std::size_t(buckets) + std::size_t(bucket)];
            const double x0 = plot.left() + (bucket + 0.5) * bucketPx;
            if (b.count > 0) {
                const double dx = b.sumDx / b.count;
                const QColor colour = paint::mix(f.colourOf(b.type), f.base, 0.8);
                painter.setPen(
                    QPen(colour, std::min(1.0 + std::log2(double(b.count)), 7.0), Qt::SolidLine, Qt::FlatCap));
                painter.drawLine(QPointF(x0, ys), QPointF(x0 + dx, yt));
                hits.push_back(MessageHit{QLineF(x0, ys, x0 + dx, yt), b.first, b.count});
                ++stats.aggregates;
                ++stats.primitives;
                const QPointF mid(x0 + dx / 2, (ys + yt) / 2);
                if (b.count > 1 && roomForLabels && labelCells.claim(mid)) {
                    painter.setPen(f.text);
                    painter.drawText(mid + QPointF(4, 4), QString::number(b.count));
                    ++stats.labels;
                    ++stats.primitives;
                }
            }
            if (b.drops > 0) {
                const QPointF at(x0 + b.sumDropDx / b.drops, ys + (yt - ys) * paint::kDropFraction);
                painter.setPen(QPen(f.dropColour, 2));
                paint::drawCross(painter, at, 4);
                stats.drops += 1;
                stats.primitives += 2;
                if (b.drops > 1 && roomForLabels && labelCells.claim(at)) {
                    painter.setPen(f.dropColour);
                    painter.drawText(at + QPointF(6, 4), QString::number(b.drops));
                    ++stats.labels;
                    ++stats.primitives;
                }
            }
        }
    }
    painter.setFont(f.font);
    paintEmphasised(painter, visible, stats);
}

void MessageAggregates::paintEmphasised(QPainter& painter, const std::vector<std::uint32_t>& visible,
                                        PaintStats& stats) const {
    const PaintFrame& f = m_frame;
    const qint64 cursor = f.cursorNs;
    const double clipLeft = f.plot.left() - 10;
    const double clipRight = f.plot.right() + 10;
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const std::uint32_t i : visible) {
        const bool selected = qint64(i) == m_emphasis.selected;
        if (!selected && !m_emphasis.isHighlighted(i))
            continue;
        const MessageIndex::Message& m = m_index.message(i);
        const double ys = f.laneY(f.laneOf(m.from));
        const double yt = f.laneY(f.laneOf(m.to));
        const MessageIndex::Fate fate = m_index.fateAt(i, cursor);
        const bool ended = fate == MessageIndex::Fate::Delivered || fate == MessageIndex::Fate::Dropped;
        const double xe = f.xOf(ended ? m.firstEndNs : cursor);
        const double ye = fate == MessageIndex::Fate::Delivered ? yt
                          : fate == MessageIndex::Fate::Dropped ? ys + (yt - ys) * paint::kDropFraction
                                                                : ys + (yt - ys) * paint::kWaitFraction;
        QLineF line(QPointF(f.xOf(m.sentNs), ys), QPointF(xe, ye));
        if (!paint::clipX(line, clipLeft, clipRight))
            continue;
        const QColor halo = selected ? f.palette.color(QPalette::Highlight) : f.marked;
        painter.setPen(QPen(paint::mix(halo, f.base, 0.55), 8, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(line);
        painter.setPen(QPen(f.colourOf(m.type), 2.5, Qt::SolidLine, Qt::FlatCap));
        painter.drawLine(line);
        if (selected)
            continue;
        ++stats.highlighted;
        ++stats.primitives;
    }
}

}  // namespace distlab::views
