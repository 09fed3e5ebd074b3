#include "netlab/report/report_document.h"

#include <cstdio>

#include "netlab/report/html_table.h"
#include "netlab/report/report_charts.h"
#include "netlab/report/svg_writer.h"

namespace distlab::netlab {

namespace {

std::string esc(std::string_view text) { return xml_escape(text); }

std::string fixed(double value, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string seconds(std::int64_t ns) { return run_time_text(ns); }

std::string percent(const std::optional<double>& share) { return share ? fixed(*share * 100, 1) + " %" : "–"; }

std::string verdict_text(Verdict v) {
    switch (v) {
    case Verdict::Pass: return "PASS";
    case Verdict::Fail: return "FAIL";
    case Verdict::Unknown: return "UNKNOWN";
    }
    return "UNKNOWN";
}

// The verdict word in Chinese, shown under the English one.
std::string verdict_zh(Verdict v) {
    switch (v) {
    case Verdict::Pass: return "通过";
    case Verdict::Fail: return "未通过";
    case Verdict::Unknown: return "未知";
    }
    return "未知";
}

// English, and the Chinese below it when there is one that differs.
std::string both_html(const core::Text& text) {
    const std::string& zh = text.zh_or_en();
    return zh == text.en ? esc(text.en) : esc(text.en) + "<br/><span class=\"zh\">" + esc(zh) + "</span>";
}

std::string verdict_class(Verdict v) {
    return v == Verdict::Pass ? "pass" : v == Verdict::Fail ? "fail" : "unknown";
}

using Table = HtmlTable;

// Long lists (faults of a random nemesis, narrative steps, a source's table rows) show this many rows; the
// rest are in summary.json.
constexpr std::size_t kMaxRows = 100;

std::string more_rows(std::size_t total) {
    return total > kMaxRows ? "<p>… and " + std::to_string(total - kMaxRows) + " more in summary.json.</p>\n" : "";
}

ReportBlock html(std::string content) { return {ReportBlock::Kind::Html, std::move(content)}; }
ReportBlock svg(std::string content) { return {ReportBlock::Kind::Svg, std::move(content)}; }

std::string paragraph(const std::string& text, const char* cls = nullptr) {
    return std::string("<p") + (cls ? std::string(" class=\"") + cls + "\"" : "") + ">" + esc(text) + "</p>\n";
}

ReportSection title_section(const ReportData& d) {
    ReportSection s{"title", "", {}};
    std::string h = "<h1>" + esc(d.title.en.empty() ? d.name : d.title.en) + "</h1>\n";
    if (!d.title.zh.empty())
        h += "<h2 class=\"zh\">" + esc(d.title.zh) + "</h2>\n";
    if (!d.summary.en.empty())
        h += paragraph(d.summary.en);
    if (!d.summary.zh.empty())
        h += paragraph(d.summary.zh, "zh");
    // A run without checks, or stopped early, was not judged: neither PASSED nor FAILED.
    const char* tone = d.verdict == RunVerdict::Passed ? "pass" : d.verdict == RunVerdict::Failed ? "fail" : "unknown";
    const std::string verdict = "<span class=\"" + std::string(tone) + "\">" +
                                esc(run_verdict_text(d.verdict, d.stopped_at_ns).en) + "</span> <span class=\"zh\">" +
                                esc(run_verdict_text(d.verdict, d.stopped_at_ns).zh) + "</span>";
    Table t({"scenario", "family", "result", "seed", "duration", "events"});
    t.row({esc(d.name), esc(d.family), verdict, std::to_string(d.seed), esc(seconds(d.duration_ns)),
           std::to_string(d.event_count)});
    h += t.str();
    for (const std::string& problem : d.problems)
        h += "<p class=\"warning\"><b>Incomplete data: </b>" + esc(problem) + "</p>\n";
    s.blocks.push_back(html(std::move(h)));
    return s;
}

ReportSection timeline_section(const ReportData& d) {
    ReportSection s{"timeline", "Fault timeline", {}};
    s.blocks.push_back(svg(timeline_svg(d)));
    if (!d.steps.empty()) {
        Table t({"#", "time", "narrative step"}, {true, true, false});
        for (std::size_t i = 0; i < d.steps.size() && i < kMaxRows; ++i) {
            std::string say = esc(d.steps[i].say.en);
            if (!d.steps[i].say.zh.empty())
                say += "<br/><span class=\"zh\">" + esc(d.steps[i].say.zh) + "</span>";
            t.row({std::to_string(i + 1), esc(seconds(d.steps[i].t_ns)), say});
        }
        s.blocks.push_back(html(t.str() + more_rows(d.steps.size())));
    }
    if (d.faults.empty()) {
        s.blocks.push_back(html(paragraph("No faults were injected.")));
    } else {
        Table t({"fault", "from", "until"}, {false, true, true});
        for (std::size_t i = 0; i < d.faults.size() && i < kMaxRows; ++i) {
            const FaultInterval& f = d.faults[i];
            t.row({esc(f.label), esc(seconds(f.start_ns)),
                   f.instant ? "(instant)" : f.healed ? esc(seconds(f.end_ns)) : "end of run"});
        }
        s.blocks.push_back(html(t.str() + more_rows(d.faults.size())));
    }
    return s;
}

ReportSection latency_section(const ReportData& d) {
    ReportSection s{"latency", "Latency percentiles", {}};
    Table t({"operations", "count", "p50 (ms)", "p90 (ms)", "p99 (ms)", "p99.9 (ms)", "max (ms)"},
            {false, true, true, true, true, true, true});
    for (const LatencyRow& r : d.latency)
        t.row({esc(r.function), std::to_string(r.count), fixed(r.p50, 2), fixed(r.p90, 2), fixed(r.p99, 2),
               fixed(r.p999, 2), fixed(r.max, 2)});
    s.blocks.push_back(html(paragraph("Invoke to completion of the operations that succeeded (nearest rank).") + t.str()));
    return s;
}

ReportSection availability_section(const ReportData& d) {
    ReportSection s{"availability", "Availability per fault window", {}};
    const std::optional<double> overall =
        d.ops_invoked ? std::optional<double>(static_cast<double>(d.ops_ok) / static_cast<double>(d.ops_invoked))
                      : std::nullopt;
    Table totals({"invoked", "ok", "failed", "unknown", "availability"}, {true, true, true, true, true});
    totals.row({std::to_string(d.ops_invoked), std::to_string(d.ops_ok), std::to_string(d.ops_failed),
                std::to_string(d.ops_unknown), percent(overall)});
    std::string h = paragraph("Availability is the share of operations invoked in a window that succeeded.") + totals.str();
    if (d.availability.empty()) {
        h += paragraph("No lasting fault: no fault windows.");
    } else {
        auto cell = [](const WindowAvailability& w) {
            return percent(w.share) + " (" + std::to_string(w.ok) + "/" + std::to_string(w.ops) + ")";
        };
        Table t({"fault", "window", "before", "during", "after"}, {false, false, true, true, true});
        for (std::size_t i = 0; i < d.availability.size() && i < kMaxRows; ++i) {
            const FaultAvailability& a = d.availability[i];
            const FaultInterval& f = d.faults[a.fault];
            t.row({esc(f.label), esc(fixed(static_cast<double>(f.start_ns) / 1e9, 2) + "–" +
                                     fixed(static_cast<double>(f.end_ns) / 1e9, 2) + " s"),
                   cell(a.before), cell(a.during), cell(a.after)});
        }
        h += t.str() + more_rows(d.availability.size());
    }
    s.blocks.push_back(html(std::move(h)));
    return s;
}

ReportSection messages_section(const ReportData& d) {
    ReportSection s{"messages", "Messages per type", {}};
    Table t({"type", "sent", "delivered", "dropped", "duplicated"}, {false, true, true, true, true});
    for (const MessageCounts& m : d.messages) {
        const std::string type = m.type == "all" ? "<b>all</b>" : esc(m.type);
        t.row({type, std::to_string(m.sent), std::to_string(m.delivered), std::to_string(m.dropped),
               std::to_string(m.duplicated)});
    }
    s.blocks.push_back(html(t.str()));
    return s;
}

std::string cell_html(const TableCell& c) {
    return c.zh.empty() ? esc(c.en) : esc(c.en) + "<br/><span class=\"zh\">" + esc(c.zh) + "</span>";
}

// A source's table (its first kMaxRows rows) as blocks: its picture as SVG, the table as XHTML.
// `h` is the XHTML not yet made a block.
void add_table(ReportSection& s, std::string& h, const FigureTable& table) {
    if (!table.picture.empty()) {
        if (!h.empty())
            s.blocks.push_back(html(std::move(h)));
        h.clear();
        s.blocks.push_back(svg(table.picture));
    }
    std::vector<std::string> head;
    for (const TableCell& c : table.head)
        head.push_back(c.zh.empty() ? c.en : c.en + " " + c.zh);
    Table t(head, table.numeric);
    for (std::size_t i = 0; i < table.rows.size() && i < kMaxRows; ++i) {
        std::vector<std::string> cells;
        for (const TableCell& c : table.rows[i])
            cells.push_back(cell_html(c));
        t.row(cells);
    }
    h += t.str() + more_rows(table.rows.size());
}

ReportSection pattern_section(const ReportData& d) {
    ReportSection s{"pattern", "Pattern figures", {}};
    std::string h;
    for (const FigureSection& section : d.sections) {
        h += "<h3>" + esc(section.title.en);
        if (!section.title.zh.empty())
            h += " <span class=\"zh\">" + esc(section.title.zh) + "</span>";
        h += "</h3>\n";
        for (const std::string& note : section.notes)
            h += paragraph(note);
        for (const FigureTable& table : section.tables)
            add_table(s, h, table);
    }
    h += "<h3>Every run</h3>\n";
    const GenericFigures& g = d.generic;
    Table t({"node starts", "node exits", "state changes", "log lines", "warnings", "violations"},
            {true, true, true, true, true, true});
    t.row({std::to_string(g.node_starts), std::to_string(g.node_exits), std::to_string(g.state_changes),
           std::to_string(g.log_lines), std::to_string(g.warnings), std::to_string(g.violations)});
    h += t.str();
    s.blocks.push_back(html(std::move(h)));
    return s;
}

ReportSection checks_section(const ReportData& d) {
    ReportSection s{"checks", "Checker verdicts", {}};
    if (d.checks.empty()) {
        s.blocks.push_back(html(paragraph("The scenario has no checks.")));
        return s;
    }
    Table t({"check", "verdict", "detail", "where", "nodes involved"});
    for (const CheckResult& c : d.checks) {
        const std::string where = c.window_ns ? esc(fixed(static_cast<double>(c.window_ns->first) / 1e9, 3) + "–" +
                                                    fixed(static_cast<double>(c.window_ns->second) / 1e9, 3) + " s")
                                              : "";
        std::string nodes;
        for (const std::string& node : c.nodes)
            nodes += (nodes.empty() ? "" : ", ") + esc(node);
        t.row({esc(c.name),
               "<span class=\"" + verdict_class(c.verdict) + "\">" + verdict_text(c.verdict) +
                   "</span><br/><span class=\"zh\">" + verdict_zh(c.verdict) + "</span>",
               both_html(c.detail_text()), where, nodes});
    }
    s.blocks.push_back(html(t.str()));
    return s;
}

ReportSection rerun_section(const ReportData& d) {
    ReportSection s{"rerun", "Rerun", {}};
    std::string h = "<p>Seed: <code>" + std::to_string(d.seed) + "</code></p>\n";
    if (!d.command_line.empty())
        h += "<p>Command:</p>\n<pre>" + esc(d.command_line) + "</pre>\n";
    else
        h += paragraph("The command line was not recorded.");
    if (!d.recording.empty())
        h += "<p>Recording: <code>" + esc(d.recording) + "</code></p>\n";
    s.blocks.push_back(html(std::move(h)));
    return s;
}

}  // namespace

const std::string& report_css() {
    static const std::string css =
        "body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #222222; }\n"
        "h1 { font-size: 18pt; margin-bottom: 2pt; }\n"
        "h2 { font-size: 14pt; margin-top: 14pt; border-bottom: 1px solid #bbbbbb; }\n"
        "h3 { font-size: 11pt; margin-top: 8pt; }\n"
        "h2.zh { border-bottom: none; margin-top: 0; font-weight: normal; }\n"
        "table.grid { border-collapse: collapse; margin: 4pt 0 8pt 0; }\n"
        "table.grid th { background-color: #eceff1; }\n"
        "table.grid td[align=\"right\"] { white-space: nowrap; }\n"
        "table.grid th, table.grid td { border: 1px solid #b0bec5; padding: 3px 6px; }\n"
        ".pass { color: #2e7d32; font-weight: bold; }\n"
        ".fail { color: #c62828; font-weight: bold; }\n"
        ".unknown { color: #ef6c00; font-weight: bold; }\n"
        ".warning { color: #8d4b00; background-color: #fff3e0; }\n"
        ".zh { color: #37474f; }\n"
        ".better { background-color: #c8e6c9; font-weight: bold; }\n"
        "td.group { background-color: #f5f5f5; }\n"
        "pre { background-color: #f5f5f5; padding: 4pt; white-space: pre-wrap; }\n";
    return css;
}

ReportDocument build_report_document(const ReportData& data) {
    ReportDocument doc;
    doc.title = data.title.en.empty() ? data.name : data.title.en;
    doc.sections.push_back(title_section(data));
    doc.sections.push_back({"topology", "Topology", {svg(topology_svg(data))}});
    doc.sections.push_back(timeline_section(data));
    doc.sections.push_back({"series",
                            "Throughput and latency over time",
                            {svg(throughput_svg(data)), svg(latency_svg(data)),
                             html(paragraph("One point per " + fixed(static_cast<double>(data.bucket_ns) / 1e6, 0) +
                                            " ms; shaded: faults in force; dashed: instant faults."))}});
    doc.sections.push_back(latency_section(data));
    doc.sections.push_back(availability_section(data));
    doc.sections.push_back(messages_section(data));
    doc.sections.push_back(pattern_section(data));
    doc.sections.push_back(checks_section(data));
    doc.sections.push_back(rerun_section(data));
    return doc;
}

std::string render_html(const ReportDocument& doc) {
    std::string out =
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        "<title>" + esc(doc.title) + " – DistLab report</title>\n<style>\n" + report_css() +
        "body { max-width: 760px; margin: 16px auto; padding: 0 12px; }\n"
        "svg { max-width: 100%; height: auto; display: block; margin: 6px 0; }\n"
        "section { break-inside: avoid-page; }\n"
        "@media print { h2 { break-after: avoid-page; } svg, table { break-inside: avoid; } }\n"
        "</style>\n</head>\n<body>\n";
    for (const ReportSection& s : doc.sections) {
        out += "<section id=\"" + esc(s.id) + "\">\n";
        if (!s.title.empty())
            out += "<h2>" + esc(s.title) + "</h2>\n";
        for (const ReportBlock& b : s.blocks)
            out += b.content + "\n";
        out += "</section>\n";
    }
    out += "<p class=\"footer\">Made by DistLab from the run's events.</p>\n</body>\n</html>\n";
    return out;
}

}  // namespace distlab::netlab
