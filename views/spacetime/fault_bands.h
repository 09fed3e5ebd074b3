#pragma once

#include <vector>

class QPainter;

namespace distlab::views {

struct FaultInterval;
struct PaintFrame;

// The fault intervals of the run as of the cursor, shaded orange behind everything (on their
// node's lane when they have one, else across every lane), each with its kind when it fits.
class FaultBands {
public:
    FaultBands(const PaintFrame& frame, const std::vector<FaultInterval>& faults);

    void paint(QPainter& painter) const;

private:
    const PaintFrame& m_frame;
    const std::vector<FaultInterval>& m_faults;
};

}  // namespace distlab::views
