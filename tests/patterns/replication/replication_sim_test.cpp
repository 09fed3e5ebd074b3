// The shipped leader-follower scenarios in the simulator, each under a few seeds: the lesson each
// one teaches holds for every seed (async and quietly degraded semi-sync lose acknowledged
// writes in a failover, sync does not; an unfenced partitioned primary splits the brain, a
// fenced one refuses writes before another is promoted).

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/patterns/replication/lf_figures.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct Outcome {
    std::vector<CheckResult> checks;
    // node -> phase -> the first time it entered it (lab ns)
    std::map<std::string, std::map<std::string, std::int64_t>> first_entered;
    std::map<std::string, double> figures;   // the report's replication section
};

using test_support::figure;

Outcome simulate(const std::string& file, std::uint64_t seed) {
    const test_support::ShippedSimRun run = test_support::simulate_shipped("replication/" + file, seed);
    if (!run.loaded)
        return {};
    Outcome out;
    out.checks = run.checks;
    out.first_entered = test_support::first_entered(run.events);
    out.figures = test_support::section_figures(*lf_figure_source(), run);
    return out;
}

std::optional<std::int64_t> entered(const Outcome& out, const std::string& node, const std::string& phase) {
    const auto n = out.first_entered.find(node);
    if (n == out.first_entered.end())
        return std::nullopt;
    const auto p = n->second.find(phase);
    return p == n->second.end() ? std::nullopt : std::optional(p->second);
}

constexpr std::int64_t kS = 1'000'000'000;

TEST(ReplicationSim, AsyncFailoverLosesAcknowledgedWrites) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("lf-async-failover.yaml", seed);
        test_support::expect_checks_pass(out.checks);   // expect_fail: acked_writes_lost failed
        const bool promoted = entered(out, "n2", "primary") || entered(out, "n3", "primary");
        EXPECT_TRUE(promoted);
    }
}

TEST(ReplicationSim, SemiSyncFallsBackQuietlyThenLosesWrites) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("lf-semi-sync-fallback.yaml", seed);
        test_support::expect_checks_pass(out.checks);   // expect_fail: acked_writes_lost failed
        const auto fallback = entered(out, "n1", "primary-async");
        ASSERT_TRUE(fallback);
        // The slow link begins at 2 s; a write waits 1 s before the primary gives up on it.
        EXPECT_GT(*fallback, 3 * kS);
        EXPECT_LT(*fallback, 4 * kS);
        const auto promoted = entered(out, "n2", "primary");
        ASSERT_TRUE(promoted);
        EXPECT_GT(*promoted, 6 * kS);
        // The report counts it: one fallback, one failover, writes lost, a replica 1.5 s behind.
        EXPECT_EQ(figure(out.figures, "replication.fallbacks"), 1);
        EXPECT_EQ(figure(out.figures, "replication.failovers"), 1);
        EXPECT_GT(figure(out.figures, "replication.lost"), 0);
        EXPECT_GE(figure(out.figures, "replication.max_lag_ms"), 1500);
    }
}

TEST(ReplicationSim, SyncSurvivesTheSameSchedule) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("lf-sync-failover.yaml", seed);
        test_support::expect_checks_pass(out.checks);   // acked_writes_lost and linearizable: kv pass
        EXPECT_FALSE(entered(out, "n1", "primary-async"));
        EXPECT_TRUE(entered(out, "n2", "primary"));
        EXPECT_EQ(figure(out.figures, "replication.lost"), 0);
        EXPECT_GT(figure(out.figures, "replication.acked"), 0);
        EXPECT_EQ(figure(out.figures, "replication.fallbacks"), 0);
    }
}

TEST(ReplicationSim, AnUnfencedPartitionedPrimarySplitsTheBrain) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("lf-split-brain.yaml", seed);
        test_support::expect_checks_pass(out.checks);   // expect_fail: acked_writes_lost failed
        const auto promoted = entered(out, "n2", "primary");
        const auto deposed = entered(out, "n1", "replica");
        ASSERT_TRUE(promoted);
        ASSERT_TRUE(deposed);
        // Two primaries at once: n1 steps down only after the heal at 7 s, long after n2 took over.
        EXPECT_LT(*promoted, 5 * kS);
        EXPECT_GT(*deposed, 7 * kS);
        EXPECT_TRUE(entered(out, "n1", "primary-async"));
    }
}

TEST(ReplicationSim, AFencedPartitionedPrimaryRefusesWritesBeforeAnotherIsPromoted) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("lf-split-brain-fenced.yaml", seed);
        test_support::expect_checks_pass(out.checks);   // acked_writes_lost and linearizable: kv pass
        const auto fenced = entered(out, "n1", "fenced");
        const auto promoted = entered(out, "n2", "primary");
        ASSERT_TRUE(fenced);
        ASSERT_TRUE(promoted);
        EXPECT_LT(*fenced, *promoted);
        EXPECT_FALSE(entered(out, "n1", "primary-async"));
    }
}

}  // namespace
}  // namespace distlab::netlab
