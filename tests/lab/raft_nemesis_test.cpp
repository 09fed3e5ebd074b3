// Raft under a random nemesis on real processes: 3 and 5 distlab-node servers plus two
// kv-clients, 30 s of random kills (each restarted), pauses and partitions, then everything
// healed. The run must keep Raft's safety properties, its client history must be linearizable,
// and once healed every server must converge: the same commit index, applied index and state
// machine hash in its last snapshot, reached before the run ends (the deadline). The schedule
// comes from a seed, printed on failure; DISTLAB_NEMESIS_SEED=<n> replays another one.
//
// Long (about 42 s each): ctest label "long".

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;

constexpr int kFaultsEndMs = 29'000;     // every fault is undone by then
constexpr int kHealMs = 30'000;          // heal: all
constexpr int kClientsStopMs = 35'000;   // the clients' last operations start before this
constexpr int kEndMs = 40'000;           // the convergence deadline: the run's end

std::string list(const std::vector<std::string>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? ", " : "") + ids[i];
    return out + "]";
}

// The scenario of one seed: a fault every 1.5 to 3 s, each lasting 0.5 to 3 s (so some overlap),
// none after kFaultsEndMs.
std::string schedule_for(std::size_t servers, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    auto ms = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    std::vector<std::string> ids;
    for (std::size_t i = 1; i <= servers; ++i)
        ids.push_back("n" + std::to_string(i));

    std::ostringstream y;
    y << "version: 1\nname: raft-nemesis-" << servers << "\nfamily: consensus\n"
         "title: {en: Raft nemesis, zh: Raft 随机故障}\nsummary: {en: Random faults on real processes, zh: 真实进程上的随机故障}\n"
         "duration: " << kEndMs << "ms\nseed: " << seed << "\nnetwork: {preset: lan}\nnodes:\n";
    // A small snapshot threshold, so restarted servers also catch up by InstallSnapshot.
    for (const auto& id : ids)
        y << "  - {id: " << id << ", role: raft, params: {snapshot_threshold: 200}}\n";
    for (const char* client : {"c1", "c2"})
        y << "  - {id: " << client << ", role: kv-client, params: {targets: " << list(ids)
          << ", rate: 25, keys: 5, read_ratio: 0.4, cas_ratio: 0.2, timeout: 500ms, stop_at: " << kClientsStopMs
          << "ms}}\n";
    y << "links: full\nfaults:\n";
    for (int at = ms(1000, 2000); at < kFaultsEndMs - 500; at += ms(1500, 3000)) {
        const int until = std::min(at + ms(500, 3000), kFaultsEndMs);
        y << "  - {at: " << at << "ms, until: " << until << "ms, ";
        switch (pick(6)) {
            // Random chaos: a kill or pause that finds no node (no leader mid-election, every
            // server down) may miss.
            case 0: y << "kill: leader, may_miss: true"; break;
            case 1: y << "kill: random, may_miss: true"; break;
            case 2: y << "pause: " << (pick(2) == 0 ? "leader" : "random") << ", may_miss: true"; break;
            case 3: {
                const char* grudges[] = {"one", "majority", "minority", "majorities-ring"};
                y << "partition: " << grudges[pick(4)];
                break;
            }
            case 4: {
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
            default: {
                std::string from = ids[pick(ids.size())], to = ids[pick(ids.size())];
                while (to == from)
                    to = ids[pick(ids.size())];
                y << "partition: {from: " << from << ", to: [" << to << "]}";
                break;
            }
        }
        y << "}\n";
    }
    y << "  - {at: " << kHealMs << "ms, heal: all}\n"
         "checks:\n"
         "  - no_violations: true\n"
         "  - linearizable: kv\n"
         "  - single_leader_per_term: true\n"
         "  - log_matching: true\n"
         "  - leader_completeness: true\n"
         "  - state_machine_safety: true\n";
    return y.str();
}

// What a server's snapshot says about its progress.
struct Progress {
    std::string role;
    std::int64_t term = -1;
    std::int64_t commit = -1;
    std::int64_t applied = -1;
    std::string hash;
    std::int64_t at_ns = 0;      // when it was reported
    bool operator==(const Progress& o) const {
        return commit == o.commit && applied == o.applied && hash == o.hash;
    }
};

std::string describe(const std::map<std::string, Progress>& last) {
    std::string out;
    for (const auto& [node, p] : last)
        out += "  " + node + ": " + p.role + " term " + std::to_string(p.term) + ", commit " + std::to_string(p.commit) +
               ", applied " + std::to_string(p.applied) + " (hash " + p.hash + ") at " +
               std::to_string(static_cast<double>(p.at_ns) / 1e9) + " s\n";
    return out;
}

void run_nemesis(std::size_t servers, std::uint64_t default_seed) {
    std::uint64_t seed = default_seed;
    if (const char* s = std::getenv("DISTLAB_NEMESIS_SEED"))
        seed = std::strtoull(s, nullptr, 10);
    const std::string yaml = schedule_for(servers, seed);
    SCOPED_TRACE(::testing::Message() << servers << " servers, seed " << seed << " (replay: DISTLAB_NEMESIS_SEED="
                                      << seed << ")\n" << yaml);
    auto loaded = load_scenario_text(yaml, "raft-nemesis.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(loaded) << loaded.error().front().str();

    RunRequest request;
    request.scenario = *loaded;
    request.scenario_yaml = yaml;
    request.command_line = "raft_nemesis_test";
    request.node_binary = DISTLAB_NODE_BINARY;
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;

    for (const CheckResult& result : outcome->checks)
        EXPECT_EQ(result.verdict, Verdict::Pass) << result.name << ": " << result.detail;

    // The faults really happened: kills, pauses or partitions, and the final heal.
    std::size_t faults = 0;
    bool healed = false;
    for (const Event& e : outcome->events)
        if (e.kind == EventKind::FaultInjected) {
            ++faults;
            healed = healed || e.type == "heal";
        }
    EXPECT_GE(faults, 8u);
    EXPECT_TRUE(healed);

    // Convergence: every server's last snapshot shows the same commit, applied index and state
    // machine hash, and the clients' writes after the heal went through.
    std::map<std::string, Progress> last;
    std::size_t ok_after_heal = 0;
    for (const Event& e : outcome->events) {
        if (e.kind == EventKind::OpCompleted && e.type == "ok" && e.t_ns >= std::int64_t{kHealMs} * 1'000'000)
            ++ok_after_heal;
        if (e.kind != EventKind::State || !e.node.starts_with("n"))
            continue;
        const core::Json s = core::Json::parse(e.data, nullptr, false);
        if (!s.is_object() || !s.contains("commit"))
            continue;
        Progress p;
        p.role = s.value("role", std::string());
        p.term = s.value("term", std::int64_t{-1});
        p.commit = s.value("commit", std::int64_t{-1});
        p.applied = s.value("applied", std::int64_t{-1});
        if (s.contains("applied_hash") && s["applied_hash"].is_object())
            p.hash = s["applied_hash"].value("hash", std::string());
        p.at_ns = e.t_ns;
        last[e.node] = p;
    }
    EXPECT_GT(ok_after_heal, 0u) << "no operation succeeded after the heal";
    ASSERT_EQ(last.size(), servers);
    const Progress& first = last.begin()->second;
    std::size_t leaders = 0;
    for (const auto& [node, p] : last) {
        EXPECT_EQ(p, first) << "servers did not converge by the end of the run:\n" << describe(last);
        leaders += p.role == "leader" ? 1 : 0;
        EXPECT_GT(p.commit, 0) << node;
    }
    EXPECT_EQ(leaders, 1u) << describe(last);
    std::printf("%zu servers, seed %llu: %zu faults, %zu ok operations after the heal; final state:\n%s", servers,
                static_cast<unsigned long long>(seed), faults, ok_after_heal, describe(last).c_str());
}

TEST(RaftNemesisReal, ThreeServersStaySafeAndConverge) {
    run_nemesis(3, 31);
}

TEST(RaftNemesisReal, FiveServersStaySafeAndConverge) {
    run_nemesis(5, 51);
}

}  // namespace
}  // namespace distlab::netlab
