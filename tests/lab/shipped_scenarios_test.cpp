// Shipped scenarios on real processes, through the same runner as `distlab-cli run`: each loads,
// runs to its end, records, and passes its own checks.
//
// Which ones: every shipped scenario runs in the simulator under 20 seeds (scenario_seeds_test);
// on real processes, where a scenario costs its whole duration in wall-clock time, the suite runs
// the smallest set (chosen greedily, shortest first on ties) in which every role, every check
// and every fault kind that any shipped scenario uses appears at least once. Set
// DISTLAB_REAL_SCENARIOS=all to run every shipped scenario instead (about 27 minutes):
// `DISTLAB_REAL_SCENARIOS=all build/release/bin/lab_test --gtest_filter='Real/*'`.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/playback.h"
#include "tests/support/shipped_scenarios.h"

namespace distlab::netlab {
namespace {

class ShippedScenarioReal : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenarioReal, PassesItsChecksOnRealProcesses) {
    const std::string& file = GetParam();
    auto loaded = load_scenario_file(file, core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    SCOPED_TRACE(::testing::Message() << loaded->name << " seed=" << loaded->seed);

    std::string dir_pattern = (std::filesystem::temp_directory_path() / "distlab-shipped-XXXXXX").string();
    const std::filesystem::path dir = ::mkdtemp(dir_pattern.data());
    std::ostringstream text;
    text << std::ifstream(file).rdbuf();

    RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = text.str();
    request.record_path = dir / "run.distlab";
    request.command_line = "distlab-cli run " + file;
    request.node_binary = DISTLAB_NODE_BINARY;
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_FALSE(outcome->recording_problem) << outcome->recording_problem->message;
    EXPECT_EQ(outcome->checks.size(), loaded->checks.size());
    for (const CheckResult& result : outcome->checks)
        EXPECT_EQ(result.verdict, Verdict::Pass) << result.name << ": " << result.detail;

    // The recording holds the very events the run saw.
    auto playback = Playback::open(dir / "run.distlab");
    ASSERT_TRUE(playback) << playback.error().message;
    EXPECT_TRUE(playback->meta().finished);
    EXPECT_EQ(playback->event_count(), outcome->events.size());

    // What the roles narrate crossed from the node processes in both languages, and the
    // recording kept it.
    EventRange recorded = playback->read_all();
    for (const Event& e : recorded.events) {
        if (e.kind == EventKind::Phase && !phase_reason(e).en.empty())
            EXPECT_FALSE(phase_reason(e).zh.empty()) << e.node << " enters " << e.type << ": " << phase_reason(e).en;
        if (e.kind == EventKind::Violation)
            EXPECT_FALSE(log_texts(e).zh.empty()) << e.node << ": " << e.data;
    }
    std::filesystem::remove_all(dir);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    return test_support::scenario_test_name(info.param);
}

// What a scenario exercises: its roles, its checks and its fault kinds.
std::set<std::string> exercised(const Scenario& scenario) {
    std::set<std::string> items;
    for (const NodeSpec& node : scenario.nodes)
        items.insert("role " + node.role);
    for (const CheckSpec& check : scenario.checks)
        items.insert("check " + check.name);
    for (const FaultSpec& fault : scenario.faults)
        items.insert("fault " + std::string(to_string(fault.kind)));
    return items;
}

// The shipped scenarios that together exercise everything any of them does (see the top).
// A scenario that does not load stays in the set, so its error is reported.
std::vector<std::string> real_scenarios() {
    std::vector<std::string> files = test_support::shipped_scenarios();
    if (const char* which = std::getenv("DISTLAB_REAL_SCENARIOS"); which && std::string_view(which) == "all")
        return files;
    struct Candidate {
        std::string file;
        std::set<std::string> items;
        Duration duration;
    };
    std::vector<Candidate> candidates;
    std::vector<std::string> chosen;
    std::set<std::string> uncovered;
    for (const std::string& file : files) {
        auto loaded = load_scenario_file(file, core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
        if (!loaded) {
            chosen.push_back(file);
            continue;
        }
        candidates.push_back({file, exercised(*loaded), loaded->duration});
        uncovered.insert(candidates.back().items.begin(), candidates.back().items.end());
    }
    while (!uncovered.empty()) {
        const Candidate* best = nullptr;
        std::size_t best_gain = 0;
        for (const Candidate& candidate : candidates) {
            std::size_t gain = 0;
            for (const std::string& item : candidate.items)
                gain += uncovered.count(item);
            if (gain > best_gain || (gain == best_gain && gain > 0 && candidate.duration < best->duration)) {
                best = &candidate;
                best_gain = gain;
            }
        }
        chosen.push_back(best->file);
        for (const std::string& item : best->items)
            uncovered.erase(item);
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

INSTANTIATE_TEST_SUITE_P(Real, ShippedScenarioReal, ::testing::ValuesIn(real_scenarios()), test_name);

}  // namespace
}  // namespace distlab::netlab
