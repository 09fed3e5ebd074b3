#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "tests/support/shipped_scenarios.h"

namespace distlab::netlab {
namespace {

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST(ShippedScenarios, Exist) {
    EXPECT_FALSE(test_support::shipped_scenarios().empty()) << "no scenarios/**/*.yaml under " << DISTLAB_SOURCE_DIR;
}

// A user's scenario may leave out family, title and summary and write one language; a shipped one
// is a lesson in both: its family, and its title, summary and every narrative step in English and
// Chinese.
TEST(ShippedScenarios, EveryOneIsInBothLanguagesWithItsFamily) {
    for (const std::string& file : test_support::shipped_scenarios()) {
        const auto loaded = load_scenario_file(file, core::RoleRegistry::builtin(),
                                               make_check_validator(CheckRegistry::builtin()));
        ASSERT_TRUE(loaded) << file;
        const Scenario& s = *loaded;
        EXPECT_NE(s.family, "custom") << file << ": a shipped scenario names its family";
        EXPECT_FALSE(s.title.en.empty() || s.title.zh.empty()) << file << ": title in en and zh";
        EXPECT_FALSE(s.summary.en.empty() || s.summary.zh.empty()) << file << ": summary in en and zh";
        for (std::size_t i = 0; i < s.steps.size(); ++i)
            EXPECT_FALSE(s.steps[i].say.en.empty() || s.steps[i].say.zh.empty())
                << file << ": steps[" << i << "].say in en and zh";
    }
}

// Each shipped scenario loads, runs in the simulator and passes its own checks.
TEST_P(ShippedScenario, PassesItsChecksInTheSimulator) {
    const std::string& file = GetParam();
    const auto loaded = load_scenario_file(file, core::RoleRegistry::builtin(),
                                           make_check_validator(CheckRegistry::builtin()));
    if (!loaded) {
        std::string problems;
        for (const Diagnostic& d : loaded.error())
            problems += d.str() + "\n";
        FAIL() << problems;
    }
    const Scenario& scenario = *loaded;
    SCOPED_TRACE(::testing::Message() << scenario.name << " seed=" << scenario.seed);

    Collector collector;
    SimRun run(scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    ASSERT_FALSE(collector.events.empty());
    EXPECT_EQ(collector.events.back().kind, EventKind::RunEnded);

    const auto results = run_checks(RunView{scenario, collector.events}, CheckRegistry::builtin());
    EXPECT_EQ(results.size(), scenario.checks.size());
    for (const CheckResult& result : results)
        EXPECT_EQ(result.verdict, Verdict::Pass) << result.name << ": " << result.detail;

    // What the lab narrates from its roles is said in both languages: every phase reason and
    // every violation this run produced has its Chinese (a role's log lines stay its English).
    std::vector<std::string> untranslated;
    for (const Event& e : collector.events) {
        if (e.kind == EventKind::Phase && !phase_reason(e).en.empty() && phase_reason(e).zh.empty())
            untranslated.push_back(e.node + " enters " + e.type + ": " + phase_reason(e).en);
        if (e.kind == EventKind::Violation && log_texts(e).zh.empty())
            untranslated.push_back(e.node + " violation: " + e.data);
    }
    std::sort(untranslated.begin(), untranslated.end());
    untranslated.erase(std::unique(untranslated.begin(), untranslated.end()), untranslated.end());
    for (const std::string& said : untranslated)
        ADD_FAILURE() << "said without its Chinese: " << said;

    // The same seed replays the same run, event for event.
    Collector again;
    SimRun replay(scenario, core::RoleRegistry::builtin(), std::nullopt);
    replay.telemetry().add_sink(again);
    replay.run();
    ASSERT_EQ(again.events.size(), collector.events.size());
    for (std::size_t i = 0; i < again.events.size(); ++i)
        ASSERT_EQ(again.events[i], collector.events[i]) << "first difference at event " << i;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    return test_support::scenario_test_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Sim, ShippedScenario, ::testing::ValuesIn(test_support::shipped_scenarios()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ShippedScenario);

}  // namespace
}  // namespace distlab::netlab
