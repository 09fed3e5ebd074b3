// The stream scenarios in the simulator over a few seeds each: the lesson of each must hold for
// every seed, not just the one the file names.

#include <gtest/gtest.h>

#include <string>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/stream/stream_truth.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct Outcome {
    std::vector<CheckResult> checks;
    std::optional<StreamTruth> truth;
    std::uint64_t violations = 0;
};

Outcome simulate(const std::string& name, std::uint64_t seed) {
    const test_support::ShippedSimRun run = test_support::simulate_shipped("communication/" + name + ".yaml", seed);
    if (!run.loaded)
        return {};
    Outcome out;
    out.checks = run.checks;
    out.truth = stream_truth(run.events, catalog_of(run.events, core::RoleRegistry::builtin()));
    out.violations = run.violations;
    return out;
}

const StreamLate* late_of(const StreamTruth& truth, std::string_view op) {
    for (const StreamLate& l : truth.late)
        if (l.op == op)
            return &l;
    return nullptr;
}

constexpr std::uint64_t kSeeds = test_support::kPatternSeeds;

TEST(StreamSim, ExactlyOnceCountsEqualTheTruthAfterAKillForEverySeed) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("stream-exactly-once", seed);
        for (const CheckResult& r : out.checks)
            EXPECT_EQ(r.verdict, Verdict::Pass) << r.name << ": " << r.detail;
        ASSERT_TRUE(out.truth);
        EXPECT_EQ(out.truth->restarts, 1);
        EXPECT_GT(out.truth->replayed, 100);   // about 5 s of events at 50/s since checkpoint 1
        EXPECT_EQ(out.truth->over, 0);
        EXPECT_EQ(out.truth->under, 0);
        EXPECT_GE(out.truth->events, 700);
        EXPECT_EQ(out.violations, 0u);
    }
}

TEST(StreamSim, AtLeastOnceOverCountsAfterAKillAndLosesNothingForEverySeed) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("stream-at-least-once", seed);
        for (const CheckResult& r : out.checks)
            EXPECT_EQ(r.verdict, Verdict::Pass) << r.name << ": " << r.detail;   // expect_fail held
        ASSERT_TRUE(out.truth);
        EXPECT_EQ(out.truth->restarts, 1);
        EXPECT_GT(out.truth->over, 50);          // the windows fired between checkpoint and kill, twice
        EXPECT_GE(out.truth->windows_over, 4);
        EXPECT_EQ(out.truth->under, 0);          // at least once: nothing lost
        EXPECT_LE(out.truth->over, out.truth->replayed);   // only replayed events can be counted twice
    }
}

TEST(StreamSim, LateEventsAreDroppedAdmittedOrSidelinedAndCountedForEverySeed) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("stream-late-events", seed);
        for (const CheckResult& r : out.checks)
            EXPECT_EQ(r.verdict, Verdict::Pass) << r.name << ": " << r.detail;
        ASSERT_TRUE(out.truth);
        const StreamLate* dropped = late_of(*out.truth, "o1");
        const StreamLate* admitted = late_of(*out.truth, "o2");
        const StreamLate* side = late_of(*out.truth, "o3");
        ASSERT_TRUE(dropped && admitted && side);
        EXPECT_GT(dropped->late, 0);
        EXPECT_EQ(dropped->admitted, 0);
        EXPECT_EQ(admitted->late, 0);            // 3 s of allowed lateness admits a 2.5 s lag
        EXPECT_GT(admitted->admitted, 0);
        EXPECT_GT(side->late, 0);
        EXPECT_EQ(out.truth->side_output_sink, side->late);
        // Only the burst is late: 30 events, shared among the three operators' keys.
        EXPECT_LE(dropped->late + side->late + admitted->admitted, 30);
        EXPECT_EQ(out.truth->over + out.truth->under, 0);
    }
}

}  // namespace
}  // namespace distlab::netlab
