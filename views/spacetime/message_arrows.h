#pragma once

#include <QLineF>

#include <cstdint>
#include <vector>

class QPainter;

namespace distlab::views {

class MessageIndex;
struct MessageEmphasis;
struct PaintFrame;
struct PaintStats;

// A line the message diagram drew for a message, to find the message under a click or a tooltip;
// an aggregate line stands for `count` messages and leads to its first one.
struct MessageHit {
    QLineF line;
    std::uint32_t message;
    std::uint32_t count = 1;
};

// The messages one by one, as of the cursor: an arrow from send to delivery (dashed when it
// was held), a line ending in a red cross when dropped, a dashed line to an open circle while
// held, a line to a dot while travelling, dotted lines for further copies. The selected message
// and the highlight's are wider with a halo; with a selection, the messages its vector clock
// neither precedes nor follows are dimmed, and with a highlight, every other message.
class MessageArrows {
public:
    MessageArrows(const PaintFrame& frame, const MessageIndex& index, const MessageEmphasis& emphasis);

    // Draws the messages of visible (reordered: the highlight's, then the selected one, last,
    // over the others), appends each line drawn to hits and counts what it drew in stats.
    void paint(QPainter& painter, std::vector<std::uint32_t>& visible, std::vector<MessageHit>& hits,
               PaintStats& stats) const;

private:
    void paintMessage(QPainter& painter, std::uint32_t i, std::vector<MessageHit>& hits, PaintStats& stats) const;

    const PaintFrame& m_frame;
    const MessageIndex& m_index;
    const MessageEmphasis& m_emphasis;
};

}  // namespace distlab::views
