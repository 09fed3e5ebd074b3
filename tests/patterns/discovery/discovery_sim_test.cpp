// The shipped discovery scenarios in the simulator, each under a few seeds: the lesson each one
// teaches holds for every seed (a graceful shutdown costs no call, a kill -9 costs the calls of
// the detection window; self-preservation keeps partitioned instances listed where a registry
// without protection removes them and overloads the survivor; a local cache outlives the
// registry, and a replica keeps it seeing).

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

// Calls c1 began to `instance` at or after `from_ns`.
int calls_to(const Outcome& out, const std::string& instance, std::int64_t from_ns) {
    int n = 0;
    for (const Event& e : out.events)
        if (e.kind == EventKind::OpInvoked && e.t_ns >= from_ns &&
            Json::parse(e.data, nullptr, false).value("instance", "") == instance)
            ++n;
    return n;
}

// The last snapshot field of a node.
Json last_state(const Outcome& out, const std::string& node, const std::string& field) {
    Json found;
    for (const Event& e : out.events)
        if (e.kind == EventKind::State && e.node == node)
            found = Json::parse(e.data, nullptr, false).value(field, Json());
    return found;
}

int ops(const Outcome& out, const std::string& outcome) {
    int n = 0;
    for (const Event& e : out.events)
        n += e.kind == EventKind::OpCompleted && e.type == outcome ? 1 : 0;
    return n;
}

constexpr std::int64_t kSecond = 1'000'000'000;

class DiscoverySim : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(DiscoverySim, AGracefulShutdownCostsNoCall) {
    const Outcome out = simulate("registry-graceful-shutdown.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    // Calls went to s2 before it drained, none after it stopped (3.3 s).
    EXPECT_GT(calls_to(out, "s2", 0), 0);
    EXPECT_EQ(calls_to(out, "s2", 3 * kSecond + 300'000'000), 0);
    EXPECT_EQ(ops(out, "info"), 0);
}

TEST_P(DiscoverySim, AKillCostsTheCallsOfTheDetectionWindow) {
    const Outcome out = simulate("registry-kill-9.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    // A third of the calls of the detection window (at least a second: its last beat was at most
    // 500 ms before the kill) went to the dead s2 and timed out; none after the window (1.5 s +
    // the 100 ms check + the trip).
    EXPECT_GT(calls_to(out, "s2", 3 * kSecond), 10);
    EXPECT_EQ(calls_to(out, "s2", 3 * kSecond + 1'700'000'000), 0);
    EXPECT_EQ(ops(out, "info"), calls_to(out, "s2", 3 * kSecond));
    EXPECT_FALSE(last_state(out, "r1", "instances").contains("s2"));
}

TEST_P(DiscoverySim, SelfPreservationKeepsThePartitionedInstancesListed) {
    const Outcome out = simulate("registry-partition-self-preservation.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    EXPECT_EQ(last_state(out, "r1", "removed"), 0);
    EXPECT_EQ(last_state(out, "s5", "refused"), 0);
}

TEST_P(DiscoverySim, WithoutProtectionThePartitionOverloadsTheSurvivor) {
    const Outcome out = simulate("registry-partition-no-protection.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    EXPECT_EQ(last_state(out, "r1", "removed"), 4);
    EXPECT_GT(last_state(out, "s5", "refused").get<int>(), 100);
    // After the heal the four register again and the list is whole.
    EXPECT_EQ(last_state(out, "c1", "instances"), (Json{"s1", "s2", "s3", "s4", "s5"}));
}

TEST_P(DiscoverySim, TheCacheOutlivesTheRegistry) {
    const Outcome out = simulate("registry-down-cache.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    EXPECT_EQ(ops(out, "fail") + ops(out, "info"), 0);
}

TEST_P(DiscoverySim, WithoutACacheTheRegistrysDeathStopsEveryCall) {
    const Outcome out = simulate("registry-down-no-cache.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    EXPECT_GT(ops(out, "fail"), 150);
}

TEST_P(DiscoverySim, AReplicaTakesOverAndStillSeesTheNextCrash) {
    const Outcome out = simulate("registry-replicas.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    EXPECT_EQ(last_state(out, "c1", "registry"), "r2");
    EXPECT_EQ(last_state(out, "s1", "registry"), "r2");
    EXPECT_EQ(calls_to(out, "s2", 5 * kSecond + 1'700'000'000), 0);
}

TEST_P(DiscoverySim, WithItsOnlyRegistryDownTheCacheIsBlindToACrash) {
    const Outcome out = simulate("registry-single-down-blind.yaml", GetParam());
    test_support::expect_checks_pass(out.checks);
    // Every third call of the last 3.5 s still goes to the dead s2.
    EXPECT_GT(calls_to(out, "s2", 7 * kSecond), 20);
}

INSTANTIATE_TEST_SUITE_P(Seeds, DiscoverySim, ::testing::Range<std::uint64_t>(1, 1 + test_support::kPatternSeeds));

}  // namespace
}  // namespace distlab::netlab
