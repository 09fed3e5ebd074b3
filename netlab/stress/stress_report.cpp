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

// The report's own words in `lang`.
struct Words {
    std::string_view lang;
    std::string operator()(std::string_view en, std::string_view zh) const { return in_lang(lang, en, zh); }
    const std::string& operator()(const core::Text& text) const { return text.in(lang); }
};

// The saturation point as a dashed line at its offered rate.
std::vector<ChartBand> saturation_mark(const StressResult& result, const Words& L) {
    if (!result.saturation)
        return {};
    const double x = result.steps[*result.saturation].offered;
    return {{x, x, L("saturation at " + rate(x) + "/s: ", "在 " + rate(x) + "/s 饱和：") + L(result.saturation_reason), true}};
}

std::vector<ChartPoint> points(const StressResult& result, double (*value)(const LoadMeasure&)) {
    std::vector<ChartPoint> out;
    for (const LoadMeasure& m : result.steps)
        out.push_back({m.offered, value(m), std::nullopt, std::nullopt});
    return out;
}

std::string comparison(const StressResult& result, const Words& L) {
    if (!result.closed)
        return "<p>" + L("No closed loop to compare: ", "没有可比较的闭环：") + xml_escape(L(result.closed_missing)) +
               L(".", "。") + "</p>\n";
    const LoadMeasure& closed = *result.closed;
    // The open-loop step nearest the closed loop's throughput: the same load, measured two ways.
    std::size_t near = 0;
    for (std::size_t i = 1; i < result.steps.size(); ++i)
        if (std::abs(result.steps[i].offered - closed.throughput) < std::abs(result.steps[near].offered - closed.throughput))
            near = i;
    const std::string outstanding = std::to_string(result.closed_concurrency);
    std::string html =
        "<p>" +
        L("The closed loop keeps " + outstanding +
              " operation(s) outstanding and starts the next only when one ends, so when the system stalls it stops "
              "sending and records one slow operation per outstanding slot: the stall barely reaches its percentiles "
              "(coordinated omission). The open loop starts operations on schedule whatever the replies do and measures "
              "each from its intended start, so every operation that would have started during a stall counts its wait. "
              "Compared at the open-loop step nearest the closed loop's throughput:",
          "闭环始终保持 " + outstanding +
              " 个未完成的操作，只有一个结束才开始下一个；系统停顿时它就停止发送，每个未完成的位置只记下一次慢操作，"
              "停顿几乎不会反映到它的百分位数上（协调遗漏）。开环不管回复如何都按计划开始操作，并从预定开始时间计量每个操作，"
              "所以停顿期间本应开始的每个操作都会计入它的等待。下面在吞吐量最接近闭环的那一步开环负载处比较：") +
        "</p>\n";
    HtmlTable table({L("load", "负载"), L("ops/s (ok)", "成功 ops/s"), L("operations", "操作"), "p50 ms", "p99 ms", "p99.9 ms",
                     L("max ms", "最大 ms")},
                    {false, true, true, true, true, true, true});
    auto row = [&](const std::string& name, const LoadMeasure& m) {
        table.row({xml_escape(name), number(m.throughput), std::to_string(m.latency_us.count()), number(m.percentile_ms(50), 2),
                   number(m.percentile_ms(99), 2), number(m.percentile_ms(99.9), 2),
                   number(static_cast<double>(m.latency_us.max()) / 1000, 2)});
    };
    if (!result.steps.empty()) {
        const std::string offered = rate(result.steps[near].offered);
        row(L("open loop, " + offered + "/s offered", "开环，提供 " + offered + "/s"), result.steps[near]);
    }
    row(L("closed loop, " + outstanding + " outstanding", "闭环，" + outstanding + " 个未完成"), closed);
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
            {"saturation_reason", result.saturation_reason.en},
            {"saturation_reason_zh", result.saturation_reason.zh},
            {"closed_loop", result.closed ? core::Json{{"concurrency", result.closed_concurrency},
                                                       {"measure", load_measure_json(*result.closed)}}
                                          : core::Json(nullptr)},
            {"stopped", result.stopped},
            {"seconds", result.seconds}};
}

ReportSection stress_section(const Scenario& scenario, const StressOptions& options, const StressResult& result,
                             std::string_view lang) {
    const Words L{lang};
    std::string clients;
    for (const NodeId& id : result.clients)
        clients += (clients.empty() ? "" : ", ") + id;
    const std::string from = rate(options.from), to = rate(options.to), step = rate(options.step);
    const std::string hold = core::format_duration(options.hold), digits = std::to_string(kStressDigits);
    std::string html =
        "<p>" +
        xml_escape(L(scenario.name + ": the clients " + clients + " driven open loop at " + from + " to " + to +
                         " operations per second in steps of " + step + ", each step held " + hold + " " +
                         (options.real ? "on real processes" : "in the simulator") +
                         " with the scenario's faults and narrative left out. Latency is measured from each operation's "
                         "intended start (coordinated omission corrected), after a warm-up of a fifth of the hold, in an HDR "
                         "histogram of " + digits + " significant digits.",
                     scenario.name + "：客户端 " + clients + " 以开环方式驱动，每秒 " + from + " 到 " + to + " 个操作，每步增加 " +
                         step + "，每步保持 " + hold + "，" + (options.real ? "运行在真实进程上" : "运行在模拟器中") +
                         "，不使用场景自带的故障和讲解步骤。延迟从每个操作的预定开始时间计量（已校正协调遗漏），"
                         "去掉占保持时间五分之一的预热，记入 " + digits + " 位有效数字的 HDR 直方图。")) +
        "</p>\n";
    if (result.saturation) {
        const std::string at = rate(result.steps[*result.saturation].offered);
        html += "<p><b>" + L("Saturation at " + at + "/s", "在 " + at + "/s 饱和") + "</b>" + L(": ", "：") +
                xml_escape(L(result.saturation_reason)) + L(".", "。");
        if (result.knee) {
            const std::string knee = rate(result.steps[*result.knee].offered);
            html += L(" The knee, the highest offered rate the system followed: ", "拐点，即系统还能跟上的最高提供速率：") +
                    "<b>" + knee + "/s</b>" + L(".", "。");
        } else {
            html += L(" Already the first step saturated: start the ramp lower.", "第一步就已饱和：请从更低的速率开始爬升。");
        }
        html += "</p>\n";
    } else {
        html += "<p>" +
                L("No saturation up to " + to + "/s: throughput followed the offered rate and latency stayed flat.",
                  "直到 " + to + "/s 都没有饱和：吞吐量跟上了提供速率，延迟保持平稳。") +
                "</p>\n";
    }

    std::vector<ReportBlock> blocks{{ReportBlock::Kind::Html, html}};
    const std::string offered_axis = L("offered (operations/s)", "提供速率（操作数/秒）");
    LineChart throughput;
    throughput.title = L("Throughput against offered load", "吞吐量随提供负载的变化");
    throughput.x_label = offered_axis;
    throughput.y_label = L("ok operations/s", "成功操作数/秒");
    throughput.series.push_back({L("offered", "提供"), "#9e9e9e", "4 3", false, points(result, [](const LoadMeasure& m) { return m.offered; })});
    throughput.series.push_back({L("throughput", "吞吐量"), "#1e88e5", "", true, points(result, [](const LoadMeasure& m) { return m.throughput; })});
    throughput.bands = saturation_mark(result, L);
    throughput.band_legend = result.saturation ? L("saturation", "饱和点") : "";
    blocks.push_back({ReportBlock::Kind::Svg, line_chart_svg(throughput)});

    LineChart latency;
    latency.title = L("Latency against offered load (from the intended start)", "延迟随提供负载的变化（从预定开始时间计）");
    latency.x_label = offered_axis;
    latency.y_label = "ms";
    latency.series.push_back({"p50", "#43a047", "", true, points(result, [](const LoadMeasure& m) { return m.percentile_ms(50); })});
    latency.series.push_back({"p99", "#fb8c00", "", true, points(result, [](const LoadMeasure& m) { return m.percentile_ms(99); })});
    latency.series.push_back({"p99.9", "#e53935", "", true, points(result, [](const LoadMeasure& m) { return m.percentile_ms(99.9); })});
    latency.bands = throughput.bands;
    latency.band_legend = throughput.band_legend;
    blocks.push_back({ReportBlock::Kind::Svg, line_chart_svg(latency)});

    HtmlTable table({L("offered /s", "提供 /s"), L("ok /s", "成功 /s"), L("ok %", "成功 %"), L("operations", "操作"),
                     L("unfinished", "未完成"), "p50 ms", "p99 ms", "p99.9 ms", L("max ms", "最大 ms")},
                    {true, true, true, true, true, true, true, true, true});
    for (std::size_t i = 0; i < result.steps.size(); ++i) {
        const LoadMeasure& m = result.steps[i];
        const std::string mark = result.knee == i         ? L(" (knee)", "（拐点）")
                                 : result.saturation == i ? L(" (saturated)", "（饱和）")
                                                          : "";
        table.row({rate(m.offered) + mark, number(m.throughput), number(100 * m.ok_fraction), std::to_string(m.latency_us.count()),
                   std::to_string(m.unfinished), number(m.percentile_ms(50), 2), number(m.percentile_ms(99), 2),
                   number(m.percentile_ms(99.9), 2), number(static_cast<double>(m.latency_us.max()) / 1000, 2)});
    }
    blocks.push_back({ReportBlock::Kind::Html, table.str()});
    blocks.push_back({ReportBlock::Kind::Html,
                      "<h3>" + L("Open loop and closed loop", "开环与闭环") + "</h3>\n" + comparison(result, L)});
    return {"stress", {"Stress: load to saturation", "压力测试：逐步加压直到饱和"}, std::move(blocks)};
}

}  // namespace distlab::netlab
