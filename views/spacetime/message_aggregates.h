#pragma once

#include <cstdint>

#include <vector>

class QPainter;

namespace distlab::views {

class MessageIndex;
struct MessageHit;
struct MessageEmphasis;
struct PaintFrame;
struct PaintStats;

// The messages when too many to draw one by one: per lane pair and time bucket one line from
// the bucket's middle, as long as the mean flight, as thick as log2 of the count, in the colour
// of the bucket's majority type, with the count where there is room; the drops of a bucket as
// one cross. The highlight's messages and the selected one are then drawn one by one over them,
// with a halo. Each aggregate line is a hit for its bucket's first message, so a click on it
// selects a message even when the whole run is in view.
class MessageAggregates {
public:
    // Roughly the most aggregate lines one paint draws.
    static constexpr int kBudget = 4000;

    MessageAggregates(const PaintFrame& frame, const MessageIndex& index, const MessageEmphasis& emphasis);

    // Draws the messages of visible and counts what it drew in stats.
    void paint(QPainter& painter, const std::vector<std::uint32_t>& visible, std::vector<MessageHit>& hits,
               PaintStats& stats) const;

private:
    void paintEmphasised(QPainter& painter, const std::vector<std::uint32_t>& visible, PaintStats& stats) const;

    const PaintFrame& m_frame;
    const MessageIndex& m_index;
    const MessageEmphasis& m_emphasis;
};

}  // namespace distlab::views
