#include "netlab/report/report.h"

#include <fstream>
#include <sstream>

#include "netlab/report/trace_export.h"
#include "netlab/telemetry/export.h"

namespace distlab::netlab {

namespace {

using core::Json;

Json optional_number(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json window_json(const WindowAvailability& w) {
    return {{"from_ns", w.from_ns}, {"to_ns", w.to_ns}, {"ops", w.ops}, {"ok", w.ok}, {"share", optional_number(w.share)}};
}

core::Result<void> write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return core::fail("cannot write " + path.string());
    return {};
}

}  // namespace

core::Result<ReportFormats> ReportFormats::parse(std::string_view list) {
    ReportFormats f{false, false, false, false, false};
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string_view name = list.substr(start, comma - start);
        if (name == "all")
            f = ReportFormats{};
        else if (name == "html")
            f.html = true;
        else if (name == "pdf")
            f.pdf = true;
        else if (name == "csv")
            f.csv = true;
        else if (name == "json")
            f.json = true;
        else if (name == "trace")
            f.trace = true;
        else
            return core::fail("unknown report format \"" + std::string(name) + "\"; expected html, pdf, csv, json, trace or all");
        start = comma + 1;
    }
    return f;
}

Json report_json(const ReportData& d) {
    Json faults = Json::array();
    for (const FaultInterval& f : d.faults)
        faults.push_back({{"kind", f.kind}, {"label", f.label}, {"start_ns", f.start_ns}, {"end_ns", f.end_ns},
                          {"instant", f.instant}, {"healed", f.healed}, {"by_hand", f.by_hand}});
    Json steps = Json::array();
    for (const StepMarker& s : d.steps)
        steps.push_back({{"t_ns", s.t_ns}, {"en", s.say.en}, {"zh", s.say.zh}});
    Json latency = Json::array();
    for (const LatencyRow& r : d.latency)
        latency.push_back({{"function", r.function}, {"count", r.count}, {"p50", r.p50}, {"p90", r.p90},
                           {"p99", r.p99}, {"p99_9", r.p999}, {"max", r.max}});
    Json availability = Json::array();
    for (const FaultAvailability& a : d.availability)
        availability.push_back({{"fault", d.faults[a.fault].label}, {"fault_index", a.fault},
                                {"before", window_json(a.before)}, {"during", window_json(a.during)},
                                {"after", window_json(a.after)}});
    Json messages = Json::array();
    for (const MessageCounts& m : d.messages)
        messages.push_back({{"type", m.type}, {"sent", m.sent}, {"delivered", m.delivered}, {"dropped", m.dropped},
                            {"duplicated", m.duplicated}});
    Json series = Json::array();
    for (const TimeBucket& b : d.buckets)
        series.push_back({{"start_ns", b.start_ns}, {"ok", b.ok}, {"failed", b.failed},
                          {"throughput_ops_s", b.throughput_ops_s}, {"p50_ms", optional_number(b.p50_ms)},
                          {"p99_ms", optional_number(b.p99_ms)}, {"sent", b.sent}, {"delivered", b.delivered},
                          {"dropped", b.dropped}});
    Json pattern = section_stats(d.sections);
    const GenericFigures& g = d.generic;
    pattern["generic"] = {{"node_starts", g.node_starts}, {"node_exits", g.node_exits},
                          {"state_changes", g.state_changes}, {"log_lines", g.log_lines},
                          {"warnings", g.warnings}, {"violations", g.violations}};
    pattern["role_metrics"] = {{"gauge_peaks", d.role_metrics.gauge_peaks},
                               {"counter_totals", d.role_metrics.counter_totals}};
    Json nodes = Json::array();
    for (const ReportNode& n : d.nodes)
        nodes.push_back({{"id", n.id}, {"role", n.role}});
    return {{"duration_ns", d.duration_ns},
            {"events", d.event_count},
            {"problems", d.problems},
            {"nodes", std::move(nodes)},
            {"faults", std::move(faults)},
            {"steps", std::move(steps)},
            {"ops", {{"invoked", d.ops_invoked}, {"ok", d.ops_ok}, {"failed", d.ops_failed}, {"unknown", d.ops_unknown}}},
            {"latency_ms", std::move(latency)},
            {"availability", std::move(availability)},
            {"messages", std::move(messages)},
            {"bucket_ns", d.bucket_ns},
            {"series", std::move(series)},
            {"pattern", std::move(pattern)}};
}

Json report_summary(const Json& summary, const ReportData& data) {
    Json out = summary.is_object() ? summary : Json::object();
    out["rerun"] = {{"seed", data.seed}, {"command", data.command_line}};
    out["report"] = report_json(data);
    return out;
}

core::Result<void> write_report(const ReportData& data, const ReportDocument& doc, std::span<const Event> events,
                                const Json& summary, const std::filesystem::path& dir, const ReportFormats& formats) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return core::fail("cannot create " + dir.string() + ": " + ec.message());
    if (formats.html)
        if (auto r = write_text(dir / "report.html", render_html(doc)); !r)
            return r;
    if (formats.csv) {
        std::ostringstream ops, series;
        write_ops_csv(events, ops);
        write_timeseries_csv(events, series);
        if (auto r = write_text(dir / "ops.csv", ops.str()); !r)
            return r;
        if (auto r = write_text(dir / "timeseries.csv", series.str()); !r)
            return r;
    }
    if (formats.json) {
        std::ostringstream json;
        write_summary_json(report_summary(summary, data), json);
        if (auto r = write_text(dir / "summary.json", json.str()); !r)
            return r;
    }
    if (formats.trace) {
        std::ofstream out(dir / "trace.json", std::ios::binary | std::ios::trunc);
        write_chrome_trace(events, out);
        out.close();
        if (!out)
            return core::fail("cannot write " + (dir / "trace.json").string());
    }
    return {};
}

}  // namespace distlab::netlab
