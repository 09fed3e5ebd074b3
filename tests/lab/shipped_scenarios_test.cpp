// Every shipped scenario on real processes, through the same runner as `distlab-cli run`:
// loads, runs to its end, records, and passes its own checks.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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
    std::filesystem::remove_all(dir);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    return test_support::scenario_test_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Real, ShippedScenarioReal, ::testing::ValuesIn(test_support::shipped_scenarios()), test_name);

}  // namespace
}  // namespace distlab::netlab
