#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/host/role_driver.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab {
namespace {

using core::Json;
using namespace std::chrono_literals;

// A small open-loop writer for cluster tests: every 1/rate it puts key k<i % keys> = <i> to the
// node it believes leads, following not_leader hints and moving on after a timeout.
// Snapshot: {sent, acked, timeouts}.
class WriterRole final : public core::Role {
public:
    explicit WriterRole(const core::Params& p)
        : targets_(p.get_nodes("targets")), rate_(p.get_int("rate")), keys_(p.get_int("keys")) {}

    void start(core::Context& ctx) override { ctx.set_timer(kTick, gap()); }

    void on_message(core::Context&, const core::Message&) override {}

    void on_timer(core::Context& ctx, core::TimerId) override {
        const std::int64_t i = sent_++;
        const Json body = {{"op", "put"}, {"key", "k" + std::to_string(i % keys_)}, {"value", std::to_string(i)}};
        const std::size_t target = guess_ % targets_.size();
        ctx.call(targets_[target], "kv", body, 500ms,
                 [this, target](core::Context&, const core::CallOutcome& out) {
                     if (out.timed_out) {
                         ++timeouts_;
                         if (guess_ % targets_.size() == target)
                             ++guess_;
                         return;
                     }
                     if (out.reply.body.value("ok", false)) {
                         ++acked_;
                         return;
                     }
                     const Json leader = out.reply.body.value("leader", Json());
                     if (leader.is_string()) {
                         for (std::size_t t = 0; t < targets_.size(); ++t)
                             if (targets_[t] == leader.get<std::string>())
                                 guess_ = t;
                     } else {
                         ++guess_;
                     }
                 });
        ctx.set_timer(kTick, gap());
    }

    Json snapshot() const override { return {{"sent", sent_}, {"acked", acked_}, {"timeouts", timeouts_}}; }

private:
    core::Duration gap() const { return core::Duration(1'000'000'000 / std::max<std::int64_t>(1, rate_)); }

    static constexpr core::TimerId kTick{1};
    std::vector<core::NodeId> targets_;
    std::int64_t rate_;
    std::int64_t keys_;
    std::size_t guess_ = 0;
    std::int64_t sent_ = 0;
    std::int64_t acked_ = 0;
    std::int64_t timeouts_ = 0;
};

const core::RoleRegistry& roles() {
    static const core::RoleRegistry registry = [] {
        core::RoleRegistry r = core::RoleRegistry::builtin();
        std::vector<core::ParamSpec> params{
            {"targets", core::ParamType::NodeList, Json::array(), {}, {}, {}, "raft nodes", ""},
            {"rate", core::ParamType::Int, 100, 1, {}, {}, "puts per second", ""},
            {"keys", core::ParamType::Int, 10, 1, {}, {}, "distinct keys", ""},
        };
        r.add({"raft-writer", "test", "testing", "writes to raft", "", false, params,
               [](const core::Params& p) { return std::make_unique<WriterRole>(p); }});
        return r;
    }();
    return registry;
}

// A scenario of raft nodes n1..n<count> with `raft_params` each (a YAML flow mapping's inside;
// members default to every raft node, since the writer is a peer too), a writer w1 at `rate`
// (0: none), and `extra` YAML appended (faults, ...).
Scenario cluster(int count, std::string raft_params = "", int rate = 0, const std::string& extra = "",
                 const std::string& network = "{ preset: lan }") {
    if (raft_params.find("members") == std::string::npos) {
        std::string members = "members: [";
        for (int i = 1; i <= count; ++i)
            members += (i > 1 ? ", n" : "n") + std::to_string(i);
        raft_params = members + "]" + (raft_params.empty() ? "" : ", " + raft_params);
    }
    raft_params = "{ " + raft_params + " }";
    std::string yaml = "version: 1\nname: raft-test\nfamily: testing\ntitle: {en: T, zh: T}\n"
                       "summary: {en: T, zh: T}\nduration: 30s\nseed: 7\nnetwork: " + network + "\nnodes:\n";
    std::string targets;
    for (int i = 1; i <= count; ++i) {
        const std::string id = "n" + std::to_string(i);
        yaml += "  - { id: " + id + ", role: raft, params: " + raft_params + " }\n";
        targets += (i > 1 ? ", " : "") + id;
    }
    if (rate > 0)
        yaml += "  - { id: w1, role: raft-writer, params: { targets: [" + targets + "], rate: " +
                std::to_string(rate) + " } }\n";
    yaml += extra;
    auto loaded = load_scenario_text(yaml, "raft-test.yaml", roles(), {});
    if (!loaded) {
        std::string all;
        for (const auto& d : loaded.error())
            all += d.str() + "\n";
        ADD_FAILURE() << all;
        return Scenario{};
    }
    return std::move(*loaded);
}

std::vector<std::string> raft_nodes(int count) {
    std::vector<std::string> out;
    for (int i = 1; i <= count; ++i)
        out.push_back("n" + std::to_string(i));
    return out;
}

// The live node that says it leads with the highest term.
std::optional<std::string> leader(const SimRun& sim, int count) {
    std::optional<std::string> best;
    std::uint64_t best_term = 0;
    for (const auto& id : raft_nodes(count)) {
        auto s = sim.snapshot(id);
        if (s && (*s)["role"] == "leader" && (!best || (*s)["term"].get<std::uint64_t>() > best_term)) {
            best = id;
            best_term = (*s)["term"].get<std::uint64_t>();
        }
    }
    return best;
}

std::uint64_t field(const SimRun& sim, const std::string& node, const char* name) {
    auto s = sim.snapshot(node);
    return s ? (*s)[name].get<std::uint64_t>() : 0;
}

// Every pair of live nodes that applied the same number of entries has the same hash.
void expect_same_state_machines(const SimRun& sim, int count) {
    std::map<std::uint64_t, std::string> hash_at;
    for (const auto& id : raft_nodes(count)) {
        auto s = sim.snapshot(id);
        if (!s)
            continue;
        const auto index = (*s)["applied_hash"]["index"].get<std::uint64_t>();
        const auto hash = (*s)["applied_hash"]["hash"].get<std::string>();
        auto [it, fresh] = hash_at.emplace(index, hash);
        EXPECT_EQ(it->second, hash) << id << " diverges at " << index;
    }
}

TEST(RaftCluster, ElectsOneLeaderThatEveryoneFollows) {
    SimRun sim(cluster(3), roles());
    sim.start();
    ASSERT_TRUE(sim.run_until([&] { return leader(sim, 3).has_value(); }, 2s));
    sim.run_for(500ms);
    const auto l = *leader(sim, 3);
    std::set<std::string> leaders;
    for (const auto& id : raft_nodes(3)) {
        auto s = *sim.snapshot(id);
        if (s["role"] == "leader")
            leaders.insert(id);
        EXPECT_EQ(s["leader"], l) << id;
        EXPECT_EQ(s["commit"], 1) << id;           // the leader's no-op
    }
    EXPECT_EQ(leaders.size(), 1u);
    EXPECT_EQ(sim.violations(), 0u);
}

TEST(RaftCluster, CommitsThousandsOfWritesPerSecondAndStateMachinesAgree) {
    SimRun sim(cluster(3, "", 4000), roles());
    sim.start();
    sim.run_for(3s);
    const auto acked = sim.snapshot("w1")->value("acked", 0);
    EXPECT_GT(acked, 8000) << "3 s at 4000 puts/s, minus the first election";
    sim.run_for(500ms);
    expect_same_state_machines(sim, 3);
    const auto l = *leader(sim, 3);
    for (const auto& id : raft_nodes(3))
        EXPECT_GE(field(sim, id, "applied") + 100, field(sim, l, "applied")) << id;
    // Compaction kept the log short (default threshold 1000).
    EXPECT_GT((*sim.snapshot(l))["snapshot"]["index"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(sim.violations(), 0u);
}

TEST(RaftCluster, ANewLeaderTakesOverAfterTheLeaderIsKilled) {
    SimRun sim(cluster(3, "", 200), roles());
    sim.start();
    ASSERT_TRUE(sim.run_until([&] { return leader(sim, 3).has_value(); }, 2s));
    sim.run_for(500ms);
    const auto old = *leader(sim, 3);
    const auto old_term = field(sim, old, "term");
    const auto acked_before = sim.snapshot("w1")->value("acked", 0);
    sim.kill(old);
    ASSERT_TRUE(sim.run_until([&] { auto l = leader(sim, 3); return l && *l != old; }, 2s));
    EXPECT_GT(field(sim, *leader(sim, 3), "term"), old_term);
    sim.run_for(2s);
    EXPECT_GT(sim.snapshot("w1")->value("acked", 0), acked_before + 200);
    expect_same_state_machines(sim, 3);
    EXPECT_EQ(sim.violations(), 0u);
}

TEST(RaftCluster, AMinorityCannotCommitAndAStaleLeaderStepsDownOnHeal) {
    // Without check-quorum the isolated leader keeps believing it leads until it hears a
    // higher term.
    for (const bool check_quorum : {true, false}) {
        SCOPED_TRACE(check_quorum ? "check_quorum" : "no check_quorum");
        SimRun sim(cluster(3, std::string("check_quorum: ") + (check_quorum ? "true" : "false"), 200), roles());
        sim.start();
        ASSERT_TRUE(sim.run_until([&] { return leader(sim, 3).has_value(); }, 2s));
        sim.run_for(300ms);
        const auto old = *leader(sim, 3);
        std::vector<std::string> rest;
        for (const auto& id : raft_nodes(3))
            if (id != old)
                rest.push_back(id);
        sim.network().partition({{old}, {rest[0], rest[1], "w1"}});
        sim.run_for(100ms);
        const auto old_commit = field(sim, old, "commit");
        sim.run_for(2s);
        EXPECT_EQ(field(sim, old, "commit"), old_commit) << "a minority leader committed";
        auto majority_leader = leader(sim, 3);
        ASSERT_TRUE(majority_leader);
        if (check_quorum)
            EXPECT_NE((*sim.snapshot(old))["role"], "leader");
        else
            EXPECT_EQ((*sim.snapshot(old))["role"], "leader");
        sim.network().heal_partitions();
        sim.run_for(1s);
        EXPECT_NE((*sim.snapshot(old))["role"], "leader");
        EXPECT_EQ((*sim.snapshot(old))["term"], (*sim.snapshot(*leader(sim, 3)))["term"]);
        sim.run_for(500ms);
        expect_same_state_machines(sim, 3);
        EXPECT_EQ(sim.violations(), 0u);
    }
}

TEST(RaftCluster, ARestartedNodeRecoversFromItsDiskAndRejoins) {
    SimRun sim(cluster(3, "snapshot_threshold: 200", 300), roles());
    sim.start();
    ASSERT_TRUE(sim.run_until([&] { return leader(sim, 3).has_value(); }, 2s));
    sim.run_for(2s);
    const auto l = *leader(sim, 3);
    const std::string f = l == "n1" ? "n2" : "n1";
    const Json before = *sim.snapshot(f);
    sim.restart(f);
    const Json after = *sim.snapshot(f);
    EXPECT_EQ(after["term"], before["term"]);
    EXPECT_EQ(after["voted_for"], before["voted_for"]);
    EXPECT_EQ(after["log"]["last_index"], before["log"]["last_index"]);
    EXPECT_EQ(after["snapshot"], before["snapshot"]);
    sim.run_for(1s);
    EXPECT_GT(field(sim, f, "applied"), before["applied"].get<std::uint64_t>());
    expect_same_state_machines(sim, 3);
    EXPECT_EQ(sim.violations(), 0u);
}

TEST(RaftCluster, AFollowerFarBehindCatchesUpBySnapshot) {
    SimRun sim(cluster(3, "snapshot_threshold: 100", 500), roles());
    sim.start();
    ASSERT_TRUE(sim.run_until([&] { return leader(sim, 3).has_value(); }, 2s));
    const auto l = *leader(sim, 3);
    const std::string f = l == "n3" ? "n2" : "n3";
    sim.kill(f);
    sim.run_for(2s);
    sim.restart(f);
    sim.run_for(1s);
    const Json s = *sim.snapshot(f);
    EXPECT_GT(s["snapshot"]["index"].get<std::uint64_t>(), 500u);
    EXPECT_GE(field(sim, f, "applied") + 50, field(sim, l, "applied"));
    expect_same_state_machines(sim, 3);
    EXPECT_EQ(sim.violations(), 0u);
}

TEST(RaftCluster, AddsAndRemovesServers) {
    const std::string extra =
        "faults:\n"
        "  - { at: 2s, command: { node: all, type: add_server, body: { id: n4 } } }\n"
        "  - { at: 4s, command: { node: all, type: remove_server, body: { id: n1 } } }\n";
    SimRun sim(cluster(4, "members: [n1, n2, n3]", 200, extra), roles());
    sim.start();
    sim.run_for(1s);
    EXPECT_EQ((*sim.snapshot("n4"))["role"], "non-member");
    sim.run_for(2s);
    EXPECT_EQ((*sim.snapshot("n4"))["role"], "follower");
    for (const auto& id : raft_nodes(4))
        EXPECT_EQ((*sim.snapshot(id))["members"], (Json{"n1", "n2", "n3", "n4"})) << id;
    sim.run_for(3s);
    for (const auto& id : {"n2", "n3", "n4"})
        EXPECT_EQ((*sim.snapshot(id))["members"], (Json{"n2", "n3", "n4"})) << id;
    auto l = leader(sim, 4);
    ASSERT_TRUE(l);
    EXPECT_NE(*l, "n1");
    EXPECT_EQ((*sim.snapshot("n1"))["role"], "non-member") << "n1 learned of its removal and stays calm";
    expect_same_state_machines(sim, 4);
    EXPECT_EQ(sim.violations(), 0u);
}

TEST(RaftCluster, FixedElectionTimeoutsSplitTheVoteForever) {
    // On an ideal network every node times out at the same instant and votes for itself.
    const std::string params = "pre_vote: false, fixed_election_timeout: true";
    SimRun sim(cluster(3, params, 0, "", "{ preset: ideal }"), roles());
    sim.start();
    EXPECT_FALSE(sim.run_until([&] { return leader(sim, 3).has_value(); }, 3s));
    EXPECT_GE(field(sim, "n1", "term"), 10u);
    SimRun fixed(cluster(3, "pre_vote: false", 0, "", "{ preset: ideal }"), roles());
    fixed.start();
    EXPECT_TRUE(fixed.run_until([&] { return leader(fixed, 3).has_value(); }, 3s));
}

TEST(RaftCluster, PreVoteKeepsARejoiningNodeFromDisruptingTheLeader) {
    for (const bool pre_vote : {true, false}) {
        SCOPED_TRACE(pre_vote ? "pre_vote" : "no pre_vote");
        SimRun sim(cluster(3, std::string("pre_vote: ") + (pre_vote ? "true" : "false")), roles());
        sim.start();
        ASSERT_TRUE(sim.run_until([&] { return leader(sim, 3).has_value(); }, 2s));
        sim.run_for(300ms);
        const auto l = *leader(sim, 3);
        const auto term = field(sim, l, "term");
        const std::string f = l == "n3" ? "n2" : "n3";
        std::vector<std::string> rest;
        for (const auto& id : raft_nodes(3))
            if (id != f)
                rest.push_back(id);
        sim.network().partition({{f}, rest});
        sim.run_for(2s);
        sim.network().heal_partitions();
        sim.run_for(1s);
        auto now = leader(sim, 3);
        ASSERT_TRUE(now);
        if (pre_vote) {
            EXPECT_EQ(*now, l);
            EXPECT_EQ(field(sim, l, "term"), term);
        } else {
            EXPECT_GT(field(sim, *now, "term"), term + 3) << "the rejoining node's terms took over";
        }
        EXPECT_EQ(sim.violations(), 0u);
    }
}

TEST(RaftCluster, SkippingTheLogCheckLetsAStaleNodeOverwriteCommittedEntries) {
    for (const bool unsafe : {false, true}) {
        SCOPED_TRACE(unsafe ? "unsafe_skip_log_check" : "safe");
        const std::string params = std::string("pre_vote: false, check_quorum: false, unsafe_skip_log_check: ") +
                                   (unsafe ? "true" : "false");
        SimRun sim(cluster(3, params, 200), roles());
        sim.start();
        ASSERT_TRUE(sim.run_until([&] { return leader(sim, 3).has_value(); }, 2s));
        const auto l = *leader(sim, 3);
        const std::string f = l == "n3" ? "n2" : "n3";
        std::vector<std::string> rest;
        for (const auto& id : raft_nodes(3))
            if (id != f)
                rest.push_back(id);
        rest.push_back("w1");
        sim.network().partition({{f}, rest});
        sim.run_for(2s);
        sim.network().heal_partitions();
        sim.run_for(2s);
        if (unsafe)
            EXPECT_GT(sim.violations(), 0u) << "the stale node won and replaced committed entries";
        else
            EXPECT_EQ(sim.violations(), 0u);
    }
}

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

// Each read mode stays linearizable (judged by the linearizable checker on kv-client histories)
// through a partition of one node, the leader's crash, and a crash-restart of every server,
// over several seeds.
TEST(RaftCluster, EveryReadModeIsLinearizableThroughFaults) {
    for (const char* mode : {"read_index", "lease", "log"}) {
        for (std::uint64_t seed = 1; seed <= 8; ++seed) {
            SCOPED_TRACE(::testing::Message() << "read_mode=" << mode << " seed=" << seed);
            std::string yaml = "version: 1\nname: raft-reads\nfamily: consensus\ntitle: {en: T, zh: T}\n"
                               "summary: {en: T, zh: T}\nduration: 4s\nseed: " + std::to_string(seed) +
                               "\nnetwork: { preset: lan }\nnodes:\n";
            for (const char* id : {"n1", "n2", "n3"})
                yaml += std::string("  - { id: ") + id + ", role: raft, params: { members: [n1, n2, n3], read_mode: " +
                        mode + " } }\n";
            for (const char* id : {"c1", "c2"})
                yaml += std::string("  - { id: ") + id + ", role: kv-client, params: { targets: [n1, n2, n3], rate: 40, "
                        "keys: 2, read_ratio: 0.6, timeout: 400ms, stop_at: 3500ms } }\n";
            yaml += "faults:\n"
                    "  - { at: 1s, until: 2s, partition: one }\n"
                    "  - { at: 2200ms, kill: leader }\n"
                    "  - { at: 2800ms, restart: [n1, n2, n3] }\n"
                    "checks:\n  - linearizable: kv\n  - no_violations: true\n  - state_machine_safety: true\n";
            auto loaded = load_scenario_text(yaml, "raft-reads.yaml", core::RoleRegistry::builtin(),
                                             make_check_validator(CheckRegistry::builtin()));
            if (!loaded) {
                for (const auto& d : loaded.error())
                    ADD_FAILURE() << d.str();
                return;
            }
            Collector events;
            SimRun sim(*loaded, core::RoleRegistry::builtin());
            sim.telemetry().add_sink(events);
            sim.run();
            const auto ok = std::ranges::count_if(events.events, [](const Event& e) {
                return e.kind == EventKind::OpCompleted && e.type == "ok";
            });
            EXPECT_GT(ok, 100) << "the clients got answers";
            for (const CheckResult& r : run_checks(RunView{*loaded, events.events}, CheckRegistry::builtin()))
                EXPECT_EQ(r.verdict, Verdict::Pass) << r.name << ": " << r.detail;
        }
    }
}

}  // namespace
}  // namespace distlab::netlab
