// The shipped replica-placement scenarios in the simulator over a few seeds each: when zone z2 dies,
// spread placement keeps every key with a majority of replicas and every operation succeeds;
// ring placement loses keys every time.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct SimOutcome {
    std::vector<CheckResult> checks;
    core::Json placement;     // p1's last snapshot
    std::int64_t failed_ops = 0, ok_ops = 0;
};

SimOutcome simulate(const std::string& name, std::uint64_t seed) {
    const test_support::ShippedSimRun run = test_support::simulate_shipped("partitioning/" + name + ".yaml", seed);
    if (!run.loaded)
        return {};
    SimOutcome out;
    out.checks = run.checks;
    for (const Event& e : run.events) {
        if (e.kind == EventKind::State && e.node == "p1")
            out.placement = core::Json::parse(e.data, nullptr, false);
        if (e.kind == EventKind::OpCompleted) {
            out.ok_ops += e.type == "ok";
            out.failed_ops += e.type == "fail";
        }
    }
    return out;
}

constexpr std::uint64_t kSeeds = test_support::kPatternSeeds;

TEST(PlacementSim, SpreadPlacementSurvivesAZoneWithEveryKeyAndEveryOperation) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome run = simulate("placement-zone-spread", seed);
        for (const CheckResult& c : run.checks)
            EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;
        EXPECT_EQ(run.placement["dead_stores"], 3);
        EXPECT_EQ(run.placement["unavailable_keys"], 0);
        EXPECT_EQ(run.placement["no_majority_keys"], 0);
        EXPECT_EQ(run.placement["under_replicated"], run.placement["keys"]);   // every key lost exactly one
        EXPECT_GT(run.ok_ops, 1000);
        EXPECT_EQ(run.failed_ops, 0);
    }
}

TEST(PlacementSim, RingPlacementLosesKeysWhenTheZoneDies) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome run = simulate("placement-zone-ring", seed);
        for (const CheckResult& c : run.checks)
            EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;   // expect_fail on both lessons
        // About one key in five had two or three replicas in the zone that died.
        EXPECT_GT(run.placement["no_majority_keys"].get<std::int64_t>(), run.placement["keys"].get<std::int64_t>() / 10);
        EXPECT_GT(run.placement["shared"]["zone"].get<std::int64_t>(), 100);
        EXPECT_GT(run.failed_ops, 0);
    }
}

}  // namespace
}  // namespace distlab::netlab
