// Reports follow the chosen language: a Chinese run report, comparison, stress section, chaos
// section, sweep page and history check have no heading left in English (h1-h4, table heads, a
// figure table's group rows, the charts' titles, legends and axis titles), and the English ones no
// Chinese in a heading. Allowed in a Chinese
// heading, by one explicit rule: numbers and percentiles (p99, 1.2 s), units, the letters of the
// two sides (A, B), proper names (Raft, gRPC) and the identifiers the run itself defines (node
// ids, role names, check names, message types).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "netlab/chaos/chaos_report.h"
#include "netlab/history/history_report.h"
#include "netlab/history/judge.h"
#include "netlab/report/comparison.h"
#include "netlab/report/report_data.h"
#include "netlab/report/report_document.h"
#include "netlab/report/sweep.h"
#include "netlab/stress/stress_report.h"
#include "tests/support/shipped_scenarios.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct Heading {
    std::string tag;    // h2, th, group, title, legend, axis, ...
    std::string text;   // without markup, entities read
};

std::string plain(std::string s) {
    s = std::regex_replace(s, std::regex("<[^>]*>"), "");
    for (const auto& [entity, c] : {std::pair{"&amp;", "&"}, std::pair{"&lt;", "<"}, std::pair{"&gt;", ">"},
                                    std::pair{"&quot;", "\""}, std::pair{"&apos;", "'"}, std::pair{"&#39;", "'"}})
        for (auto at = s.find(entity); at != std::string::npos; at = s.find(entity))
            s.replace(at, std::string(entity).size(), c);
    return s;
}

// Every heading of a page: h1-h4, th, caption, the group rows of a table, and the SVG texts a
// chart marks as its title, legend or axis title.
std::vector<Heading> headings(const std::string& html) {
    std::vector<Heading> out;
    const std::regex element(R"(<(h[1-4]|th|caption)\b[^>]*>([\s\S]*?)</\1>)");
    for (std::sregex_iterator it(html.begin(), html.end(), element), end; it != end; ++it)
        out.push_back({(*it)[1], plain((*it)[2])});
    const std::regex group(R"re(<td class="group"[^>]*>([\s\S]*?)</td>)re");
    for (std::sregex_iterator it(html.begin(), html.end(), group), end; it != end; ++it)
        out.push_back({"group", plain((*it)[1])});
    const std::regex svg_text(R"re(<text\b[^>]*class="(title|legend|axis)"[^>]*>([\s\S]*?)</text>)re");
    for (std::sregex_iterator it(html.begin(), html.end(), svg_text), end; it != end; ++it)
        out.push_back({(*it)[1], plain((*it)[2])});
    return out;
}

bool has_chinese(const std::string& s) {
    // UTF-8 lead bytes of U+3000..U+9FFF (CJK punctuation, ideographs) and U+FF00..U+FFEF (full width).
    for (std::size_t i = 0; i + 2 < s.size(); ++i) {
        const auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]);
        if ((b0 >= 0xE3 && b0 <= 0xE9) || (b0 == 0xEF && (b1 == 0xBC || b1 == 0xBD)))
            return true;
    }
    return false;
}

// ASCII but for the minus and dash signs of numbers and ranges.
bool ascii(std::string s) {
    for (const std::string dash : {"−", "–"})
        for (auto at = s.find(dash); at != std::string::npos; at = s.find(dash))
            s.replace(at, dash.size(), "-");
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

// The words a Chinese heading may keep: the run's identifiers and a short list of names and units.
std::set<std::string> identifiers(const std::vector<const ReportData*>& runs) {
    std::set<std::string> ids{"#", "A", "B", "−", "–", "ms", "s", "(ms)", "(s)", "%", "ops/s", "Raft", "gRPC", "/"};
    for (const ReportData* d : runs) {
        for (const ReportNode& n : d->nodes)
            ids.insert({n.id, n.role});
        for (const CheckResult& c : d->checks)
            ids.insert(c.name);
        for (const MessageCounts& m : d->messages)
            ids.insert(m.type);
    }
    return ids;
}

// Whether an ASCII heading is allowed on a Chinese page: each word a number or percentile (it
// has a digit) or one of `ids`.
bool allowed_in_chinese(const std::string& text, const std::set<std::string>& ids) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t space = std::min(text.find(' ', start), text.size());
        const std::string word = text.substr(start, space - start);
        start = space + 1;
        if (word.empty() || ids.contains(word))
            continue;
        if (word.find_first_of("0123456789") != std::string::npos)
            continue;
        return false;
    }
    return true;
}

void expect_chinese_headings(const std::string& html, const std::set<std::string>& ids, std::size_t at_least) {
    const std::vector<Heading> all = headings(html);
    EXPECT_GE(all.size(), at_least);
    std::size_t chinese = 0;
    for (const Heading& h : all) {
        chinese += has_chinese(h.text);
        if (!has_chinese(h.text)) {
            EXPECT_TRUE(ascii(h.text) && allowed_in_chinese(h.text, ids)) << "<" << h.tag << "> \"" << h.text << "\" is English";
        }
    }
    EXPECT_GE(chinese, at_least / 2);
    EXPECT_NE(html.find("lang=\"zh-CN\""), std::string::npos);
}

void expect_english_headings(const std::string& html, std::size_t at_least) {
    const std::vector<Heading> all = headings(html);
    EXPECT_GE(all.size(), at_least);
    for (const Heading& h : all)
        EXPECT_FALSE(has_chinese(h.text)) << "<" << h.tag << "> \"" << h.text << "\" on the English page";
    EXPECT_NE(html.find("lang=\"en\""), std::string::npos);
}

ReportData report_of(const test_support::ShippedSimRun& run) {
    return build_report_data({run.scenario, run.events, run.checks, run.scenario.seed, "distlab-cli run", {}, {}});
}

// The CAP lesson: a Raft store and a leaderless one, the "Systems side by side" and consistency
// sections, phases, a partition on the timeline.
const ReportData& cap() {
    static const ReportData data = report_of(test_support::simulate_shipped("theory/cap.yaml", 1));
    return data;
}

// A Raft failover: the Raft section's failover and election tables, a kill on the timeline.
const test_support::ShippedSimRun& failover_run() {
    static const test_support::ShippedSimRun run = test_support::simulate_shipped("consensus/leader-failover.yaml", 1);
    return run;
}

const ReportData& failover() {
    static const ReportData data = report_of(failover_run());
    return data;
}

TEST(ReportLanguage, AChineseRunReportHasNoEnglishHeading) {
    for (const ReportData* d : {&cap(), &failover()}) {
        SCOPED_TRACE(d->name);
        ASSERT_GE(d->sections.size(), 3u);   // the pattern sections the page shows
        const std::string html = render_html(build_report_document(*d, "zh_CN"));
        expect_chinese_headings(html, identifiers({d}), 60);
        for (const char* text : {"<h2>拓扑</h2>", "<h2>故障时间线</h2>", "<h2>检查器结论</h2>", "<h3>阶段</h3>", "时间 (s)"})
            EXPECT_NE(html.find(text), std::string::npos) << text;
    }
    // The sections a teacher shows first, by their Chinese titles.
    const std::string html = render_html(build_report_document(cap(), "zh_CN"));
    for (const char* text : {"<h3>系统并排对比</h3>", "<h3>Raft 共识</h3>"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
    EXPECT_NE(html.find(cap().title.zh), std::string::npos);
    // A fault on the timeline by its Chinese kind, as the window names it.
    EXPECT_NE(html.find(fault_kind_text("partition").zh), std::string::npos);
    EXPECT_NE(render_html(build_report_document(failover(), "zh_CN")).find(fault_kind_text("kill").zh), std::string::npos);
}

TEST(ReportLanguage, AnEnglishRunReportHasNoChineseHeading) {
    for (const ReportData* d : {&cap(), &failover()}) {
        SCOPED_TRACE(d->name);
        const std::string html = render_html(build_report_document(*d));
        expect_english_headings(html, 60);
        EXPECT_FALSE(has_chinese(html)) << "the English page shows no Chinese at all";
    }
}

CompareSide side_of(const ReportData& d, const std::string& file) {
    CompareSide side;
    side.file = file;
    side.runs.push_back(d);
    side.summaries.push_back(core::Json::object());
    side.simulated = true;
    side.seed_source = "its own";
    for (const ReportNode& n : d.nodes)
        side.roles.push_back(n.role);
    std::sort(side.roles.begin(), side.roles.end());
    side.roles.erase(std::unique(side.roles.begin(), side.roles.end()), side.roles.end());
    return side;
}

TEST(ReportLanguage, AChineseComparisonHasNoEnglishHeading) {
    const CompareSide a = side_of(failover(), "scenarios/consensus/leader-failover.yaml");
    const CompareSide b = side_of(cap(), "scenarios/theory/cap.yaml");
    const CompareInput zh{a, b, "distlab-cli compare", {}, "zh_CN"};
    const std::string html = render_html(build_compare_document(zh));
    expect_chinese_headings(html, identifiers({&failover(), &cap()}), 25);
    for (const char* text : {"<h2>指标对照</h2>", "吞吐量与操作", "<h2>检查器结论</h2>", "<h2>运行与重新运行</h2>",
                             "Raft 共识", "系统并排对比", "<h2>一致性图谱对照</h2>"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
    // A pattern's figures by their Chinese labels, the generic ones too.
    for (const char* text : {"<td>第一个领导者产生于</td>", "<td>最大任期</td>", "<td>调用的操作</td>", "<td>p99（全部）</td>"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
    EXPECT_EQ(html.find("first leader at"), std::string::npos);
    // The headline and the notes are Chinese too.
    EXPECT_NE(html.find("项在噪声范围内相同"), std::string::npos);
    EXPECT_EQ(html.find("the same within noise"), std::string::npos);

    const CompareInput en{a, b, "distlab-cli compare", {}};
    const std::string english = render_html(build_compare_document(en));
    expect_english_headings(english, 25);
    EXPECT_NE(english.find("<h2>Figures side by side</h2>"), std::string::npos);
}

// A page of `sections` alone, in `lang`.
std::string page_of(std::vector<ReportSection> sections, const std::string& lang) {
    ReportDocument doc;
    doc.lang = lang;
    doc.title = "page";
    doc.sections = std::move(sections);
    return render_html(doc);
}

// A ramp of four steps whose last saturates, with and without a closed loop to compare: every
// text the section has (the knee and saturation marks, the comparison table, or why it is missing).
StressResult ramp(bool closed) {
    auto step = [](double offered, double throughput, std::int64_t p99_us) {
        LoadMeasure m;
        m.offered = offered;
        m.throughput = throughput;
        m.started = offered;
        m.ok_fraction = 1;
        m.ended = 100;
        m.latency_us.record(p99_us, 100);
        return m;
    };
    StressResult r;
    r.clients = {"c1", "c2"};
    r.steps = {step(100, 100, 5000), step(200, 200, 6000), step(300, 299, 7000), step(400, 300, 90000)};
    find_knee(r);
    if (closed) {
        r.closed = step(0, 250, 8000);
        r.closed_concurrency = 8;
    } else {
        r.closed_missing = {"client c1 (role kv-client) has no closed loop", "客户端 c1（角色 kv-client）没有闭环模式"};
    }
    return r;
}

TEST(ReportLanguage, TheStressSectionFollowsTheLanguage) {
    const Scenario& scenario = failover_run().scenario;
    StressOptions options;
    options.from = 100;
    options.to = 400;
    options.step = 100;
    std::set<std::string> ids = identifiers({&failover()});
    for (const bool closed : {true, false}) {
        SCOPED_TRACE(closed ? "closed loop" : "no closed loop");
        const StressResult r = ramp(closed);
        ASSERT_EQ(r.saturation, 3u);
        const std::string zh = page_of({stress_section(scenario, options, r, "zh_CN")}, "zh_CN");
        expect_chinese_headings(zh, ids, 20);
        for (const char* text : {"吞吐量随提供负载的变化", "（拐点）", "（饱和）", "开环与闭环", "饱和点", "协调遗漏"})
            EXPECT_NE(zh.find(text), std::string::npos) << text;
        // The saturation's reason, the prose and the comparison in Chinese too.
        EXPECT_NE(zh.find(r.saturation_reason.zh), std::string::npos);
        for (const char* english : {"Saturation at", "the clients", "closed loop", "knee", "offered"})
            EXPECT_EQ(zh.find(english), std::string::npos) << english;
        const std::string en = page_of({stress_section(scenario, options, r)}, "en");
        expect_english_headings(en, 20);
        EXPECT_FALSE(has_chinese(en));
    }
}

// A campaign that failed and shrank, and one that did not fail.
ChaosSummary chaos_summary(bool failed) {
    ChaosSummary s;
    s.runs = 20;
    s.passed = failed ? 18 : 20;
    s.seconds = 3.5;
    if (!failed)
        return s;
    s.failures = {{7, {"leader_completeness"}, 5}, {12, {"leader_completeness", "linearizable"}, 6}};
    s.failures_by_check = {{"leader_completeness", 2}, {"linearizable", 1}};
    ChaosShrunk shrunk;
    shrunk.check = "leader_completeness";
    shrunk.seed = 7;
    shrunk.faults_before = 5;
    shrunk.detail = "entry 3 committed in term 2 is missing from the log of leader n2 (term 4)";
    shrunk.detail_zh = "任期 2 提交的条目 3 不在领导者 n2（任期 4）的日志中";
    shrunk.runs = 31;
    shrunk.minimal = false;
    s.shrunk = shrunk;
    return s;
}

TEST(ReportLanguage, TheChaosSectionFollowsTheLanguage) {
    const Scenario& scenario = failover_run().scenario;
    ChaosOptions options;
    options.seed = 1;
    std::set<std::string> ids = identifiers({&failover()});
    ids.insert({"leader_completeness", "linearizable"});
    for (const bool failed : {true, false}) {
        SCOPED_TRACE(failed ? "failed" : "passed");
        const ChaosSummary summary = chaos_summary(failed);
        const ChaosReportInput input{scenario, options, summary, {"{ at: 1.2s, kill: leader }"}, "distlab-cli run x.yaml --sim"};
        const std::string zh = page_of({chaos_section(input, "zh_CN")}, "zh_CN");
        expect_chinese_headings(zh, ids, failed ? 7 : 4);
        EXPECT_NE(zh.find("<h2>混沌测试</h2>"), std::string::npos);
        for (const char* english : {"ran ", "Replay", "schedule", "runs of shrinking", "No run failed", "Failing seeds"})
            EXPECT_EQ(zh.find(english), std::string::npos) << english;
        if (failed) {
            EXPECT_NE(zh.find("<h3>缩减后的第一次失败</h3>"), std::string::npos);
            EXPECT_NE(zh.find(chaos_summary(true).shrunk->detail_zh), std::string::npos);
            EXPECT_EQ(zh.find("is missing from the log"), std::string::npos);
        }
        const std::string en = page_of({chaos_section(input)}, "en");
        expect_english_headings(en, failed ? 7 : 4);
        EXPECT_FALSE(has_chinese(en));
    }
}

TEST(ReportLanguage, TheSweepPageFollowsTheLanguage) {
    const test_support::ShippedSimRun& run = failover_run();
    auto param = parse_sweep_param("kv-client.rate=10,20", run.scenario, core::RoleRegistry::builtin());
    ASSERT_TRUE(param) << param.error().message;
    // Both values show the same run: the page, not the runs, is under test.
    SweepInput zh{run.scenario, *param, {}, true, "distlab-cli sweep", "zh_CN"};
    for (std::size_t v = 0; v < 2; ++v) {
        SweepPoint point;
        point.add_run(failover(), true, 1);
        point.add_run(failover(), false, 2);
        zh.points.push_back(std::move(point));
    }
    std::set<std::string> ids = identifiers({&failover()});
    ids.insert({"kv-client.rate", "10", "20"});
    const std::string html = render_html(build_sweep_document(zh));
    expect_chinese_headings(html, ids, 40);
    for (const char* text : {"参数扫描：kv-client.rate", "<h2>随 kv-client.rate 变化的指标</h2>", "Raft 故障转移时间", "最长故障转移",
                             "吞吐量与操作", "Raft 共识", "第一个领导者产生于", "1 / 2 次运行"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
    for (const char* english : {"longest failover", "Sweep of", "runs each", "Every node", "first leader at"})
        EXPECT_EQ(html.find(english), std::string::npos) << english;

    SweepInput en{run.scenario, *param, zh.points, true, "distlab-cli sweep"};
    const std::string english = render_html(build_sweep_document(en));
    expect_english_headings(english, 40);
    EXPECT_NE(english.find("longest failover"), std::string::npos);
}

TEST(ReportLanguage, TheHistoryCheckFollowsTheLanguage) {
    // Jepsen's etcd log with a timed-out write around a stale read, and a read of a value nobody
    // wrote: both kinds of explanation.
    std::ifstream file(std::string(DISTLAB_SOURCE_DIR) + "/tests/history/data/etcd-cas-register-bad.log");
    const std::string etcd{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    ASSERT_FALSE(etcd.empty());
    for (const std::string& log : {etcd, std::string("0\t:invoke\t:write\t1\n0\t:ok\t:write\t1\n1\t:invoke\t:read\tnil\n"
                                                     "1\t:ok\t:read\t7\n")}) {
        auto history = parse_history(log, "h.log");
        ASSERT_TRUE(history) << history.error().text();
        auto judged = judge_history(*history, HistoryModel::CasRegister, std::chrono::steady_clock::now() + std::chrono::seconds(30),
                                    "h.log");
        ASSERT_TRUE(judged);
        ASSERT_EQ(judged->verdict, Verdict::Fail);
        ASSERT_EQ(judged->explanation_zh.size(), judged->explanation.size());
        std::set<std::string> ids{"h.log", "jepsen-log", "cas-register", "#"};
        for (const HistoryOp& op : history->ops)
            ids.insert(op.process);
        HistoryReportInput input{*history, HistoryModel::CasRegister, *judged, "h.log", "distlab-cli check h.log", "zh_CN"};
        const std::string zh = render_html(history_report_document(input));
        expect_chinese_headings(zh, ids, 12);
        for (const char* text : {"不是线性一致的", "<h2>第一个反例</h2>", "进程 ", "第 ", "<h2>历史的时间线</h2>",
                                 judged->witness.size() == 1 ? "它读到了" : "无法排成"})
            EXPECT_NE(zh.find(text), std::string::npos) << text;
        for (const char* english : {"NOT LINEARIZABLE", "process ", "line 1", "lines ", "it observed", "cannot be put", "One lane", "operations 1"})
            EXPECT_EQ(zh.find(english), std::string::npos) << english;
        input.lang = "en";
        const std::string en = render_html(history_report_document(input));
        expect_english_headings(en, 12);
        EXPECT_FALSE(has_chinese(en));
    }
}

// Every shipped lesson's run report, in the simulator: no English heading on its Chinese page, no
// Chinese one on its English page, and every sweep chart its pattern offers has its Chinese
// title, axis and legends (SweepChart), so a new pattern's section cannot slip through in English.
class EveryLesson : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryLesson, ItsReportFollowsTheLanguage) {
    const std::string relative = std::filesystem::relative(GetParam(), std::string(DISTLAB_SOURCE_DIR) + "/scenarios").string();
    const test_support::ShippedSimRun run = test_support::simulate_shipped(relative, 1);
    ASSERT_TRUE(run.loaded);
    const ReportData d = report_of(run);
    expect_chinese_headings(render_html(build_report_document(d, "zh_CN")), identifiers({&d}), 20);
    expect_english_headings(render_html(build_report_document(d)), 20);
    for (const FigureSection& section : d.sections)
        for (const SweepChart& chart : section.charts) {
            EXPECT_FALSE(chart.title_zh.empty()) << section.key << ": the sweep chart \"" << chart.title << "\" has no title_zh";
            EXPECT_FALSE(chart.y_label_zh.empty()) << section.key << ": the sweep chart \"" << chart.title << "\" has no y_label_zh";
            for (const SweepSeries& series : chart.series)
                EXPECT_FALSE(series.name_zh.empty()) << section.key << ": the series \"" << series.name << "\" of \""
                                                     << chart.title << "\" has no name_zh";
        }
}

INSTANTIATE_TEST_SUITE_P(Shipped, EveryLesson, ::testing::ValuesIn(test_support::shipped_scenarios()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return test_support::scenario_test_name(info.param);
                         });

TEST(ReportLanguage, TheRuleCatchesAnEnglishHeading) {
    const std::set<std::string> ids = identifiers({&cap()});
    EXPECT_TRUE(allowed_in_chinese("p99.9 (ms)", ids));
    EXPECT_TRUE(allowed_in_chinese("A p50", ids));
    EXPECT_TRUE(allowed_in_chinese("dynamo-node", ids));
    EXPECT_FALSE(allowed_in_chinese("Throughput", ids));
    EXPECT_FALSE(allowed_in_chinese("max (ms)", ids));
    const std::vector<Heading> h = headings("<h2>Topology</h2><table><tr><th>节点</th></tr><tr><td class=\"group\" "
                                            "colspan=\"2\"><b>Messages</b></td></tr></table><svg><text x=\"1\" "
                                            "class=\"axis\">time (s)</text></svg>");
    ASSERT_EQ(h.size(), 4u);
    EXPECT_EQ(h[0].text, "Topology");
    EXPECT_EQ(h[2].tag, "group");
    EXPECT_EQ(h[3].text, "time (s)");
}

}  // namespace
}  // namespace distlab::netlab
