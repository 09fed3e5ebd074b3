// The shipped config center scenarios in the simulator, each under a few seeds: the lesson each one
// teaches holds for every seed (a bad gray release hurts one service in eight and is rolled back,
// a full release hurts all eight; a service restarted in a partition runs its snapshot and
// catches up after the heal, one without a snapshot has no config until then).

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "tests/support/pattern_seeds.h"

namespace distlab::netlab {
namespace {

using core::Json;

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

struct Outcome {
    std::vector<CheckResult> checks;
    std::vector<Event> events;
};

Outcome simulate(const std::string& file, std::uint64_t seed) {
    auto loaded = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/discovery/" + file,
                                     core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << file << ": " << (loaded ? "" : loaded.error().front().str());
    if (!loaded)
        return {};
    loaded->seed = seed;
    Collector collector;
    SimRun run(*loaded, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    Outcome out;
    out.checks = run_checks(RunView{*loaded, collector.events}, CheckRegistry::builtin());
    out.events = std::move(collector.events);
    return out;
}

void expect_checks_pass(const Outcome& out) {
    EXPECT_FALSE(out.checks.empty());
    for (const CheckResult& c : out.checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;
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
    expect_checks_pass(out);
    const auto failed = failed_work(out);
    EXPECT_GT(failed.count("s1") ? failed.at("s1") : 0, 0);
    EXPECT_EQ(failed.size(), 1u) << "only the gray group failed";
    EXPECT_EQ(applied(out, "s1"), (std::vector<std::int64_t>{1, 2, 1}));
    EXPECT_EQ(applied(out, "s2"), (std::vector<std::int64_t>{1}));
}

TEST_P(ConfigSim, ABadFullReleaseHurtsEveryService) {
    const Outcome out = simulate("config-full-release.yaml", GetParam());
    expect_checks_pass(out);
    EXPECT_EQ(failed_work(out).size(), 8u);
    for (const char* s : {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"})
        EXPECT_EQ(applied(out, s), (std::vector<std::int64_t>{1, 2, 1})) << s;
}

TEST_P(ConfigSim, ARestartedPartitionedServiceRunsItsSnapshotAndCatchesUp) {
    const Outcome out = simulate("config-partition-snapshot.yaml", GetParam());
    expect_checks_pass(out);
    EXPECT_TRUE(failed_work(out).empty());
    EXPECT_EQ(applied(out, "s3"), (std::vector<std::int64_t>{1, 1, 2})) << "server, snapshot, server after the heal";
}

TEST_P(ConfigSim, WithoutASnapshotItHasNoConfigUntilTheHeal) {
    const Outcome out = simulate("config-partition-no-snapshot.yaml", GetParam());
    expect_checks_pass(out);
    const auto failed = failed_work(out);
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_GT(failed.at("s3"), 40) << "2.5 s or more without a config at 20 a second";
    EXPECT_EQ(applied(out, "s3"), (std::vector<std::int64_t>{1, 2}));
}

INSTANTIATE_TEST_SUITE_P(Seeds, ConfigSim, ::testing::Range<std::uint64_t>(1, 1 + test_support::kPatternSeeds));

}  // namespace
}  // namespace distlab::netlab
