// Chaos (netlab/chaos): random schedules drawn from a seed, campaigns over shipped scenarios in
// the simulator, and the shrinking of a failure to a scenario file that replays it.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "core/model/role_registry.h"
#include "netlab/chaos/chaos.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario_writer.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;

Scenario load(const std::string& relative) {
    auto loaded = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative, core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return loaded ? *loaded : Scenario{};
}

TEST(ChaosFaults, ParsesListsAndNamesTheUnknown) {
    auto some = parse_chaos_faults("kill,partition");
    ASSERT_TRUE(some);
    EXPECT_EQ(*some, (std::set{ChaosFault::Kill, ChaosFault::Partition}));
    auto all = parse_chaos_faults("all");
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 7u);
    auto bad = parse_chaos_faults("kill,explode");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("\"explode\""), std::string::npos) << bad.error().message;
    EXPECT_NE(bad.error().message.find("clock_skew"), std::string::npos) << bad.error().message;
    EXPECT_FALSE(bad.error().zh.empty());
    EXPECT_FALSE(parse_chaos_faults(""));
}

TEST(ChaosBase, LeavesOutChecksTimedAgainstTheStory) {
    const Scenario failover = load("consensus/leader-failover.yaml");
    const Scenario base = chaos_base(failover);
    for (const CheckSpec& check : base.checks)
        EXPECT_TRUE(check.name != "leader_elected" && check.name != "recovers") << check.name;
    EXPECT_EQ(base.checks.size(), failover.checks.size() - 2);
    const Scenario chosen = chaos_base(failover, {"recovers", "linearizable"});
    ASSERT_EQ(chosen.checks.size(), 2u);
    EXPECT_EQ(chosen.checks[0].name, "linearizable");
    EXPECT_EQ(chosen.checks[1].name, "recovers");
}

TEST(ChaosBase, DropsTheStoryAndUnwrapsExpectFail) {
    const Scenario unsafe = load("consensus/unsafe-vote-without-persist.yaml");
    ASSERT_FALSE(unsafe.faults.empty());
    ASSERT_EQ(unsafe.checks.front().name, "expect_fail");
    const Scenario base = chaos_base(unsafe);
    EXPECT_TRUE(base.faults.empty());
    EXPECT_TRUE(base.steps.empty());
    EXPECT_EQ(base.checks.front().name, "single_leader_per_term");
    EXPECT_EQ(base.checks.front().args, core::Json(true));
    EXPECT_EQ(base.checks.size(), unsafe.checks.size());
}

TEST(ChaosSchedule, IsTheSeedsAndStaysInsideTheRun) {
    const Scenario base = chaos_base(load("consensus/leader-failover.yaml"));
    ChaosOptions options;
    options.interval = 1s;
    const auto a = chaos_schedule(base, 42, options);
    EXPECT_EQ(write_scenario([&] { Scenario s = base; s.faults = a; return s; }()),
              write_scenario([&] { Scenario s = base; s.faults = chaos_schedule(base, 42, options); return s; }()));
    std::set<std::string> schedules;
    std::set<FaultKind> kinds;
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        const auto faults = chaos_schedule(base, seed, options);
        Scenario s = base;
        s.faults = faults;
        schedules.insert(write_scenario(s));
        for (const FaultSpec& f : faults) {
            kinds.insert(f.kind);
            EXPECT_GE(f.at, 0ns);
            EXPECT_LT(f.at, base.duration * 8 / 10);
            ASSERT_TRUE(f.until);
            EXPECT_GT(*f.until, f.at);
            EXPECT_LE(*f.until, base.duration * 9 / 10);
            EXPECT_EQ(f.may_miss, f.kind == FaultKind::Kill || f.kind == FaultKind::Pause || f.kind == FaultKind::ClockSkew);
        }
        // What chaos writes, the loader reads back.
        auto again = load_scenario_text(write_scenario(s), "chaos.yaml", core::RoleRegistry::builtin(),
                                        make_check_validator(CheckRegistry::builtin()));
        ASSERT_TRUE(again) << again.error().front().str() << "\n" << write_scenario(s);
        EXPECT_EQ(again->faults.size(), faults.size());
    }
    EXPECT_GT(schedules.size(), 45u);   // seeds give different schedules
    EXPECT_EQ(kinds.size(), 7u);        // every kind drawn (latency, loss, ... as their FaultKinds)

    options.faults = {ChaosFault::Kill};
    for (const FaultSpec& f : chaos_schedule(base, 7, options))
        EXPECT_EQ(f.kind, FaultKind::Kill);
}

TEST(ChaosCampaign, ASafeRaftPassesEverySchedule) {
    ChaosOptions options;
    options.runs = 16;
    options.seed = 100;
    auto summary = run_chaos(load("consensus/leader-failover.yaml"), options);
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->runs, 16);
    EXPECT_EQ(summary->passed, 16) << (summary->failures.empty() ? "" : summary->failures.front().failed_checks.front());
    EXPECT_FALSE(summary->shrunk);
}

// The vote-without-persist scenario with its switch off: a thousand random schedules of kills
// and partitions, and no two leaders in a term.
TEST(ChaosCampaign, VotesPersistedPassAThousandSchedules) {
    std::ifstream in(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/consensus/unsafe-vote-without-persist.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string on = "unsafe_vote_without_persist: true";
    ASSERT_NE(text.find(on), std::string::npos);
    for (std::size_t at; (at = text.find(on)) != std::string::npos;)
        text.replace(at, on.size(), "unsafe_vote_without_persist: false");
    auto safe = load_scenario_text(text, "safe.yaml", core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(safe) << safe.error().front().str();
    ChaosOptions options;
    options.runs = 1000;
    options.faults = {ChaosFault::Kill, ChaosFault::Partition};
    options.interval = 300ms;
    auto summary = run_chaos(*safe, options);
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->runs, 1000);
    EXPECT_EQ(summary->passed, 1000) << (summary->failures.empty() ? "" : std::to_string(summary->failures.front().seed));
}

// The teaching switch of an unsafe Raft scenario is found from random schedules alone, and the
// failure shrinks to a few faults that replay it, the same for any number of workers.
TEST(ChaosCampaign, FindsAndShrinksAnUnsafeRaft) {
    const Scenario unsafe = load("consensus/unsafe-skip-log-check.yaml");
    ChaosOptions options;
    options.runs = 20;
    options.faults = {ChaosFault::Kill, ChaosFault::Partition};
    options.interval = 1s;
    auto summary = run_chaos(unsafe, options);
    ASSERT_TRUE(summary) << summary.error().message;
    ASSERT_FALSE(summary->failures.empty()) << "no schedule of " << summary->runs << " broke it";
    ASSERT_TRUE(summary->shrunk);
    const ChaosShrunk& shrunk = *summary->shrunk;
    EXPECT_EQ(shrunk.seed, summary->failures.front().seed);
    EXPECT_LE(shrunk.scenario.faults.size(), 4u);
    EXPECT_LE(shrunk.scenario.faults.size(), shrunk.faults_before);

    // The shrunk scenario, written and loaded as a user would, still fails that check.
    auto loaded = load_scenario_text(write_scenario(shrunk.scenario), "shrunk.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(loaded) << loaded.error().front().str();
    RunRequest request;
    request.scenario = *loaded;
    request.simulate = true;
    auto replay = run_scenario(request);
    ASSERT_TRUE(replay);
    const auto failing = std::find_if(replay->checks.begin(), replay->checks.end(),
                                      [&](const CheckResult& r) { return r.name == shrunk.check; });
    ASSERT_NE(failing, replay->checks.end());
    EXPECT_EQ(failing->verdict, Verdict::Fail);

    // One worker finds the same failures as several.
    options.threads = 1;
    options.runs = summary->runs;
    auto serial = run_chaos(unsafe, options);
    ASSERT_TRUE(serial);
    ASSERT_EQ(serial->failures.size(), summary->failures.size());
    for (std::size_t i = 0; i < serial->failures.size(); ++i)
        EXPECT_EQ(serial->failures[i].seed, summary->failures[i].seed);
    EXPECT_EQ(write_scenario(serial->shrunk->scenario), write_scenario(shrunk.scenario));
}

// The shrunk scenario as the CLI and the window write it: named after the run, its summary
// saying who found it and how far it shrank, in both languages.
// The first schedule chaos found flooding the shipped (safe) Raft: a node whose clock drifts
// (4.2 % fast) had timers fire a nanosecond early in its own time, re-arm for the rest, which
// rounded to no host time, and fire again forever at one instant. RoleDriver::to_host now rounds
// up; the same schedule passes.
TEST(ChaosRegression, ADriftingClockDoesNotMakeTimersFireEarlyForever) {
    const std::string yaml = R"(version: 1
name: drift-flood
family: consensus
title: { en: "Drift", zh: "漂移" }
summary: { en: "A drifting clock.", zh: "漂移的时钟。" }
duration: 14s
seed: 25
network: { preset: lan }
nodes:
  - { id: n1, role: raft }
  - { id: n2, role: raft }
  - { id: n3, role: raft }
  - { id: n4, role: raft }
  - { id: n5, role: raft }
  - { id: c1, role: kv-client, params: { keys: 4, rate: 15, stop_at: 13s, targets: [n1, n2, n3, n4, n5], timeout: 800ms } }
  - { id: c2, role: kv-client, params: { keys: 4, rate: 15, stop_at: 13s, targets: [n5, n4, n3, n2, n1], timeout: 800ms } }
  - { id: c3, role: kv-client, params: { keys: 4, rate: 15, stop_at: 13s, targets: [n1, n2, n3, n4, n5], timeout: 800ms } }
links: full
faults:
  - { at: 3274ms, until: 3414ms, partition: majorities-ring }
  - { at: 5440ms, until: 7352ms, partition: { from: all, to: random } }
  - { at: 6309ms, until: 7047ms, clock_skew: { node: n2, offset: -927ms, drift: 0.042 } }
checks:
  - single_leader_per_term: true
  - log_matching: true
  - no_violations: true
)";
    auto scenario = load_scenario_text(yaml, "drift.yaml", core::RoleRegistry::builtin(),
                                       make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(scenario) << scenario.error().front().str();
    RunRequest request;
    request.scenario = *scenario;
    request.simulate = true;
    const auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    for (const CheckResult& check : outcome->checks)
        EXPECT_EQ(check.verdict, Verdict::Pass) << check.name << ": " << check.detail;
    EXPECT_TRUE(outcome->passed);
}

TEST(ChaosShrunkScenario, IsNamedAndSaysHowItWasFound) {
    const Scenario original = load("consensus/unsafe-skip-log-check.yaml");
    ChaosShrunk shrunk;
    shrunk.check = "leader_completeness";
    shrunk.seed = 13;
    shrunk.faults_before = 6;
    shrunk.scenario = chaos_base(original);
    shrunk.scenario.faults = {FaultSpec{}, FaultSpec{}};
    shrunk.detail = "two different entries committed at index 11";
    const Scenario s = shrunk_scenario(shrunk, original, {"the finder", "查找者"});
    EXPECT_EQ(s.name, original.name + "-chaos-13");
    EXPECT_EQ(s.title.en, original.title.en + " (chaos: leader_completeness)");
    EXPECT_TRUE(s.file.empty());
    EXPECT_TRUE(s.summary.en.starts_with("Found by the finder: with seed 13, the check leader_completeness fails under these 2 "
                                         "faults, shrunk from a random schedule of 6. Removing any one"))
        << s.summary.en;
    EXPECT_TRUE(s.summary.en.ends_with(shrunk.detail));
    EXPECT_TRUE(s.summary.zh.starts_with("由 查找者 找到：种子为 13 时")) << s.summary.zh;
    // Without the detail in Chinese, the English one.
    EXPECT_TRUE(s.summary.zh.ends_with(shrunk.detail));
    shrunk.minimal = false;
    EXPECT_EQ(shrunk_scenario(shrunk, original, {"x", "x"}).summary.en.find("Removing"), std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
