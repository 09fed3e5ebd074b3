#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "netlab/report/report_data.h"

namespace distlab::netlab {

// The pictures of a report as SVG documents (drawn with SvgWriter), each sized for an A4 page
// at 1 SVG unit = 1 CSS pixel. Pure functions of ReportData.

// The nodes where the canvas draws them (their `at:`; the canvas' circle for nodes without one),
// scaled into the picture; links straight or curved around the nodes they do not join (as on the
// canvas), each node filled with its role's colour, with a legend of roles.
// Its words (legend, counts) in `lang` ("en" or "zh_CN"), as every picture's below.
std::string topology_svg(const ReportData& data, std::string_view lang = "en");

// The run's time axis with each fault as a bar (instant faults as ticks) packed into lanes, faults
// by hand in purple with a dashed outline, and the narrative steps as numbered markers.
std::string timeline_svg(const ReportData& data, std::string_view lang = "en");

// Throughput (ok operations per second) per bucket, faults shaded.
std::string throughput_svg(const ReportData& data, std::string_view lang = "en");

// Latency p50 and p99 (ms) per bucket, faults shaded; gaps where a bucket had no ok operation.
std::string latency_svg(const ReportData& data, std::string_view lang = "en");

// The time axis' title in `lang`: "time (s)", "时间 (s)".
std::string time_label(std::string_view lang);

// A general line chart: any number of series over a numeric x axis (or named categories), with
// gaps, optional min-max whiskers and shaded x intervals. The report's time series, the
// comparison's overlaid A/B series and the sweep's figure-against-parameter plots are all drawn by
// line_chart_svg.
struct ChartPoint {
    double x = 0;
    std::optional<double> y;           // nullopt: a gap in the line
    std::optional<double> low;         // with high: a whisker from low to high
    std::optional<double> high;
};

struct ChartSeries {
    std::string name;                  // shown in the legend
    std::string colour;
    std::string dash;                  // stroke-dasharray of the line, empty for solid
    bool markers = false;              // a dot at every point
    std::vector<ChartPoint> points;    // in x order
};

// A shaded x interval (a fault in force), or a dashed vertical line when `instant`.
struct ChartBand {
    double from = 0;
    double to = 0;
    std::string label;                 // tooltip
    bool instant = false;
};

struct LineChart {
    std::string title;
    std::string x_label;
    std::string y_label;
    // The x range; unset: 0 to the largest x for a time axis, or the points' range with a margin.
    std::optional<double> x_min;
    std::optional<double> x_max;
    // Named x positions: point x = index into categories, ticks labelled with the names.
    std::vector<std::string> categories;
    std::vector<ChartSeries> series;
    std::vector<ChartBand> bands;
    std::string band_legend;           // legend entry for the bands ("fault"); empty: none
};

// The chart as an SVG document 720 units wide. The y axis starts at 0 and ends at a round value
// above every point and whisker. The legend sits right of the title, or on its own row when they
// would overlap.
std::string line_chart_svg(const LineChart& chart);

// One point per bucket of `data` at the bucket's middle (seconds), its value from `value`.
std::vector<ChartPoint> bucket_points(const ReportData& data,
                                      const std::function<std::optional<double>(const TimeBucket&)>& value);

// The faults of `data` as bands in seconds (instant faults as lines).
std::vector<ChartBand> fault_bands(const ReportData& data);

// Lanes of coloured spans over the run's time (each node's phases), with a legend of colours.
struct StripSpan {
    std::int64_t from_ns = 0;
    std::int64_t to_ns = 0;
    std::string label;                 // tooltip
    std::string colour;
};

struct StripLane {
    std::string label;                 // left of the lane: the node
    std::vector<StripSpan> spans;
};

struct StateStrip {
    std::string title;
    std::string x_label = "time (s)";
    std::int64_t duration_ns = 0;
    std::vector<StripLane> lanes;
    std::vector<std::pair<std::string, std::string>> legend;   // colour, label
};

// The strip as an SVG document 720 units wide: one lane per StripLane, gaps where it has no span,
// the time axis below and the legend under the title (wrapped onto more rows when long).
std::string state_strip_svg(const StateStrip& strip);

// A round tick step for an axis from 0 to `max` with about `target` ticks (1, 2 or 5 times a
// power of ten).
double nice_step(double max, int target);

// The colour of a role in every picture: a fixed palette, by the role's first appearance.
std::string role_colour(const std::vector<ReportNode>& nodes, const std::string& role);

}  // namespace distlab::netlab
