// The rpc pattern's lessons in the simulator, each pair of shipped scenarios over a few seeds:
// deadline propagation leaves no orphan work where its absence makes plenty; Dubbo's defaults
// at three tiers multiply every client operation into 27 calls at the leaf, a retry budget
// keeps it under 4; hedging cuts the p99 latency of one slow replica.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "netlab/checks/check.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/rpc/rpc_figures.h"
#include "netlab/patterns/rpc/rpc_work.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct SimOutcome {
    RpcWork work;
    std::optional<FigureSection> section;   // the report's rpc section
    std::vector<double> latencies_ms;   // ok operations
    bool passed = true;
    std::string failures;
};

SimOutcome simulate(const std::string& name, std::uint64_t seed) {
    const test_support::ShippedSimRun sim = test_support::simulate_shipped("communication/" + name + ".yaml", seed);
    if (!sim.loaded)
        return {};
    SimOutcome run;
    const RoleCatalog catalog = sim.catalog();
    run.work = read_rpc_work(sim.events, &catalog);
    run.section = rpc_figure_source()->section(FigureRun{sim.events, catalog, run_end_ns(sim.events)});
    std::map<std::uint64_t, std::int64_t> invoked;
    for (const Event& e : sim.events) {
        if (e.kind == EventKind::OpInvoked)
            invoked[e.msg_id] = e.t_ns;
        else if (e.kind == EventKind::OpCompleted && e.type == "ok")
            run.latencies_ms.push_back(static_cast<double>(e.t_ns - invoked[e.msg_id]) / 1e6);
    }
    for (const CheckResult& r : sim.checks)
        if (r.verdict != Verdict::Pass) {
            run.passed = false;
            run.failures += " " + r.name + ": " + r.detail;
        }
    return run;
}

double p99(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t rank = (99 * v.size() + 99) / 100;   // nearest rank
    return v[std::max<std::size_t>(rank, 1) - 1];
}

constexpr std::uint64_t kSeeds = test_support::kPatternSeeds;

double figure(const FigureSection& section, const std::string& key) {
    for (const Figure& f : section.figures)
        if (f.key == key)
            return f.value;
    ADD_FAILURE() << "no figure " << key;
    return -1;
}

TEST(RpcSim, TheReportSectionCountsOrphanWorkAmplificationAndStatusCodes) {
    const SimOutcome off = simulate("rpc-deadline-no-propagation", 1);
    ASSERT_TRUE(off.section);
    EXPECT_EQ(figure(*off.section, "rpc.orphan_starts"), static_cast<double>(off.work.orphan_starts));
    EXPECT_GT(figure(*off.section, "rpc.orphan_ms"), 0.0);
    EXPECT_EQ(off.section->json["client_statuses"]["ok"], off.work.edge_statuses.at("ok"));
    const SimOutcome storm = simulate("rpc-retry-amplification", 1);
    ASSERT_TRUE(storm.section);
    EXPECT_EQ(figure(*storm.section, "rpc.amplification"), 27.0);
    EXPECT_EQ(figure(*storm.section, "rpc.client.unavailable"), static_cast<double>(storm.work.edge_ops));
    // Every answer in the chain is unavailable: 27 at C, 9 at B and 3 at A per operation.
    EXPECT_EQ(storm.section->json["server_statuses"]["unavailable"], 39.0 * static_cast<double>(storm.work.edge_ops));
    ASSERT_EQ(storm.section->tables.size(), 1u);
    EXPECT_EQ(storm.section->tables[0].rows.size(), 6u);   // one row per status
}

TEST(RpcSim, WithPropagationNoWorkBeginsAfterTheDeadlineWithoutItMuchDoes) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome on = simulate("rpc-deadline-propagation", seed);
        const SimOutcome off = simulate("rpc-deadline-no-propagation", seed);
        EXPECT_TRUE(on.passed) << on.failures;
        EXPECT_TRUE(off.passed) << off.failures;
        EXPECT_GT(on.work.work, 50u);
        EXPECT_EQ(on.work.orphan_starts, 0u);
        EXPECT_EQ(on.work.orphan_ns, 0);
        EXPECT_GE(off.work.orphan_starts, 20u);
        EXPECT_GT(off.work.orphan_ns, on.work.orphan_ns);
        // C is slow half the time: with the countdown its slow calls end at the deadline.
        EXPECT_GT(on.work.edge_statuses.at("ok"), 0u);
        EXPECT_GT(on.work.edge_statuses.at("deadline_exceeded"), 0u);
    }
}

TEST(RpcSim, DubbosDefaultsAtThreeTiersMakeTwentySevenLeafCallsAndABudgetStopsIt) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome storm = simulate("rpc-retry-amplification", seed);
        const SimOutcome budget = simulate("rpc-retry-budget", seed);
        EXPECT_TRUE(storm.passed) << storm.failures;
        EXPECT_TRUE(budget.passed) << budget.failures;
        EXPECT_DOUBLE_EQ(storm.work.amplification(), 27.0);   // 3 attempts at each of 3 callers
        EXPECT_EQ(storm.work.edge_statuses.at("unavailable"), storm.work.edge_ops);
        EXPECT_LT(budget.work.amplification(), 4.0);
        EXPECT_GT(budget.work.amplification(), 1.0);          // some retries still happen
    }
}

TEST(RpcSim, HedgingCutsTheTailOfOneSlowReplica) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome hedged = simulate("rpc-hedging", seed);
        const SimOutcome plain = simulate("rpc-no-hedging", seed);
        EXPECT_TRUE(hedged.passed) << hedged.failures;
        EXPECT_TRUE(plain.passed) << plain.failures;
        EXPECT_LE(p99(hedged.latencies_ms), 100.0);
        EXPECT_GE(p99(plain.latencies_ms), 290.0);
        EXPECT_GT(hedged.work.hedges, 0.0);
        // A won race cancels the copy that lost it.
        EXPECT_GT(hedged.work.cancels_sent, 0.0);
        EXPECT_LE(hedged.work.cancels_sent, hedged.work.hedges);
        EXPECT_EQ(plain.work.hedges, 0.0);
        // The broken bodies are answered invalid_argument, hedged or not.
        EXPECT_GT(hedged.work.edge_statuses.at("invalid_argument"), 0u);
    }
}

}  // namespace
}  // namespace distlab::netlab
