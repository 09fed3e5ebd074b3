// Randomized fault schedules against Raft in the simulator (FoundationDB-style): each seed
// builds a 3- or 5-node cluster with kv-clients and a schedule of partitions (two-way, one-way
// and Jepsen's grudges), crash-restarts, loss, duplication and reordering, runs it, and judges
// the run by linearizability and Raft's safety checks. Any failure prints its seed, the
// scenario and the command that replays it alone:
//
//   DISTLAB_RAFT_SEED=<seed> raft_property_test
//
// DISTLAB_RAFT_RUNS=<n> changes how many seeds one run tries (default 1000).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab {
namespace {

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

std::string list(const std::vector<std::string>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? ", " : "") + ids[i];
    return out + "]";
}

// The scenario of one seed, as YAML: everything random comes from `seed`.
std::string schedule_for(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    auto ms = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

    const std::size_t servers = pick(2) == 0 ? 3 : 5;
    std::vector<std::string> ids;
    for (std::size_t i = 1; i <= servers; ++i)
        ids.push_back("n" + std::to_string(i));
    // Small snapshot thresholds in some runs, so compaction and InstallSnapshot are exercised.
    const int threshold = pick(3) == 0 ? 20 : 1000;
    const bool pre_vote = pick(2) == 0;

    std::ostringstream y;
    y << "version: 1\nname: raft-property\nfamily: consensus\n"
         "title: {en: Raft property, zh: Raft 性质}\nsummary: {en: Random faults, zh: 随机故障}\n"
         "duration: 3s\nseed: " << seed << "\nnetwork: {preset: lan}\nnodes:\n";
    for (const auto& id : ids)
        y << "  - {id: " << id << ", role: raft, params: {snapshot_threshold: " << threshold
          << ", pre_vote: " << (pre_vote ? "true" : "false") << "}}\n";
    for (const char* client : {"c1", "c2"})
        y << "  - {id: " << client << ", role: kv-client, params: {targets: " << list(ids)
          << ", rate: 25, keys: 3, read_ratio: 0.4, cas_ratio: 0.2, timeout: 400ms, stop_at: 2600ms}}\n";
    y << "links: full\nfaults:\n";

    auto server = [&] { return ids[pick(ids.size())]; };
    const int faults = ms(2, 5);
    for (int f = 0; f < faults; ++f) {
        const int at = ms(200, 2000);
        const int until = std::min(at + ms(100, 1000), 2500);
        y << "  - {at: " << at << "ms, until: " << until << "ms, ";
        switch (pick(8)) {
            case 0: {
                // Two groups of servers; the clients stay with the first.
                std::vector<std::string> shuffled = ids;
                std::shuffle(shuffled.begin(), shuffled.end(), rng);
                const std::size_t cut = 1 + pick(shuffled.size() - 1);
                std::vector<std::string> a(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(cut));
                std::vector<std::string> b(shuffled.begin() + static_cast<std::ptrdiff_t>(cut), shuffled.end());
                a.push_back("c1");
                a.push_back("c2");
                y << "partition: [" << list(a) << ", " << list(b) << "]";
                break;
            }
            case 1: {
                const char* grudges[] = {"one", "majority", "minority", "majorities-ring"};
                y << "partition: " << grudges[pick(4)];
                break;
            }
            case 2: {
                std::string from = server(), to = server();
                while (to == from)
                    to = server();
                y << "partition: {from: " << from << ", to: [" << to << "]}";
                break;
            }
            // Random chaos: a kill that finds no node (no leader mid-election, a dead one) may miss.
            case 3: y << "kill: " << (pick(2) == 0 ? std::string("leader") : server()) << ", may_miss: true"; break;
            case 4: y << "loss: {from: \"*\", to: " << server() << ", rate: 0." << ms(1, 5) << "}"; break;
            case 5: y << "duplicate: {from: \"*\", to: \"*\", rate: 0." << ms(1, 4) << "}"; break;
            case 6: y << "reorder: {to: " << server() << ", window: " << ms(5, 40) << "ms}"; break;
            default: y << "latency: {from: " << server() << ", add: " << ms(20, 200) << "ms}"; break;
        }
        y << "}\n";
    }
    y << "checks:\n"
         "  - no_violations: true\n"
         "  - linearizable: kv\n"
         "  - single_leader_per_term: true\n"
         "  - log_matching: true\n"
         "  - leader_completeness: true\n"
         "  - state_machine_safety: true\n";
    return y.str();
}

// CPU spent simulating and checking, over every seed of this process.
struct Spent {
    std::chrono::steady_clock::duration simulating{0};
    std::chrono::steady_clock::duration checking{0};
    std::size_t ops = 0;
};
Spent spent;

// Runs one seed; returns what failed (empty: all checks passed).
std::string run_seed(std::uint64_t seed) {
    const std::string yaml = schedule_for(seed);
    auto loaded = load_scenario_text(yaml, "raft-property.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    if (!loaded) {
        std::string problems;
        for (const Diagnostic& d : loaded.error())
            problems += d.str() + "\n";
        return "the generated scenario does not load:\n" + problems + yaml;
    }
    Collector collector;
    SimRun run(*loaded, core::RoleRegistry::builtin());
    run.telemetry().add_sink(collector);
    const auto started = std::chrono::steady_clock::now();
    run.run();
    const auto simulated = std::chrono::steady_clock::now();
    const auto results = run_checks(RunView{*loaded, collector.events}, CheckRegistry::builtin());
    spent.simulating += simulated - started;
    spent.checking += std::chrono::steady_clock::now() - simulated;
    spent.ops += static_cast<std::size_t>(std::count_if(collector.events.begin(), collector.events.end(),
                                                        [](const Event& e) { return e.kind == EventKind::OpInvoked; }));
    std::string failed;
    for (const CheckResult& r : results)
        if (r.verdict != Verdict::Pass)
            failed += "  " + r.name + " (" + std::string(to_string(r.verdict)) + "): " + r.detail + "\n";
    return failed.empty() ? failed : failed + "scenario:\n" + yaml;
}

TEST(RaftProperty, RandomFaultSchedulesKeepRaftSafeAndLinearizable) {
    if (const char* one = std::getenv("DISTLAB_RAFT_SEED")) {
        const std::uint64_t seed = std::strtoull(one, nullptr, 10);
        const std::string failed = run_seed(seed);
        EXPECT_TRUE(failed.empty()) << "seed " << seed << ":\n" << failed;
        return;
    }
    std::uint64_t runs = 1000;
    if (const char* n = std::getenv("DISTLAB_RAFT_RUNS"))
        runs = std::max<std::uint64_t>(1, std::strtoull(n, nullptr, 10));
    std::size_t failures = 0;
    std::uint64_t tried = 0;
    for (std::uint64_t seed = 1; seed <= runs; ++seed) {
        ++tried;
        const std::string failed = run_seed(seed);
        if (failed.empty())
            continue;
        ++failures;
        ADD_FAILURE() << "seed " << seed << " failed:\n"
                      << failed << "replay it with: DISTLAB_RAFT_SEED=" << seed << " " << ::testing::internal::GetArgvs()[0];
        if (failures >= 5)
            break;
    }
    EXPECT_EQ(failures, 0u);
    std::printf("%llu schedules, %zu client ops: %.1f s simulating, %.1f s checking\n",
                static_cast<unsigned long long>(tried), spent.ops,
                std::chrono::duration<double>(spent.simulating).count(),
                std::chrono::duration<double>(spent.checking).count());
}

}  // namespace
}  // namespace distlab::netlab
