#include <algorithm>
#include <set>
#include <string>

#include "netlab/checks/check.h"
#include "sim_fixture.h"

namespace distlab::netlab::test {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kMs = 1'000'000;

// Five servers (s1 claims leadership) and a client that talks to all of them.
const std::string kCluster = R"(
duration: 2s
seed: 5
network: {preset: ideal, latency: 1ms}
nodes:
  - {id: s1, role: ping, params: {leader: true}}
  - {id: s2, role: ping}
  - {id: s3, role: ping}
  - {id: s4, role: ping}
  - {id: s5, role: ping}
  - {id: c1, role: ping-client, params: {targets: [s1, s2, s3, s4, s5]}}
links: full
)";

const std::vector<std::string> kServers{"s1", "s2", "s3", "s4", "s5"};

FaultSpec grudge(const std::string& name) {
    FaultSpec f;
    f.kind = FaultKind::Partition;
    f.partition.kind = PartitionSpec::Kind::Grudge;
    f.partition.grudge = name;
    return f;
}

// The servers `node` still hears from (itself included).
std::set<std::string> hears(SimRun& run, const std::string& node) {
    std::set<std::string> out{node};
    for (const auto& other : kServers)
        if (other != node && !run.network().is_blocked(other, node))
            out.insert(other);
    return out;
}

void expect_client_untouched(SimRun& run) {
    for (const auto& s : kServers) {
        EXPECT_FALSE(run.network().is_blocked("c1", s)) << s;
        EXPECT_FALSE(run.network().is_blocked(s, "c1")) << s;
    }
}

// Checks that the servers split into exactly two cliques cut both ways; returns s1's side.
std::set<std::string> two_sides(SimRun& run) {
    const std::set<std::string> leader_side = hears(run, "s1");
    for (const auto& x : kServers)
        for (const auto& y : kServers) {
            if (x == y)
                continue;
            const bool same = leader_side.contains(x) == leader_side.contains(y);
            EXPECT_EQ(run.network().is_blocked(x, y), !same) << x << "->" << y;
        }
    return leader_side;
}

TEST(Nemesis, GrudgeOneIsolatesOneServer) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SCOPED_TRACE(seed);
        Sim sim(load(kCluster), seed);
        sim.run.start();
        const auto id = sim.run.nemesis().inject(grudge("one"));
        std::size_t isolated = 0;
        for (const auto& s : kServers) {
            const auto h = hears(sim.run, s);
            EXPECT_TRUE(h.size() == 1 || h.size() == 4) << s;
            isolated += h.size() == 1;
        }
        EXPECT_EQ(isolated, 1u);
        expect_client_untouched(sim.run);
        sim.run.nemesis().heal(id);
        for (const auto& s : kServers)
            EXPECT_EQ(hears(sim.run, s).size(), 5u);
    }
}

TEST(Nemesis, GrudgeMajorityKeepsTheLeaderInTheMajority) {
    std::set<std::set<std::string>> shapes;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SCOPED_TRACE(seed);
        Sim sim(load(kCluster), seed);
        sim.run.start();
        ASSERT_EQ(sim.run.telemetry().phase_of("s1"), "leader");
        sim.run.nemesis().inject(grudge("majority"));
        const auto side = two_sides(sim.run);
        EXPECT_EQ(side.size(), 3u);
        shapes.insert(side);
        expect_client_untouched(sim.run);
    }
    EXPECT_GT(shapes.size(), 1u);   // the rest of the majority is random
}

TEST(Nemesis, GrudgeMinorityPutsTheLeaderInTheMinority) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SCOPED_TRACE(seed);
        Sim sim(load(kCluster), seed);
        sim.run.start();
        sim.run.nemesis().inject(grudge("minority"));
        EXPECT_EQ(two_sides(sim.run).size(), 2u);
        expect_client_untouched(sim.run);
    }
}

TEST(Nemesis, GrudgeMajoritiesRingGivesEveryServerItsOwnMajority) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SCOPED_TRACE(seed);
        Sim sim(load(kCluster), seed);
        sim.run.start();
        sim.run.nemesis().inject(grudge("majorities-ring"));
        std::set<std::set<std::string>> views;
        for (const auto& s : kServers) {
            const auto h = hears(sim.run, s);
            EXPECT_EQ(h.size(), 3u) << s;
            views.insert(h);
        }
        EXPECT_EQ(views.size(), 5u);
        expect_client_untouched(sim.run);
        sim.run.telemetry().flush();
        const auto injected = std::find_if(sim.events.events.begin(), sim.events.events.end(),
                                           [](const Event& e) { return e.kind == EventKind::FaultInjected; });
        ASSERT_NE(injected, sim.events.events.end());
        const auto data = core::Json::parse(injected->data);
        EXPECT_EQ(data["grudge"], "majorities-ring");
        EXPECT_EQ(data["sees"].size(), 5u);
    }
}

TEST(Nemesis, FaultEventsCarryTheResolvedTargets) {
    Sim sim(load(kCluster + R"(faults:
  - {at: 100ms, kill: leader}
  - {at: 200ms, pause: [s2, s3]}
  - {at: 300ms, resume: s2}
  - {at: 400ms, resume: s3}
  - {at: 500ms, restart: s1}
)"));
    sim.run.run();
    std::vector<Event> faults;
    for (const Event& e : sim.events.events)
        if (e.kind == EventKind::FaultInjected || e.kind == EventKind::FaultHealed)
            faults.push_back(e);
    ASSERT_EQ(faults.size(), 7u);
    EXPECT_EQ(faults[0].type, "kill");
    EXPECT_EQ(faults[0].node, "s1");
    EXPECT_EQ(core::Json::parse(faults[0].data)["targets"], core::Json::array({"s1"}));
    EXPECT_EQ(core::Json::parse(faults[0].data)["nodes"], "leader");
    EXPECT_EQ(faults[1].type, "pause");
    EXPECT_EQ(faults[1].node, "");
    EXPECT_EQ(core::Json::parse(faults[1].data)["targets"], core::Json::array({"s2", "s3"}));
    // The pause ends when its last node resumes; the kill when its node restarts.
    EXPECT_EQ(faults[2].kind, EventKind::FaultInjected);   // resume s2
    EXPECT_EQ(faults[3].kind, EventKind::FaultInjected);   // resume s3
    EXPECT_EQ(faults[4].kind, EventKind::FaultHealed);
    EXPECT_EQ(faults[4].type, "pause");
    EXPECT_EQ(faults[4].t_ns, 400 * kMs);
    EXPECT_EQ(faults[5].type, "restart");
    EXPECT_EQ(faults[6].kind, EventKind::FaultHealed);
    EXPECT_EQ(faults[6].type, "kill");
    EXPECT_EQ(faults[6].t_ns, 500 * kMs);
    EXPECT_EQ(sim.run.nemesis().fired(), 5u);
}

// A kill that finds no node (here: the leader is already dead) does nothing and says so in a
// warning of the lab's; a scenario's fault that misses fails the run unless it may miss; a restart
// with nothing to restart stays silent.
TEST(Nemesis, AKillThatSelectsNoNodeFailsTheRun) {
    Sim sim(load(kCluster + R"(faults:
  - {at: 100ms, kill: leader}
  - {at: 200ms, kill: leader}
  - {at: 300ms, restart: all}
  - {at: 400ms, restart: all}
)"));
    sim.run.run();
    std::vector<Event> warnings;
    for (const Event& e : sim.events.events)
        if (e.kind == EventKind::Log && e.node == "lab" && e.type == "warn")
            warnings.push_back(e);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].t_ns, 200 * kMs);
    EXPECT_EQ(warnings[0].data, "kill: leader selected no node (no node leads now); nothing was done; the run "
                                "fails, as the scenario does not allow it (may_miss: true would)");
    EXPECT_EQ(sim.run.nemesis().fired(), 4u);

    std::vector<Event> missed;
    for (const Event& e : sim.events.events)
        if (e.kind == EventKind::FaultInjected && core::Json::parse(e.data).value("missed", false))
            missed.push_back(e);
    ASSERT_EQ(missed.size(), 1u);
    EXPECT_EQ(core::Json::parse(missed[0].data).value("fails_run", false), true);
    const Scenario& scenario = sim.run.scenario();
    const auto results = run_checks(RunView{scenario, sim.events.events}, CheckRegistry::builtin());
    ASSERT_EQ(results.size(), scenario.checks.size() + 1);
    EXPECT_EQ(results.back().name, kMissedFaultCheck);
    EXPECT_EQ(results.back().verdict, Verdict::Fail);
    EXPECT_EQ(results.back().detail,
              "a scheduled fault found no node and did nothing: kill: leader at 0.200s; the scenario's story did "
              "not happen (a fault that may miss says may_miss: true)");
    EXPECT_EQ(results.back().window_ns, std::make_pair(200 * kMs, 200 * kMs));
}

// `may_miss: true` lets a scheduled fault find no node: a warning, and the run is judged by its
// checks alone. A fault injected by hand that misses only warns too.
TEST(Nemesis, AFaultThatMayMissOnlyWarns) {
    Sim sim(load(kCluster + R"(faults:
  - {at: 100ms, kill: leader}
  - {at: 200ms, kill: leader, may_miss: true}
)"));
    SimRun& run = sim.run;
    run.start();
    run.run_for(300ms);
    FaultSpec by_hand;
    by_hand.kind = FaultKind::Pause;
    by_hand.nodes.kind = NodeSelector::Kind::Leader;
    run.nemesis().inject(by_hand);
    run.run();
    std::size_t warnings = 0;
    for (const Event& e : sim.events.events) {
        if (e.kind == EventKind::Log && e.node == "lab" && e.type == "warn") {
            ++warnings;
            EXPECT_EQ(e.data.find("the run fails"), std::string::npos) << e.data;
        }
        if (e.kind == EventKind::FaultInjected) {
            EXPECT_FALSE(core::Json::parse(e.data).contains("fails_run")) << e.data;
        }
    }
    EXPECT_EQ(warnings, 2u);
    EXPECT_FALSE(missed_faults_result(RunView{run.scenario(), sim.events.events}).has_value());
}

TEST(Nemesis, PartitionEventsNameEveryCutLink) {
    Sim sim(load(kCluster + R"(faults:
  - {at: 100ms, until: 300ms, partition: majority}
  - {at: 400ms, until: 500ms, partition: {from: c1, to: [s1]}}
)"));
    SimRun& run = sim.run;
    run.start();
    run.run_for(200ms);
    std::vector<Event> injected;
    for (const Event& e : sim.events.events)
        if (e.kind == EventKind::FaultInjected)
            injected.push_back(e);
    ASSERT_EQ(injected.size(), 1u);
    // The majority split: exactly the links the network blocks now, both ways.
    std::set<std::pair<std::string, std::string>> cut;
    const core::Json data = core::Json::parse(injected[0].data);
    for (const auto& link : data.at("cut"))
        cut.emplace(link.at(0).get<std::string>(), link.at(1).get<std::string>());
    std::set<std::pair<std::string, std::string>> blocked;
    for (const auto& x : kServers)
        for (const auto& y : kServers)
            if (x != y && run.network().is_blocked(x, y))
                blocked.emplace(x, y);
    EXPECT_EQ(cut.size(), 12u);   // 2 x 3 servers, both directions
    EXPECT_EQ(cut, blocked);
    run.run_for(300ms);
    for (const Event& e : sim.events.events) {
        if (e.kind == EventKind::FaultInjected && e.t_ns == 400 * kMs) {
            EXPECT_EQ(core::Json::parse(e.data).at("cut"), core::Json::parse(R"([["c1","s1"]])"));
        }
    }
}

TEST(Nemesis, HealAllUndoesPartitionsLinkFaultsAndPauses) {
    Sim sim(load(kCluster + R"(faults:
  - {at: 100ms, partition: majority}
  - {at: 100ms, latency: {from: "*", to: s2, add: 30ms}}
  - {at: 100ms, pause: s3}
  - {at: 300ms, heal: all}
)"));
    SimRun& run = sim.run;
    run.start();
    run.run_for(200ms);
    EXPECT_TRUE(run.is_paused("s3"));
    EXPECT_LT(hears(run, "s1").size(), 5u);
    run.run_for(101ms);
    EXPECT_FALSE(run.is_paused("s3"));
    for (const auto& s : kServers)
        EXPECT_EQ(hears(run, s).size(), 5u);
    std::size_t healed = 0;
    for (const Event& e : sim.events.events)
        if (e.kind == EventKind::FaultHealed) {
            EXPECT_EQ(e.t_ns, 300 * kMs);
            ++healed;
        }
    EXPECT_EQ(healed, 3u);
    // No delta left: c1 -> s2 is back to 1 ms.
    std::map<std::uint64_t, std::int64_t> sent;
    for (const Event& e : sim.events.events) {
        if (e.node != "c1" || e.peer != "s2")
            continue;
        if (e.kind == EventKind::MessageSent) {
            sent[e.msg_id] = e.t_ns;
        } else if (e.kind == EventKind::MessageDelivered) {
            const std::int64_t at = sent.at(e.msg_id);
            const std::int64_t expected = at >= 300 * kMs ? 1 : at >= 100 * kMs ? 31 : 1;
            EXPECT_EQ(e.t_ns - at, expected * kMs) << "sent at " << at;
        }
    }
}

TEST(Nemesis, InjectAndHealFromCode) {
    Sim sim(load(kCluster));
    SimRun& run = sim.run;
    run.start();
    run.run_for(50ms);
    FaultSpec pause;
    pause.kind = FaultKind::Pause;
    pause.nodes.ids = {"s4"};
    const auto id = run.nemesis().inject(pause);
    EXPECT_TRUE(run.is_paused("s4"));
    FaultSpec loss;
    loss.kind = FaultKind::Loss;
    loss.link.from.kind = NodeSelector::Kind::All;
    loss.link.to.ids = {"s5"};
    loss.rate = 1.0;
    loss.until = 100ms;                       // relative to now
    run.nemesis().inject(loss);
    run.run_for(50ms);
    run.nemesis().heal(id);
    EXPECT_FALSE(run.is_paused("s4"));
    run.nemesis().heal(id);                   // twice: ignored
    run.run_for(100ms);
    std::vector<std::int64_t> healed;
    for (const Event& e : sim.events.events)
        if (e.kind == EventKind::FaultHealed)
            healed.push_back(e.t_ns);
    EXPECT_EQ(healed, (std::vector<std::int64_t>{100 * kMs, 150 * kMs}));
    for (const Event& e : sim.events.events) {
        if (e.kind != EventKind::MessageDropped)
            continue;
        EXPECT_EQ(e.peer, "s5");
        EXPECT_GE(e.t_ns, 50 * kMs);
        EXPECT_LT(e.t_ns, 150 * kMs);
    }
}

TEST(Nemesis, StepsFireInOrderAtTheirTimeOrState) {
    Sim sim(load(R"(
duration: 3s
network: {preset: ideal, latency: 1ms}
nodes:
  - {id: a, role: ping, params: {targets: [b], late_after: 10, leader: true}}
  - {id: b, role: ping, params: {targets: [a], late_after: 50}}
links: full
steps:
  - at: 0s
    say: {en: start, zh: 开始}
  - when: {node: b, state: {phase: late}}
    say: {en: b is late, zh: b 晚了}
    pause: true
  - at: 100ms
    say: {en: right after, zh: 紧接着}
  - at: 2s
    say: {en: two seconds, zh: 两秒}
  - when: {node: any, state: {role: leader}}
    say: {en: a leads, zh: a 领导}
)"));
    std::vector<std::string> said;
    sim.run.nemesis().on_step = [&](const StepSpec& step) { said.push_back(step.say.en); };
    sim.run.run();
    EXPECT_EQ(said, (std::vector<std::string>{"start", "b is late", "right after", "two seconds", "a leads"}));
    std::vector<Event> steps;
    std::int64_t b_late = -1;
    for (const Event& e : sim.events.events) {
        if (e.kind == EventKind::Step)
            steps.push_back(e);
        if (b_late < 0 && e.kind == EventKind::State && e.node == "b" &&
            core::Json::parse(e.data)["phase"] == "late")
            b_late = e.t_ns;
    }
    ASSERT_EQ(steps.size(), 5u);
    EXPECT_EQ(steps[0].t_ns, 0);
    EXPECT_GE(b_late, 500 * kMs);
    EXPECT_EQ(steps[1].t_ns, b_late);                // not when a turned late, at 100 ms
    EXPECT_EQ(core::Json::parse(steps[1].data), (core::Json{{"en", "b is late"}, {"zh", "b 晚了"}, {"pause", true}}));
    EXPECT_EQ(steps[2].t_ns, b_late);                // its time had passed: right after
    EXPECT_EQ(steps[3].t_ns, 2000 * kMs);
    EXPECT_EQ(steps[4].t_ns, 2000 * kMs);            // a's state already said leader
}

}  // namespace
}  // namespace distlab::netlab::test
