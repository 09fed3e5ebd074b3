#include "netlab/history/history_report.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "netlab/report/html_table.h"
#include "netlab/report/svg_writer.h"

namespace distlab::netlab {

namespace {

using Json = core::Json;
using Outcome = KvOperation::Outcome;

std::string esc(std::string_view s) { return xml_escape(s); }

const char* verdict_class(Verdict v) {
    return v == Verdict::Pass ? "pass" : v == Verdict::Fail ? "fail" : "unknown";
}

std::string verdict_word(Verdict v, std::string_view lang) {
    return v == Verdict::Pass   ? in_lang(lang, "LINEARIZABLE", "线性一致")
           : v == Verdict::Fail ? in_lang(lang, "NOT LINEARIZABLE", "不是线性一致的")
                                : in_lang(lang, "UNKNOWN", "未判定");
}

// The report's own words in its language.
struct Words {
    std::string_view lang;
    bool zh = core::is_chinese(lang);
    std::string operator()(std::string_view en, std::string_view chinese) const { return in_lang(lang, en, chinese); }
};

// Processes in a natural order: numbers by value, then names.
bool process_less(const std::string& a, const std::string& b) {
    const auto number = [](const std::string& s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const bool na = number(a), nb = number(b);
    if (na != nb)
        return na;
    if (na && a.size() != b.size())
        return a.size() < b.size();
    return a < b;
}

}  // namespace

Json history_summary(const HistoryReportInput& in) {
    const History& h = in.history;
    const Judgement& j = in.judgement;
    std::set<std::string> processes;
    std::size_t unknown = 0, failed = 0;
    for (const HistoryOp& op : h.ops) {
        processes.insert(op.process);
        unknown += op.outcome == Outcome::Info ? 1 : 0;
        failed += op.outcome == Outcome::Fail ? 1 : 0;
    }
    Json out;
    out["command"] = "check";
    out["file"] = in.file;
    out["format"] = std::string(to_string(h.format));
    out["model"] = std::string(to_string(in.model));
    out["verdict"] = std::string(to_string(j.verdict));
    out["passed"] = j.verdict == Verdict::Pass;
    out["summary"] = j.summary;
    out["summary_zh"] = j.summary_zh;
    out["explanation"] = j.explanation;
    out["explanation_zh"] = j.explanation_zh;
    out["partition"] = j.verdict == Verdict::Fail && !j.partition.empty() ? Json(j.partition) : Json();
    if (j.failed_op) {
        const HistoryOp& op = h.ops[*j.failed_op];
        out["failed_op"] = {{"at", op.at},
                            {"completed_at", op.completed_at ? Json(*op.completed_at) : Json()},
                            {"process", op.process},
                            {"op", describe(op)}};
    } else {
        out["failed_op"] = nullptr;
    }
    Json witness = Json::array();
    for (std::size_t i : j.witness)
        witness.push_back({{"at", h.ops[i].at}, {"process", h.ops[i].process}, {"op", describe(h.ops[i])}});
    out["witness"] = std::move(witness);
    out["minimal"] = j.minimal;
    out["unit"] = h.unit;
    out["ops"] = h.ops.size();
    out["processes"] = processes.size();
    out["unknown"] = unknown;
    out["failed"] = failed;
    out["skipped"] = h.skipped;
    out["never_completed"] = h.open;
    out["seconds"] = j.seconds;
    return out;
}

std::string history_timeline_svg(const HistoryReportInput& in) {
    const Words L{in.lang};
    const History& h = in.history;
    const Judgement& j = in.judgement;
    // Which operations to draw: all, or a stretch of kTimelineOps around the counterexample.
    std::size_t first = 0, last = h.ops.size();
    if (h.ops.size() > kTimelineOps) {
        std::size_t centre = 0;
        if (!j.witness.empty())
            centre = (j.witness.front() + j.witness.back()) / 2;
        first = centre > kTimelineOps / 2 ? centre - kTimelineOps / 2 : 0;
        last = std::min(h.ops.size(), first + kTimelineOps);
        first = last - kTimelineOps;
    }
    std::int64_t t0 = std::numeric_limits<std::int64_t>::max(), t1 = 0;
    for (std::size_t i = first; i < last; ++i) {
        t0 = std::min(t0, h.ops[i].invoked_ns);
        t1 = std::max(t1, h.ops[i].completed_ns.value_or(h.ops[i].invoked_ns));
    }
    if (t1 <= t0)
        t1 = t0 + 1;
    const std::int64_t span = t1 - t0;
    const std::int64_t end = t1 + span / 50 + 1;   // where unknown outcomes run to

    // Lanes: one per process; with many processes (Jepsen gives a crashed one a new number),
    // operations packed into as few lanes as they need.
    std::vector<std::string> processes;
    for (std::size_t i = first; i < last; ++i)
        processes.push_back(h.ops[i].process);
    std::sort(processes.begin(), processes.end(), process_less);
    processes.erase(std::unique(processes.begin(), processes.end()), processes.end());
    constexpr std::size_t kMaxLanes = 40;
    std::vector<std::size_t> lane_of(last - first, 0);
    std::vector<std::string> lane_names;
    if (processes.size() <= kMaxLanes) {
        std::map<std::string, std::size_t> index;
        for (std::size_t k = 0; k < processes.size(); ++k)
            index[processes[k]] = k;
        for (std::size_t i = first; i < last; ++i)
            lane_of[i - first] = index[h.ops[i].process];
        lane_names = processes;
    } else {
        std::vector<std::int64_t> free_at;
        for (std::size_t i = first; i < last; ++i) {
            const std::int64_t until = h.ops[i].completed_ns.value_or(end);
            std::size_t lane = 0;
            while (lane < free_at.size() && free_at[lane] > h.ops[i].invoked_ns)
                ++lane;
            if (lane == free_at.size())
                free_at.push_back(0);
            free_at[lane] = until;
            lane_of[i - first] = lane;
        }
        for (std::size_t k = 0; k < free_at.size(); ++k)
            lane_names.push_back(L("lane ", "泳道 ") + std::to_string(k + 1));
    }

    constexpr double kLeft = 70, kRight = 10, kTop = 24, kLane = 20, kWidth = 900;
    const double height = kTop + kLane * static_cast<double>(lane_names.size()) + 30;
    SvgWriter svg(kWidth, height);
    const double plot = kWidth - kLeft - kRight;
    const auto x_of = [&](std::int64_t t) {
        return kLeft + plot * static_cast<double>(t - t0) / static_cast<double>(end - t0);
    };
    const std::set<std::size_t> witness(j.witness.begin(), j.witness.end());
    // The counterexample's stretch, shaded.
    if (!j.witness.empty()) {
        std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = 0;
        for (std::size_t i : j.witness)
            if (i >= first && i < last) {
                lo = std::min(lo, h.ops[i].invoked_ns);
                hi = std::max(hi, h.ops[i].completed_ns.value_or(end));
            }
        if (hi > lo)
            svg.rect(x_of(lo), kTop - 4, std::max(2.0, x_of(hi) - x_of(lo)), kLane * static_cast<double>(lane_names.size()) + 8,
                     {.fill = "#ffebee"});
    }
    for (std::size_t k = 0; k < lane_names.size(); ++k) {
        const double y = kTop + kLane * static_cast<double>(k);
        svg.text(kLeft - 6, y + kLane * 0.65, lane_names[k], {.size = 10, .anchor = SvgWriter::Anchor::End});
        svg.line(kLeft, y + kLane - 1, kWidth - kRight, y + kLane - 1, {.stroke = "#eceff1"});
    }
    for (std::size_t i = first; i < last; ++i) {
        const HistoryOp& op = h.ops[i];
        const double y = kTop + kLane * static_cast<double>(lane_of[i - first]) + 3;
        const double x0 = x_of(op.invoked_ns);
        const double x1 = std::max(x0 + 2, x_of(op.completed_ns.value_or(end)));
        const bool in_witness = witness.count(i) > 0;
        const bool failed_here = j.failed_op && *j.failed_op == i;
        std::string fill = op.outcome == Outcome::Ok ? "#90caf9" : op.outcome == Outcome::Fail ? "#e0e0e0" : "#ffe0b2";
        std::string stroke = op.outcome == Outcome::Info ? "#ef6c00" : "#546e7a";
        if (in_witness || failed_here) {
            fill = failed_here ? "#e53935" : "#ef9a9a";
            stroke = "#b71c1c";
        }
        svg.begin_group(where(h, op, in.lang) + L(": ", "：") + describe(op, in.lang));
        svg.rect(x0, y, x1 - x0, kLane - 7,
                 {.fill = fill, .stroke = stroke, .stroke_width = failed_here ? 2.0 : 0.7,
                  .dash = op.outcome == Outcome::Info ? "3 2" : ""});
        // A label where it fits: the function and its values.
        std::string label = op.f;
        if (!op.input.is_null())
            label += " " + (op.input.is_string() ? op.input.get<std::string>() : op.input.dump());
        if (op.outcome == Outcome::Ok && (op.input.is_null() || (!op.output.is_null() && op.output != op.input)))
            label += "→" + (op.output.is_null() ? std::string("nil")
                                                 : op.output.is_string() ? op.output.get<std::string>() : op.output.dump());
        if (x1 - x0 > 6.0 * static_cast<double>(label.size()))
            svg.text(x0 + 2, y + kLane - 11, label, {.size = 9});
        svg.end_group();
    }
    // The axis: time, or positions in the file for untimed histories.
    const double axis_y = kTop + kLane * static_cast<double>(lane_names.size()) + 4;
    svg.line(kLeft, axis_y, kWidth - kRight, axis_y, {.stroke = "#546e7a"});
    for (int k = 0; k <= 4; ++k) {
        const std::int64_t t = t0 + span * k / 4;
        char label[64];
        if (h.format == HistoryFormat::PorcupineJson && h.timed)
            std::snprintf(label, sizeof label, "t %lld", static_cast<long long>(t));
        else if (h.timed)
            std::snprintf(label, sizeof label, "%.3f ms", static_cast<double>(t) / 1e6);
        else
            std::snprintf(label, sizeof label, L.zh ? "第 %lld 个" : "event %lld", static_cast<long long>(t + 1));
        svg.line(x_of(t), axis_y, x_of(t), axis_y + 4, {.stroke = "#546e7a"});
        svg.text(x_of(t), axis_y + 16, label, {.size = 9, .anchor = SvgWriter::Anchor::Middle});
    }
    const std::string shown = std::to_string(first + 1) + "–" + std::to_string(last), all = std::to_string(h.ops.size());
    svg.text(kLeft, 14,
             L("operations " + shown + " of " + all + (h.timed ? "" : " (untimed: drawn in the order of the file)"),
               "共 " + all + " 个操作中的第 " + shown + " 个" + (h.timed ? "" : "（没有时间：按文件中的顺序画出）")),
             {.size = 10, .role = "title"});
    return svg.str();
}

ReportDocument history_report_document(const HistoryReportInput& in) {
    const Words L{in.lang};
    const History& h = in.history;
    const Judgement& j = in.judgement;
    const Json summary = history_summary(in);
    ReportDocument doc;
    doc.lang = L.zh ? "zh_CN" : "en";
    doc.title = L("History check: ", "历史检查：") + in.file;

    ReportSection title{"title", {}};
    std::string html = "<h1>" + esc(doc.title) + "</h1>\n";
    HtmlTable t({L("file", "文件"), L("format", "格式"), L("model", "模型"), L("result", "结果"), L("operations", "操作"),
                 L("processes", "进程"), L("time to judge", "判定用时")},
                {false, false, false, false, true, true, true});
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f s", j.seconds);
    t.row({esc(in.file), esc(std::string(to_string(h.format))), esc(std::string(to_string(in.model))),
           "<span class=\"" + std::string(verdict_class(j.verdict)) + "\">" + verdict_word(j.verdict, in.lang) + "</span>",
           std::to_string(h.ops.size()), summary["processes"].dump(), seconds});
    html += t.str();
    html += "<p>" + esc(L.zh && !j.summary_zh.empty() ? j.summary_zh : j.summary) + "</p>\n";
    if (h.skipped > 0 || h.open > 0) {
        const std::string skipped = std::to_string(h.skipped), open = std::to_string(h.open);
        html += "<p>" +
                L(skipped + " lines that are not client operations skipped (nemesis, other logs); " + open +
                      " invocations never completed (judged as unknown outcomes).",
                  "跳过了 " + skipped + " 行不是客户端操作的内容（nemesis、其他日志）；" + open +
                      " 个调用从未完成（按结果未知判定）。") +
                "</p>\n";
    }
    title.blocks.push_back({ReportBlock::Kind::Html, std::move(html)});
    doc.sections.push_back(std::move(title));

    if (j.verdict == Verdict::Fail) {
        ReportSection ce{"counterexample", {"The first counterexample", "第一个反例"}};
        std::string text;
        for (const std::string& line : L.zh && !j.explanation_zh.empty() ? j.explanation_zh : j.explanation)
            text += line + "\n";
        std::string block = "<pre>" + esc(text) + "</pre>\n";
        block += "<p>" +
                 (j.minimal ? L("These operations alone are not linearizable: each one left out makes them so, or is "
                                "needed by another (a read needs the write of its value).",
                                "单是这些操作就不是线性一致的：去掉其中任何一个就会变得线性一致，或者它是另一个操作所需要的"
                                "（读需要写入它所读之值的那次写）。")
                            : L("The search could not place the marked operation; the others overlap it in time.",
                                "搜索无法放下标记的操作；其他操作在时间上与它重叠。")) +
                 "</p>\n";
        HtmlTable ops({L("where", "位置"), L("process", "进程"), L("operation", "操作"), L("outcome", "结果")});
        for (std::size_t i : j.witness) {
            const HistoryOp& op = h.ops[i];
            const std::string outcome = op.outcome == Outcome::Ok     ? L("ok", "成功")
                                        : op.outcome == Outcome::Fail ? L("fail", "失败")
                                                                      : L("info", "未知");
            const bool marked = j.failed_op && *j.failed_op == i;
            ops.row({esc(where(h, op, in.lang)), esc(op.process),
                     (marked ? "<b>✗ " : "") + esc(describe(op, in.lang)) + (marked ? "</b>" : ""), outcome});
        }
        block += ops.str();
        ce.blocks.push_back({ReportBlock::Kind::Html, std::move(block)});
        doc.sections.push_back(std::move(ce));
    }

    ReportSection timeline{"history", {"The history as a timeline", "历史的时间线"}};
    timeline.blocks.push_back(
        {ReportBlock::Kind::Html,
         "<p>" +
             L("One lane per process; each bar runs from an operation's invocation to its completion. Blue: ok; grey: "
               "failed (it did not happen); orange, dashed: unknown outcome (it may take effect at any time after its "
               "invocation, or never). Red: the counterexample, the operation no order places in dark red, its stretch "
               "shaded.",
               "每个进程一条泳道；每个条形从操作的调用画到它的完成。蓝色：成功；灰色：失败（它没有发生）；橙色虚线：结果未知"
               "（它可能在调用之后的任何时刻生效，也可能从未生效）。红色：反例，没有任何顺序能放下的那个操作为深红色，"
               "反例所在的时间段加了阴影。") +
             "</p>\n"});
    timeline.blocks.push_back({ReportBlock::Kind::Svg, history_timeline_svg(in)});
    doc.sections.push_back(std::move(timeline));

    ReportSection rerun{"rerun", {"Rerun", "重新运行"}};
    rerun.blocks.push_back({ReportBlock::Kind::Html, "<pre>" + esc(in.command_line) + "</pre>\n"});
    doc.sections.push_back(std::move(rerun));
    return doc;
}

}  // namespace distlab::netlab
