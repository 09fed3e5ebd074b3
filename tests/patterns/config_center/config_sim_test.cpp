// The shipped config center scenarios in the simulator, each under a few seeds: the lesson each one
// teaches holds for every seed (a bad gray release hurts one service in eight and is rolled back,
// a full release hurts all eight; a service restarted in a partition runs its snapshot and
// catches up after the heal, one without a snapshot has no config until then).

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "netlab/checks/check.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

using core::Json;

using Outcome = test_support::ShippedSimRun;

Outcome simulate(const std::string& file, std::uint64_t seed) {
    return test_support::simulate_shipped("discovery/" + file, seed);
}

// Failed units of work per service.
std::map<std::string, int> failed_work(const Outcome& out) {
    std::map<std::string, int> n;
    for (const Event& e : out.events)
        if (e.kind == EventKind::OpCompleted && e.type == "fail")
            ++n[e.node];
    return n;
}

// The versions a service applied, in order.
std::vector<std::int64_t> applied(const Outcome& out, const std::string& node) {
    std::vector<std::int64_t> v;
    for (const Event& e : out.events)
        if (e.kind == EventKind::OpInvoked && e.node == node && e.type == "apply")
            v.push_back(Json::parse(e.data, nullptr, false).value("version", std::int64_t{-1}));
    return v;
}

class ConfigSim : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(ConfigSim, ABadGrayReleaseHurtsOnlyItsGroupAndIsRolledBack) {
    const Outcome out = simulate("config-gray-rollback.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    const auto failed = failed_work(out);
    EXPECT_GT(failed.count("s1") ? failed.at("s1") : 0, 0);
    EXPECT_EQ(failed.size(), 1u) << "only the gray group failed";
    EXPECT_EQ(applied(out, "s1"), (std::vector<std::int64_t>{1, 2, 1}));
    EXPECT_EQ(applied(out, "s2"), (std::vector<std::int64_t>{1}));
}

TEST_P(ConfigSim, ABadFullReleaseHurtsEveryService) {
    const Outcome out = simulate("config-full-release.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    EXPECT_EQ(failed_work(out).size(), 8u);
    for (const char* s : {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"})
        EXPECT_EQ(applied(out, s), (std::vector<std::int64_t>{1, 2, 1})) << s;
}

TEST_P(ConfigSim, ARestartedPartitionedServiceRunsItsSnapshotAndCatchesUp) {
    const Outcome out = simulate("config-partition-snapshot.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    EXPECT_TRUE(failed_work(out).empty());
    EXPECT_EQ(applied(out, "s3"), (std::vector<std::int64_t>{1, 1, 2})) << "server, snapshot, server after the heal";
}

TEST_P(ConfigSim, WithoutASnapshotItHasNoConfigUntilTheHeal) {
    const Outcome out = simulate("config-partition-no-snapshot.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    const auto failed = failed_work(out);
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_GT(failed.at("s3"), 40) << "2.5 s or more without a config at 20 a second";
    EXPECT_EQ(applied(out, "s3"), (std::vector<std::int64_t>{1, 2}));
}

INSTANTIATE_TEST_SUITE_P(Seeds, ConfigSim, ::testing::Range<std::uint64_t>(1, 1 + test_support::kPatternSeeds));

}  // namespace
}  // namespace distlab::netlab
