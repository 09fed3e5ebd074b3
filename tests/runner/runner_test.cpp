// run_scenario's recordings: what they carry besides the events.

#include <gtest/gtest.h>

#include <string>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/playback.h"
#include "tests/support/scratch_dir.h"

namespace distlab::netlab {
namespace {

// A scenario built in code (no file text given) is recorded in its written form, so playback
// can draw the lab and judge its checks again.
TEST(Runner, ARecordingOfAScenarioWithoutItsTextCarriesItsWrittenForm) {
    const std::string yaml = R"(
version: 1
name: recorded-text
family: communication
title: {en: "Recorded text", zh: "记录的文本"}
summary: {en: "A test.", zh: "测试。"}
duration: 2s
seed: 5
network: {preset: lan}
nodes:
  - {id: s1, role: server}
  - {id: c1, role: client, params: {target: s1, rate: 20}}
links: full
checks:
  - all_ops_complete: true
  - no_violations: true
)";
    const auto validator = make_check_validator(CheckRegistry::builtin());
    auto loaded = load_scenario_text(yaml, "recorded-text.yaml", core::RoleRegistry::builtin(), validator);
    ASSERT_TRUE(loaded) << loaded.error().front().str();
    const test_support::ScratchDir dir("distlab-runner-test");
    RunRequest request;
    request.scenario = *loaded;
    request.simulate = true;
    request.record_path = dir.path() / "run.distlab";
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;

    auto playback = Playback::open(*request.record_path);
    ASSERT_TRUE(playback) << playback.error().message;
    const std::string& text = playback->meta().scenario_yaml;
    ASSERT_FALSE(text.empty());
    auto again = load_scenario_text(text, "recorded", core::RoleRegistry::builtin(), validator);
    ASSERT_TRUE(again) << again.error().front().str() << "\n" << text;
    EXPECT_EQ(again->name, "recorded-text");
    EXPECT_EQ(again->seed, 5u);
    EXPECT_EQ(again->nodes.size(), 2u);
    ASSERT_EQ(again->checks.size(), 2u);
    const RunOutcome judged = judge_run(*again, playback->read_all().events, std::nullopt);
    ASSERT_EQ(judged.checks.size(), 2u);
    EXPECT_EQ(judged.passed, outcome->passed);
}

}  // namespace
}  // namespace distlab::netlab
