// Chaos (netlab/chaos): random schedules drawn from a seed, campaigns over shipped scenarios in
// the simulator, and the shrinking of a failure to a scenario file that replays it.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
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

// The shrunk scenario, written and loaded as a user would, fails `check` again in the simulator.
void expect_replay_fails(const ChaosShrunk& shrunk, const std::string& check) {
    auto loaded = load_scenario_text(write_scenario(shrunk.scenario), "shrunk.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(loaded) << loaded.error().front().str();
    RunRequest request;
    request.scenario = *loaded;
    request.simulate = true;
    auto replay = run_scenario(request);
    ASSERT_TRUE(replay);
    const auto failing = std::find_if(replay->checks.begin(), replay->checks.end(),
                                      [&](const CheckResult& r) { return r.name == check; });
    ASSERT_NE(failing, replay->checks.end());
    EXPECT_EQ(failing->verdict, Verdict::Fail);
}

TEST(ChaosFaults, ParsesListsAndNamesTheUnknown) {
    auto some = parse_chaos_faults("kill,partition");
    ASSERT_TRUE(some);
    EXPECT_EQ(*some, (std::set{ChaosFault::Kill, ChaosFault::Partition}));
    auto all = parse_chaos_faults("all");
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 11u);
    EXPECT_EQ(*all, ChaosOptions{}.faults);   // the default draws every kind
    auto moves = parse_chaos_faults("leader_minority,deaf_follower,crash_leader,bounce");
    ASSERT_TRUE(moves);
    EXPECT_EQ(moves->size(), 4u);
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
        // In order of time, as a scenario's faults must be (a move's later faults interleave).
        EXPECT_TRUE(std::is_sorted(faults.begin(), faults.end(), [](const FaultSpec& x, const FaultSpec& y) { return x.at < y.at; }));
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

// The moves aimed at the leader: each is ordinary faults whose `leader` selectors resolve as
// they fire, in the shapes docs/chaos.md gives.
TEST(ChaosSchedule, MovesAimAtTheLeader) {
    const Scenario base = chaos_base(load("consensus/leader-failover.yaml"));
    ChaosOptions options;
    options.interval = 500ms;
    auto leader = [](const NodeSelector& s) { return s.kind == NodeSelector::Kind::Leader; };

    options.faults = {ChaosFault::LeaderMinority};
    std::size_t chained = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const auto faults = chaos_schedule(base, seed, options);
        ASSERT_FALSE(faults.empty());
        for (std::size_t i = 0; i < faults.size(); ++i) {
            const FaultSpec& f = faults[i];
            EXPECT_EQ(f.kind, FaultKind::Partition);
            EXPECT_EQ(f.partition.kind, PartitionSpec::Kind::Grudge);
            EXPECT_EQ(f.partition.grudge, "minority");   // the leader lands in the minority
            ASSERT_TRUE(f.until);
            EXPECT_GE(*f.until - f.at, 100ms);
            // The next cut of a chain is in place 10 ms before this one heals.
            if (i + 1 < faults.size() && faults[i + 1].at == *f.until - 10ms)
                ++chained;
        }
    }
    EXPECT_GT(chained, 20u);

    options.faults = {ChaosFault::DeafFollower};
    for (const FaultSpec& f : chaos_schedule(base, 3, options)) {
        EXPECT_EQ(f.kind, FaultKind::Partition);
        EXPECT_EQ(f.partition.kind, PartitionSpec::Kind::OneWay);
        EXPECT_TRUE(leader(f.partition.from));
        EXPECT_EQ(f.partition.to.kind, NodeSelector::Kind::Random);
        EXPECT_GE(*f.until - f.at, 500ms);   // at least one interval: long enough to time out
    }

    options.faults = {ChaosFault::CrashLeader, ChaosFault::Bounce};
    std::set<bool> aimed;
    for (const FaultSpec& f : chaos_schedule(base, 4, options)) {
        EXPECT_EQ(f.kind, FaultKind::Kill);
        EXPECT_TRUE(f.may_miss);
        ASSERT_TRUE(f.until);
        aimed.insert(leader(f.nodes));
        if (!leader(f.nodes))   // a bounce: back within 150 ms
            EXPECT_LE(*f.until - f.at, 150ms);
        else
            EXPECT_LE(*f.until - f.at, 250ms);   // a crashed leader: back within half an interval
    }
    EXPECT_EQ(aimed.size(), 2u);
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

// A shipped unsafe Raft scenario with its teaching switch turned off: the same nodes, safe.
Scenario with_switch_off(const std::string& relative, const std::string& param) {
    std::ifstream in(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string on = param + ": true";
    EXPECT_NE(text.find(on), std::string::npos) << relative << " has no " << on;
    for (std::size_t at; (at = text.find(on)) != std::string::npos;)
        text.replace(at, on.size(), param + ": false");
    auto safe = load_scenario_text(text, "safe.yaml", core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(safe) << safe.error().front().str();
    return safe ? *safe : Scenario{};
}

// The vote-without-persist scenario with its switch off: a thousand random schedules of kills
// and partitions, and no two leaders in a term.
TEST(ChaosCampaign, VotesPersistedPassAThousandSchedules) {
    const Scenario safe = with_switch_off("consensus/unsafe-vote-without-persist.yaml", "unsafe_vote_without_persist");
    ChaosOptions options;
    options.runs = 1000;
    options.faults = {ChaosFault::Kill, ChaosFault::Partition};
    options.interval = 300ms;
    auto summary = run_chaos(safe, options);
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
    expect_replay_fails(shrunk, shrunk.check);

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

// Each shipped unsafe Raft scenario, from a clean schedule (its nodes and switch, none of its
// faults): chaos with the moves aimed at the leader finds its failure within a budget of
// schedules from seed 1, stopping at the first, and shrinks it to a few faults that replay it.
// The seeds it took are in docs/chaos.md.
struct UnsafeSwitch {
    const char* file;
    const char* param;
    const char* check;                   // the failure the switch teaches
    Duration duration;                   // the run cut to this, to keep the suite fast (0: the file's)
    Duration interval;
    int budget;                          // schedules it may take to find the failure
    std::size_t max_faults;              // what the failure must shrink to
    int safe_runs;                       // schedules the switched-off scenario must pass
};

// How gtest (and so ctest's test list) names a case: by its switch, not its bytes.
void PrintTo(const UnsafeSwitch& sw, std::ostream* os) {
    *os << sw.param;
}

class ChaosFindsSwitch : public ::testing::TestWithParam<UnsafeSwitch> {};

TEST_P(ChaosFindsSwitch, FromACleanScheduleAndShrinksIt) {
    const UnsafeSwitch& sw = GetParam();
    Scenario unsafe = load(sw.file);
    if (sw.duration > Duration::zero())
        unsafe.duration = sw.duration;
    ChaosOptions options;
    options.runs = sw.budget;
    options.seed = 1;
    options.until_failure = true;
    options.faults = {ChaosFault::LeaderMinority, ChaosFault::DeafFollower, ChaosFault::CrashLeader, ChaosFault::Bounce};
    options.interval = sw.interval;
    options.checks = {sw.check};
    auto summary = run_chaos(unsafe, options);
    ASSERT_TRUE(summary) << summary.error().message;
    ASSERT_FALSE(summary->failures.empty()) << sw.param << ": no schedule of " << summary->runs << " broke " << sw.check;
    EXPECT_EQ(summary->failures.size(), 1u);   // it stopped at the first
    EXPECT_EQ(summary->runs, static_cast<int>(summary->failures.front().seed));   // every lower seed ran and passed
    ASSERT_TRUE(summary->shrunk);
    const ChaosShrunk& shrunk = *summary->shrunk;
    EXPECT_EQ(shrunk.check, sw.check);
    EXPECT_LE(shrunk.scenario.faults.size(), sw.max_faults) << sw.param << ", seed " << shrunk.seed;
    std::cout << sw.param << ": found at seed " << shrunk.seed << ", " << shrunk.faults_before << " faults shrunk to "
              << shrunk.scenario.faults.size() << " in " << shrunk.runs << " runs\n";

    // Written and loaded as a user would, the shrunk scenario fails that check again.
    expect_replay_fails(shrunk, sw.check);
}

// The same scenarios with the switch off pass the same campaign (a thousand schedules each in
// chaos_bench --safe, docs/performance.md; fewer here, for the suite's time).
TEST_P(ChaosFindsSwitch, SwitchedOffPassesTheSameSchedules) {
    const UnsafeSwitch& sw = GetParam();
    Scenario safe = with_switch_off(sw.file, sw.param);
    if (sw.duration > Duration::zero())
        safe.duration = sw.duration;
    ChaosOptions options;
    options.runs = sw.safe_runs;
    options.seed = 1;
    options.faults = {ChaosFault::LeaderMinority, ChaosFault::DeafFollower, ChaosFault::CrashLeader, ChaosFault::Bounce};
    options.interval = sw.interval;
    auto summary = run_chaos(safe, options);
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary->runs, options.runs);
    EXPECT_EQ(summary->passed, options.runs)
        << (summary->failures.empty() ? "" : std::to_string(summary->failures.front().seed) + ": " +
                                                 summary->failures.front().failed_checks.front());
}

INSTANTIATE_TEST_SUITE_P(
    UnsafeRaft, ChaosFindsSwitch,
    ::testing::Values(
        UnsafeSwitch{"consensus/unsafe-skip-log-check.yaml", "unsafe_skip_log_check", "leader_completeness", Duration::zero(), 1s,
                     20, 4, 60},
        UnsafeSwitch{"consensus/unsafe-vote-without-persist.yaml", "unsafe_vote_without_persist", "single_leader_per_term",
                     Duration::zero(), 600ms, 300, 4, 300},
        // Figure 8 shrinks to three partitions: five one-way cuts as pinned (one per sending side).
        UnsafeSwitch{"consensus/unsafe-commit-old-term.yaml", "unsafe_commit_old_term", "leader_completeness", 6s, 300ms, 300,
                     5, 60}),
    [](const ::testing::TestParamInfo<UnsafeSwitch>& param_info) {
        std::string name = param_info.param.param;
        std::erase(name, '_');
        return name;
    });

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
