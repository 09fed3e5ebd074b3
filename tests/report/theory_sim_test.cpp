// The theory scenarios in the simulator, each under a few seeds (scenario_seeds_test runs their
// checks under 20 more): cap.yaml puts a Raft store and a leaderless store under one partition
// and the "Systems side by side" section counts what each side had acknowledged and which
// consistency models each store kept; eventual-consistency.yaml's time to agree after the heal
// follows the gossip interval it is swept over.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/crdt/crdt_figures.h"
#include "netlab/report/report_data.h"
#include "netlab/report/sweep.h"
#include "netlab/report/system_figures.h"
#include "netlab/scenario/loader.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

using core::Json;

// Two seeds each: scenario_seeds_test runs every check of these files under 20.
constexpr std::uint64_t kSeeds = 2;

void expect_all_pass(const test_support::ShippedSimRun& run, std::uint64_t seed) {
    for (const CheckResult& c : run.checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << "seed " << seed << ": " << c.name << ": " << c.detail;
}

std::optional<FigureSection> systems_section(const test_support::ShippedSimRun& run) {
    const RoleCatalog catalog = scenario_catalog(run.scenario, core::RoleRegistry::builtin());
    return system_figure_source()->section(
        FigureRun{run.events, catalog, run.events.empty() ? 0 : run.events.back().t_ns});
}

TEST(CapScenario, RaftRefusesTheMinorityAndStaysLinearizableTheLeaderlessStoreAnswersItAndIsNot) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const auto run = test_support::simulate_shipped("theory/cap.yaml", seed);
        ASSERT_TRUE(run.loaded);
        expect_all_pass(run, seed);
        const auto figures = test_support::section_figures(*system_figure_source(), run);
        ASSERT_TRUE(figures.contains("systems.raft.acked_during_faults")) << "seed " << seed;
        ASSERT_TRUE(figures.contains("systems.dynamo-node.acked_during_faults")) << "seed " << seed;
        EXPECT_LT(figures.at("systems.raft.acked_during_faults") + 30, figures.at("systems.dynamo-node.acked_during_faults"))
            << "seed " << seed;
        EXPECT_EQ(figures.at("systems.raft.linearizable"), 100) << "seed " << seed;
        EXPECT_EQ(figures.at("systems.dynamo-node.linearizable"), 0) << "seed " << seed;
        // The clients' final reads (read_all_at) after the writes stopped: convergence is judged.
        EXPECT_EQ(figures.at("systems.dynamo-node.eventually_consistent"), 100) << "seed " << seed;
        EXPECT_EQ(figures.at("systems.raft.eventually_consistent"), 100) << "seed " << seed;

        const auto section = systems_section(run);
        ASSERT_TRUE(section);
        const Json& raft = section->json["systems"]["raft"]["clients"];
        EXPECT_EQ(raft["ca"]["side"], "r1, r2 (2 of 5)");
        EXPECT_EQ(raft["cb"]["side"], "r3, r4, r5 (3 of 5)");
        EXPECT_EQ(raft["ca"]["during"]["ok"], 0) << "seed " << seed;   // the minority acknowledges nothing
        EXPECT_GT(raft["cb"]["during"]["ok"].get<int>(), 0) << "seed " << seed;
        const Json& dynamo = section->json["systems"]["dynamo-node"]["clients"];
        EXPECT_EQ(dynamo["cc"]["side"], "d1, d2 (2 of 5)");
        EXPECT_GT(dynamo["cc"]["during"]["ok"].get<int>(), 0) << "seed " << seed;
        ASSERT_EQ(section->tables.size(), 2u);
        EXPECT_EQ(section->tables[0].rows.size(), 4u);   // one row per client
    }
}

TEST(CapScenario, OneHistoryOfBothStoresIsMeaninglessTheReportJudgesEachApart) {
    const auto run = test_support::simulate_shipped("theory/cap.yaml", 1);
    ASSERT_TRUE(run.loaded);
    // The single consistency map steps aside: two stores' k0 are not one register.
    const RoleCatalog catalog = scenario_catalog(run.scenario, core::RoleRegistry::builtin());
    const auto sections = figure_sections(run.events, builtin_figure_sources(), core::RoleRegistry::builtin());
    bool consistency = false, systems = false;
    for (const FigureSection& s : sections) {
        consistency = consistency || s.key == "consistency";
        systems = systems || s.key == "systems";
    }
    EXPECT_FALSE(consistency);
    EXPECT_TRUE(systems);
    const auto clients = client_systems(run.events, catalog);
    EXPECT_EQ(clients.at("ca"), "raft");
    EXPECT_EQ(clients.at("cd"), "dynamo-node");
}

// eventual-consistency.yaml with every replica's gossip_interval set as `distlab-cli sweep` sets it.
double time_to_agree(const std::string& interval, std::uint64_t seed) {
    const auto loaded = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/theory/eventual-consistency.yaml",
                                           core::RoleRegistry::builtin(),
                                           make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded);
    if (!loaded)
        return -1;
    const auto param = parse_sweep_param("crdt-replica.gossip_interval=" + interval, *loaded, core::RoleRegistry::builtin());
    EXPECT_TRUE(param) << (param ? "" : param.error().message);
    if (!param)
        return -1;
    auto swept = apply_sweep_value(*loaded, *param, 0, core::RoleRegistry::builtin(),
                                   make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(swept);
    if (!swept)
        return -1;
    test_support::ShippedSimRun run;
    run.loaded = true;
    run.scenario = std::move(swept->first);
    run.scenario.seed = seed;
    class Collector final : public EventSink {
    public:
        void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
        std::vector<Event> events;
    } collector;
    SimRun sim(run.scenario, core::RoleRegistry::builtin(), std::nullopt);
    sim.telemetry().add_sink(collector);
    sim.run();
    run.events = std::move(collector.events);
    const auto figures = test_support::section_figures(*crdt_figure_source(), run);
    EXPECT_TRUE(figures.contains("crdt.convergence_ms")) << interval << ", seed " << seed;
    return figures.contains("crdt.convergence_ms") ? figures.at("crdt.convergence_ms") : -1;
}

TEST(EventualConsistencyScenario, AgreesAfterTheHealAndTheTimeToAgreeFollowsTheGossipInterval) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const auto run = test_support::simulate_shipped("theory/eventual-consistency.yaml", seed);
        ASSERT_TRUE(run.loaded);
        expect_all_pass(run, seed);
        const double fast = time_to_agree("25ms", seed), slow = time_to_agree("400ms", seed);
        // Within five rounds of the heal (a whole state every fifth), plus the link.
        EXPECT_LE(fast, 5 * 25 + 30) << "seed " << seed;
        EXPECT_LE(slow, 5 * 400 + 30) << "seed " << seed;
        EXPECT_LT(fast, slow) << "seed " << seed;
    }
}

TEST(EventualConsistencyScenario, DeltasAloneNeverRepairWhatThePartitionLost) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const auto run = test_support::simulate_shipped("theory/eventual-consistency-deltas-only.yaml", seed);
        ASSERT_TRUE(run.loaded);
        expect_all_pass(run, seed);   // its expect_fail checks: never converged, a final read lost increments
        EXPECT_FALSE(test_support::section_figures(*crdt_figure_source(), run).contains("crdt.convergence_ms"));
    }
}

}  // namespace
}  // namespace distlab::netlab
