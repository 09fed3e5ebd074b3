// The consistency map of shipped scenarios in the simulator, over 20 seeds each: Raft and
// synchronous leader-follower keep every model the history can judge, asynchronous
// leader-follower loses them in its failover when a read sees the loss, an unfenced split brain
// is sequentially consistent but not linearizable; and the map as the report shows it, alone and
// side by side in a comparison.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/checks/consistency.h"
#include "netlab/report/comparison.h"
#include "netlab/report/consistency_figures.h"
#include "netlab/report/report.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab {
namespace {

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

struct SimOutcome {
    Scenario scenario;
    std::vector<Event> events;
    std::optional<FigureSection> section;            // the consistency map
    std::map<std::string, std::string> verdicts;     // model -> pass | fail | unknown
    std::map<std::string, std::string> details;
};

SimOutcome simulate(const std::string& relative, std::uint64_t seed) {
    auto loaded = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative,
                                     core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << relative;
    SimOutcome out;
    if (!loaded)
        return out;
    out.scenario = *loaded;
    out.scenario.seed = seed;
    Collector collector;
    SimRun run(out.scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    out.events = std::move(collector.events);
    const RoleCatalog catalog = scenario_catalog(out.scenario, core::RoleRegistry::builtin());
    out.section = consistency_figure_source()->section(
        FigureRun{out.events, catalog, out.events.empty() ? 0 : out.events.back().t_ns});
    if (out.section)
        for (const auto& m : out.section->json["models"]) {
            out.verdicts[m["model"].get<std::string>()] = m["verdict"].get<std::string>();
            out.details[m["model"].get<std::string>()] = m["detail"].get<std::string>();
        }
    return out;
}

std::string context(const SimOutcome& out, const std::string& model, std::uint64_t seed) {
    const auto it = out.details.find(model);
    return out.scenario.name + " seed " + std::to_string(seed) + " " + model + ": " +
           (it == out.details.end() ? "(no row)" : it->second);
}

TEST(ConsistencySim, RaftKeepsEveryModelTheHistoryCanJudge) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const SimOutcome out = simulate("consensus/leader-failover.yaml", seed);
        ASSERT_TRUE(out.section) << seed;
        for (const char* model : {"linearizable", "sequential", "read_your_writes", "monotonic_reads", "monotonic_writes"})
            EXPECT_EQ(out.verdicts.at(model), "pass") << context(out, model, seed);
        // The clients write every key until they stop: no get comes after a quiet second.
        EXPECT_EQ(out.verdicts.at("eventually_consistent"), "unknown") << context(out, "eventually_consistent", seed);
    }
}

// Jepsen's map: linearizable implies sequential, which implies the three session guarantees.
void expect_implications(const SimOutcome& out, std::uint64_t seed) {
    if (out.verdicts.at("linearizable") == "pass") {
        EXPECT_EQ(out.verdicts.at("sequential"), "pass") << context(out, "sequential", seed);
    }
    if (out.verdicts.at("sequential") == "pass") {
        for (const char* model : {"read_your_writes", "monotonic_reads", "monotonic_writes"})
            EXPECT_EQ(out.verdicts.at(model), "pass") << context(out, model, seed);
    }
}

TEST(ConsistencySim, AsyncFailoverBreaksEveryModelWhenAReadSeesTheLoss) {
    // At the scenario's own seed a client reads a key back after the failover and gets a value
    // older than its own acknowledged (and lost) write.
    const SimOutcome own = simulate("replication/lf-async-failover.yaml", 3);
    for (const char* model : {"linearizable", "sequential", "read_your_writes", "monotonic_reads", "monotonic_writes"})
        EXPECT_EQ(own.verdicts.at(model), "fail") << context(own, model, 3);
    EXPECT_NE(own.details.at("read_your_writes").find("older than its own write"), std::string::npos)
        << context(own, "read_your_writes", 3);
    // The workload mostly writes: under some seeds every lost write is overwritten before anyone
    // reads it, and the history cannot show the loss. Whatever it shows keeps the map's order.
    std::size_t broken = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const SimOutcome out = simulate("replication/lf-async-failover.yaml", seed);
        ASSERT_TRUE(out.section) << seed;
        expect_implications(out, seed);
        broken += out.verdicts.at("linearizable") == "fail";
    }
    EXPECT_GE(broken, 10u);
}

TEST(ConsistencySim, AnUnfencedSplitBrainIsSequentialButNotLinearizable) {
    // Each client stays with one primary: its own order is kept, real time across clients is not.
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const SimOutcome out = simulate("replication/lf-split-brain.yaml", seed);
        ASSERT_TRUE(out.section) << seed;
        EXPECT_EQ(out.verdicts.at("linearizable"), "fail") << context(out, "linearizable", seed);
        for (const char* model : {"sequential", "read_your_writes", "monotonic_reads", "monotonic_writes"})
            EXPECT_EQ(out.verdicts.at(model), "pass") << context(out, model, seed);
    }
}

TEST(ConsistencySim, SyncFailoverKeepsEveryModelTheHistoryCanJudge) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const SimOutcome out = simulate("replication/lf-sync-failover.yaml", seed);
        ASSERT_TRUE(out.section) << seed;
        for (const char* model : {"linearizable", "sequential", "read_your_writes", "monotonic_reads", "monotonic_writes"})
            EXPECT_EQ(out.verdicts.at(model), "pass") << context(out, model, seed);
    }
}

TEST(ConsistencySim, ARunWithoutAKvHistoryHasNoMap) {
    const SimOutcome out = simulate("communication/request-response.yaml", 1);
    EXPECT_FALSE(out.section);
}

ReportData report_of(const SimOutcome& out) {
    static const std::vector<CheckResult> no_checks;
    return build_report_data({out.scenario, out.events, no_checks, out.scenario.seed, "", "", {}});
}

TEST(ConsistencyReport, TheMapIsASectionOfTheReport) {
    const ReportData data = report_of(simulate("replication/lf-async-failover.yaml", 3));
    const FigureSection* map = data.section("consistency");
    ASSERT_NE(map, nullptr);
    ASSERT_EQ(map->tables.size(), 1u);
    ASSERT_EQ(map->tables[0].rows.size(), std::size(kKvModels));
    EXPECT_EQ(map->tables[0].rows[0][0].en, "linearizable");
    EXPECT_EQ(map->tables[0].rows[0][1].en, "violated");
    const std::string html = render_html(build_report_document(data));
    for (const char* text : {"Consistency map", "read your writes", "monotonic writes", "eventual convergence", "violated",
                             "is not linearizable"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
    const std::string zh = render_html(build_report_document(data, "zh_CN"));
    for (const char* text : {"一致性图谱", "读己之写"})
        EXPECT_NE(zh.find(text), std::string::npos) << text;
    EXPECT_TRUE(report_json(data)["pattern"].contains("consistency"));
    EXPECT_EQ(report_json(data)["pattern"]["consistency"]["models"][0]["verdict"], "fail");
}

TEST(ConsistencyReport, CompareShowsTwoMapsSideBySide) {
    CompareSide raft;
    raft.file = "scenarios/consensus/leader-failover.yaml";
    raft.runs.push_back(report_of(simulate("consensus/leader-failover.yaml", 1)));
    raft.summaries.push_back(core::Json::object());
    raft.simulated = true;
    CompareSide async;
    async.file = "scenarios/replication/lf-async-failover.yaml";
    async.runs.push_back(report_of(simulate("replication/lf-async-failover.yaml", 1)));
    async.summaries.push_back(core::Json::object());
    async.simulated = true;
    const CompareInput in{raft, async, "distlab-cli compare", {}};
    bool seen = false;
    for (const FigureComparison& c : compare_sides(in)) {
        if (c.key != "consistency.linearizable")
            continue;
        seen = true;
        ASSERT_TRUE(c.a && c.b);
        EXPECT_EQ(c.a->mean, 100.0);
        EXPECT_EQ(c.b->mean, 0.0);
        EXPECT_EQ(c.better_side, Side::A);
        EXPECT_TRUE(c.is_key);
    }
    EXPECT_TRUE(seen);
    const std::string html = render_html(build_compare_document(in));
    EXPECT_NE(html.find("linearizable held (share of runs)"), std::string::npos);
    EXPECT_NE(html.find("read your writes held (share of runs)"), std::string::npos);
    // The maps themselves, one column a side.
    const auto map = html.find("Consistency map side by side");
    ASSERT_NE(map, std::string::npos);
    EXPECT_NE(html.find("<span class=\"pass\">held</span>", map), std::string::npos);
    EXPECT_NE(html.find("<span class=\"fail\">violated</span><br/>key ", map), std::string::npos);
}

TEST(ConsistencyReport, CompareCountsTheRunsEachModelHeldIn) {
    std::vector<ReportData> a, b;
    for (std::uint64_t seed : {3, 5})   // seed 3 breaks every session model, seed 5 none
        a.push_back(report_of(simulate("replication/lf-async-failover.yaml", seed)));
    b.push_back(report_of(simulate("communication/request-response.yaml", 1)));
    const auto section = consistency_compare_section(a, b);
    ASSERT_TRUE(section);
    ASSERT_EQ(section->blocks.size(), 1u);
    const std::string& h = section->blocks[0].content;
    EXPECT_NE(h.find("<span class=\"fail\">violated in 1 of 2 runs</span>, <span class=\"pass\">held in 1 of 2 runs</span>"),
              std::string::npos) << h;
    EXPECT_NE(h.find("(no key-value history)"), std::string::npos);
    EXPECT_FALSE(consistency_compare_section(b, b));
}

}  // namespace
}  // namespace distlab::netlab
