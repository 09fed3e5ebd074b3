#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "tests/support/shipped_scenarios.h"

// A shipped scenario's lesson must not hang on the seed its author tried: each runs in the
// simulator under kSeeds, none of them the one in its file, and must pass every check (its
// expect_fail checks included: the failure it teaches must happen) with every scheduled fault
// finding its node. One ctest test per scenario, so `ctest -j` runs them side by side.
namespace distlab::netlab {
namespace {

// 101, 202, ..., 2020: seeds nobody tuned a scenario for.
std::vector<std::uint64_t> seeds() {
    std::vector<std::uint64_t> out;
    for (std::uint64_t k = 1; k <= 20; ++k)
        out.push_back(101 * k);
    return out;
}

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

class ScenarioSeeds : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioSeeds, ItsLessonHoldsUnderEverySeed) {
    const auto loaded = load_scenario_file(GetParam(), core::RoleRegistry::builtin(),
                                           make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(loaded.has_value()) << GetParam() << " does not load";
    std::vector<std::string> failures;
    for (const std::uint64_t seed : seeds()) {
        Scenario scenario = *loaded;
        scenario.seed = seed;
        Collector collector;
        SimRun run(scenario, core::RoleRegistry::builtin(), std::nullopt);
        run.telemetry().add_sink(collector);
        run.run();
        ASSERT_FALSE(collector.events.empty()) << "seed " << seed;
        const auto results = run_checks(RunView{scenario, collector.events}, CheckRegistry::builtin());
        for (const CheckResult& result : results)
            if (result.verdict != Verdict::Pass)
                failures.push_back("seed " + std::to_string(seed) + ": " + result.name + " " +
                                   std::string(to_string(result.verdict)) + ": " + result.detail);
    }
    std::string all;
    for (const std::string& f : failures)
        all += "\n  " + f;
    EXPECT_TRUE(failures.empty()) << loaded->name << " depends on its seed:" << all;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    return test_support::scenario_test_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Sim, ScenarioSeeds, ::testing::ValuesIn(test_support::shipped_scenarios()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ScenarioSeeds);

}  // namespace
}  // namespace distlab::netlab
