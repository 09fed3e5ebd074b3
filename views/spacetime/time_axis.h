#pragma once

#include <QString>

class QPainter;

namespace distlab::views {

struct PaintFrame;

// The message diagram's time scale: a 1-2-5 step at least ~90 px apart, drawn as faint grid
// lines behind the lanes and as ticks with their times in the axis band above the plot.
class TimeAxis {
public:
    explicit TimeAxis(const PaintFrame& frame);

    // Grid lines over the plot, behind everything else but the fault bands.
    void paintGrid(QPainter& painter) const;
    // The axis band across the top of the viewport, over the plot, with the ticks' times.
    void paintAxis(QPainter& painter) const;

private:
    QString label(qint64 tNs) const;

    const PaintFrame& m_frame;
    double m_step = 1;   // ns between ticks
    int m_digits = 0;    // log10 of the step
};

}  // namespace distlab::views
