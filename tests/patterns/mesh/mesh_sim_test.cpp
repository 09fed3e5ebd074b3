// The shipped mesh scenarios in the simulator, each under a few seeds: an invalid edit is NACKed
// and the good canary is promoted in three steps; the bad one is rolled back and stops
// failing calls, while without analysis it is promoted and the errors keep flowing; while the
// control plane is partitioned away the sidecars keep routing by their last policy, unless told
// to forget it.

#include <gtest/gtest.h>

#include <string>

#include "netlab/patterns/mesh/mesh_figures.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::test_support {
namespace {

using netlab::CheckResult;
using netlab::Event;
using netlab::EventKind;
using netlab::Verdict;

void expect_checks_pass(const ShippedSimRun& run, const std::string& file, std::uint64_t seed) {
    EXPECT_FALSE(run.checks.empty());
    for (const CheckResult& c : run.checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << file << " seed " << seed << ": " << c.name << ": " << c.detail;
}

// Client operations that failed after `from_ns`.
int failed_after(const ShippedSimRun& run, std::int64_t from_ns) {
    int n = 0;
    for (const Event& e : run.events)
        n += e.kind == EventKind::OpCompleted && e.type != "ok" && e.t_ns > from_ns;
    return n;
}

bool entered(const ShippedSimRun& run, const std::string& node, const std::string& phase) {
    for (const Event& e : run.events)
        if (e.kind == EventKind::Phase && e.node == node && e.type == phase)
            return true;
    return false;
}

TEST(MeshSim, EachScenariosLessonHoldsForEverySeed) {
    const auto figures = netlab::mesh_figure_source();
    for (std::uint64_t seed = 1; seed <= kPatternSeeds; ++seed) {
        const ShippedSimRun good = simulate_shipped("scheduling/mesh-canary-promote.yaml", seed);
        const ShippedSimRun bad = simulate_shipped("scheduling/mesh-canary-rollback.yaml", seed);
        const ShippedSimRun unguarded = simulate_shipped("scheduling/mesh-canary-no-rollback.yaml", seed);
        expect_checks_pass(good, "mesh-canary-promote", seed);
        expect_checks_pass(bad, "mesh-canary-rollback", seed);
        expect_checks_pass(unguarded, "mesh-canary-no-rollback", seed);

        auto f = section_figures(*figures, good);
        EXPECT_EQ(f["mesh.versions"], 6) << "seed " << seed << ": initial, a NACKed edit, its fix, 10, 50, 100";
        int nacks = 0;
        for (const Event& e : good.events)
            nacks += e.kind == EventKind::MessageSent && e.type == "mesh_nack";
        EXPECT_GE(nacks, 2) << "seed " << seed << ": both sidecars refuse the 0 attempts";
        EXPECT_TRUE(f.contains("mesh.promoted_s"));
        EXPECT_FALSE(f.contains("mesh.rollback_s"));

        f = section_figures(*figures, bad);
        ASSERT_TRUE(f.contains("mesh.rollback_s")) << "seed " << seed;
        EXPECT_FALSE(f.contains("mesh.promoted_s"));
        // After the rollback (and the calls in flight then), no client call fails.
        const auto rolled_back_ns = static_cast<std::int64_t>(f["mesh.rollback_s"] * 1e9);
        EXPECT_EQ(failed_after(bad, rolled_back_ns + 500'000'000), 0) << "seed " << seed;

        f = section_figures(*figures, unguarded);
        ASSERT_TRUE(f.contains("mesh.promoted_s")) << "seed " << seed << ": promoted on the clock";
        EXPECT_GT(failed_after(unguarded, static_cast<std::int64_t>(f["mesh.promoted_s"] * 1e9)), 20) << "seed " << seed;
    }
}

TEST(MeshSim, SidecarsKeepTheirLastPolicyWhileTheControlPlaneIsAway) {
    for (std::uint64_t seed = 1; seed <= kPatternSeeds; ++seed) {
        const ShippedSimRun kept = simulate_shipped("scheduling/mesh-control-partition.yaml", seed);
        const ShippedSimRun forgot = simulate_shipped("scheduling/mesh-control-partition-forget.yaml", seed);
        expect_checks_pass(kept, "mesh-control-partition", seed);
        expect_checks_pass(forgot, "mesh-control-partition-forget", seed);
        for (const std::string sc : {"fe1-sc", "fe2-sc"}) {
            EXPECT_TRUE(entered(kept, sc, "disconnected")) << "seed " << seed << " " << sc;
            EXPECT_TRUE(entered(kept, "mc", "halted")) << "seed " << seed;
        }
        // 2.5 s to 6 s cut off: the forgetting sidecars fail calls from 3.5 s, the others none.
        EXPECT_EQ(failed_after(kept, 0), 0) << "seed " << seed;
        EXPECT_GT(failed_after(forgot, 3'500'000'000), 200) << "seed " << seed;
    }
}

}  // namespace
}  // namespace distlab::test_support
