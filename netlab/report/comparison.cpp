#include "netlab/report/comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <iterator>
#include <map>

#include "netlab/report/consistency_figures.h"
#include "netlab/report/html_table.h"
#include "netlab/report/report_charts.h"
#include "netlab/report/svg_writer.h"

namespace distlab::netlab {

namespace {

using core::Json;

// The groups of the generic figures (run_figures).
constexpr const char* kGroupOps = "Throughput and operations";
constexpr const char* kGroupAvailability = "Availability";
constexpr const char* kGroupLatency = "Latency (ok operations)";
constexpr const char* kGroupMessages = "Messages";
constexpr const char* kGroupRoleMetrics = "Role metrics";
constexpr const char* kGroupGeneric = "Every run";
constexpr const char* kGroupChecks = "Checks";

constexpr const char* kColourA = "#1565c0";
constexpr const char* kColourB = "#ef6c00";

std::string esc(std::string_view text) { return xml_escape(text); }

std::string fixed(double value, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

// The comparison's own words, in the language of its page.
struct Words {
    std::string_view lang;
    bool zh = core::is_chinese(lang);
    std::string operator()(std::string_view en, std::string_view chinese) const { return in_lang(lang, en, chinese); }
};

std::string verdict_text(Verdict v, const Words& L) {
    switch (v) {
    case Verdict::Pass: return L("PASS", "通过");
    case Verdict::Fail: return L("FAIL", "未通过");
    case Verdict::Unknown: return L("UNKNOWN", "未知");
    }
    return L("UNKNOWN", "未知");
}

std::string verdict_span(Verdict v, const Words& L) {
    const char* cls = v == Verdict::Pass ? "pass" : v == Verdict::Fail ? "fail" : "unknown";
    return std::string("<span class=\"") + cls + "\">" + verdict_text(v, L) + "</span>";
}

std::string result_span(bool passed, const Words& L) {
    return passed ? "<span class=\"pass\">" + L("PASSED", "通过") + "</span>"
                  : "<span class=\"fail\">" + L("FAILED", "未通过") + "</span>";
}

ReportBlock html(std::string content) { return {ReportBlock::Kind::Html, std::move(content)}; }
ReportBlock svg(std::string content) { return {ReportBlock::Kind::Svg, std::move(content)}; }

std::string title_of(const ReportData& d, const Words& L) {
    const std::string& title = d.title.in(L.lang);
    return title.empty() ? d.name : title;
}

std::string difference_text(const FigureComparison& c) {
    if (!c.difference)
        return "–";
    const double d = *c.difference;
    const std::string magnitude = c.unit == "%" ? fixed(std::abs(d), 1) + " pp" : figure_text(std::abs(d), c.unit);
    // A difference too small to show is no difference: "±0.0 pp", never "+0.0 pp".
    const bool shown = magnitude.find_first_of("123456789") != std::string::npos;
    const std::string sign = !shown ? "±" : d > 0 ? "+" : "−";
    std::string text = sign + magnitude;
    if (c.relative && c.unit != "%" && shown)
        text += " (" + std::string(*c.relative > 0 ? "+" : "−") + fixed(std::abs(*c.relative) * 100, 1) + " %)";
    return text;
}

// The verdicts of one check over a side's runs: "PASS", "FAIL", or "FAIL in 1 of 3 runs", with
// run 1's detail.
std::string check_cell(const CompareSide& side, const std::string& name, const Words& L) {
    std::size_t have = 0;
    std::size_t failed = 0;
    std::size_t unknown = 0;
    const CheckResult* first = nullptr;
    for (const ReportData& run : side.runs)
        for (const CheckResult& c : run.checks)
            if (c.name == name) {
                ++have;
                failed += c.verdict == Verdict::Fail;
                unknown += c.verdict == Verdict::Unknown;
                if (!first)
                    first = &c;
            }
    if (!first)
        return L("(not checked)", "（未检查）");
    std::string verdict;
    if (failed == 0 && unknown == 0)
        verdict = verdict_span(Verdict::Pass, L);
    else if (failed == have)
        verdict = verdict_span(Verdict::Fail, L);
    else if (unknown == have)
        verdict = verdict_span(Verdict::Unknown, L);
    else {
        const std::string k = std::to_string(failed ? failed : unknown), n = std::to_string(have);
        const std::string span = verdict_span(failed ? Verdict::Fail : Verdict::Unknown, L);
        verdict = L.zh ? n + " 次运行中 " + k + " 次" + span : span + " in " + k + " of " + n + " runs";
    }
    return verdict + "<br/>" + esc(first->detail_text().in(L.lang));
}

// A recording's start time for people, to the second: "2024-05-01 10:00:00 UTC"; "at an unknown
// time" when not stored.
std::string recorded_text(const CompareSide& side, const Words& L) {
    if (side.recorded_at.empty())
        return L("at an unknown time", "时间不明");
    std::string t = side.recorded_at.substr(0, 19);
    std::replace(t.begin(), t.end(), 'T', ' ');
    return t + " UTC";
}

std::string seeds_text(const CompareSide& side) {
    std::string text;
    for (std::size_t i = 0; i < side.runs.size(); ++i)
        text += (i ? ", " : "") + std::to_string(side.runs[i].seed);
    return text;
}

std::string runs_text(std::size_t n, const Words& L) {
    return L.zh ? std::to_string(n) + " 次运行" : std::to_string(n) + (n == 1 ? " run" : " runs");
}

std::string where_text(const CompareSide& side, const Words& L) {
    return side.simulated ? L("in the simulator", "在模拟器中") : L("on real processes", "在真实进程上");
}

// Where a side's figures come from, for the title table: recording or scenario, simulated or
// real, and whose seed.
std::string origin_cell(const CompareSide& side, const Words& L) {
    if (side.recording)
        return L.zh ? "<b>录制</b>，" + where_text(side, L) + "录制，根据其事件重新评判<br/>录制于 " +
                          esc(recorded_text(side, L))
                    : "<b>recording</b> made " + where_text(side, L) + ", judged again from its events<br/>recorded " +
                          esc(recorded_text(side, L));
    std::string text = L.zh ? "<b>场景</b>，" + where_text(side, L) + "运行 " + std::to_string(side.runs.size()) + " 次"
                            : "<b>scenario</b>, " + runs_text(side.runs.size(), L) + " " + where_text(side, L);
    if (side.seed_source.empty())
        return text;
    if (!L.zh)
        return text + "<br/>" + esc(side.seed_source) + " seed";
    // The sources distlab-cli compare names ("its own", "--seed", "the recording's").
    const std::string& source = side.seed_source;
    return text + "<br/>" +
           (source == "its own"           ? std::string("自己的种子")
            : source == "the recording's" ? std::string("录制的种子")
                                          : "种子来自 " + esc(source));
}

ReportSection title_section(const CompareInput& in, const std::vector<FigureComparison>& figures, const Words& L) {
    const ReportData& a = in.a.runs.front();
    const ReportData& b = in.b.runs.front();
    ReportSection s{"title", {}};
    std::string h = "<h1>" + esc(L("Comparison: ", "对比：") + title_of(a, L) + L(" vs ", " 与 ") + title_of(b, L)) + "</h1>\n";
    if (const std::string warning = unrelated_warning(in.a, in.b, L.lang); !warning.empty())
        h += "<p class=\"warning\"><b>" + L("Unrelated scenarios: ", "场景互不相关：") + "</b>" + esc(warning) + "</p>\n";
    HtmlTable t({L("side", "一方"), L("scenario", "场景"), L("from", "来源"), L("file", "文件"), L("seed", "种子"),
                 L("result", "结果"), L("runs passed", "通过的运行")},
                {false, false, false, false, true, false, true});
    for (const auto& [name, side] : {std::pair{"A", &in.a}, std::pair{"B", &in.b}}) {
        std::size_t passed = 0;
        for (const ReportData& run : side->runs)
            passed += run.passed;
        t.row({std::string("<b>") + name + "</b>", esc(side->runs.front().name), origin_cell(*side, L),
               "<code>" + esc(side->file) + "</code>", esc(seeds_text(*side)), result_span(side->passed(), L),
               std::to_string(passed) + " / " + std::to_string(side->runs.size())});
    }
    h += t.str();
    h += "<p class=\"headline\"><b>" + esc(comparison_headline(figures, 6, L.lang)) + L(".", "。") + "</b></p>\n";
    h += "<p>";
    const bool one = in.a.runs.size() == 1;
    if (in.a.recording && in.b.recording) {
        h += L("Both sides are recordings: each is one run, judged again from its recorded events with the checks of "
               "the scenario it holds, never rerun.",
               "两边都是录制：各是一次运行，用其中场景的检查根据录制的事件重新评判，不重新运行。");
        if (a.seed != b.seed) {
            const std::string seeds = std::to_string(a.seed) + L(" and ", " 和 ") + std::to_string(b.seed);
            h += L(" They were recorded under different seeds (" + seeds + "), so their timings and random faults need not line up.",
                   "它们在不同的种子下录制（" + seeds + "），所以时间和随机故障未必对得上。");
        }
    } else if (in.a.recording || in.b.recording) {
        const bool a_recorded = in.a.recording;
        const CompareSide& ran = a_recorded ? in.b : in.a;
        const std::string rec = a_recorded ? "A" : "B", other = a_recorded ? "B" : "A";
        h += L.zh ? rec + " 是录制，根据录制的事件重新评判，不重新运行；" + other + " 是其场景" + where_text(ran, L) + "的 " +
                        runs_text(ran.runs.size(), L) + "，种子 " + seeds_text(ran) + "。"
                  : rec + " is a recording, judged again from its recorded events, never rerun; " + other + " is " +
                        runs_text(ran.runs.size(), L) + " of its scenario " + where_text(ran, L) + " under seed" +
                        (ran.runs.size() == 1 ? " " : "s ") + seeds_text(ran) + ".";
    } else if (seeds_text(in.a) == seeds_text(in.b)) {
        h += L("A and B ran under the same seed" + std::string(one ? " " : "s ") + "(" + seeds_text(in.a) + ").",
               "A 和 B 在相同的种子下运行（" + seeds_text(in.a) + "）。");
    } else {
        h += L("Each scenario ran under its own seed" + std::string(one ? "" : "s") + " (A: " + seeds_text(in.a) +
                   "; B: " + seeds_text(in.b) + "), so random choices and faults need not line up; "
                   "give --seed to run both under the same one.",
               "每个场景在自己的种子下运行（A：" + seeds_text(in.a) + "；B：" + seeds_text(in.b) +
                   "），所以随机选择和故障未必对得上；用 --seed 让两边在同一个种子下运行。");
    }
    const bool repeated = in.a.runs.size() > 1 || in.b.runs.size() > 1;
    if (repeated)
        h += L(" Figures are the mean over the runs, with the min–max in brackets.", "数值是各次运行的平均值，括号内是最小值–最大值。");
    h += L(" The better side of a figure is highlighted when the difference is more than noise: ",
           "差异超过噪声时，较好的一方会高亮显示：") +
         esc(noise_rule_text(in.noise, repeated, L.lang)) + L(".", "。");
    if (!repeated)
        h += L(" With one run a side there is no spread to measure: run each side several times (--runs) to see it.",
               "每边只有一次运行，无法衡量波动：让每边运行多次（--runs）即可看到。");
    h += "</p>\n";
    for (const ReportData* d : {&a, &b})
        for (const std::string& problem : d->problems)
            h += "<p class=\"warning\"><b>" + L("Incomplete data (", "数据不完整（") + esc(d->name) + L("): ", "）：") + "</b>" +
                 esc(problem) + "</p>\n";
    s.blocks.push_back(html(std::move(h)));
    return s;
}

// A group of figures as people read it in `L`'s language: the generic groups by name, a
// pattern section's by the section that titled it.
std::string group_text(const CompareInput& in, const std::string& group, const Words& L) {
    if (!L.zh)
        return group;
    std::vector<core::Text> sections;
    for (const CompareSide* side : {&in.a, &in.b})
        for (const ReportData& run : side->runs)
            for (const FigureSection& section : run.sections)
                sections.push_back(section.title);
    return figure_group_text(group, L.lang, sections);
}

ReportSection figures_section(const CompareInput& in, const std::vector<FigureComparison>& comparisons, const Words& L) {
    HtmlTable t({L("figure", "指标"), "A", "B", "B − A", L("better", "较好")}, {false, true, true, true, false});
    std::string group;
    for (const FigureComparison& c : comparisons) {
        if (c.group != group) {
            group = c.group;
            t.heading_row(esc(group_text(in, group, L)));
        }
        auto cell = [&](const std::optional<FigureSummary>& f, Side side) {
            if (!f)
                return std::string("–");
            const std::string text = esc(figure_summary_text(*f, L.lang));
            return c.better_side == side ? "<span class=\"better\">" + text + "</span>" : text;
        };
        const std::string better = c.better_side == Side::A   ? "<b>A</b>"
                                   : c.better_side == Side::B ? "<b>B</b>"
                                   : !c.a || !c.b             ? ""
                                   : c.differs                ? L("differs", "不同")
                                                              : L("same", "相同");
        t.row({esc(figure_label(c, L.lang)), cell(c.a, Side::A), cell(c.b, Side::B), esc(difference_text(c)), better});
    }
    return {"figures", {"Figures side by side", "指标对照"}, {html(t.str())}};
}

ReportSection checks_section(const CompareInput& in, const Words& L) {
    std::vector<std::string> names;
    for (const CompareSide* side : {&in.a, &in.b})
        for (const ReportData& run : side->runs)
            for (const CheckResult& c : run.checks)
                if (std::find(names.begin(), names.end(), c.name) == names.end())
                    names.push_back(c.name);
    ReportSection s{"checks", {"Checker verdicts", "检查器结论"}};
    if (names.empty()) {
        s.blocks.push_back(html("<p>" + L("Neither scenario has checks.", "两个场景都没有检查。") + "</p>\n"));
        return s;
    }
    HtmlTable t({L("check", "检查"), "A", "B"});
    for (const std::string& name : names)
        t.row({esc(name), check_cell(in.a, name, L), check_cell(in.b, name, L)});
    s.blocks.push_back(html(t.str()));
    return s;
}

ReportSection series_section(const CompareInput& in, const Words& L) {
    const ReportData& a = in.a.runs.front();
    const ReportData& b = in.b.runs.front();
    LineChart base;
    base.x_label = time_label(L.lang);
    base.x_min = 0;
    base.x_max = std::max(1e-3, static_cast<double>(std::max(a.duration_ns, b.duration_ns)) / 1e9);
    const bool same_faults = a.faults == b.faults;
    if (same_faults) {
        base.bands = fault_bands(a);
        base.band_legend = L("fault", "故障");
    }
    LineChart throughput = base;
    throughput.title = L("Throughput", "吞吐量");
    throughput.y_label = L("ok operations / s", "成功操作数 / 秒");
    auto ops = [](const TimeBucket& t) { return std::optional(t.throughput_ops_s); };
    throughput.series = {{.name = "A", .colour = kColourA, .points = bucket_points(a, ops)},
                         {.name = "B", .colour = kColourB, .points = bucket_points(b, ops)}};
    LineChart latency = base;
    latency.title = L("Latency", "延迟");
    latency.y_label = L("latency (ms)", "延迟 (ms)");
    auto p50 = [](const TimeBucket& t) { return t.p50_ms; };
    auto p99 = [](const TimeBucket& t) { return t.p99_ms; };
    latency.series = {{.name = "A p50", .colour = kColourA, .points = bucket_points(a, p50)},
                      {.name = "A p99", .colour = kColourA, .dash = "5 3", .points = bucket_points(a, p99)},
                      {.name = "B p50", .colour = kColourB, .points = bucket_points(b, p50)},
                      {.name = "B p99", .colour = kColourB, .dash = "5 3", .points = bucket_points(b, p99)}};
    const std::string a_ms = fixed(static_cast<double>(a.bucket_ns) / 1e6, 0);
    const std::string b_ms = fixed(static_cast<double>(b.bucket_ns) / 1e6, 0);
    std::string note = L("Run 1 of each side; A in blue, B in orange. A: one point per " + a_ms + " ms, B: one point per " +
                             b_ms + " ms. ",
                         "每边的第 1 次运行；A 为蓝色，B 为橙色。A：每 " + a_ms + " ms 一个点，B：每 " + b_ms + " ms 一个点。");
    note += same_faults ? L("Shaded: faults in force (the same schedule on both sides).", "阴影：故障生效期间（两边的故障安排相同）。")
                        : L("The two sides have different fault schedules, so none is shaded; see each run's report.",
                            "两边的故障安排不同，所以没有阴影；请看每次运行的报告。");
    return {"series",
            {"Throughput and latency over time", "吞吐量与延迟随时间的变化"},
            {svg(line_chart_svg(throughput)), svg(line_chart_svg(latency)), html("<p>" + esc(note) + "</p>\n")}};
}

ReportSection topology_section(const CompareInput& in, const Words& L) {
    return {"topology",
            {"Topology", "拓扑"},
            {html("<h3>A: " + esc(title_of(in.a.runs.front(), L)) + "</h3>\n"), svg(topology_svg(in.a.runs.front(), L.lang)),
             html("<h3>B: " + esc(title_of(in.b.runs.front(), L)) + "</h3>\n"), svg(topology_svg(in.b.runs.front(), L.lang))}};
}

ReportSection runs_section(const CompareInput& in, const Words& L) {
    HtmlTable t({L("run", "运行"), L("A seed", "A 种子"), "A", L("B seed", "B 种子"), "B", L("reports", "报告")},
                {true, true, false, true, false, false});
    const std::size_t rows = std::max(in.a.runs.size(), in.b.runs.size());
    for (std::size_t i = 0; i < rows; ++i) {
        const std::string n = std::to_string(i + 1);
        std::vector<std::string> cells{n};
        std::string folders;
        for (const auto& [letter, side] : {std::pair{"a", &in.a}, std::pair{"b", &in.b}}) {
            const bool has = i < side->runs.size();
            cells.push_back(has ? std::to_string(side->runs[i].seed) : "–");
            cells.push_back(has ? result_span(side->runs[i].passed, L) : "–");
            if (has)
                folders += std::string(folders.empty() ? "" : ", ") + "<code>" + letter + "-" + n + "/</code>";
        }
        cells.push_back(folders);
        t.row(cells);
    }
    std::string h = "<p>" + L("Each run has its own full report beside this page, in the folders named below",
                              "每次运行都有自己的完整报告，在本页旁边下列的文件夹中");
    if (in.a.recording || in.b.recording)
        h += L(" (a recording's is made from its events, as <code>distlab-cli report</code> makes it)",
               "（录制的报告由其事件生成，与 <code>distlab-cli report</code> 生成的相同）");
    h += L(".", "。") + "</p>\n" + t.str();
    for (const auto& [name, side] : {std::pair{"A", &in.a}, std::pair{"B", &in.b}})
        if (side->recording && !side->runs.front().command_line.empty())
            h += std::string("<p>") + name + L(" was recorded by:", " 的录制命令：") + "</p>\n<pre>" +
                 esc(side->runs.front().command_line) + "</pre>\n";
    if (!in.command_line.empty())
        h += "<p>" + L("Command:", "命令：") + "</p>\n<pre>" + esc(in.command_line) + "</pre>\n";
    return {"rerun", {"Runs and rerun", "运行与重新运行"}, {html(std::move(h))}};
}

}  // namespace

std::string_view to_string(Better better) {
    switch (better) {
    case Better::Higher: return "higher";
    case Better::Lower: return "lower";
    case Better::Neither: return "neither";
    }
    return "neither";
}

std::vector<Figure> run_figures(const ReportData& d) {
    std::vector<Figure> out;
    auto add = [&](std::string key, const char* group, std::string label, const char* unit, Better better, double value) {
        out.push_back({std::move(key), group, std::move(label), unit, better, value});
    };
    constexpr const char* kOps = kGroupOps;
    constexpr const char* kAvailability = kGroupAvailability;
    constexpr const char* kLatency = kGroupLatency;
    constexpr const char* kMessages = kGroupMessages;
    constexpr const char* kGeneric = kGroupGeneric;
    constexpr const char* kChecks = kGroupChecks;
    auto count = [](std::uint64_t n) { return static_cast<double>(n); };

    const double seconds = static_cast<double>(d.duration_ns) / 1e9;
    if (seconds > 0)
        add("throughput", kOps, "throughput (ok operations / s)", "ops/s", Better::Higher, count(d.ops_ok) / seconds);
    add("ops.invoked", kOps, "operations invoked", "", Better::Neither, count(d.ops_invoked));
    add("ops.ok", kOps, "operations ok", "", Better::Higher, count(d.ops_ok));
    add("ops.failed", kOps, "operations failed", "", Better::Lower, count(d.ops_failed));
    add("ops.unknown", kOps, "operations unknown (info or never completed)", "", Better::Lower, count(d.ops_unknown));

    if (d.ops_invoked > 0)
        add("availability", kAvailability, "availability (all operations)", "%", Better::Higher,
            100.0 * count(d.ops_ok) / count(d.ops_invoked));
    for (std::size_t i = 0; i < d.availability.size(); ++i) {
        const FaultAvailability& a = d.availability[i];
        const std::string key = "availability.fault" + std::to_string(i + 1);
        const std::string& label = d.faults[a.fault].label;
        for (const auto& [name, window] : {std::pair{"before", &a.before}, std::pair{"during", &a.during},
                                           std::pair{"after", &a.after}})
            if (window->share)
                add(key + "." + name, kAvailability, std::string(name) + " " + label, "%", Better::Higher, 100.0 * *window->share);
    }

    for (const LatencyRow& r : d.latency) {
        if (r.count == 0)
            continue;
        const std::string key = "latency." + r.function + ".";
        for (const auto& [name, value] : {std::pair{"p50", r.p50}, std::pair{"p90", r.p90}, std::pair{"p99", r.p99},
                                          std::pair{"p99_9", r.p999}, std::pair{"max", r.max}}) {
            const std::string shown = std::string_view(name) == "p99_9" ? "p99.9" : name;
            add(key + name, kLatency, shown + " (" + r.function + ")", "ms", Better::Lower, value);
        }
    }

    for (const MessageCounts& m : d.messages) {
        const std::string key = "messages." + m.type + ".";
        const std::string type = m.type == "all" ? "all messages" : m.type;
        add(key + "sent", kMessages, type + " sent", "", Better::Neither, count(m.sent));
        add(key + "delivered", kMessages, type + " delivered", "", Better::Neither, count(m.delivered));
        add(key + "dropped", kMessages, type + " dropped", "", Better::Lower, count(m.dropped));
        add(key + "duplicated", kMessages, type + " duplicated", "", Better::Neither, count(m.duplicated));
    }

    for (const FigureSection& section : d.sections)
        out.insert(out.end(), section.figures.begin(), section.figures.end());

    // Role metrics, named alike across patterns: which direction is better follows the name.
    constexpr const char* kRoleMetrics = kGroupRoleMetrics;
    auto direction = [](std::string_view name) {
        for (std::string_view worse : {"fail", "reject", "short_circuit", "timeout", "retr", "queue", "depth", "rss",
                                       "dropped", "shed", "expired"})
            if (name.find(worse) != std::string_view::npos)
                return Better::Lower;
        for (std::string_view good : {"success", "completed", "ok", "served"})
            if (name.find(good) != std::string_view::npos)
                return Better::Higher;
        return Better::Neither;
    };
    for (const auto& [name, peak] : d.role_metrics.gauge_peaks)
        add("role.peak." + name, kRoleMetrics, "peak " + name, "", direction(name), peak);
    for (const auto& [name, total] : d.role_metrics.counter_totals)
        add("role.total." + name, kRoleMetrics, name + " (total)", "", direction(name), total);

    const GenericFigures& g = d.generic;
    add("generic.node_starts", kGeneric, "node starts", "", Better::Neither, count(g.node_starts));
    add("generic.node_exits", kGeneric, "node exits", "", Better::Neither, count(g.node_exits));
    add("generic.state_changes", kGeneric, "state changes", "", Better::Neither, count(g.state_changes));
    add("generic.log_lines", kGeneric, "log lines", "", Better::Neither, count(g.log_lines));
    add("generic.warnings", kGeneric, "warnings", "", Better::Lower, count(g.warnings));
    add("generic.violations", kGeneric, "violations", "", Better::Lower, count(g.violations));

    if (!d.checks.empty()) {
        std::size_t passed = 0;
        std::size_t failed = 0;
        for (const CheckResult& c : d.checks) {
            passed += c.verdict == Verdict::Pass;
            failed += c.verdict == Verdict::Fail;
        }
        add("checks.passed", kChecks, "checks passed", "", Better::Higher, count(passed));
        add("checks.failed", kChecks, "checks failed", "", Better::Lower, count(failed));
    }
    return out;
}

std::vector<FigureSummary> summarize_figures(const std::vector<std::vector<Figure>>& runs) {
    std::vector<FigureSummary> out;
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        for (const Figure& f : runs[r]) {
            auto [it, added] = index.try_emplace(f.key, out.size());
            if (added)
                out.push_back({f.key, f.group, f.label, f.unit, f.better, std::vector<std::optional<double>>(runs.size()), 0, 0,
                               0, f.label_zh});
            out[it->second].runs[r] = f.value;
        }
    }
    for (FigureSummary& s : out) {
        double sum = 0;
        std::size_t n = 0;
        s.min = std::numeric_limits<double>::infinity();
        s.max = -std::numeric_limits<double>::infinity();
        for (const auto& v : s.runs) {
            if (!v)
                continue;
            sum += *v;
            ++n;
            s.min = std::min(s.min, *v);
            s.max = std::max(s.max, *v);
        }
        s.mean = sum / static_cast<double>(n);   // n >= 1: the figure appeared in some run
    }
    return out;
}

bool beyond_noise(const FigureSummary& a, const FigureSummary& b, NoiseRule rule) {
    const double d = std::abs(b.mean - a.mean);
    const double scale = a.unit == "%" ? 100.0 : std::max(std::abs(a.mean), std::abs(b.mean));
    // Means of equal runs can differ in the last bits: never more than the threshold.
    if (d <= rule.threshold * scale || d <= 1e-9 * std::max(1.0, scale))
        return false;
    auto runs = [](const FigureSummary& f) {
        return std::count_if(f.runs.begin(), f.runs.end(), [](const auto& v) { return v.has_value(); });
    };
    if (runs(a) > 1 || runs(b) > 1)
        return a.max < b.min || b.max < a.min;   // the runs of the two sides do not overlap
    return true;
}

std::string noise_rule_text(NoiseRule rule, bool repeated, std::string_view lang) {
    const std::string pct = figure_text(rule.threshold * 100, "");
    if (core::is_chinese(lang))
        return "差异不超过较大值的 " + pct + " %（比例则为 " + pct + " 个百分点）" +
               (repeated ? "，或 A 和 B 的各次运行相互重叠，" : "") + "视为运行间的噪声，记为“相同”";
    return "differences up to " + pct + " % of the larger value (" + pct + " percentage points for a share)" +
           (repeated ? ", or where the runs of A and B overlap," : "") + " are taken as run-to-run noise and read \"same\"";
}

bool key_figure(std::string_view key, std::string_view group) {
    for (std::string_view k : {"throughput", "availability", "latency.all.p50", "latency.all.p99", "checks.failed"})
        if (key == k)
            return true;
    if (key.starts_with("availability.fault") && key.ends_with(".during"))
        return true;
    // The pattern sections' figures: every group but the generic ones.
    for (std::string_view generic : {kGroupOps, kGroupAvailability, kGroupLatency, kGroupMessages, kGroupRoleMetrics,
                                      kGroupGeneric, kGroupChecks})
        if (group == generic)
            return false;
    return true;
}

std::string figure_label(const FigureComparison& c, std::string_view lang) {
    if (!core::is_chinese(lang))
        return c.label;
    if (!c.label_zh.empty())
        return c.label_zh;
    static constexpr std::pair<std::string_view, std::string_view> kFixed[] = {
        {"throughput", "吞吐量（成功操作数 / 秒）"},
        {"ops.invoked", "调用的操作"},
        {"ops.ok", "成功的操作"},
        {"ops.failed", "失败的操作"},
        {"ops.unknown", "结果未知的操作（info 或未完成）"},
        {"availability", "可用性（全部操作）"},
        {"generic.node_starts", "节点启动"},
        {"generic.node_exits", "节点退出"},
        {"generic.state_changes", "状态变化"},
        {"generic.log_lines", "日志行"},
        {"generic.warnings", "警告"},
        {"generic.violations", "违规"},
        {"checks.passed", "通过的检查"},
        {"checks.failed", "未通过的检查"}};
    for (const auto& [key, zh] : kFixed)
        if (c.key == key)
            return std::string(zh);
    const auto after = [&](std::string_view prefix) { return c.label.substr(prefix.size()); };
    if (c.key.starts_with("availability.fault")) {
        // "before kill n1": the window, then the fault with its kind in Chinese.
        for (const auto& [en, zh] : {std::pair{"before ", "之前"}, std::pair{"during ", "期间"}, std::pair{"after ", "之后"}})
            if (c.label.starts_with(en)) {
                const std::string fault = after(en);
                const std::size_t space = std::min(fault.find(' '), fault.size());
                return fault_kind_text(fault.substr(0, space)).in(lang) + fault.substr(space) + " " + zh;
            }
    }
    if (c.key.starts_with("latency.")) {
        // "p99 (read)", "p99 (all)".
        const std::size_t open = c.label.find(" (");
        if (open != std::string::npos && c.label.ends_with(")")) {
            const std::string function = c.label.substr(open + 2, c.label.size() - open - 3);
            const std::string name = c.label.substr(0, open);
            return (name == "max" ? std::string("最大") : name) + "（" + (function == "all" ? std::string("全部") : function) +
                   "）";
        }
    }
    if (c.key.starts_with("messages.")) {
        for (const auto& [en, zh] : {std::pair{" sent", "发送"}, std::pair{" delivered", "送达"}, std::pair{" dropped", "丢弃"},
                                     std::pair{" duplicated", "重复"}})
            if (c.label.ends_with(en)) {
                const std::string type = c.label.substr(0, c.label.size() - std::string_view(en).size());
                return (type == "all messages" ? std::string("全部消息") : type) + " " + zh;
            }
    }
    if (c.key.starts_with("role.peak.") && c.label.starts_with("peak "))
        return after("peak ") + " 峰值";
    if (c.key.starts_with("role.total.") && c.label.ends_with(" (total)"))
        return c.label.substr(0, c.label.size() - 8) + "（总计）";
    return c.label;
}

std::string figure_group_text(const std::string& group, std::string_view lang, const std::vector<core::Text>& sections) {
    static constexpr std::pair<const char*, const char*> kGroups[] = {
        {kGroupOps, "吞吐量与操作"},   {kGroupAvailability, "可用性"}, {kGroupLatency, "延迟（成功的操作）"},
        {kGroupMessages, "消息"},       {kGroupRoleMetrics, "角色指标"}, {kGroupGeneric, "每次运行都有"},
        {kGroupChecks, "检查"}};
    if (!core::is_chinese(lang))
        return group;
    for (const auto& [en, zh] : kGroups)
        if (group == en)
            return zh;
    for (const core::Text& title : sections)
        if (title.en == group && !title.zh.empty())
            return title.zh;
    return group;
}

std::string figure_name(const FigureComparison& c, std::string_view lang) {
    if (!c.key.starts_with("availability.fault"))
        return figure_label(c, lang);
    return core::is_chinese(lang) ? figure_label(c, lang) + "的可用性" : "availability " + c.label;
}

std::string comparison_headline(const std::vector<FigureComparison>& figures, std::size_t names, std::string_view lang) {
    const bool zh = core::is_chinese(lang);
    std::vector<std::string> better[2];
    std::vector<std::string> neither;
    std::size_t same = 0;
    for (const FigureComparison& c : figures) {
        if (!c.a || !c.b)
            continue;
        if (!c.differs)
            ++same;
        else if (c.better_side == Side::A)
            better[0].push_back(figure_name(c, lang));
        else if (c.better_side == Side::B)
            better[1].push_back(figure_name(c, lang));
        else
            neither.push_back(figure_name(c, lang));
    }
    auto listed = [names, zh](const std::vector<std::string>& labels) {
        std::string out;
        for (std::size_t i = 0; i < labels.size() && i < names; ++i)
            out += (i ? (zh ? "，" : ", ") : "") + labels[i];
        if (labels.size() > names)
            out += zh ? "，另有 " + std::to_string(labels.size() - names) + " 项"
                      : " and " + std::to_string(labels.size() - names) + " more";
        return out;
    };
    auto figures_text = [zh](std::size_t n) {
        return std::to_string(n) + (zh ? " 项指标" : n == 1 ? " figure" : " figures");
    };
    std::vector<std::string> parts;
    // The side better in more figures first.
    const bool b_first = better[1].size() > better[0].size();
    for (const std::size_t s : {b_first ? 1u : 0u, b_first ? 0u : 1u})
        if (!better[s].empty())
            parts.push_back(zh ? std::string(s == 0 ? "A" : "B") + " 在 " + figures_text(better[s].size()) + "上较好：" +
                                     listed(better[s])
                               : std::string(s == 0 ? "A" : "B") + " better in " + figures_text(better[s].size()) + ": " +
                                     listed(better[s]));
    if (!neither.empty())
        parts.push_back(zh ? figures_text(neither.size()) + "不同但无所谓好坏：" + listed(neither)
                           : figures_text(neither.size()) + (neither.size() == 1 ? " differs" : " differ") +
                                 " with no better side: " + listed(neither));
    if (parts.empty())
        parts.push_back(zh ? "没有指标的差异超过噪声" : "no figure differs beyond noise");
    parts.push_back(zh ? std::to_string(same) + " 项在噪声范围内相同" : std::to_string(same) + " the same within noise");
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? (zh ? "；" : "; ") : "") + parts[i];
    return out;
}

std::vector<FigureComparison> compare_figures(const std::vector<FigureSummary>& a, const std::vector<FigureSummary>& b,
                                              NoiseRule rule) {
    std::vector<FigureComparison> out;
    auto find = [](const std::vector<FigureSummary>& in, const std::string& key) -> const FigureSummary* {
        for (const FigureSummary& f : in)
            if (f.key == key)
                return &f;
        return nullptr;
    };
    auto make = [rule](const FigureSummary& meta, const FigureSummary* fa, const FigureSummary* fb) {
        FigureComparison c{meta.key,   meta.group, meta.label, meta.unit, meta.better, {}, {}, {}, {}, false,
                           Side::None, key_figure(meta.key, meta.group), meta.label_zh};
        if (fa)
            c.a = *fa;
        if (fb)
            c.b = *fb;
        if (fa && fb) {
            const double d = fb->mean - fa->mean;
            // Means of equal runs can differ in the last bits; those are equal.
            const double tolerance = 1e-9 * std::max({1.0, std::abs(fa->mean), std::abs(fb->mean)});
            c.difference = std::abs(d) <= tolerance ? 0.0 : d;
            if (fa->mean != 0)
                c.relative = *c.difference / std::abs(fa->mean);
            c.differs = *c.difference != 0 && beyond_noise(*fa, *fb, rule);
            if (c.differs && meta.better != Better::Neither)
                c.better_side = (*c.difference > 0) == (meta.better == Better::Higher) ? Side::B : Side::A;
        }
        return c;
    };
    for (const FigureSummary& fa : a)
        out.push_back(make(fa, &fa, find(b, fa.key)));
    for (const FigureSummary& fb : b)
        if (!find(a, fb.key))
            out.push_back(make(fb, nullptr, &fb));
    // Keep each group together: B-only figures join their group.
    std::map<std::string, std::size_t, std::less<>> group_order;
    for (const FigureComparison& c : out)
        group_order.try_emplace(c.group, group_order.size());
    std::stable_sort(out.begin(), out.end(), [&](const FigureComparison& x, const FigureComparison& y) {
        return group_order.at(x.group) < group_order.at(y.group);
    });
    return out;
}

std::uint64_t run_seed(std::uint64_t base, std::size_t index) { return base + index; }

std::string figure_text(double value, const std::string& unit) {
    if (unit == "s")
        return fixed(value, 2) + " s";
    if (unit == "ms")
        return fixed(value, 2) + " ms";
    if (unit == "%")
        return fixed(value, 1) + " %";
    if (unit == "ops/s")
        return fixed(value, 1) + " ops/s";
    if (value == std::round(value))
        return fixed(value, 0);
    return fixed(value, std::abs(value) < 10 ? 2 : 1);
}

std::string figure_summary_text(const FigureSummary& f, std::string_view lang) {
    std::string text = figure_text(f.mean, f.unit);
    std::size_t present = 0;
    for (const auto& v : f.runs)
        present += v.has_value();
    if (present > 1)
        text += " (" + figure_text(f.min, "") + "–" + figure_text(f.max, "") + ")";
    else if (present < f.runs.size())
        text += core::is_chinese(lang) ? "（1 次运行）" : " (1 run)";
    return text;
}

std::vector<FigureComparison> compare_sides(const CompareInput& input) {
    std::vector<std::vector<Figure>> a_runs, b_runs;
    for (const ReportData& d : input.a.runs)
        a_runs.push_back(run_figures(d));
    for (const ReportData& d : input.b.runs)
        b_runs.push_back(run_figures(d));
    return compare_figures(summarize_figures(a_runs), summarize_figures(b_runs), input.noise);
}

std::string unrelated_warning(const CompareSide& a, const CompareSide& b, std::string_view lang) {
    const bool zh = core::is_chinese(lang);
    const ReportData& ra = a.runs.front();
    const ReportData& rb = b.runs.front();
    std::vector<std::string> common;
    std::set_intersection(a.roles.begin(), a.roles.end(), b.roles.begin(), b.roles.end(), std::back_inserter(common));
    std::vector<std::string> why;
    if (ra.family != rb.family)
        why.push_back(zh ? "类别不同（" + ra.family + " 和 " + rb.family + "）"
                         : "different families (" + ra.family + " and " + rb.family + ")");
    if (common.empty())
        why.push_back(zh ? "没有共同的角色" : "no role in common");
    if (why.empty())
        return {};
    if (zh)
        return "A（" + ra.name + "）和 B（" + rb.name + "）" + (why.size() == 2 ? why[0] + "，且" + why[1] : why[0]) +
               "：它们不是同一个实验的两个版本，所以大多数指标衡量的是不同的东西，哪边较好说明不了什么。";
    return "A (" + ra.name + ") and B (" + rb.name + ") have " + (why.size() == 2 ? why[0] + " and " + why[1] : why[0]) +
           ": they are not two versions of one experiment, so most figures measure different things and a better "
           "side says little.";
}

bool CompareSide::passed() const {
    return std::all_of(runs.begin(), runs.end(), [](const ReportData& d) { return d.passed; });
}

ReportDocument build_compare_document(const CompareInput& input) {
    const Words L{input.lang};
    ReportDocument doc;
    doc.lang = L.zh ? "zh_CN" : "en";
    doc.title = L("Comparison: ", "对比：") + title_of(input.a.runs.front(), L) + L(" vs ", " 与 ") +
                title_of(input.b.runs.front(), L);
    const std::vector<FigureComparison> figures = compare_sides(input);
    doc.sections.push_back(title_section(input, figures, L));
    doc.sections.push_back(figures_section(input, figures, L));
    if (auto map = consistency_compare_section(input.a.runs, input.b.runs, input.lang))
        doc.sections.push_back(std::move(*map));
    doc.sections.push_back(checks_section(input, L));
    doc.sections.push_back(series_section(input, L));
    doc.sections.push_back(topology_section(input, L));
    doc.sections.push_back(runs_section(input, L));
    return doc;
}

Json figure_summary_json(const FigureSummary& f) {
    Json runs = Json::array();
    for (const auto& v : f.runs)
        runs.push_back(v ? Json(*v) : Json(nullptr));
    return {{"mean", f.mean}, {"min", f.min}, {"max", f.max}, {"runs", std::move(runs)}};
}

Json compare_json(const CompareInput& input) {
    auto side_json = [](const CompareSide& side) {
        Json runs = Json::array();
        for (std::size_t i = 0; i < side.runs.size(); ++i)
            runs.push_back(i < side.summaries.size() ? side.summaries[i] : Json::object());
        std::vector<std::uint64_t> seeds;
        for (const ReportData& d : side.runs)
            seeds.push_back(d.seed);
        Json j{{"file", side.file},
               {"kind", side.recording ? "recording" : "scenario"},
               {"scenario", side.runs.front().name},
               {"passed", side.passed()},
               {"simulated", side.simulated},
               {"seeds", std::move(seeds)},
               {"seed_source", side.recording ? Json(nullptr) : Json(side.seed_source)},
               {"runs", std::move(runs)}};
        if (side.recording)
            j["recording"] = {{"path", side.file},
                              {"seed", side.runs.front().seed},
                              {"recorded_at", side.recorded_at},
                              {"command", side.runs.front().command_line}};
        return j;
    };
    const std::vector<FigureComparison> comparisons = compare_sides(input);
    Json figures = Json::array();
    for (const FigureComparison& c : comparisons) {
        figures.push_back({{"key", c.key},
                           {"group", c.group},
                           {"label", c.label},
                           {"unit", c.unit},
                           {"better", to_string(c.better)},
                           {"key_figure", c.is_key},
                           {"a", c.a ? figure_summary_json(*c.a) : Json(nullptr)},
                           {"b", c.b ? figure_summary_json(*c.b) : Json(nullptr)},
                           {"difference", c.difference ? Json(*c.difference) : Json(nullptr)},
                           {"relative", c.relative ? Json(*c.relative) : Json(nullptr)},
                           {"differs", c.differs},
                           {"better_side", c.better_side == Side::A ? Json("a") : c.better_side == Side::B ? Json("b") : Json(nullptr)}});
    }
    const std::string warning = unrelated_warning(input.a, input.b);
    return {{"a", side_json(input.a)},
            {"b", side_json(input.b)},
            {"noise_threshold", input.noise.threshold},
            {"headline", comparison_headline(comparisons)},
            {"unrelated", warning.empty() ? Json(nullptr) : Json(warning)},
            {"passed", input.a.passed() && input.b.passed()},
            {"command", input.command_line},
            {"figures", std::move(figures)}};
}

}  // namespace distlab::netlab
