#pragma once

// Chaos: a scenario run many times, each run under its own random fault schedule (a nemesis
// drawn from the run's seed), and the first failure shrunk to the smallest schedule that still
// fails the same check. docs/chaos.md.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/result.h"
#include "core/model/text.h"
#include "core/model/time.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

// The faults a chaos schedule draws from: single faults, and moves aimed at the leader (a move is
// a few ordinary faults at set offsets whose `leader` selectors resolve as each one fires).
enum class ChaosFault {
    Kill, Pause, Partition, Latency, Loss, Duplicate, ClockSkew,
    LeaderMinority,   // the leader and a minority cut off, then the next leader, and the next
    DeafFollower,     // one server stops hearing the leader, every other link works
    CrashLeader,      // the leader killed, restarted soon after
    Bounce,           // a server killed and restarted at once: whatever it kept in memory only is gone
};
std::string_view to_string(ChaosFault fault);
// "kill,pause,partition": a comma-separated list of to_string's names ("all": every one).
core::Result<std::set<ChaosFault>> parse_chaos_faults(std::string_view text);

struct ChaosOptions {
    int runs = 100;
    std::uint64_t seed = 1;              // run i uses seed + i: `--seed S --runs 1` repeats run S
    bool real = false;                   // real processes (one run at a time) instead of the simulator
    std::string node_binary;             // distlab-node, for real runs
    std::set<ChaosFault> faults = {ChaosFault::Kill, ChaosFault::Pause, ChaosFault::Partition,
                                   ChaosFault::Latency, ChaosFault::Loss, ChaosFault::Duplicate,
                                   ChaosFault::ClockSkew, ChaosFault::LeaderMinority,
                                   ChaosFault::DeafFollower, ChaosFault::CrashLeader, ChaosFault::Bounce};
    core::Duration interval = std::chrono::seconds(2);   // mean role time between two faults
    core::Duration budget{0};            // wall-clock time for the runs (0: no limit); shrinking aside
    int threads = 0;                     // simulator runs at once (0: one per processor)
    int shrink_runs = 400;               // runs shrinking may spend
    // Stop at the first failure: no run with a higher seed than a failed one starts. Every lower
    // seed still runs, so the first failure found is the same for any number of workers.
    bool until_failure = false;
    std::set<std::string> checks;        // the checks judged (empty: chaos_base's choice)
    const std::atomic<bool>* stop = nullptr;   // set from any thread to stop early
    // Called after every run and every shrinking step, from the calling thread.
    std::function<void(std::string_view what, int done, int total)> on_progress;
};

// One run whose checks failed.
struct ChaosRun {
    std::uint64_t seed = 0;
    std::vector<std::string> failed_checks;   // in the scenario's order
    std::size_t faults = 0;              // faults in its schedule
};

// The first failure, shrunk: the scenario to replay, and how far it shrank.
struct ChaosShrunk {
    std::string check;                   // the failing check it keeps failing
    std::uint64_t seed = 0;
    std::size_t faults_before = 0;
    Scenario scenario;                   // the base scenario with the minimal schedule and the run's seed
    std::string detail;                  // the check's detail on the shrunk run
    std::string detail_zh;
    int runs = 0;                        // runs the shrinking took
    bool minimal = true;                 // false when the shrink budget ran out first
};

struct ChaosSummary {
    int runs = 0;                        // runs finished
    int passed = 0;
    std::vector<ChaosRun> failures;      // by seed
    std::map<std::string, int> failures_by_check;
    std::optional<ChaosShrunk> shrunk;
    bool stopped = false;                // the budget or a stop request ended the runs early
    double seconds = 0;
};

// The scenario as chaos runs it: its own faults and narrative steps removed, every
// `expect_fail` unwrapped to the check it wraps (chaos looks for the failure a teaching scenario
// expects), and the checks timed against the story removed (those with an `after:` argument,
// such as `leader_elected: {after: 4s}`: the moment they name is gone). With `only`, exactly the
// checks of those names are kept.
Scenario chaos_base(const Scenario& scenario, const std::set<std::string>& only = {});

// The random schedule of the run with `seed`: faults at exponentially distributed gaps of mean
// `interval`, each undone after 0.5 to 1.5 intervals, none after 80 % of the run so it can heal;
// kills and pauses target the leader or a random server; partitions are Jepsen's grudges or
// one-way cuts; link faults take every link. Kills, pauses and skews may miss (find no node).
// A move draws a few faults at once, with its own lengths (docs/chaos.md). In order of `at`.
std::vector<FaultSpec> chaos_schedule(const Scenario& base, std::uint64_t seed, const ChaosOptions& options);

// The shrunk scenario as a file people can read: named NAME-chaos-SEED after `original`, titled
// after the failing check, its bilingual summary saying who found it (`found_by`, such as
// "distlab-cli chaos"), how far it shrank and what the check said; no file name.
Scenario shrunk_scenario(const ChaosShrunk& shrunk, const Scenario& original, const core::Text& found_by);

// Runs the campaign. An error means the lab itself failed (exit 3).
core::Result<ChaosSummary> run_chaos(const Scenario& scenario, const ChaosOptions& options);

}  // namespace distlab::netlab
