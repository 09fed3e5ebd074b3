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

// The report's own words for one document: L(en, zh) picks by the document's language.
struct Words {
    std::string_view lang;
    bool zh = core::is_chinese(lang);
    std::string operator()(std::string_view en, std::string_view chinese) const { return in_lang(lang, en, chinese); }
    const std::string& operator()(const core::Text& text) const { return text.in(lang); }
    std::vector<std::string> operator()(std::initializer_list<std::pair<const char*, const char*>> both) const {
        std::vector<std::string> out;
        for (const auto& [en, chinese] : both)
            out.push_back(in_lang(lang, en, chinese));
        return out;
    }
};

std::string verdict_text(Verdict v, const Words& L) {
    switch (v) {
    case Verdict::Pass: return L("PASS", "通过");
    case Verdict::Fail: return L("FAIL", "未通过");
    case Verdict::Unknown: return L("UNKNOWN", "未知");
    }
    return L("UNKNOWN", "未知");
}

std::string verdict_class(Verdict v) {
    return v == Verdict::Pass ? "pass" : v == Verdict::Fail ? "fail" : "unknown";
}

using Table = HtmlTable;

// Long lists (faults of a random nemesis, narrative steps, a source's table rows) show this many rows; the
// rest are in summary.json.
constexpr std::size_t kMaxRows = 100;

std::string more_rows(std::size_t total, const Words& L) {
    if (total <= kMaxRows)
        return "";
    const std::string n = std::to_string(total - kMaxRows);
    return "<p>" + L("… and " + n + " more in summary.json.", "……另有 " + n + " 行在 summary.json 中。") + "</p>\n";
}

ReportBlock html(std::string content) { return {ReportBlock::Kind::Html, std::move(content)}; }
ReportBlock svg(std::string content) { return {ReportBlock::Kind::Svg, std::move(content)}; }

std::string paragraph(const std::string& text, const char* cls = nullptr) {
    return std::string("<p") + (cls ? std::string(" class=\"") + cls + "\"" : "") + ">" + esc(text) + "</p>\n";
}

ReportSection title_section(const ReportData& d, const Words& L) {
    ReportSection s{"title", {}};
    const std::string& title = L(d.title);
    std::string h = "<h1>" + esc(title.empty() ? d.name : title) + "</h1>\n";
    if (!d.summary.empty())
        h += paragraph(L(d.summary));
    // A run without checks, or stopped early, was not judged: neither PASSED nor FAILED.
    const char* tone = d.verdict == RunVerdict::Passed ? "pass" : d.verdict == RunVerdict::Failed ? "fail" : "unknown";
    const std::string verdict =
        "<span class=\"" + std::string(tone) + "\">" + esc(L(run_verdict_text(d.verdict, d.stopped_at_ns))) + "</span>";
    Table t(L({{"scenario", "场景"}, {"family", "类别"}, {"result", "结果"}, {"seed", "种子"}, {"duration", "时长"},
               {"events", "事件"}}));
    t.row({esc(d.name), esc(d.family), verdict, std::to_string(d.seed), esc(seconds(d.duration_ns)),
           std::to_string(d.event_count)});
    h += t.str();
    for (const std::string& problem : d.problems)
        h += "<p class=\"warning\"><b>" + L("Incomplete data: ", "数据不完整：") + "</b>" + esc(problem) + "</p>\n";
    s.blocks.push_back(html(std::move(h)));
    return s;
}

ReportSection timeline_section(const ReportData& d, const Words& L) {
    ReportSection s{"timeline", {"Fault timeline", "故障时间线"}};
    s.blocks.push_back(svg(timeline_svg(d, L.lang)));
    if (!d.steps.empty()) {
        Table t(L({{"#", "#"}, {"time", "时间"}, {"narrative step", "讲解步骤"}}), {true, true, false});
        for (std::size_t i = 0; i < d.steps.size() && i < kMaxRows; ++i)
            t.row({std::to_string(i + 1), esc(seconds(d.steps[i].t_ns)), esc(L(d.steps[i].say))});
        s.blocks.push_back(html(t.str() + more_rows(d.steps.size(), L)));
    }
    if (d.faults.empty()) {
        s.blocks.push_back(html(paragraph(L("No faults were injected.", "没有注入故障。"))));
    } else {
        Table t(L({{"fault", "故障"}, {"from", "开始"}, {"until", "结束"}}), {false, true, true});
        for (std::size_t i = 0; i < d.faults.size() && i < kMaxRows; ++i) {
            const FaultInterval& f = d.faults[i];
            t.row({esc(fault_label_text(f, L.lang)), esc(seconds(f.start_ns)),
                   f.instant ? L("(instant)", "（瞬时）") : f.healed ? esc(seconds(f.end_ns)) : L("end of run", "运行结束")});
        }
        s.blocks.push_back(html(t.str() + more_rows(d.faults.size(), L)));
    }
    return s;
}

ReportSection latency_section(const ReportData& d, const Words& L) {
    ReportSection s{"latency", {"Latency percentiles", "延迟百分位数"}};
    Table t(L({{"operations", "操作"}, {"count", "次数"}, {"p50 (ms)", "p50 (ms)"}, {"p90 (ms)", "p90 (ms)"},
               {"p99 (ms)", "p99 (ms)"}, {"p99.9 (ms)", "p99.9 (ms)"}, {"max (ms)", "最大 (ms)"}}),
            {false, true, true, true, true, true, true});
    for (const LatencyRow& r : d.latency)
        t.row({esc(r.function == "all" ? L("all", "全部") : r.function), std::to_string(r.count), fixed(r.p50, 2),
               fixed(r.p90, 2), fixed(r.p99, 2), fixed(r.p999, 2), fixed(r.max, 2)});
    s.blocks.push_back(html(paragraph(L("Invoke to completion of the operations that succeeded (nearest rank).",
                                        "成功操作从调用到完成的时间（最近秩法）。")) +
                            t.str()));
    return s;
}

ReportSection availability_section(const ReportData& d, const Words& L) {
    ReportSection s{"availability", {"Availability per fault window", "各故障窗口的可用性"}};
    const std::optional<double> overall =
        d.ops_invoked ? std::optional<double>(static_cast<double>(d.ops_ok) / static_cast<double>(d.ops_invoked))
                      : std::nullopt;
    Table totals(L({{"invoked", "调用"}, {"ok", "成功"}, {"failed", "失败"}, {"unknown", "未知"}, {"availability", "可用性"}}),
                 {true, true, true, true, true});
    totals.row({std::to_string(d.ops_invoked), std::to_string(d.ops_ok), std::to_string(d.ops_failed),
                std::to_string(d.ops_unknown), percent(overall)});
    std::string h = paragraph(L("Availability is the share of operations invoked in a window that succeeded.",
                                "可用性：窗口内发起的操作中成功的比例。")) +
                    totals.str();
    if (d.availability.empty()) {
        h += paragraph(L("No lasting fault: no fault windows.", "没有持续的故障，因此没有故障窗口。"));
    } else {
        auto cell = [](const WindowAvailability& w) {
            return percent(w.share) + " (" + std::to_string(w.ok) + "/" + std::to_string(w.ops) + ")";
        };
        Table t(L({{"fault", "故障"}, {"window", "窗口"}, {"before", "之前"}, {"during", "期间"}, {"after", "之后"}}),
                {false, false, true, true, true});
        for (std::size_t i = 0; i < d.availability.size() && i < kMaxRows; ++i) {
            const FaultAvailability& a = d.availability[i];
            const FaultInterval& f = d.faults[a.fault];
            t.row({esc(fault_label_text(f, L.lang)), esc(fixed(static_cast<double>(f.start_ns) / 1e9, 2) + "–" +
                                                         fixed(static_cast<double>(f.end_ns) / 1e9, 2) + " s"),
                   cell(a.before), cell(a.during), cell(a.after)});
        }
        h += t.str() + more_rows(d.availability.size(), L);
    }
    s.blocks.push_back(html(std::move(h)));
    return s;
}

ReportSection messages_section(const ReportData& d, const Words& L) {
    ReportSection s{"messages", {"Messages per type", "各类型消息"}};
    Table t(L({{"type", "类型"}, {"sent", "发送"}, {"delivered", "送达"}, {"dropped", "丢弃"}, {"duplicated", "重复"}}),
            {false, true, true, true, true});
    for (const MessageCounts& m : d.messages) {
        const std::string type = m.type == "all" ? "<b>" + L("all", "全部") + "</b>" : esc(m.type);
        t.row({type, std::to_string(m.sent), std::to_string(m.delivered), std::to_string(m.dropped),
               std::to_string(m.duplicated)});
    }
    s.blocks.push_back(html(t.str()));
    return s;
}

const std::string& cell_text(const TableCell& c, const Words& L) { return L.zh && !c.zh.empty() ? c.zh : c.en; }

// A source's table (its first kMaxRows rows) as blocks: its picture as SVG, the table as XHTML.
// `h` is the XHTML not yet made a block.
void add_table(ReportSection& s, std::string& h, const FigureTable& table, const Words& L) {
    const std::string& picture = L.zh && !table.picture_zh.empty() ? table.picture_zh : table.picture;
    if (!picture.empty()) {
        if (!h.empty())
            s.blocks.push_back(html(std::move(h)));
        h.clear();
        s.blocks.push_back(svg(picture));
    }
    std::vector<std::string> head;
    for (const TableCell& c : table.head)
        head.push_back(cell_text(c, L));
    Table t(head, table.numeric);
    for (std::size_t i = 0; i < table.rows.size() && i < kMaxRows; ++i) {
        std::vector<std::string> cells;
        for (const TableCell& c : table.rows[i])
            cells.push_back(esc(cell_text(c, L)));
        t.row(cells);
    }
    h += t.str() + more_rows(table.rows.size(), L);
}

ReportSection pattern_section(const ReportData& d, const Words& L) {
    ReportSection s{"pattern", {"Pattern figures", "模式图表"}};
    std::string h;
    for (const FigureSection& section : d.sections) {
        h += "<h3>" + esc(L(section.title)) + "</h3>\n";
        for (const Text& note : section.notes)
            h += paragraph(L(note));
        for (const FigureTable& table : section.tables)
            add_table(s, h, table, L);
    }
    h += "<h3>" + L("Every run", "每次运行都有") + "</h3>\n";
    const GenericFigures& g = d.generic;
    Table t(L({{"node starts", "节点启动"}, {"node exits", "节点退出"}, {"state changes", "状态变化"}, {"log lines", "日志行"},
               {"warnings", "警告"}, {"violations", "违规"}}),
            {true, true, true, true, true, true});
    t.row({std::to_string(g.node_starts), std::to_string(g.node_exits), std::to_string(g.state_changes),
           std::to_string(g.log_lines), std::to_string(g.warnings), std::to_string(g.violations)});
    h += t.str();
    s.blocks.push_back(html(std::move(h)));
    return s;
}

ReportSection checks_section(const ReportData& d, const Words& L) {
    ReportSection s{"checks", {"Checker verdicts", "检查器结论"}};
    if (d.checks.empty()) {
        s.blocks.push_back(html(paragraph(L("The scenario has no checks.", "这个场景没有检查。"))));
        return s;
    }
    Table t(L({{"check", "检查"}, {"verdict", "结论"}, {"detail", "详情"}, {"where", "时间段"}, {"nodes involved", "涉及的节点"}}));
    for (const CheckResult& c : d.checks) {
        const std::string where = c.window_ns ? esc(fixed(static_cast<double>(c.window_ns->first) / 1e9, 3) + "–" +
                                                    fixed(static_cast<double>(c.window_ns->second) / 1e9, 3) + " s")
                                              : "";
        std::string nodes;
        for (const std::string& node : c.nodes)
            nodes += (nodes.empty() ? "" : ", ") + esc(node);
        t.row({esc(c.name), "<span class=\"" + verdict_class(c.verdict) + "\">" + verdict_text(c.verdict, L) + "</span>",
               esc(L(c.detail_text())), where, nodes});
    }
    s.blocks.push_back(html(t.str()));
    return s;
}

ReportSection rerun_section(const ReportData& d, const Words& L) {
    ReportSection s{"rerun", {"Rerun", "重新运行"}};
    std::string h = "<p>" + L("Seed: ", "种子：") + "<code>" + std::to_string(d.seed) + "</code></p>\n";
    if (!d.command_line.empty())
        h += "<p>" + L("Command:", "命令：") + "</p>\n<pre>" + esc(d.command_line) + "</pre>\n";
    else
        h += paragraph(L("The command line was not recorded.", "没有记录命令行。"));
    if (!d.recording.empty())
        h += "<p>" + L("Recording: ", "录制文件：") + "<code>" + esc(d.recording) + "</code></p>\n";
    s.blocks.push_back(html(std::move(h)));
    return s;
}

}  // namespace

std::string in_lang(std::string_view lang, std::string_view en, std::string_view zh) {
    return std::string(core::is_chinese(lang) ? zh : en);
}

const std::string& section_title(const ReportDocument& doc, const ReportSection& section) {
    return section.title.in(doc.lang);
}

const std::string& report_css() {
    static const std::string css =
        "body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #222222; }\n"
        "h1 { font-size: 18pt; margin-bottom: 2pt; }\n"
        "h2 { font-size: 14pt; margin-top: 14pt; border-bottom: 1px solid #bbbbbb; }\n"
        "h3 { font-size: 11pt; margin-top: 8pt; }\n"
        "h2.zh { border-bottom: none; margin-top: 0; font-weight: normal; }\n"
        "table.grid { border-collapse: collapse; margin: 4pt 0 8pt 0; }\n"
        "table.grid th { background-color: #eceff1; white-space: nowrap; }\n"
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

ReportDocument build_report_document(const ReportData& data, std::string_view lang) {
    const Words L{lang};
    ReportDocument doc;
    doc.lang = L.zh ? "zh_CN" : "en";
    doc.title = L(data.title).empty() ? data.name : L(data.title);
    doc.sections.push_back(title_section(data, L));
    doc.sections.push_back({"topology", {"Topology", "拓扑"}, {svg(topology_svg(data, lang))}});
    doc.sections.push_back(timeline_section(data, L));
    const std::string bucket = fixed(static_cast<double>(data.bucket_ns) / 1e6, 0);
    doc.sections.push_back({"series",
                            {"Throughput and latency over time", "吞吐量与延迟随时间的变化"},
                            {svg(throughput_svg(data, lang)), svg(latency_svg(data, lang)),
                             html(paragraph(L("One point per " + bucket + " ms; shaded: faults in force; dashed: instant faults.",
                                              "每 " + bucket + " ms 一个点；阴影：故障生效期间；虚线：瞬时故障。")))}});
    doc.sections.push_back(latency_section(data, L));
    doc.sections.push_back(availability_section(data, L));
    doc.sections.push_back(messages_section(data, L));
    doc.sections.push_back(pattern_section(data, L));
    doc.sections.push_back(checks_section(data, L));
    doc.sections.push_back(rerun_section(data, L));
    return doc;
}

std::string render_html(const ReportDocument& doc) {
    const bool chinese = core::is_chinese(doc.lang);
    std::string out =
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"" +
        std::string(chinese ? "zh-CN" : "en") + "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" + esc(doc.title) +
        (chinese ? " – DistLab 报告" : " – DistLab report") + "</title>\n<style>\n" + report_css() +
        "body { max-width: 760px; margin: 16px auto; padding: 0 12px; }\n"
        "svg { max-width: 100%; height: auto; display: block; margin: 6px 0; }\n"
        "section { break-inside: avoid-page; }\n"
        "@media print { h2 { break-after: avoid-page; } svg, table { break-inside: avoid; } }\n"
        "</style>\n</head>\n<body>\n";
    for (const ReportSection& s : doc.sections) {
        out += "<section id=\"" + esc(s.id) + "\">\n";
        if (!s.title.empty())
            out += "<h2>" + esc(section_title(doc, s)) + "</h2>\n";
        for (const ReportBlock& b : s.blocks)
            out += b.content + "\n";
        out += "</section>\n";
    }
    out += std::string("<p class=\"footer\">") + (chinese ? "由 DistLab 根据运行的事件生成。" : "Made by DistLab from the run's events.") +
           "</p>\n</body>\n</html>\n";
    return out;
}

}  // namespace distlab::netlab
