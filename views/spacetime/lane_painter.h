#pragma once

class QPainter;

namespace distlab::views {

struct Highlight;
struct PaintFrame;

// The diagram's lanes, one per node: a line across the plot (the selected node's lane filled)
// behind the messages, and the lane labels in a column left of the plot, over it (the selected
// node's label bold and filled, the highlight's nodes marked with a magenta bar).
class LanePainter {
public:
    LanePainter(const PaintFrame& frame, const Highlight& highlight);

    void paintLanes(QPainter& painter) const;
    // Clips the painter to the label column.
    void paintLabels(QPainter& painter) const;

private:
    const PaintFrame& m_frame;
    const Highlight& m_highlight;
};

}  // namespace distlab::views
