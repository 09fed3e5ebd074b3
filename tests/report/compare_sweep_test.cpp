// The comparison and sweep library: figures of a known run, summaries over runs, which side is
// better, the general line chart, parsing and applying --param, the sweep's CSV.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/report/comparison.h"
#include "netlab/report/report_charts.h"
#include "netlab/report/sweep.h"
#include "netlab/scenario/loader.h"
#include "report_fixture.h"

namespace distlab::netlab {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

const Figure* find(const std::vector<Figure>& figures, const std::string& key) {
    for (const Figure& f : figures)
        if (f.key == key)
            return &f;
    return nullptr;
}

TEST(Figures, KnownRunHasItsFiguresWithTheirDirection) {
    const test::KnownRun run;
    const auto figures = run_figures(build_report_data({run.scenario, run.events, run.checks, 9, "", "", {}}));
    ASSERT_NE(find(figures, "latency.all.p50"), nullptr);
    EXPECT_DOUBLE_EQ(find(figures, "latency.all.p50")->value, 20);
    EXPECT_EQ(find(figures, "latency.all.p50")->better, Better::Lower);
    ASSERT_NE(find(figures, "raft.failover_ms.mean"), nullptr);
    EXPECT_NEAR(find(figures, "raft.failover_ms.mean")->value, 750, 1e-6);
    ASSERT_NE(find(figures, "availability.fault1.during"), nullptr);
    EXPECT_DOUBLE_EQ(find(figures, "availability.fault1.during")->value, 0);
    EXPECT_EQ(find(figures, "availability")->better, Better::Higher);
    EXPECT_EQ(find(figures, "messages.all.sent")->better, Better::Neither);
    EXPECT_DOUBLE_EQ(find(figures, "checks.failed")->value, 1);
    // A figure the run cannot have is absent, not zero.
    EXPECT_EQ(find(figures, "breaker.transitions"), nullptr);
}

TEST(Figures, RoleMetricsAreComparedWithADirectionFromTheirName) {
    test::KnownRun run;
    run.events.push_back({5500 * test::kMs, EventKind::Metric, "c1", "", 0, "",
                          R"({"counters":{"rejections":4,"successes":7,"calls":11},"gauges":{"queue_depth":12}})", ""});
    std::stable_sort(run.events.begin(), run.events.end(), [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
    const auto figures = run_figures(build_report_data({run.scenario, run.events, run.checks, 9, "", "", {}}));
    ASSERT_NE(find(figures, "role.peak.queue_depth"), nullptr);
    EXPECT_DOUBLE_EQ(find(figures, "role.peak.queue_depth")->value, 12);
    EXPECT_EQ(find(figures, "role.peak.queue_depth")->better, Better::Lower);
    EXPECT_EQ(find(figures, "role.total.rejections")->better, Better::Lower);
    EXPECT_EQ(find(figures, "role.total.successes")->better, Better::Higher);
    EXPECT_EQ(find(figures, "role.total.calls")->better, Better::Neither);
}

TEST(Figures, SummariesGiveMeanMinMaxAndMissingRuns) {
    const std::vector<std::vector<Figure>> runs = {
        {{"x", "g", "x", "ms", Better::Lower, 10}, {"only1", "g", "o", "", Better::Neither, 5}},
        {{"x", "g", "x", "ms", Better::Lower, 30}},
    };
    const auto s = summarize_figures(runs);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_DOUBLE_EQ(s[0].mean, 20);
    EXPECT_DOUBLE_EQ(s[0].min, 10);
    EXPECT_DOUBLE_EQ(s[0].max, 30);
    ASSERT_EQ(s[1].runs.size(), 2u);
    EXPECT_FALSE(s[1].runs[1].has_value());
    EXPECT_EQ(figure_summary_text(s[0]), "20.00 ms (10–30)");
}

TEST(Figures, TheBetterSideFollowsTheFiguresDirection) {
    auto one = [](const std::string& key, Better better, double v) {
        return summarize_figures({{{key, "g", key, "", better, v}}});
    };
    auto side = [&](Better better, double a, double b) { return compare_figures(one("k", better, a), one("k", better, b))[0]; };
    EXPECT_EQ(side(Better::Lower, 10, 5).better_side, Side::B);
    EXPECT_EQ(side(Better::Lower, 5, 10).better_side, Side::A);
    EXPECT_EQ(side(Better::Higher, 5, 10).better_side, Side::B);
    EXPECT_EQ(side(Better::Neither, 5, 10).better_side, Side::None);
    EXPECT_EQ(side(Better::Higher, 7, 7).better_side, Side::None);
    const auto c = side(Better::Lower, 10, 5);
    EXPECT_DOUBLE_EQ(*c.difference, -5);
    EXPECT_DOUBLE_EQ(*c.relative, -0.5);
    // A figure only one side has is kept, with no difference.
    const auto only_b = compare_figures(one("a", Better::Lower, 1), one("b", Better::Lower, 2));
    ASSERT_EQ(only_b.size(), 2u);
    EXPECT_FALSE(only_b[1].a.has_value());
    EXPECT_FALSE(only_b[1].difference.has_value());
}

// Run-to-run noise reads "same": within the threshold of the larger value (percentage points for
// a share), or, with several runs, where A's and B's runs overlap.
TEST(Figures, DifferencesWithinNoiseAreTheSame) {
    auto one = [](const std::string& unit, Better better, std::vector<double> values) {
        std::vector<std::vector<Figure>> runs;
        for (double v : values)
            runs.push_back({{"k", "g", "k", unit, better, v}});
        return summarize_figures(runs);
    };
    auto cmp = [&](const std::string& unit, std::vector<double> a, std::vector<double> b, NoiseRule rule = {}) {
        return compare_figures(one(unit, Better::Higher, std::move(a)), one(unit, Better::Higher, std::move(b)), rule)[0];
    };
    // 96.0 % vs 96.02 %: a difference no one should call a winner; "±0.0 pp" at most.
    auto c = cmp("%", {96.0}, {96.02});
    EXPECT_FALSE(c.differs);
    EXPECT_EQ(c.better_side, Side::None);
    // A 1 % p99 difference is noise too; 30 % is not.
    EXPECT_FALSE(cmp("ms", {100}, {101}).differs);
    EXPECT_EQ(cmp("ms", {100}, {130}).better_side, Side::B);
    // Shares compare in percentage points: 4 pp is within 5 pp, 34 pp is not.
    EXPECT_FALSE(cmp("%", {92}, {96}).differs);
    EXPECT_EQ(cmp("%", {62}, {96}).better_side, Side::B);
    // A stated threshold of 1 % makes 4 pp count.
    EXPECT_TRUE(cmp("%", {92}, {96}, NoiseRule{0.01}).differs);
    // Several runs: overlapping ranges are noise, however far apart the means.
    EXPECT_FALSE(cmp("ms", {100, 200}, {150, 260}).differs);
    EXPECT_TRUE(cmp("ms", {100, 110}, {150, 160}).differs);
    // A count from 0 to 1 is a difference in one run.
    EXPECT_TRUE(cmp("", {0}, {1}).differs);
}

TEST(Figures, TheHeadlineNamesTheFiguresThatDiffer) {
    auto figures = [](double availability, double p99, double sent) {
        return summarize_figures({{{"availability", "Availability", "availability", "%", Better::Higher, availability},
                                   {"p99", "Latency", "p99 (all)", "ms", Better::Lower, p99},
                                   {"sent", "Messages", "sent", "", Better::Neither, sent},
                                   {"same", "g", "same figure", "", Better::Lower, 4}}});
    };
    const auto c = compare_figures(figures(60, 100, 1000), figures(96, 101, 2000));
    EXPECT_EQ(comparison_headline(c), "B better in 1 figure: availability; 1 figure differs with no better side: sent; "
                                      "2 the same within noise");
    EXPECT_EQ(comparison_headline(compare_figures(figures(60, 100, 1000), figures(60, 100, 1000))),
              "no figure differs beyond noise; 4 the same within noise");
    EXPECT_TRUE(key_figure("availability", "Availability"));
    EXPECT_TRUE(key_figure("breaker.open_share", "Circuit breaker"));
    EXPECT_FALSE(key_figure("messages.all.sent", "Messages"));
}

TEST(LineChart, DrawsEverySeriesWithWhiskersAndCategories) {
    LineChart chart;
    chart.title = "Failover";
    chart.x_label = "timeout";
    chart.y_label = "ms";
    chart.categories = {"150ms..300ms", "300ms..600ms", "600ms..1200ms"};
    ChartSeries mean{.name = "mean", .colour = "#112233", .markers = true};
    for (int i = 0; i < 3; ++i)
        mean.points.push_back({.x = double(i), .y = 100.0 * (i + 1), .low = 90.0 * (i + 1), .high = 120.0 * (i + 1)});
    chart.series = {mean, {.name = "gap", .colour = "#445566", .points = {{0, 1.0}, {1, std::nullopt}, {2, 3.0}}}};
    const std::string svg = line_chart_svg(chart);
    EXPECT_EQ(count(svg, "<circle"), 3u + 2u);       // three markers, two lone points around the gap
    EXPECT_EQ(count(svg, "<polyline"), 1u);           // the gap splits the second series into points
    EXPECT_NE(svg.find("600ms..1200ms"), std::string::npos);
    EXPECT_EQ(count(svg, "stroke=\"#112233\" stroke-width=\"1.2\""), 9u);   // 3 whiskers, each with 2 caps
    EXPECT_EQ(svg.find(">-0<"), std::string::npos);
}

// A legend wider than the plot (the six consistency models, in English or Chinese) wraps onto
// rows under the title instead of running off the chart's left edge.
TEST(LineChart, ALegendWiderThanThePlotWrapsInsideTheChart) {
    for (const std::vector<std::string>& names :
         {std::vector<std::string>{"linearizable", "sequential (per key)", "read your writes", "monotonic reads",
                                   "monotonic writes", "eventual convergence", "one more for good measure"},
          std::vector<std::string>{"线性一致性", "顺序一致性（按键）", "读己之写", "单调读", "单调写", "最终收敛", "再多一个很长的图例名称",
                                   "还有一个很长的图例名称"}}) {
        LineChart chart;
        chart.title = "Consistency models held";
        chart.y_label = "%";
        for (const std::string& name : names)
            chart.series.push_back({.name = name, .colour = "#112233", .points = {{0, 1.0}, {1, 2.0}}});
        const std::string svg = line_chart_svg(chart);
        const std::regex legend(R"re(<text x="([-0-9.]+)" y="([-0-9.]+)"[^>]*class="legend")re");
        std::set<std::string> rows;
        std::size_t entries = 0;
        for (std::sregex_iterator it(svg.begin(), svg.end(), legend), end; it != end; ++it, ++entries) {
            EXPECT_GE(std::stod((*it)[1]), 0.0) << names.front();
            EXPECT_LE(std::stod((*it)[1]), 720.0) << names.front();
            rows.insert((*it)[2]);
        }
        EXPECT_EQ(entries, names.size());
        EXPECT_GE(rows.size(), 2u) << names.front();
    }
}

TEST(LineChart, TheReportsTimeSeriesStillShadeFaults) {
    const test::KnownRun run;
    const ReportData data = build_report_data({run.scenario, run.events, run.checks, 9, "", "", {}});
    const std::string svg = throughput_svg(data);
    EXPECT_NE(svg.find("<title>kill [n1]</title>"), std::string::npos);
    EXPECT_NE(svg.find("time (s)"), std::string::npos);
    EXPECT_EQ(fault_bands(data).size(), data.faults.size());
    EXPECT_EQ(bucket_points(data, [](const TimeBucket& b) { return b.p50_ms; }).size(), data.buckets.size());
}

class SweepParams : public ::testing::Test {
protected:
    void SetUp() override {
        auto s = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/consensus/leader-failover.yaml",
                                    core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
        ASSERT_TRUE(s.has_value());
        scenario_ = std::move(*s);
    }
    core::Result<SweepParam> parse(const std::string& arg) {
        return parse_sweep_param(arg, scenario_, core::RoleRegistry::builtin());
    }
    Scenario scenario_;
};

TEST_F(SweepParams, ARoleNamesEveryNodeOfIt) {
    const auto p = parse("raft.heartbeat=10ms,50ms,1s");
    ASSERT_TRUE(p.has_value()) << p.error().message;
    EXPECT_TRUE(p->is_role);
    EXPECT_EQ(p->nodes.size(), 3u);
    EXPECT_TRUE(p->numeric);
    EXPECT_EQ(p->x, (std::vector<double>{10, 50, 1000}));
    EXPECT_EQ(p->axis_label, "raft.heartbeat (ms)");
}

TEST_F(SweepParams, ANodeAndADurationRange) {
    const auto p = parse("n2.election_timeout=150ms..300ms,600ms..1200ms");
    ASSERT_TRUE(p.has_value()) << p.error().message;
    EXPECT_FALSE(p->is_role);
    EXPECT_EQ(p->nodes, std::vector<core::NodeId>{"n2"});
    EXPECT_FALSE(p->numeric);
    const auto applied = apply_sweep_value(scenario_, *p, 1, core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(applied.has_value()) << applied.error().message;
    const auto range = applied->first.find_node("n2")->resolved.get_duration_range("election_timeout");
    EXPECT_EQ(core::to_ms(range.first), 600);
    EXPECT_EQ(core::to_ms(range.second), 1200);
    // The other nodes keep theirs.
    EXPECT_EQ(core::to_ms(applied->first.find_node("n1")->resolved.get_duration_range("election_timeout").first), 150);
    EXPECT_NE(applied->second.find("600ms"), std::string::npos);
}

TEST_F(SweepParams, BadParamsSayWhatAndWhere) {
    auto message = [&](const std::string& arg) {
        const auto p = parse(arg);
        return p ? std::string("accepted") : p.error().message;
    };
    EXPECT_NE(message("nobody.heartbeat=1ms").find("\"nobody\" is neither a node nor a role"), std::string::npos);
    EXPECT_NE(message("raft.heartbeet=1ms").find("no parameter \"heartbeet\""), std::string::npos);
    EXPECT_NE(message("raft.max_batch=4,0").find("value \"0\" on node n1"), std::string::npos);
    EXPECT_NE(message("raft.max_batch=four").find("not an integer"), std::string::npos);
    EXPECT_NE(message("raft.election_timeout=300ms").find("LO..HI"), std::string::npos);
    EXPECT_NE(message("raft.heartbeat=").find("no values"), std::string::npos);
    EXPECT_NE(message("raft.heartbeat=1ms,,2ms").find("empty value"), std::string::npos);
    EXPECT_NE(message("heartbeat=1ms").find("NODE_OR_ROLE.PARAM"), std::string::npos);
    EXPECT_NE(message("raft.members=n1").find("cannot be swept"), std::string::npos);
}

TEST_F(SweepParams, CsvHasOneRowPerValueAndRun) {
    const auto p = parse("raft.heartbeat=10ms,20ms");
    ASSERT_TRUE(p.has_value());
    SweepInput in{scenario_, *p, {}, true, "distlab-cli sweep ..."};
    for (int v = 0; v < 2; ++v)
        in.points.push_back({{{{"throughput", "g", "t", "ops/s", Better::Higher, 10.0 + v}},
                              {{"throughput", "g", "t", "ops/s", Better::Higher, 12.0 + v}}},
                             {true, v == 0},
                             {5, 6}});
    const std::string csv = sweep_csv(in);
    EXPECT_EQ(csv, "value,run,seed,passed,throughput\n10ms,1,5,true,10\n10ms,2,6,true,12\n20ms,1,5,true,11\n20ms,2,6,false,13\n");
    const core::Json json = sweep_json(in);
    EXPECT_EQ(json["points"].size(), 2u);
    EXPECT_DOUBLE_EQ(json["points"][1]["figures"]["throughput"]["mean"].get<double>(), 12);
    const std::string html = render_html(build_sweep_document(in));
    EXPECT_NE(html.find("Figures against raft.heartbeat"), std::string::npos);
}

TEST_F(SweepParams, TheConsoleTableHasOneRowPerValueWithLatencyPercentiles) {
    const auto p = parse("raft.heartbeat=10ms,20ms");
    ASSERT_TRUE(p.has_value());
    SweepInput in{scenario_, *p, {}, true, "distlab-cli sweep ..."};
    auto fig = [](const char* key, double value) { return Figure{key, "g", "t", "ms", Better::Lower, value}; };
    in.points.push_back({{{fig("latency.all.p50", 10), fig("latency.all.p99", 20), fig("latency.all.p99_9", 30)},
                          {fig("latency.all.p50", 12), fig("latency.all.p99", 40), fig("latency.all.p99_9", 50)}},
                         {true, false},
                         {5, 6}});
    in.points.push_back({{{fig("throughput", 99.5)}}, {true}, {5}});
    EXPECT_EQ(sweep_console_table(in),
              "  raft.heartbeat passed ops/s p50 ms p99 ms p99.9 ms\n"
              "  10ms           1 / 2      -   11.0   30.0     40.0\n"
              "  20ms           1 / 1   99.5      -      -        -\n");
}

TEST_F(SweepParams, TheConsoleTableAddsTheFirstSeriesOfEachChartTheSectionsOffer) {
    const auto p = parse("raft.heartbeat=10ms,20ms");
    ASSERT_TRUE(p.has_value());
    SweepInput in{scenario_, *p, {}, true, "distlab-cli sweep ..."};
    auto fig = [](const char* key, double value) { return Figure{key, "g", "t", "ms", Better::Lower, value}; };
    const std::vector<SweepChart> charts{{"Convergence", "time to agree (ms)", {{"crdt.convergence_ms", "time to agree"}}},
                                         {"Gossip", "messages", {{"crdt.deltas_sent", "deltas"}, {"crdt.full", "full"}}}};
    in.points.push_back({{{fig("crdt.convergence_ms", 120)}, {fig("crdt.convergence_ms", 180)}}, {true, true}, {5, 6}, charts});
    in.points.push_back({{{fig("crdt.convergence_ms", 400)}}, {false}, {5}, charts});
    EXPECT_EQ(sweep_console_table(in),
              "  raft.heartbeat passed ops/s p50 ms p99 ms p99.9 ms time to agree ms deltas\n"
              "  10ms           2 / 2      -      -      -        -            150.0      -\n"
              "  20ms           0 / 1      -      -      -        -            400.0      -\n");
}

}  // namespace
}  // namespace distlab::netlab
