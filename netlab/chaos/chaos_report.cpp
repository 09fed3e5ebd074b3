#include "netlab/chaos/chaos_report.h"

#include <cstdio>

#include "netlab/report/html_table.h"
#include "netlab/report/svg_writer.h"

namespace distlab::netlab {

namespace {

struct Words {
    std::string_view lang;
    std::string operator()(std::string_view en, std::string_view zh) const { return in_lang(lang, en, zh); }
};

std::string number(auto value) { return std::to_string(value); }

}  // namespace

ReportSection chaos_section(const ChaosReportInput& in, std::string_view lang) {
    const Words L{lang};
    const ChaosOptions& o = in.options;
    const ChaosSummary& summary = in.summary;
    std::string faults;
    for (ChaosFault f : o.faults)
        faults += std::string(faults.empty() ? "" : ", ") + std::string(to_string(f));
    const std::string first = number(o.seed), last = number(o.seed + std::uint64_t(summary.runs) - 1);
    const std::string interval = core::format_duration(o.interval), runs = number(summary.runs);
    std::string html =
        "<p>" +
        xml_escape(L(in.scenario.name + " ran " + runs + " time(s) " + (o.real ? "on real processes" : "in the simulator") +
                         ", seeds " + first + " to " + last + ", each under its own random schedule of " + faults +
                         ", one fault every " + interval + " on average" + (summary.stopped ? " (stopped early)" : "") + ".",
                     in.scenario.name + (o.real ? " 在真实进程上" : " 在模拟器中") + "运行了 " + runs + " 次，种子 " + first +
                         " 到 " + last + "，每次运行使用各自的随机故障计划（" + faults + "），平均每 " + interval +
                         " 一个故障" + (summary.stopped ? "（提前停止）" : "") + "。")) +
        "</p>\n";
    HtmlTable totals({L("runs", "运行"), L("passed", "通过"), L("failed", "未通过"), L("seconds", "秒")}, {true, true, true, true});
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", summary.seconds);
    totals.row({runs, number(summary.passed), number(summary.failures.size()), seconds});
    html += totals.str();
    if (!summary.failures_by_check.empty()) {
        HtmlTable by_check({L("check", "检查"), L("runs failing it", "未通过它的运行")}, {false, true});
        for (const auto& [check, count] : summary.failures_by_check)
            by_check.row({"<code>" + xml_escape(check) + "</code>", number(count)});
        html += by_check.str();
        std::string seeds;
        for (std::size_t i = 0; i < summary.failures.size() && i < 20; ++i)
            seeds += (i ? ", " : "") + number(summary.failures[i].seed);
        html += "<p>" + L("Failing seeds: ", "未通过的种子：") + seeds + (summary.failures.size() > 20 ? ", ..." : "") + "</p>\n";
    }
    if (summary.shrunk) {
        const ChaosShrunk& shrunk = *summary.shrunk;
        const std::string seed = number(shrunk.seed), kept = number(in.shrunk_faults.size());
        const std::string before = number(shrunk.faults_before), shrinking = number(shrunk.runs);
        const std::string check = "<code>" + xml_escape(shrunk.check) + "</code>";
        html += "<h3>" + L("The first failure, shrunk", "缩减后的第一次失败") + "</h3>\n<p>" +
                L("Seed " + seed + ": " + check + " still fails with " + kept + " fault(s) of " + before + " (" + shrinking +
                      " runs of shrinking" + (shrunk.minimal ? "" : "; not minimal: the shrink budget ran out") +
                      "). The rest of this report is that run.",
                  "种子 " + seed + "：只保留 " + before + " 个故障中的 " + kept + " 个，" + check + " 仍未通过（缩减运行了 " +
                      shrinking + " 次" + (shrunk.minimal ? "" : "；不是最小的：缩减的运行次数用完了") +
                      "）。本报告其余部分就是这次运行。") +
                "</p>\n<pre>";
        for (const std::string& line : in.shrunk_faults)
            html += xml_escape(line) + "\n";
        html += "</pre>\n";
        const std::string& detail = core::is_chinese(lang) && !shrunk.detail_zh.empty() ? shrunk.detail_zh : shrunk.detail;
        if (!detail.empty())
            html += "<p>" + xml_escape(shrunk.check) + L(": ", "：") + xml_escape(detail) + "</p>\n";
    } else {
        html += "<p>" +
                L("No run failed a check. The rest of this report is the first run, under its random schedule.",
                  "没有任何运行使检查失败。本报告其余部分是第一次运行，使用它的随机故障计划。") +
                "</p>\n";
    }
    html += "<p>" + L("Replay: ", "重放：") + "<code>" + xml_escape(in.replay) + "</code></p>\n";
    return {"chaos", {"Chaos campaign", "混沌测试"}, {{ReportBlock::Kind::Html, html}}};
}

}  // namespace distlab::netlab
