// run_scenario's recordings: what they carry besides the events.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
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


const std::string kStopped = R"(
version: 1
name: stopped-early
family: resilience
title: {en: "Stopped early", zh: "提前停止"}
summary: {en: "A test.", zh: "测试。"}
duration: 6s
seed: 5
network: {preset: lan}
nodes:
  - {id: s1, role: server}
  - {id: c1, role: client, params: {target: s1, rate: 20}}
links: full
faults:
  - {at: 4s, kill: s1, until: 4.5s}
checks:
  - no_violations: true
  - recovers: {within: 1s, after: 4s}
)";

Scenario load_checked(const std::string& yaml) {
    const auto validator = make_check_validator(CheckRegistry::builtin());
    auto loaded = load_scenario_text(yaml, "lab.yaml", core::RoleRegistry::builtin(), validator);
    if (!loaded) {
        ADD_FAILURE() << loaded.error().front().str();
        return {};
    }
    return std::move(*loaded);
}

// A stop ends a simulation where it is (it used to race to the end and pass): the run is
// "stopped at T", and a check whose window lies past T reads "not reached", never a negative span.
TEST(Runner, AStoppedSimulationEndsWhereItIsAndIsNotJudged) {
    RunRequest request;
    request.scenario = load_checked(kStopped);
    request.simulate = true;
    std::atomic<bool> stop{false};
    request.stop_requested = &stop;
    request.on_progress = [&](const RunProgress& p) {
        if (p.elapsed >= std::chrono::milliseconds(2500))
            stop = true;
    };
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;

    ASSERT_FALSE(outcome->events.empty());
    const Event& last = outcome->events.back();
    EXPECT_EQ(last.kind, EventKind::RunEnded);
    EXPECT_NE(last.data.find(std::string(kStoppedByUser)), std::string::npos) << last.data;
    EXPECT_GE(last.t_ns, 2'500'000'000);
    EXPECT_LT(last.t_ns, 3'000'000'000);
    EXPECT_FALSE(std::any_of(outcome->events.begin(), outcome->events.end(),
                             [](const Event& e) { return e.kind == EventKind::FaultInjected; }));

    EXPECT_EQ(outcome->verdict, RunVerdict::Stopped);
    EXPECT_FALSE(outcome->passed);
    ASSERT_TRUE(outcome->stopped_at_ns);
    EXPECT_EQ(*outcome->stopped_at_ns, last.t_ns);
    ASSERT_EQ(outcome->checks.size(), 2u);
    EXPECT_EQ(outcome->checks[0].verdict, Verdict::Pass);   // decided before the stop: kept
    EXPECT_EQ(outcome->checks[1].verdict, Verdict::Unknown);
    EXPECT_EQ(outcome->checks[1].detail.rfind("not reached (stopped at 2.", 0), 0u) << outcome->checks[1].detail;
    EXPECT_EQ(outcome->summary.value("verdict", ""), "stopped");
    EXPECT_NEAR(outcome->summary.value("stopped_at_s", 0.0), static_cast<double>(last.t_ns) / 1e9, 1e-9);
    EXPECT_EQ(outcome->summary["checks"][1].value("verdict", ""), "unknown");
    EXPECT_EQ(run_verdict_text(outcome->verdict, outcome->stopped_at_ns).en.rfind("STOPPED at 2.", 0), 0u);
}

// The same check past the end of a run that was not stopped says so without a negative span.
TEST(Runner, ACheckWhoseReferenceTimeIsPastTheRunsEndSaysSo) {
    RunRequest request;
    request.scenario = load_checked(kStopped);
    request.scenario.duration = std::chrono::seconds(3);
    request.simulate = true;
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_EQ(outcome->checks.size(), 2u);
    EXPECT_EQ(outcome->checks[1].verdict, Verdict::Unknown);
    EXPECT_EQ(outcome->checks[1].detail.find('-'), std::string::npos) << outcome->checks[1].detail;
    EXPECT_NE(outcome->checks[1].detail.find("the run ended at 3s, before"), std::string::npos)
        << outcome->checks[1].detail;
    EXPECT_EQ(outcome->verdict, RunVerdict::Failed);   // not stopped: an undecided check is no pass
}

// No checks is not a pass: the verdict is "no checks", and the summary keeps its shape.
TEST(Runner, ALabWithoutChecksIsNotJudged) {
    RunRequest request;
    request.scenario = load_checked(kStopped);
    request.scenario.checks.clear();
    request.simulate = true;
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_EQ(outcome->verdict, RunVerdict::NoChecks);
    EXPECT_FALSE(outcome->passed);
    EXPECT_FALSE(outcome->stopped_at_ns);
    EXPECT_EQ(outcome->summary.value("verdict", ""), "no_checks");
    EXPECT_FALSE(outcome->summary.value("passed", true));
    EXPECT_TRUE(outcome->summary["checks"].is_array());
    EXPECT_TRUE(outcome->summary["checks"].empty());
    EXPECT_FALSE(outcome->summary.contains("stopped_at_s"));
    EXPECT_EQ(run_verdict_text(outcome->verdict, std::nullopt).en, "NO CHECKS (not judged)");
}

}  // namespace
}  // namespace distlab::netlab
