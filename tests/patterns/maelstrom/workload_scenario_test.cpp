// The shipped Maelstrom workload scenarios in the simulator: the built-in maelstrom-node passes
// each workload's check under a partition, and its flawed variant fails it for the workload's
// own reason (scenario_seeds_test runs every shipped scenario under 20 seeds; this test says
// why each verdict is what it is).

#include <gtest/gtest.h>

#include <string>

#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

const netlab::CheckResult* find(const test_support::ShippedSimRun& run, std::string_view name) {
    for (const auto& c : run.checks)
        if (c.name == name)
            return &c;
    return nullptr;
}

struct Pair {
    const char* workload;
    const char* check;        // the workload's check
    const char* flaw;         // what its failure says of the flawed node
};

class WorkloadScenarios : public ::testing::TestWithParam<Pair> {};

TEST_P(WorkloadScenarios, TheBuiltInNodePassesAndItsFlawedVariantFailsForItsReason) {
    const Pair p = GetParam();
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << p.workload << " seed " << seed);
        const auto good = test_support::simulate_shipped(std::string("testing/maelstrom-") + p.workload + ".yaml", seed);
        ASSERT_TRUE(good.loaded);
        test_support::expect_checks_pass(good.checks);
        const auto bad = test_support::simulate_shipped(std::string("testing/maelstrom-") + p.workload + "-flawed.yaml", seed);
        ASSERT_TRUE(bad.loaded);
        // expect_fail reports the inner check's detail.
        const netlab::CheckResult* r = find(bad, "expect_fail");
        ASSERT_NE(r, nullptr);
        EXPECT_EQ(r->verdict, netlab::Verdict::Pass) << r->detail;
        EXPECT_NE(r->detail.find(p.flaw), std::string::npos) << r->detail;
    }
}

INSTANTIATE_TEST_SUITE_P(Maelstrom, WorkloadScenarios,
                         ::testing::Values(Pair{"unique-ids", "unique_ids", "was generated twice"},
                                           Pair{"broadcast", "broadcast_delivered", "it was lost"},
                                           Pair{"g-set", "maelstrom_values_allowed", "the add was lost"},
                                           Pair{"g-counter", "maelstrom_values_allowed", "adds were counted twice"},
                                           Pair{"pn-counter", "maelstrom_values_allowed", "pn-counter"},
                                           Pair{"lin-kv", "linearizable", "not linearizable"}),
                         [](const auto& param_info) {
                             std::string name = param_info.param.workload;
                             std::erase(name, '-');
                             return name;
                         });

}  // namespace
}  // namespace distlab
