#include "views/spacetime/message_arrows.h"

#include <QPainter>

#include <algorithm>

#include "views/spacetime/message_index.h"
#include "views/spacetime/paint_frame.h"

namespace distlab::views {

using paint::kDropFraction;
using paint::kWaitFraction;

MessageArrows::MessageArrows(const PaintFrame& frame, const MessageIndex& index, const MessageEmphasis& emphasis)
    : m_frame(frame), m_index(index), m_emphasis(emphasis) {}

void MessageArrows::paint(QPainter& painter, std::vector<std::uint32_t>& visible, std::vector<MessageHit>& hits,
                          PaintStats& stats) const {
    painter.setRenderHint(QPainter::Antialiasing, true);
    // The highlight's messages over the others, the rest dimmed while there are any.
    if (m_emphasis.highlighting)
        std::stable_partition(visible.begin(), visible.end(),
                              [this](std::uint32_t i) { return !m_emphasis.isHighlighted(i); });
    // The selected message last, over its neighbours.
    const auto selectedAt = std::find(visible.begin(), visible.end(), std::uint32_t(m_emphasis.selected));
    if (m_emphasis.selected >= 0 && selectedAt != visible.end())
        std::rotate(selectedAt, selectedAt + 1, visible.end());
    for (const std::uint32_t i : visible)
        paintMessage(painter, i, hits, stats);
}

void MessageArrows::paintMessage(QPainter& painter, std::uint32_t i, std::vector<MessageHit>& hits,
                                 PaintStats& stats) const {
    const PaintFrame& f = m_frame;
    const qint64 cursor = f.cursorNs;
    const double clipLeft = f.plot.left() - 10;
    const double clipRight = f.plot.right() + 10;
    const bool selection = m_emphasis.selected >= 0;
    const MessageIndex::Message& m = m_index.message(i);
    QColor colour = f.colourOf(m.type);
    const MessageIndex::Order relation = m_emphasis.relationToSelected(i);
    const bool selected = selection && relation == MessageIndex::Order::Same;
    const bool emphasised = m_emphasis.highlighting && m_emphasis.isHighlighted(i);
    const bool dimmed =
        (selection && (relation == MessageIndex::Order::Concurrent || relation == MessageIndex::Order::Unknown)) ||
        (m_emphasis.highlighting && !emphasised && !selected);
    if (dimmed)
        colour = paint::mix(colour, f.base, f.dark ? 0.25 : 0.2);
    // Width 1 takes the raster engine's fast cosmetic stroker.
    const double width = selected || emphasised ? 2.5 : 1.0;
    const double xs = f.xOf(m.sentNs);
    const double ys = f.laneY(f.laneOf(m.from));
    const double yt = f.laneY(f.laneOf(m.to));
    const bool wasHeld = m.heldNs >= 0 && m.heldNs <= cursor;
    const auto stroke = [&](QLineF line, Qt::PenStyle style, const QColor& c) {
        if (!paint::clipX(line, clipLeft, clipRight))
            return false;
        if (selected || emphasised) {
            const QColor halo = paint::mix(selected ? f.palette.color(QPalette::Highlight) : f.marked, f.base, 0.55);
            painter.setPen(QPen(halo, width + 6, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(line);
        }
        painter.setPen(QPen(c, width, style, Qt::FlatCap));
        painter.drawLine(line);
        hits.push_back(MessageHit{line, i});
        ++stats.primitives;
        return true;
    };
    const QPointF start(xs, ys);
    bool drawn = false;
    switch (m_index.fateAt(i, cursor)) {
    case MessageIndex::Fate::Delivered: {
        const QLineF line(start, QPointF(f.xOf(m.firstEndNs), yt));
        drawn = stroke(line, wasHeld ? Qt::DashLine : Qt::SolidLine, colour);
        if (drawn && line.p2().x() <= clipRight) {
            paint::drawArrowHead(painter, line, colour);
            ++stats.primitives;
        }
        break;
    }
    case MessageIndex::Fate::Dropped: {
        const QPointF end(f.xOf(m.firstEndNs), ys + (yt - ys) * kDropFraction);
        drawn = stroke(QLineF(start, end), wasHeld ? Qt::DashLine : Qt::SolidLine, colour);
        if (drawn && end.x() <= clipRight) {
            const QColor cross = dimmed ? paint::mix(f.dropColour, f.base, 0.25) : f.dropColour;
            painter.setPen(QPen(cross, 2));
            paint::drawCross(painter, end, 4);
            ++stats.drops;
            stats.primitives += 2;
        }
        break;
    }
    case MessageIndex::Fate::Held: {
        const QPointF end(f.xOf(cursor), ys + (yt - ys) * kWaitFraction);
        drawn = stroke(QLineF(start, end), Qt::DashLine, colour);
        if (drawn) {
            painter.setPen(QPen(colour, 1.5));
            painter.setBrush(f.palette.color(QPalette::Base));
            painter.drawEllipse(end, 3.5, 3.5);
            painter.setBrush(Qt::NoBrush);
            ++stats.held;
            ++stats.primitives;
        }
        break;
    }
    case MessageIndex::Fate::InFlight: {
        // Where it is at the cursor: along its real path when its arrival is known (the cursor
        // was moved back), else half way, waiting.
        QPointF end(f.xOf(cursor), ys + (yt - ys) * kWaitFraction);
        if (m.firstEndNs > cursor && m.firstEndNs > m.sentNs) {
            const double fraction = double(cursor - m.sentNs) / double(m.firstEndNs - m.sentNs);
            const QPointF arrival(f.xOf(m.firstEndNs), m.firstDropped ? ys + (yt - ys) * kDropFraction : yt);
            end = start + (arrival - start) * fraction;
        }
        drawn = stroke(QLineF(start, end), Qt::SolidLine, colour);
        if (drawn) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour);
            painter.drawEllipse(end, 2.5, 2.5);
            painter.setBrush(Qt::NoBrush);
            ++stats.inFlight;
            ++stats.primitives;
        }
        break;
    }
    }
    if (drawn)
        ++stats.arrows;
    if (drawn && emphasised)
        ++stats.highlighted;
    if (m.extraHead < 0)
        return;
    // Duplicates: every further copy that arrived (or was dropped) by the cursor.
    const std::vector<MessageIndex::Ending> endings = m_index.endings(i);
    for (std::size_t e = 1; e < endings.size(); ++e) {
        if (endings[e].tNs > cursor)
            continue;
        const double xe = f.xOf(endings[e].tNs);
        if (endings[e].dropped) {
            const QPointF end(xe, ys + (yt - ys) * kDropFraction);
            if (stroke(QLineF(start, end), Qt::DotLine, colour)) {
                painter.setPen(QPen(f.dropColour, 2));
                paint::drawCross(painter, end, 4);
                ++stats.drops;
            }
        } else {
            const QLineF line(start, QPointF(xe, yt));
            if (stroke(line, Qt::DotLine, colour))
                paint::drawArrowHead(painter, line, colour);
        }
        ++stats.arrows;
    }
}

}  // namespace distlab::views
