#include "netlab/report/report_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <optional>

#include "netlab/api/link_routes.h"
#include "netlab/report/report_document.h"
#include "netlab/report/svg_writer.h"

namespace distlab::netlab {

namespace {

constexpr double kWidth = 720;
constexpr const char* kAxis = "#444444";
constexpr const char* kGrid = "#e3e3e3";
constexpr const char* kFaultFill = "#f4a6a6";
constexpr const char* kFaultStroke = "#c62828";
constexpr const char* kStepColour = "#1565c0";
constexpr const char* kHandFill = "#e1bee7";
constexpr const char* kHandStroke = "#6a1b9a";

// How wide `text` is, in widths of an average Latin letter: a CJK character (U+2E80 on) is about
// one and a half of them, any other character one. Its UTF-8 bytes would make Chinese three times
// too wide, and a legend of Chinese names would run off the chart's left edge.
double text_units(std::string_view text) {
    double units = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if ((b & 0xC0) == 0x80)
            continue;   // a continuation byte
        const bool wide = b >= 0xE3 || (b == 0xE2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0xBA);
        units += wide ? 1.6 : 1.0;
    }
    return units;
}

std::string tick_text(double value, double step) {
    char buf[32];
    if (step >= 1 || value == 0)
        std::snprintf(buf, sizeof buf, "%.0f", value);
    else if (step >= 0.1)
        std::snprintf(buf, sizeof buf, "%.1f", value);
    else if (step >= 0.01)
        std::snprintf(buf, sizeof buf, "%.2f", value);
    else
        std::snprintf(buf, sizeof buf, "%.3f", value);
    return buf;
}

// The plot area of a chart and its mapping from data to SVG coordinates.
struct Frame {
    double left = 64, top = 34, width = kWidth - 64 - 20, height = 170;
    double x_min = 0;
    double x_max = 1;                  // seconds on a time axis
    double y_max = 1;
    double x(double v) const { return left + width * std::clamp((v - x_min) / (x_max - x_min), 0.0, 1.0); }
    double y(double value) const { return top + height * (1 - std::clamp(value / y_max, 0.0, 1.0)); }
};

// Time axis ticks (seconds) along the bottom of `f` with vertical grid lines.
void time_axis(SvgWriter& svg, const Frame& f, bool grid, const std::string& label) {
    const double step = nice_step(f.x_max, 8);
    for (double t = 0; t <= f.x_max + step * 1e-6; t += step) {
        const double x = f.x(t);
        if (grid)
            svg.line(x, f.top, x, f.top + f.height, {.stroke = kGrid});
        svg.line(x, f.top + f.height, x, f.top + f.height + 4, {.stroke = kAxis});
        svg.text(x, f.top + f.height + 16, tick_text(t, step), {.size = 10, .anchor = SvgWriter::Anchor::Middle});
    }
    svg.line(f.left, f.top + f.height, f.left + f.width, f.top + f.height, {.stroke = kAxis});
    svg.text(f.left + f.width / 2, f.top + f.height + 32, label, {.size = 10, .anchor = SvgWriter::Anchor::Middle, .role = "axis"});
}

// The x axis of a line chart: round ticks over [x_min, x_max], or one tick per category.
void x_axis(SvgWriter& svg, const Frame& f, const LineChart& chart) {
    std::vector<std::pair<double, std::string>> ticks;
    if (!chart.categories.empty()) {
        for (std::size_t i = 0; i < chart.categories.size(); ++i)
            ticks.emplace_back(static_cast<double>(i), chart.categories[i]);
    } else {
        const double step = nice_step(f.x_max - f.x_min, 8);
        for (double v = std::ceil(f.x_min / step - 1e-9) * step; v <= f.x_max + step * 1e-6; v += step)
            ticks.emplace_back(v, tick_text(std::abs(v) < step * 1e-6 ? 0.0 : v, step));
    }
    for (const auto& [v, label] : ticks) {
        const double x = f.x(v);
        svg.line(x, f.top, x, f.top + f.height, {.stroke = kGrid});
        svg.line(x, f.top + f.height, x, f.top + f.height + 4, {.stroke = kAxis});
        svg.text(x, f.top + f.height + 16, label, {.size = 10, .anchor = SvgWriter::Anchor::Middle});
    }
    svg.line(f.left, f.top + f.height, f.left + f.width, f.top + f.height, {.stroke = kAxis});
    svg.text(f.left + f.width / 2, f.top + f.height + 32, chart.x_label, {.size = 10, .anchor = SvgWriter::Anchor::Middle, .role = "axis"});
}

// A line chart over the buckets of `data`: faults shaded, a legend on top.
std::string line_chart(const ReportData& data, std::string_view lang, const std::string& title, const std::string& y_label,
                       std::vector<ChartSeries> series) {
    LineChart chart;
    chart.title = title;
    chart.x_label = time_label(lang);
    chart.y_label = y_label;
    chart.x_min = 0;
    chart.x_max = std::max(1e-3, static_cast<double>(data.duration_ns) / 1e9);
    chart.series = std::move(series);
    chart.bands = fault_bands(data);
    chart.band_legend = in_lang(lang, "fault", "故障");
    return line_chart_svg(chart);
}

std::string seconds_label(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fs", static_cast<double>(ns) / 1e9);
    return buf;
}

}  // namespace

double nice_step(double max, int target) {
    if (!(max > 0) || !std::isfinite(max))
        return 1;
    const double raw = max / std::max(1, target);
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * decade >= raw)
            return m * decade;
    return 10 * decade;
}

std::string role_colour(const std::vector<ReportNode>& nodes, const std::string& role) {
    static constexpr const char* kPalette[] = {"#1e88e5", "#43a047", "#fb8c00", "#8e24aa",
                                               "#00897b", "#e53935", "#6d4c41", "#546e7a"};
    std::vector<std::string> seen;
    for (const ReportNode& n : nodes) {
        if (std::find(seen.begin(), seen.end(), n.role) != seen.end())
            continue;
        if (n.role == role)
            return kPalette[seen.size() % std::size(kPalette)];
        seen.push_back(n.role);
    }
    return "#9e9e9e";
}

std::string topology_svg(const ReportData& data, std::string_view lang) {
    constexpr double kHeight = 340;
    SvgWriter svg(kWidth, kHeight);
    svg.rect(0, 0, kWidth, kHeight, {.fill = "#ffffff"});
    const double r = data.nodes.size() > 12 ? 14 : 22;
    // The layout the canvas shows: each node's `at:`, and the canvas' circle for nodes without
    // one; scaled (never enlarged past the canvas' own size) into the area left of the legend.
    const std::size_t count = data.nodes.size();
    std::vector<std::pair<double, double>> at;
    for (std::size_t i = 0; i < count; ++i) {
        if (data.nodes[i].at) {
            at.push_back(*data.nodes[i].at);
            continue;
        }
        const double a = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(count) - std::numbers::pi / 2;
        const double radius = std::max(140.0, 40.0 * static_cast<double>(count));
        at.emplace_back(radius * std::cos(a), radius * std::sin(a));
    }
    if (!at.empty()) {
        double x0 = at[0].first, x1 = x0, y0 = at[0].second, y1 = y0;
        for (const auto& [x, y] : at) {
            x0 = std::min(x0, x);
            x1 = std::max(x1, x);
            y0 = std::min(y0, y);
            y1 = std::max(y1, y);
        }
        const double area_w = 440 - 2 * (r + 8), area_h = kHeight - 2 * (r + 8) - 16;
        const double scale = std::min({1.0, x1 > x0 ? area_w / (x1 - x0) : 1.0, y1 > y0 ? area_h / (y1 - y0) : 1.0});
        const double ox = r + 8 + (area_w - (x1 - x0) * scale) / 2;
        const double oy = r + 8 + (area_h - (y1 - y0) * scale) / 2;
        for (auto& [x, y] : at) {
            x = ox + (x - x0) * scale;
            y = oy + (y - y0) * scale;
        }
    }
    auto index_of = [&](const std::string& id) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < data.nodes.size(); ++i)
            if (data.nodes[i].id == id)
                return i;
        return std::nullopt;
    };
    // Links around the discs of nodes they do not join, as on the canvas (route_links).
    std::vector<RouteDisc> discs;
    for (const auto& [x, y] : at)
        discs.push_back({{x, y}, r});
    std::vector<std::pair<std::size_t, std::size_t>> ends;
    std::vector<const ReportLink*> drawn;
    for (const ReportLink& l : data.links) {
        const auto a = index_of(l.from);
        const auto b = index_of(l.to);
        if (!a || !b)
            continue;
        ends.emplace_back(*a, *b);
        drawn.push_back(&l);
    }
    const std::vector<LinkRoute> routes = route_links(discs, ends, 6);
    for (std::size_t i = 0; i < routes.size(); ++i) {
        const SvgWriter::Style style{.stroke = "#90a4ae", .stroke_width = 1.5, .dash = drawn[i]->both_ways ? "" : "6 4"};
        if (!routes[i].curved) {
            svg.line(routes[i].from.x, routes[i].from.y, routes[i].to.x, routes[i].to.y, style);
            continue;
        }
        std::vector<std::pair<double, double>> points;
        for (int k = 0; k <= 24; ++k) {
            const RoutePoint p = routes[i].at(k / 24.0);
            points.emplace_back(p.x, p.y);
        }
        svg.polyline(points, style);
    }
    for (std::size_t i = 0; i < data.nodes.size(); ++i) {
        const ReportNode& n = data.nodes[i];
        svg.begin_group(n.id + " (" + n.role + ")");
        svg.circle(at[i].first, at[i].second, r, {.fill = role_colour(data.nodes, n.role), .stroke = "#263238", .stroke_width = 1.5});
        svg.text(at[i].first, at[i].second + 4, n.id,
                 {.size = r > 20 ? 12.0 : 9.0, .fill = "#ffffff", .anchor = SvgWriter::Anchor::Middle, .bold = true});
        svg.end_group();
    }
    std::vector<std::string> roles;
    for (const ReportNode& n : data.nodes)
        if (std::find(roles.begin(), roles.end(), n.role) == roles.end())
            roles.push_back(n.role);
    double y = 40;
    svg.text(470, y - 14, in_lang(lang, "Roles", "角色"), {.size = 12, .bold = true, .role = "legend"});
    for (const std::string& role : roles) {
        svg.circle(478, y, 7, {.fill = role_colour(data.nodes, role), .stroke = "#263238"});
        svg.text(492, y + 4, role, {.size = 11});
        y += 22;
    }
    svg.text(470, y + 8,
             std::to_string(data.nodes.size()) + in_lang(lang, " nodes, ", " 个节点，") + std::to_string(data.links.size()) +
                 in_lang(lang, " links", " 条链路"),
             {.size = 10, .fill = "#555555"});
    return svg.str();
}

std::string timeline_svg(const ReportData& data, std::string_view lang) {
    Frame f;
    f.x_max = std::max(1e-3, static_cast<double>(data.duration_ns) / 1e9);
    constexpr double kLane = 20;
    constexpr double kCharWidth = 6.2;   // at font size 10
    // Greedy lane packing: an item occupies its bar plus its label.
    std::vector<double> lane_end;
    std::vector<std::size_t> lane_of(data.faults.size());
    std::vector<bool> label_left(data.faults.size());
    for (std::size_t i = 0; i < data.faults.size(); ++i) {
        const FaultInterval& fault = data.faults[i];
        const double x1 = f.x(static_cast<double>(fault.start_ns) / 1e9);
        const double x2 = fault.instant ? x1 : f.x(static_cast<double>(fault.end_ns) / 1e9);
        const double label_width = 6 + kCharWidth * text_units(fault_label_text(fault, lang));
        // A label that would run off the right edge goes left of its fault instead.
        label_left[i] = x1 + label_width > f.left + f.width;
        const double start = label_left[i] ? x1 - label_width : x1;
        const double occupied = std::max(x2, label_left[i] ? x1 : x1 + label_width) + 6;
        std::size_t lane = 0;
        while (lane < lane_end.size() && lane_end[lane] > start)
            ++lane;
        if (lane == lane_end.size())
            lane_end.push_back(0);
        lane_end[lane] = occupied;
        lane_of[i] = lane;
    }
    const double lanes = static_cast<double>(std::max<std::size_t>(1, lane_end.size()));
    f.top = 52;
    f.height = lanes * kLane + 8;
    const double height = f.top + f.height + 40;
    SvgWriter svg(kWidth, height);
    svg.rect(0, 0, kWidth, height, {.fill = "#ffffff"});
    svg.text(f.left, 16, in_lang(lang, "Faults and narrative steps", "故障与讲解步骤"), {.size = 13, .bold = true, .role = "title"});
    svg.rect(f.left, f.top, f.width, f.height, {.fill = "#fafafa", .stroke = "#dddddd"});
    svg.text(f.left - 7, 40, in_lang(lang, "steps", "步骤"), {.size = 10, .anchor = SvgWriter::Anchor::End, .role = "axis"});
    svg.text(f.left - 7, f.top + 14, in_lang(lang, "faults", "故障"), {.size = 10, .anchor = SvgWriter::Anchor::End, .role = "axis"});
    double last_marker = -1e9;
    for (std::size_t i = 0; i < data.steps.size(); ++i) {
        const StepMarker& s = data.steps[i];
        const double x = f.x(static_cast<double>(s.t_ns) / 1e9);
        // Markers of steps close in time move right so their numbers stay readable.
        const double mx = std::max(x, last_marker + 17);
        last_marker = mx;
        svg.begin_group(seconds_label(s.t_ns) + ": " + s.say.in(lang));
        svg.line(x, f.top, x, f.top + f.height, {.stroke = kStepColour, .dash = "2 3"});
        svg.line(mx, 42, x, f.top, {.stroke = kStepColour});
        svg.circle(mx, 36, 8, {.fill = kStepColour});
        svg.text(mx, 39.5, std::to_string(i + 1), {.size = 9, .fill = "#ffffff", .anchor = SvgWriter::Anchor::Middle, .bold = true});
        svg.end_group();
    }
    for (std::size_t i = 0; i < data.faults.size(); ++i) {
        const FaultInterval& fault = data.faults[i];
        const double y = f.top + 4 + static_cast<double>(lane_of[i]) * kLane;
        const double x1 = f.x(static_cast<double>(fault.start_ns) / 1e9);
        const std::string label = fault_label_text(fault, lang);
        svg.begin_group(label + in_lang(lang, " at ", "，开始于 ") + seconds_label(fault.start_ns) +
                        (fault.instant ? std::string() : in_lang(lang, " until ", "，直到 ") + seconds_label(fault.end_ns)));
        // A fault by hand in purple with a dashed outline: the class sees which faults the
        // scenario planned and which someone added during the run.
        const char* stroke = fault.by_hand ? kHandStroke : kFaultStroke;
        if (fault.instant) {
            svg.line(x1, y, x1, y + kLane - 4, {.stroke = stroke, .stroke_width = 2.5, .dash = fault.by_hand ? "3 2" : ""});
        } else {
            const double x2 = f.x(static_cast<double>(fault.end_ns) / 1e9);
            svg.rect(x1, y, std::max(2.0, x2 - x1), kLane - 4,
                     {.fill = fault.by_hand ? kHandFill : kFaultFill, .stroke = stroke, .dash = fault.by_hand ? "4 2" : ""});
        }
        if (label_left[i])
            svg.text(x1 - 5, y + 12, label, {.size = 10, .fill = "#5d1010", .anchor = SvgWriter::Anchor::End});
        else
            svg.text(x1 + 5, y + 12, label, {.size = 10, .fill = "#5d1010"});
        svg.end_group();
    }
    time_axis(svg, f, false, time_label(lang));
    return svg.str();
}

std::string state_strip_svg(const StateStrip& strip) {
    constexpr double kLane = 18;
    constexpr double kCharWidth = 6.2;   // at font size 10
    Frame f;
    f.x_max = std::max(1e-3, static_cast<double>(strip.duration_ns) / 1e9);
    // The legend under the title, wrapped to the chart's width.
    std::vector<std::pair<double, double>> legend_at;   // x, y of each entry's swatch
    double lx = f.left;
    double ly = 30;
    for (const auto& [colour, label] : strip.legend) {
        const double w = 18 + kCharWidth * text_units(label) + 14;
        if (lx + w > f.left + f.width && lx > f.left) {
            lx = f.left;
            ly += 16;
        }
        legend_at.emplace_back(lx, ly);
        lx += w;
    }
    f.top = ly + 14;
    f.height = kLane * static_cast<double>(std::max<std::size_t>(1, strip.lanes.size())) + 4;
    const double height = f.top + f.height + 40;
    SvgWriter svg(kWidth, height);
    svg.rect(0, 0, kWidth, height, {.fill = "#ffffff"});
    svg.text(f.left, 16, strip.title, {.size = 13, .bold = true, .role = "title"});
    for (std::size_t i = 0; i < strip.legend.size(); ++i) {
        const auto [x, y] = legend_at[i];
        svg.rect(x, y - 9, 12, 10, {.fill = strip.legend[i].first, .stroke = "#555555", .stroke_width = 0.5});
        svg.text(x + 16, y, strip.legend[i].second, {.size = 10, .role = "legend"});
    }
    svg.rect(f.left, f.top, f.width, f.height, {.fill = "#fafafa", .stroke = "#dddddd"});
    for (std::size_t i = 0; i < strip.lanes.size(); ++i) {
        const StripLane& lane = strip.lanes[i];
        const double y = f.top + 3 + static_cast<double>(i) * kLane;
        svg.text(f.left - 7, y + kLane / 2 + 1, lane.label, {.size = 10, .anchor = SvgWriter::Anchor::End});
        for (const StripSpan& span : lane.spans) {
            const double x1 = f.x(static_cast<double>(span.from_ns) / 1e9);
            const double x2 = f.x(static_cast<double>(span.to_ns) / 1e9);
            svg.begin_group(span.label + " " + seconds_label(span.from_ns) + "–" + seconds_label(span.to_ns));
            svg.rect(x1, y, std::max(0.8, x2 - x1), kLane - 4, {.fill = span.colour});
            svg.end_group();
        }
    }
    time_axis(svg, f, false, strip.x_label);
    return svg.str();
}

std::string throughput_svg(const ReportData& data, std::string_view lang) {
    ChartSeries ok{.name = in_lang(lang, "ok ops/s", "成功 ops/s"), .colour = "#2e7d32",
                   .points = bucket_points(data, [](const TimeBucket& b) { return std::optional(b.throughput_ops_s); })};
    return line_chart(data, lang, in_lang(lang, "Throughput", "吞吐量"), in_lang(lang, "ok operations / s", "成功操作数 / 秒"), {ok});
}

std::string latency_svg(const ReportData& data, std::string_view lang) {
    ChartSeries p50{.name = "p50", .colour = "#1565c0", .points = bucket_points(data, [](const TimeBucket& b) { return b.p50_ms; })};
    ChartSeries p99{.name = "p99", .colour = "#ef6c00", .points = bucket_points(data, [](const TimeBucket& b) { return b.p99_ms; })};
    return line_chart(data, lang, in_lang(lang, "Latency", "延迟"), in_lang(lang, "latency (ms)", "延迟 (ms)"), {p50, p99});
}

std::string time_label(std::string_view lang) { return in_lang(lang, "time (s)", "时间 (s)"); }

std::vector<ChartPoint> bucket_points(const ReportData& data,
                                      const std::function<std::optional<double>(const TimeBucket&)>& value) {
    const double bucket_s = static_cast<double>(data.bucket_ns) / 1e9;
    const double end_s = static_cast<double>(data.duration_ns) / 1e9;
    std::vector<ChartPoint> points;
    points.reserve(data.buckets.size());
    for (const TimeBucket& b : data.buckets)
        points.push_back({.x = std::min(static_cast<double>(b.start_ns) / 1e9 + bucket_s / 2, end_s), .y = value(b)});
    return points;
}

std::vector<ChartBand> fault_bands(const ReportData& data) {
    std::vector<ChartBand> bands;
    for (const FaultInterval& fault : data.faults)
        bands.push_back({static_cast<double>(fault.start_ns) / 1e9, static_cast<double>(fault.end_ns) / 1e9, fault.label,
                         fault.instant});
    return bands;
}

std::string line_chart_svg(const LineChart& chart) {
    Frame f;
    // The legend: right-aligned on the title row, or on a row of its own when it would reach the
    // title; wider than the plot, it wraps onto rows under the title, left-aligned.
    struct LegendEntry {
        const ChartSeries* series;
        double width;
        double x = 0;
        double y = 0;
    };
    std::vector<LegendEntry> legend;
    const bool band = !chart.band_legend.empty() && !chart.bands.empty();
    const double band_width = band ? 24 + 6.5 * text_units(chart.band_legend) : 0;
    double legend_width = band_width;
    for (const ChartSeries& s : chart.series) {
        legend.push_back({&s, 30 + 6.5 * text_units(s.name)});
        legend_width += legend.back().width;
    }
    double band_x = 0, band_y = 0;
    if (legend_width <= f.width) {
        const double title_width = 8.0 * text_units(chart.title);
        const bool own_row = f.left + title_width + 16 > f.left + f.width - legend_width;
        const double y = own_row ? 34 : 12;
        if (own_row)
            f.top += 22;
        double x = f.left + f.width;
        for (auto it = legend.rbegin(); it != legend.rend(); ++it) {
            x -= it->width;
            it->x = x;
            it->y = y;
        }
        band_x = x - band_width;
        band_y = y;
    } else {
        double x = f.left, y = 34;
        const auto place = [&](double width, double& at_x, double& at_y) {
            if (x + width > f.left + f.width && x > f.left) {
                x = f.left;
                y += 16;
            }
            at_x = x;
            at_y = y;
            x += width;
        };
        if (band)
            place(band_width, band_x, band_y);
        for (LegendEntry& e : legend)
            place(e.width, e.x, e.y);
        f.top = y + 22;
    }
    const double height = f.top + f.height + 40;
    SvgWriter svg(kWidth, height);
    svg.rect(0, 0, kWidth, height, {.fill = "#ffffff"});

    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    double y_max = 0;
    for (const ChartSeries& s : chart.series)
        for (const ChartPoint& p : s.points) {
            lo = std::min(lo, p.x);
            hi = std::max(hi, p.x);
            for (const auto& v : {p.y, p.low, p.high})
                if (v && std::isfinite(*v))
                    y_max = std::max(y_max, *v);
        }
    if (!chart.categories.empty()) {
        f.x_min = -0.5;
        f.x_max = static_cast<double>(chart.categories.size()) - 0.5;
    } else if (lo <= hi) {
        const double margin = hi > lo ? (hi - lo) * 0.05 : std::max(1.0, std::abs(lo) * 0.1);
        f.x_min = chart.x_min.value_or(lo - margin);
        f.x_max = chart.x_max.value_or(hi + margin);
    } else {
        f.x_min = chart.x_min.value_or(0);
        f.x_max = chart.x_max.value_or(f.x_min + 1);
    }
    if (!(f.x_max > f.x_min))
        f.x_max = f.x_min + 1;
    const double y_step = nice_step(y_max > 0 ? y_max : 1, 5);
    f.y_max = y_step * std::max(1.0, std::ceil((y_max > 0 ? y_max : 1) / y_step - 1e-9));

    svg.text(f.left, 16, chart.title, {.size = 13, .bold = true, .role = "title"});
    for (const ChartBand& band : chart.bands) {
        const double x1 = f.x(band.from);
        if (band.instant) {
            svg.line(x1, f.top, x1, f.top + f.height, {.stroke = kFaultStroke, .stroke_width = 1, .dash = "4 3"});
            continue;
        }
        svg.begin_group(band.label);
        svg.rect(x1, f.top, std::max(1.0, f.x(band.to) - x1), f.height, {.fill = kFaultFill, .opacity = 0.35});
        svg.end_group();
    }
    for (double v = 0; v <= f.y_max + y_step * 1e-6; v += y_step) {
        const double y = f.y(v);
        svg.line(f.left, y, f.left + f.width, y, {.stroke = kGrid});
        svg.line(f.left - 4, y, f.left, y, {.stroke = kAxis});
        svg.text(f.left - 7, y + 3.5, tick_text(v, y_step), {.size = 10, .anchor = SvgWriter::Anchor::End});
    }
    x_axis(svg, f, chart);
    svg.line(f.left, f.top, f.left, f.top + f.height, {.stroke = kAxis});
    svg.text(16, f.top + f.height / 2, chart.y_label, {.size = 10, .anchor = SvgWriter::Anchor::Middle, .rotate = -90, .role = "axis"});

    // Series drawn last to first, so the first is on top.
    for (auto it = chart.series.rbegin(); it != chart.series.rend(); ++it) {
        const ChartSeries& s = *it;
        for (const ChartPoint& p : s.points) {
            if (!p.low || !p.high)
                continue;
            const double x = f.x(p.x);
            svg.line(x, f.y(*p.low), x, f.y(*p.high), {.stroke = s.colour, .stroke_width = 1.2});
            for (double v : {*p.low, *p.high})
                svg.line(x - 4, f.y(v), x + 4, f.y(v), {.stroke = s.colour, .stroke_width = 1.2});
        }
        std::vector<std::pair<double, double>> run;
        auto flush = [&] {
            if (run.size() == 1 && !s.markers)
                svg.circle(run[0].first, run[0].second, 2, {.fill = s.colour});
            else
                svg.polyline(run, {.stroke = s.colour, .stroke_width = 1.8, .dash = s.dash});
            run.clear();
        };
        for (const ChartPoint& p : s.points) {
            if (!p.y || !std::isfinite(*p.y)) {
                flush();
                continue;
            }
            run.emplace_back(f.x(p.x), f.y(*p.y));
        }
        flush();
        if (s.markers)
            for (const ChartPoint& p : s.points)
                if (p.y && std::isfinite(*p.y))
                    svg.circle(f.x(p.x), f.y(*p.y), 3.5, {.fill = s.colour, .stroke = "#ffffff"});
    }
    for (const LegendEntry& e : legend) {
        svg.line(e.x, e.y, e.x + 20, e.y, {.stroke = e.series->colour, .stroke_width = 2.5, .dash = e.series->dash});
        svg.text(e.x + 24, e.y + 4, e.series->name, {.size = 10, .role = "legend"});
    }
    if (band) {
        svg.rect(band_x, band_y - 6, 14, 12, {.fill = kFaultFill, .opacity = 0.6});
        svg.text(band_x + 18, band_y + 4, chart.band_legend, {.size = 10, .role = "legend"});
    }
    return svg.str();
}

}  // namespace distlab::netlab
