// The figure-source seam: a toy pattern whose role only this test registers shows its phases in
// the report (read from the run's own role catalog), a source registered here gets its section,
// figures, JSON, table and sweep chart, and nothing in the report names a pattern.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/model/role_registry.h"
#include "netlab/report/comparison.h"
#include "netlab/report/phase_figures.h"
#include "netlab/report/report.h"
#include "netlab/report/sweep.h"
#include "report_fixture.h"

namespace distlab::netlab {
namespace {

using test::kMs;

// A lamp that warms up before it shines: three phases and a gauge, known to no shipped registry.
core::RoleRegistry toy_registry() {
    core::RoleRegistry r;
    r.add({.name = "toy-lamp",
           .pattern = "toy",
           .family = "test",
           .en = "A lamp",
           .zh = "一盏灯",
           .phases = {{.name = "off", .tone = core::Tone::Neutral, .en = "off", .zh = "关"},
                      {.name = "warming", .tone = core::Tone::Busy, .en = "warming up", .zh = "预热"},
                      {.name = "on", .tone = core::Tone::Healthy, .en = "on", .zh = "开"}},
           .gauges = {{.field = "brightness", .full_scale = 100, .unit = "%", .en = "brightness", .zh = "亮度"}}});
    return r;
}

// l1: off 0-1 s, warming 1-1.5 s, on 1.5-3 s, killed at 3 s, restarted off 4-5 s.
// l2: off 0-2 s, warming 2-5 s.
struct ToyRun {
    Scenario scenario;
    std::vector<Event> events;
    std::vector<CheckResult> checks;

    ToyRun() {
        scenario.name = "toy-lamps";
        const core::RoleRegistry registry = toy_registry();
        core::Json started = {{"scenario", "toy-lamps"}, {"seed", 1}};
        RoleCatalog(registry, {{"l1", "toy-lamp"}, {"l2", "toy-lamp"}}).write(started);
        add(0, EventKind::RunStarted, "", "", started.dump());
        for (const char* n : {"l1", "l2"}) {
            add(0, EventKind::NodeStarted, n, "", R"({"role":"toy-lamp"})");
            add(0, EventKind::Phase, n, "off", R"({"from":"","reason":"starts off"})");
        }
        add(1000 * kMs, EventKind::Phase, "l1", "warming", R"({"from":"off","reason":"switched on"})");
        add(1500 * kMs, EventKind::Phase, "l1", "on", R"({"from":"warming","reason":"warm"})");
        add(1600 * kMs, EventKind::Phase, "l1", "on", R"({"from":"on","reason":"a repeat changes nothing"})");
        add(2000 * kMs, EventKind::Phase, "l2", "warming", R"({"from":"off","reason":"switched on"})");
        add(3000 * kMs, EventKind::NodeExited, "l1", "", R"({"cause":"fault"})");
        add(4000 * kMs, EventKind::NodeStarted, "l1", "", R"({"role":"toy-lamp","restart":true})");
        add(4000 * kMs, EventKind::Phase, "l1", "off", R"({"from":"","reason":"starts off"})");
        add(5000 * kMs, EventKind::RunEnded, "", "", R"({"reason":"duration"})");
    }

    ReportData data(const FigureSourceRegistry* sources = nullptr) const {
        ReportInput input{scenario, events, checks, 1, "", "", {}};
        input.sources = sources;
        return build_report_data(input);
    }

private:
    void add(std::int64_t t, EventKind kind, std::string node, std::string type, std::string data) {
        events.push_back({t, kind, std::move(node), "", 0, std::move(type), std::move(data), ""});
    }
};

const Figure* find(const std::vector<Figure>& figures, std::string_view key) {
    const auto it = std::find_if(figures.begin(), figures.end(), [&](const Figure& f) { return f.key == key; });
    return it == figures.end() ? nullptr : &*it;
}

TEST(PhaseFigures, ToyPatternPhasesPerNodeFromTheRunsOwnCatalog) {
    const ReportData d = ToyRun().data();
    const FigureSection* phases = d.section("phases");
    ASSERT_NE(phases, nullptr);
    EXPECT_EQ(phases->title.zh, "阶段");
    const core::Json& nodes = phases->json["nodes"];
    ASSERT_EQ(nodes.size(), 2u);
    const core::Json& l1 = nodes[0];
    EXPECT_EQ(l1["node"], "l1");
    EXPECT_EQ(l1["role"], "toy-lamp");
    EXPECT_EQ(l1["transitions"], 2);   // the repeat and the restart's first phase are no transitions
    ASSERT_EQ(l1["phases"].size(), 3u);
    EXPECT_EQ(l1["phases"][0]["phase"], "off");
    EXPECT_EQ(l1["phases"][0]["entered"], 2);
    EXPECT_EQ(l1["phases"][0]["first_ns"], 0);
    EXPECT_EQ(l1["phases"][0]["time_ns"], 2000 * kMs);   // 0-1 s and 4-5 s
    EXPECT_EQ(l1["phases"][1]["phase"], "warming");
    EXPECT_EQ(l1["phases"][1]["first_ns"], 1000 * kMs);
    EXPECT_EQ(l1["phases"][1]["time_ns"], 500 * kMs);
    EXPECT_EQ(l1["phases"][2]["time_ns"], 1500 * kMs);   // on until the kill
    EXPECT_EQ(nodes[1]["transitions"], 1);
    EXPECT_EQ(nodes[1]["phases"][1]["time_ns"], 3000 * kMs);   // warming to the end of the run

    // The table labels phases from the descriptor, in both languages, in its declared order.
    ASSERT_EQ(phases->tables.size(), 1u);
    const FigureTable& t = phases->tables[0];
    ASSERT_EQ(t.rows.size(), 5u);
    EXPECT_EQ(t.rows[1][2].en, "warming up");
    EXPECT_EQ(t.rows[1][2].zh, "预热");
    EXPECT_EQ(t.rows[1][0].en, "");   // the node is named on its first row only
    EXPECT_NE(t.picture.find("Phases of the toy-lamp nodes"), std::string::npos);

    const auto figures = run_figures(d);
    ASSERT_NE(find(figures, "phases.toy-lamp.transitions"), nullptr);
    EXPECT_DOUBLE_EQ(find(figures, "phases.toy-lamp.transitions")->value, 3);
    EXPECT_DOUBLE_EQ(find(figures, "phases.toy-lamp.off.time_s")->value, 4.0);
    EXPECT_DOUBLE_EQ(find(figures, "phases.toy-lamp.warming.time_s")->value, 3.5);
    EXPECT_EQ(find(figures, "phases.toy-lamp.warming.time_s")->unit, "s");
    EXPECT_EQ(find(figures, "phases.toy-lamp.on.time_s")->group, "Phases");
}

TEST(PhaseFigures, ThePageShowsThePhaseSectionInItsLanguage) {
    const ReportData d = ToyRun().data();
    const std::string html = render_html(build_report_document(d));
    EXPECT_NE(html.find("<h3>Phases</h3>"), std::string::npos);
    EXPECT_NE(html.find("<td>warming up</td>"), std::string::npos);
    EXPECT_NE(html.find("Phases of the toy-lamp nodes"), std::string::npos);
    const std::string zh = render_html(build_report_document(d, "zh_CN"));
    EXPECT_NE(zh.find("<h3>阶段</h3>"), std::string::npos);
    EXPECT_NE(zh.find("<td>预热</td>"), std::string::npos);
    EXPECT_NE(zh.find("toy-lamp 节点的阶段"), std::string::npos);
    EXPECT_EQ(zh.find("warming up"), std::string::npos);
    EXPECT_EQ(report_json(d)["pattern"]["phases"], d.section("phases")->json);
}

TEST(PhaseFigures, NoPhaseEventsNoSection) {
    ToyRun run;
    std::erase_if(run.events, [](const Event& e) { return e.kind == EventKind::Phase; });
    EXPECT_EQ(run.data().section("phases"), nullptr);
}

// A source registered by the test: how often a lamp was switched on (began warming up).
class FlashSource final : public FigureSource {
public:
    std::string_view name() const override { return "lamp"; }
    bool applies(const RoleCatalog& catalog) const override { return catalog.role("toy-lamp") != nullptr; }
    std::optional<FigureSection> section(const FigureRun& run) const override {
        std::size_t on = 0;
        for (const Event& e : run.events)
            on += e.kind == EventKind::Phase && e.type == "warming";
        FigureSection s;
        s.title = {"Lamps", "灯"};
        s.notes.push_back(Text{"Lamps light up.", "灯亮了。"});
        s.figures.push_back({"lamp.lit", {}, "times lit", "", Better::Higher, static_cast<double>(on)});
        s.tables.push_back({{"lamps lit"}, {true}, {{std::to_string(on)}}});
        s.charts.push_back({"Lamps lit", "count", {{"lamp.lit", "lit"}}});
        s.json = {{"lit", on}};
        return s;
    }
};

TEST(FigureSources, ARegisteredSourceGivesItsSectionEverywhere) {
    FigureSourceRegistry registry;
    ASSERT_TRUE(registry.add(std::make_shared<FlashSource>()));
    EXPECT_FALSE(registry.add(std::make_shared<FlashSource>()));   // one source per name
    ASSERT_TRUE(registry.add(phase_figure_source()));
    const ReportData d = ToyRun().data(&registry);
    ASSERT_EQ(d.sections.size(), 2u);
    EXPECT_EQ(d.sections[0].key, "lamp");   // registration order
    EXPECT_EQ(d.sections[1].key, "phases");

    const auto figures = run_figures(d);
    ASSERT_NE(find(figures, "lamp.lit"), nullptr);
    EXPECT_DOUBLE_EQ(find(figures, "lamp.lit")->value, 2);
    EXPECT_EQ(find(figures, "lamp.lit")->group, "Lamps");
    EXPECT_EQ(report_json(d)["pattern"]["lamp"]["lit"], 2);
    const std::string html = render_html(build_report_document(d));
    EXPECT_NE(html.find("<h3>Lamps</h3>"), std::string::npos);
    EXPECT_NE(render_html(build_report_document(d, "zh_CN")).find("<h3>灯</h3>"), std::string::npos);
    EXPECT_NE(html.find("Lamps light up."), std::string::npos);

    // The sweep draws the chart the section offers.
    Scenario scenario;
    SweepParam param;
    param.target = "l1";
    param.spec.name = "warmth";
    param.texts = {"1", "2"};
    param.values = {1, 2};
    param.numeric = true;
    param.x = {1, 2};
    SweepInput in{scenario, param, {}, true, ""};
    for (int v = 0; v < 2; ++v) {
        SweepPoint point;
        point.add_run(d, true, 7);
        in.points.push_back(std::move(point));
    }
    ASSERT_EQ(in.points[0].charts.size(), 2u);   // the lamp's and the phases'
    const std::string sweep = render_html(build_sweep_document(in));
    EXPECT_NE(sweep.find("Lamps lit"), std::string::npos);
    EXPECT_NE(sweep.find("toy-lamp phase transitions"), std::string::npos);
}

TEST(FigureSources, TheBuiltinSourcesEndWithThePhases) {
    const auto& sources = builtin_figure_sources().sources();
    ASSERT_FALSE(sources.empty());
    EXPECT_EQ(sources.back()->name(), "phases");
}

}  // namespace
}  // namespace distlab::netlab
