#include "netlab/stress/stress_report.h"

#include <iomanip>
#include <sstream>

#include "netlab/report/html_table.h"
#include "netlab/report/report_charts.h"
#include "netlab/report/svg_writer.h"

namespace distlab::netlab {

namespace {

std::string number(double value, int precision = 1) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(precision) << value;
    return out.str();
}

std::string rate(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

// The saturation point as a dashed line at its offered rate.
std::vector<ChartBand> saturation_mark(const StressResult& result) {
    if (!result.saturation)
        return {};
    const double x = result.steps[*result.saturation].offered;
    return {{x, x, "saturation at " + rate(x) + "/s: " + result.saturation_reason, true}};
}

std::vector<ChartPoint> points(const StressResult& result, double (*value)(const LoadMeasure&)) {
    std::vector<ChartPoint> out;
    for (const LoadMeasure& m : result.steps)
        out.push_back({m.offered, value(m), std::nullopt, std::nullopt});
    return out;
}

std::string comparison(const StressResult& result) {
    if (!result.closed)
        return "<p>No closed loop to compare: " + xml_escape(result.closed_missing) + ".</p>\n";
    const LoadMeasure& closed = *result.closed;
    // The open-loop step nearest the closed loop's throughput: the same load, measured two ways.
    std::size_t near = 0;
    for (std::size_t i = 1; i < result.steps.size(); ++i)
        if (std::abs(result.steps[i].offered - closed.throughput) < std::abs(result.steps[near].offered - closed.throughput))
            near = i;
    std::string html =
        "<p>The closed loop keeps " + std::to_string(result.closed_concurrency) +
        " operation(s) outstanding and starts the next only when one ends, so when the system stalls it stops "
        "sending and records one slow operation per outstanding slot: the stall barely reaches its percentiles "
        "(coordinated omission). The open loop starts operations on schedule whatever the replies do and measures "
        "each from its intended start, so every operation that would have started during a stall counts its wait. "
        "Compared at the open-loop step nearest the closed loop's throughput:</p>\n";
    HtmlTable table({"load", "ops/s (ok)", "operations", "p50 ms", "p99 ms", "p99.9 ms", "max ms"},
                    {false, true, true, true, true, true, true});
    auto row = [&](const std::string& name, const LoadMeasure& m) {
        table.row({name, number(m.throughput), std::to_string(m.latency_us.count()), number(m.percentile_ms(50), 2),
                   number(m.percentile_ms(99), 2), number(m.percentile_ms(99.9), 2),
                   number(static_cast<double>(m.latency_us.max()) / 1000, 2)});
    };
    if (!result.steps.empty())
        row("open loop, " + rate(result.steps[near].offered) + "/s offered", result.steps[near]);
    row("closed loop, " + std::to_string(result.closed_concurrency) + " outstanding", closed);
    return html + table.str();
}

}  // namespace

core::Json load_measure_json(const LoadMeasure& m) {
    return {{"offered", m.offered},
            {"started", m.started},
            {"throughput", m.throughput},
            {"ok_fraction", m.ok_fraction},
            {"ended", m.ended},
            {"unfinished", m.unfinished},
            {"operations", m.latency_us.count()},
            {"p50_ms", m.percentile_ms(50)},
            {"p90_ms", m.percentile_ms(90)},
            {"p99_ms", m.percentile_ms(99)},
            {"p999_ms", m.percentile_ms(99.9)},
            {"max_ms", static_cast<double>(m.latency_us.max()) / 1000},
            {"mean_ms", m.latency_us.mean() / 1000}};
}

core::Json stress_json(const Scenario& scenario, const StressOptions& options, const StressResult& result) {
    core::Json steps = core::Json::array();
    for (const LoadMeasure& m : result.steps)
        steps.push_back(load_measure_json(m));
    auto offered_at = [&](const std::optional<std::size_t>& i) -> core::Json {
        return i ? core::Json(result.steps[*i].offered) : core::Json(nullptr);
    };
    return {{"scenario", scenario.name},
            {"mode", options.real ? "real" : "sim"},
            {"clients", result.clients},
            {"hold_s", core::to_ms(options.hold) / 1000},
            {"steps", steps},
            {"knee", offered_at(result.knee)},
            {"saturation", offered_at(result.saturation)},
            {"saturation_reason", result.saturation_reason},
            {"closed_loop", result.closed ? core::Json{{"concurrency", result.closed_concurrency},
                                                       {"measure", load_measure_json(*result.closed)}}
                                          : core::Json(nullptr)},
            {"stopped", result.stopped},
            {"seconds", result.seconds}};
}

ReportSection stress_section(const Scenario& scenario, const StressOptions& options, const StressResult& result) {
    std::string clients;
    for (const NodeId& id : result.clients)
        clients += (clients.empty() ? "" : ", ") + id;
    std::string html = "<p>" + xml_escape(scenario.name) + ": the clients " + xml_escape(clients) +
                       " driven open loop at " + rate(options.from) + " to " + rate(options.to) + " operations per second in steps of " +
                       rate(options.step) + ", each step held " + xml_escape(core::format_duration(options.hold)) + " " +
                       (options.real ? "on real processes" : "in the simulator") +
                       " with the scenario's faults and narrative left out. Latency is measured from each operation's intended start "
                       "(coordinated omission corrected), after a warm-up of a fifth of the hold, in an HDR histogram of " +
                       std::to_string(kStressDigits) + " significant digits.</p>\n";
    if (result.saturation)
        html += "<p><b>Saturation at " + rate(result.steps[*result.saturation].offered) + "/s</b>: " +
                xml_escape(result.saturation_reason) + "." +
                (result.knee ? " The knee, the highest offered rate the system followed: <b>" +
                                   rate(result.steps[*result.knee].offered) + "/s</b>."
                             : " Already the first step saturated: start the ramp lower.") +
                "</p>\n";
    else
        html += "<p>No saturation up to " + rate(options.to) + "/s: throughput followed the offered rate and latency stayed flat.</p>\n";

    std::vector<ReportBlock> blocks{{ReportBlock::Kind::Html, html}};
    LineChart throughput;
    throughput.title = "Throughput against offered load";
    throughput.x_label = "offered (operations/s)";
    throughput.y_label = "ok operations/s";
    throughput.series.push_back({"offered", "#9e9e9e", "4 3", false, points(result, [](const LoadMeasure& m) { return m.offered; })});
    throughput.series.push_back({"throughput", "#1e88e5", "", true, points(result, [](const LoadMeasure& m) { return m.throughput; })});
    throughput.bands = saturation_mark(result);
    throughput.band_legend = result.saturation ? "saturation" : "";
    blocks.push_back({ReportBlock::Kind::Svg, line_chart_svg(throughput)});

    LineChart latency;
    latency.title = "Latency against offered load (from the intended start)";
    latency.x_label = "offered (operations/s)";
    latency.y_label = "ms";
    latency.series.push_back({"p50", "#43a047", "", true, points(result, [](const LoadMeasure& m) { return m.percentile_ms(50); })});
    latency.series.push_back({"p99", "#fb8c00", "", true, points(result, [](const LoadMeasure& m) { return m.percentile_ms(99); })});
    latency.series.push_back({"p99.9", "#e53935", "", true, points(result, [](const LoadMeasure& m) { return m.percentile_ms(99.9); })});
    latency.bands = saturation_mark(result);
    latency.band_legend = throughput.band_legend;
    blocks.push_back({ReportBlock::Kind::Svg, line_chart_svg(latency)});

    HtmlTable table({"offered /s", "ok /s", "ok %", "operations", "unfinished", "p50 ms", "p99 ms", "p99.9 ms", "max ms"},
                    {true, true, true, true, true, true, true, true, true});
    for (std::size_t i = 0; i < result.steps.size(); ++i) {
        const LoadMeasure& m = result.steps[i];
        const std::string mark = result.knee == i ? " (knee)" : result.saturation == i ? " (saturated)" : "";
        table.row({rate(m.offered) + mark, number(m.throughput), number(100 * m.ok_fraction), std::to_string(m.latency_us.count()),
                   std::to_string(m.unfinished), number(m.percentile_ms(50), 2), number(m.percentile_ms(99), 2),
                   number(m.percentile_ms(99.9), 2), number(static_cast<double>(m.latency_us.max()) / 1000, 2)});
    }
    blocks.push_back({ReportBlock::Kind::Html, table.str()});
    blocks.push_back({ReportBlock::Kind::Html, "<h3>Open loop and closed loop</h3>\n" + comparison(result)});
    return {"stress", {"Stress: load to saturation", "压力测试：加载到饱和"}, std::move(blocks)};
}

}  // namespace distlab::netlab
