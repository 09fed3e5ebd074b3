#pragma once

#include <QRectF>
#include <QtGlobal>

#include <algorithm>

namespace distlab::views {

// Where the lanes of a pattern view that draws one lane per node against run time go (Raft's
// lanes, the transaction view): the time axis from `left` to `right`, lanes of `laneHeight`
// from `top` with `gap` between them, the axis labels from `axisTop`. Each view fills it from
// its own size; the mapping between time and x is shared.
struct LaneGeometry {
    double left = 0;
    double right = 0;
    double top = 0;
    double laneHeight = 0;
    double gap = 0;
    double axisTop = 0;

    QRectF laneRect(int lane) const { return {left, top + lane * (laneHeight + gap), right - left, laneHeight}; }

    // The x of run time `tNs` when the axis spans `spanNs`.
    double xOf(qint64 tNs, qint64 spanNs) const { return left + (right - left) * double(tNs) / double(spanNs); }

    // The run time at `x`, within [0, endNs].
    qint64 timeAt(double x, qint64 spanNs, qint64 endNs) const {
        const double fraction = std::clamp((x - left) / std::max(1.0, right - left), 0.0, 1.0);
        return std::min(endNs, qint64(fraction * double(spanNs)));
    }
};

}  // namespace distlab::views
