#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>

#include "netlab/checks/check.h"
#include "sim_fixture.h"

namespace distlab::netlab::test {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kMs = 1'000'000;

const std::string kPair = R"(
duration: 3s
seed: 7
network: {preset: ideal, latency: 1ms}
nodes:
  - {id: a, role: ping, params: {targets: [b]}}
  - {id: b, role: ping, params: {targets: [a]}}
links: full
)";

std::uint64_t hash_events(const std::vector<Event>& events) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    auto mix = [&](std::string_view s) {
        for (char c : s) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ull;
        }
        h ^= 0xff;
        h *= 0x100000001b3ull;
    };
    for (const Event& e : events) {
        mix(std::to_string(e.t_ns));
        mix(to_string(e.kind));
        mix(e.node);
        mix(e.peer);
        mix(std::to_string(e.msg_id));
        mix(e.type);
        mix(e.data);
        mix(e.aux);
    }
    return h;
}

std::vector<Event> of_kind(const std::vector<Event>& events, EventKind kind) {
    std::vector<Event> out;
    std::copy_if(events.begin(), events.end(), std::back_inserter(out),
                 [kind](const Event& e) { return e.kind == kind; });
    return out;
}

std::string drop_reason(const Event& e) {
    return core::Json::parse(e.data).value("reason", "");
}

std::int64_t snap(SimRun& run, const std::string& node, const char* key) {
    const auto s = run.snapshot(node);
    return s ? s->value(key, std::int64_t{-1}) : -1;
}

TEST(SimRun, SameSeedGivesTheSameEventStreamAndAnotherSeedDoesNot) {
    const Scenario scenario = load(R"(
duration: 2s
seed: 11
network: {preset: ideal, latency: 2ms, jitter: 1ms, loss: 0.1}
nodes:
  - {id: a, role: ping, params: {targets: [b, c]}}
  - {id: b, role: ping, params: {targets: [c]}}
  - {id: c, role: ping, params: {targets: [a]}}
links: full
faults:
  - {at: 500ms, until: 900ms, partition: majority}
  - {at: 1s, kill: random}
  - {at: 1200ms, restart: all}
  - {at: 1300ms, until: 1600ms, duplicate: {from: "*", to: "*", rate: 0.3}}
)");
    auto run_once = [&](std::optional<std::uint64_t> seed) {
        Sim sim(scenario, seed);
        sim.run.run();
        return std::make_pair(hash_events(sim.events.events), sim.events.events.size());
    };
    const auto first = run_once(std::nullopt);
    const auto second = run_once(std::nullopt);
    const auto same_seed = run_once(11);
    const auto other = run_once(12);
    EXPECT_GT(first.second, 500u);
    EXPECT_EQ(first, second);
    EXPECT_EQ(first, same_seed);
    EXPECT_NE(first.first, other.first);
}

TEST(SimRun, EmitsTheRunAndNodeLifecycleEvents) {
    Sim sim(load(kPair));
    sim.run.run();
    const auto& ev = sim.events.events;
    ASSERT_FALSE(ev.empty());
    EXPECT_EQ(ev.front().kind, EventKind::RunStarted);
    const auto started = core::Json::parse(ev.front().data);
    EXPECT_EQ(started["sim"], true);
    EXPECT_EQ(started["seed"], 7);
    EXPECT_EQ(ev.back().kind, EventKind::RunEnded);
    EXPECT_EQ(ev.back().t_ns, 3000 * kMs);
    const auto nodes = of_kind(ev, EventKind::NodeStarted);
    ASSERT_EQ(nodes.size(), 2u);
    EXPECT_EQ(core::Json::parse(nodes[0].data), (core::Json{{"pid", 0}, {"role", "ping"}, {"restart", false}}));
    EXPECT_EQ(of_kind(ev, EventKind::NodeExited).size(), 2u);
    EXPECT_TRUE(std::is_sorted(ev.begin(), ev.end(), [](const Event& x, const Event& y) { return x.t_ns < y.t_ns; }));
    // 10 ms period for 3 s: about 300 pings each way, every one answered.
    EXPECT_GE(snap(sim.run, "a", "sent"), 295);
    EXPECT_GE(snap(sim.run, "a", "replies"), 295);
    EXPECT_EQ(sim.run.counters().dropped, 0u);
}

TEST(SimRun, LossDropsItsShareOfMessages) {
    Sim sim(load(R"(
duration: 20s
seed: 3
network: {preset: ideal, latency: 1ms, loss: 0.3}
nodes:
  - {id: a, role: ping, params: {targets: [b]}}
  - {id: b, role: ping}
links: full
)"));
    sim.run.run();
    std::size_t pings = 0;
    std::size_t lost = 0;
    for (const Event& e : sim.events.events) {
        if (e.type != "ping")
            continue;
        if (e.kind == EventKind::MessageSent)
            ++pings;
        if (e.kind == EventKind::MessageDropped && drop_reason(e) == "loss")
            ++lost;
    }
    ASSERT_GT(pings, 1900u);
    const double share = static_cast<double>(lost) / static_cast<double>(pings);
    EXPECT_NEAR(share, 0.3, 0.04);
    // Replies that made it back: (1 - 0.3)^2 of the pings.
    EXPECT_NEAR(static_cast<double>(snap(sim.run, "a", "replies")) / static_cast<double>(pings), 0.49, 0.05);
}

TEST(SimRun, PartitionDropsMessagesBetweenGroupsAndNothingElse) {
    Sim sim(load(R"(
duration: 3s
network: {preset: ideal, latency: 1ms}
nodes:
  - {id: a, role: ping, params: {targets: [b, c]}}
  - {id: b, role: ping, params: {targets: [a, c]}}
  - {id: c, role: ping, params: {targets: [a, b]}}
links: full
faults:
  - {at: 1s, until: 2s, partition: [[a], [b, c]]}
)"));
    sim.run.run();
    auto crosses = [](const Event& e) { return (e.node == "a") != (e.peer == "a"); };
    std::size_t cut = 0;
    for (const Event& e : sim.events.events) {
        if (e.kind == EventKind::MessageDropped) {
            EXPECT_EQ(drop_reason(e), "partition");
            EXPECT_TRUE(crosses(e)) << e.node << "->" << e.peer;
            EXPECT_GE(e.t_ns, 1000 * kMs);
            EXPECT_LT(e.t_ns, 2000 * kMs);
            ++cut;
        }
    }
    // a sends 2 pings a round and receives 2: 4 cross messages per 10 ms for one second.
    EXPECT_NEAR(static_cast<double>(cut), 400.0, 12.0);
    std::size_t sent_across = 0;
    for (const Event& e : sim.events.events)
        if (e.kind == EventKind::MessageSent && crosses(e) && e.t_ns >= 1000 * kMs && e.t_ns < 2000 * kMs)
            ++sent_across;
    EXPECT_EQ(cut, sent_across);
    const auto injected = of_kind(sim.events.events, EventKind::FaultInjected);
    ASSERT_EQ(injected.size(), 1u);
    EXPECT_EQ(core::Json::parse(injected[0].data)["sides"],
              core::Json::array({core::Json::array({"a"}), core::Json::array({"b", "c"})}));
}

TEST(SimRun, OneWayPartitionDropsOneDirectionOnly) {
    Sim sim(load(kPair + R"(faults:
  - {at: 1s, partition: {from: a, to: [b]}}
)"));
    sim.run.run();
    std::size_t a_to_b = 0;
    for (const Event& e : sim.events.events) {
        if (e.kind != EventKind::MessageDropped)
            continue;
        EXPECT_EQ(e.node, "a");
        EXPECT_EQ(e.peer, "b");
        EXPECT_GE(e.t_ns, 1000 * kMs);
        ++a_to_b;
    }
    EXPECT_GT(a_to_b, 190u);   // a's pings and a's replies to b
    EXPECT_TRUE(sim.run.network().is_blocked("a", "b"));
    EXPECT_FALSE(sim.run.network().is_blocked("b", "a"));
    // b's pings still reach a; a's answers do not come back.
    const auto b_sent = snap(sim.run, "b", "sent");
    EXPECT_NEAR(static_cast<double>(snap(sim.run, "a", "received")), static_cast<double>(b_sent), 2.0);
    EXPECT_LT(snap(sim.run, "b", "replies"), 105);
}

TEST(SimRun, AddedLatencyShowsInDeliveryTimes) {
    Sim sim(load(kPair + R"(faults:
  - {at: 1s, until: 2s, latency: {from: a, to: b, add: 50ms}}
)"));
    sim.run.run();
    std::map<std::pair<std::string, std::uint64_t>, std::int64_t> sent;
    std::map<std::string, std::set<std::int64_t>> delays_by_phase;
    for (const Event& e : sim.events.events) {
        if (e.kind == EventKind::MessageSent)
            sent[{e.node, e.msg_id}] = e.t_ns;
        if (e.kind != EventKind::MessageDelivered)
            continue;
        const std::int64_t at = sent.at({e.node, e.msg_id});
        const bool during = at >= 1000 * kMs && at < 2000 * kMs;
        const std::string key = e.node + (during ? ":during" : ":outside");
        delays_by_phase[key].insert((e.t_ns - at) / kMs);
    }
    EXPECT_EQ(delays_by_phase["a:during"], (std::set<std::int64_t>{51}));
    EXPECT_EQ(delays_by_phase["a:outside"], (std::set<std::int64_t>{1}));
    EXPECT_EQ(delays_by_phase["b:during"], (std::set<std::int64_t>{1}));
    EXPECT_EQ(delays_by_phase["b:outside"], (std::set<std::int64_t>{1}));
}

TEST(SimRun, TimeScaleStretchesFaultTimesAndDelays) {
    Sim sim(load(R"(
duration: 1s
time_scale: 10
network: {preset: ideal, latency: 1ms}
nodes:
  - {id: a, role: ping, params: {targets: [b]}}
  - {id: b, role: ping}
links: full
faults:
  - {at: 500ms, until: 700ms, partition: [[a], [b]]}
)"));
    sim.run.run();
    const auto injected = of_kind(sim.events.events, EventKind::FaultInjected);
    const auto healed = of_kind(sim.events.events, EventKind::FaultHealed);
    ASSERT_EQ(injected.size(), 1u);
    ASSERT_EQ(healed.size(), 1u);
    EXPECT_EQ(injected[0].t_ns, 5000 * kMs);
    EXPECT_EQ(healed[0].t_ns, 7000 * kMs);
    EXPECT_EQ(sim.events.events.back().t_ns, 10000 * kMs);
    EXPECT_NEAR(static_cast<double>(snap(sim.run, "a", "sent")), 100.0, 2.0);   // role time: 1 s
}

TEST(SimRun, DuplicateAndReorderFaultsChangeDeliveries) {
    Sim sim(load(kPair + R"(faults:
  - {at: 1s, until: 2s, duplicate: {from: a, to: b, rate: 1.0}}
  - {at: 2s, until: 3s, reorder: {to: b, window: 30ms}}
)"));
    sim.run.run();
    std::map<std::pair<std::string, std::uint64_t>, std::int64_t> sent;
    std::size_t duplicated = 0;
    std::size_t overtaken = 0;
    std::uint64_t last_from_a = 0;
    for (const Event& e : sim.events.events) {
        if (e.kind == EventKind::MessageSent)
            sent[{e.node, e.msg_id}] = e.t_ns;
        if (e.kind == EventKind::MessageDuplicated) {
            EXPECT_EQ(e.node, "a");
            const auto at = sent.at({e.node, e.msg_id});
            EXPECT_GE(at, 1000 * kMs);
            EXPECT_LT(at, 2000 * kMs);
            ++duplicated;
        }
        if (e.kind == EventKind::MessageDelivered && e.node == "a" && e.type == "ping") {
            if (e.msg_id < last_from_a)
                ++overtaken;
            last_from_a = std::max(last_from_a, e.msg_id);
        }
    }
    // Every message a sends in that second (pings and replies) is duplicated.
    EXPECT_NEAR(static_cast<double>(duplicated), 200.0, 3.0);
    EXPECT_GT(overtaken, 10u);   // 10 ms apart with up to 30 ms extra: later pings overtake
    EXPECT_GT(snap(sim.run, "b", "received"), snap(sim.run, "a", "sent"));
}

TEST(SimRun, KillLosesMemoryButRestartKeepsStorage) {
    Sim sim(load(kPair + R"(faults:
  - {at: 1s, until: 2s, kill: a}
)"));
    SimRun& run = sim.run;
    run.start();
    run.run_for(999ms);
    const auto sent_before = snap(run, "a", "sent");
    EXPECT_GE(sent_before, 98);
    EXPECT_EQ(snap(run, "a", "boots"), 1);
    run.run_for(2ms);
    EXPECT_FALSE(run.is_alive("a"));
    EXPECT_EQ(run.driver("a"), nullptr);
    run.run_for(500ms);
    EXPECT_GT(run.counters().dropped, 0u);   // b's pings to a dead node
    run.run_for(500ms);
    ASSERT_TRUE(run.is_alive("a"));
    EXPECT_EQ(snap(run, "a", "boots"), 2);                // from storage
    EXPECT_LT(snap(run, "a", "sent"), sent_before);     // counters started over
    const auto exited = of_kind(sim.events.events, EventKind::NodeExited);
    ASSERT_EQ(exited.size(), 1u);
    EXPECT_EQ(core::Json::parse(exited[0].data)["signal"], 9);
    const auto started = of_kind(sim.events.events, EventKind::NodeStarted);
    ASSERT_EQ(started.size(), 3u);
    EXPECT_EQ(core::Json::parse(started[2].data)["restart"], true);
    EXPECT_EQ(started[2].t_ns, 2000 * kMs);
    std::size_t dead_drops = 0;
    for (const Event& e : of_kind(sim.events.events, EventKind::MessageDropped)) {
        EXPECT_EQ(drop_reason(e), "dead");
        EXPECT_EQ(e.peer, "a");
        ++dead_drops;
    }
    EXPECT_NEAR(static_cast<double>(dead_drops), 100.0, 3.0);
}

TEST(SimRun, PauseStopsProgressAndResumeDeliversWhatWaited) {
    Sim sim(load(kPair + R"(faults:
  - {at: 1s, until: 2s, pause: b}
)"));
    SimRun& run = sim.run;
    run.start();
    run.run_for(1001ms);
    ASSERT_TRUE(run.is_paused("b"));
    const auto received = snap(run, "b", "received");
    const auto sent = snap(run, "b", "sent");
    run.run_for(998ms);
    EXPECT_EQ(snap(run, "b", "received"), received);   // nothing ran on b
    EXPECT_EQ(snap(run, "b", "sent"), sent);
    EXPECT_TRUE(run.is_alive("b"));
    run.run_for(1ms);
    EXPECT_FALSE(run.is_paused("b"));
    // The pings a sent meanwhile were waiting in b's socket; they are read at once.
    EXPECT_NEAR(static_cast<double>(snap(run, "b", "received") - received), 100.0, 2.0);
    // A paused process fires its expired timer once, on resume.
    EXPECT_EQ(snap(run, "b", "sent"), sent + 1);
    EXPECT_EQ(of_kind(sim.events.events, EventKind::NodePaused).size(), 1u);
    EXPECT_EQ(of_kind(sim.events.events, EventKind::NodeResumed).size(), 1u);
    std::size_t replies_after_resume = 0;
    for (const Event& e : sim.events.events)
        if (e.kind == EventKind::MessageSent && e.node == "b" && e.type == "ping_reply" &&
            e.t_ns == 2000 * kMs)
            ++replies_after_resume;
    EXPECT_NEAR(static_cast<double>(replies_after_resume), 100.0, 2.0);
}

TEST(SimRun, UntilHealsAtTheRightTime) {
    Sim sim(load(kPair + R"(faults:
  - {at: 1s, until: 1500ms, loss: {between: [a, b], rate: 1.0}}
)"));
    sim.run.run();
    const auto injected = of_kind(sim.events.events, EventKind::FaultInjected);
    const auto healed = of_kind(sim.events.events, EventKind::FaultHealed);
    ASSERT_EQ(injected.size(), 1u);
    ASSERT_EQ(healed.size(), 1u);
    EXPECT_EQ(injected[0].type, "loss");
    EXPECT_EQ(injected[0].t_ns, 1000 * kMs);
    EXPECT_EQ(healed[0].t_ns, 1500 * kMs);
    EXPECT_EQ(core::Json::parse(injected[0].data)["links"],
              core::Json::array({core::Json::array({"a", "b"}), core::Json::array({"b", "a"})}));
    std::int64_t first = -1;
    std::int64_t last = -1;
    for (const Event& e : of_kind(sim.events.events, EventKind::MessageDropped)) {
        EXPECT_EQ(drop_reason(e), "loss");
        if (first < 0)
            first = e.t_ns;
        last = e.t_ns;
    }
    EXPECT_GE(first, 1000 * kMs);
    EXPECT_LT(last, 1500 * kMs);
    EXPECT_GT(last, 1480 * kMs);
}

TEST(SimRun, ClockSkewMovesTheNodesClock) {
    Sim sim(load(kPair + R"(faults:
  - {at: 1s, until: 2s, clock_skew: {node: a, offset: 500ms}}
)"));
    SimRun& run = sim.run;
    run.start();
    run.run_for(1500ms);
    ASSERT_NE(run.driver("a"), nullptr);
    EXPECT_EQ(run.driver("a")->now() - run.now(), 500ms);
    EXPECT_EQ(run.driver("b")->now(), run.now());
    run.run_for(600ms);
    EXPECT_EQ(run.driver("a")->now(), run.now());
}

TEST(SimRun, HeldMessagesCanBeDeliveredOrDropped) {
    Sim sim(load(R"(
duration: 1s
network: {preset: ideal, latency: 1ms}
nodes:
  - {id: a, role: ping, params: {targets: [b]}}
  - {id: b, role: ping}
links: full
)"));
    SimRun& run = sim.run;
    run.start();
    run.network().set_hold("a", "b", true);
    run.run_for(35ms);
    const auto& held = run.fabric().held();
    ASSERT_EQ(held.size(), 3u);
    const auto first = held.begin()->first;
    const auto second = std::next(held.begin())->first;
    const auto received = snap(run, "b", "received");
    EXPECT_TRUE(run.release_held(first.first, first.second, true));
    EXPECT_TRUE(run.release_held(second.first, second.second, false));
    EXPECT_FALSE(run.release_held(second.first, second.second, true));
    run.run_for(1ms);
    EXPECT_EQ(snap(run, "b", "received"), received + 1);
    EXPECT_EQ(run.fabric().held().size(), 1u);
    const auto dropped = of_kind(sim.events.events, EventKind::MessageDropped);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].msg_id, second.second);
    EXPECT_EQ(drop_reason(dropped[0]), "held");
}

TEST(SimRun, CommandsReachTheRoleFromTheLabAndAnswersBecomeLogLines) {
    const Scenario scenario = test::load(
        "duration: 1s\n"
        "nodes:\n"
        "  - { id: n1, role: ping, params: { leader: true } }\n"
        "  - { id: n2, role: ping }\n"
        "faults:\n"
        "  - { at: 300ms, command: { node: leader, type: add_server, body: { id: n2 } } }\n");
    test::Sim sim(scenario);
    sim.run.run();
    EXPECT_EQ(sim.run.snapshot("n1")->value("command", ""), "add_server");
    EXPECT_EQ(sim.run.snapshot("n2")->value("command", ""), "");
    bool answered = false;
    for (const Event& e : sim.events.events) {
        EXPECT_FALSE(e.kind == EventKind::MessageSent && (e.node == "lab" || e.peer == "lab"))
            << "commands and their answers bypass the fabric";
        if (e.kind == EventKind::Log && e.node == "n1" &&
            e.data.find("answer to the lab's command: add_server_reply") != std::string::npos)
            answered = true;
    }
    EXPECT_TRUE(answered);
}

TEST(SimRun, EveryMessageCarriesItsSendersVectorClock) {
    const Scenario scenario = test::load(
        "duration: 200ms\n"
        "nodes:\n"
        "  - { id: n1, role: ping, params: { targets: [n2] } }\n"
        "  - { id: n2, role: ping }\n");
    test::Sim sim(scenario);
    sim.run.run();
    std::uint64_t last_n1 = 0;
    int pings = 0;
    for (const Event& e : sim.events.events) {
        if (e.kind != EventKind::MessageSent)
            continue;
        const Json clock = Json::parse(e.aux, nullptr, false);
        ASSERT_TRUE(clock.is_object()) << e.aux;
        if (e.node == "n1") {
            // n1's own counter grows with each of its sends.
            EXPECT_GT(clock.value("n1", 0ull), last_n1);
            last_n1 = clock.value("n1", 0ull);
            ++pings;
        } else {
            // A reply happens after the ping it answers: n2 has seen n1's events.
            EXPECT_GE(clock.value("n1", 0ull), 1u) << e.aux;
            EXPECT_GE(clock.value("n2", 0ull), 1u) << e.aux;
        }
    }
    EXPECT_GT(pings, 10);
}

TEST(SimRun, RunUntilStopsWhenThePredicateHolds) {
    Sim sim(load(kPair));
    SimRun& run = sim.run;
    run.start();
    EXPECT_TRUE(run.run_until([&] { return snap(run, "a", "replies") >= 10; }, 1s));
    EXPECT_LT(run.now(), 120ms);
    EXPECT_FALSE(run.run_until([] { return false; }, 50ms));
    EXPECT_GE(run.now(), 150ms);
}

// A role that re-arms a zero-length timer and sends on every expiry never lets virtual time
// move: the flood guard ends the run there, with its reason in RunEnded and an error line in the
// log, instead of running forever and filling memory.
TEST(SimRun, FloodGuardEndsARunThatNeverLetsTimeMove) {
    Sim sim(load(R"(
duration: 2s
network: {preset: ideal, latency: 1ms}
nodes:
  - {id: a, role: ping, params: {targets: [b], interval: 0ms}}
  - {id: b, role: ping}
links: full
)"));
    sim.run.set_max_actions_per_second(20'000);
    sim.run.run();
    EXPECT_TRUE(sim.run.ended());
    ASSERT_FALSE(sim.run.flood().empty());
    EXPECT_NE(sim.run.flood().find("more than 20000 actions within one simulated second"), std::string::npos)
        << sim.run.flood();
    EXPECT_LT(sim.run.now(), 1ms);
    const auto ended = of_kind(sim.events.events, EventKind::RunEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(drop_reason(ended[0]), sim.run.flood());
    const auto logs = of_kind(sim.events.events, EventKind::Log);
    EXPECT_TRUE(std::any_of(logs.begin(), logs.end(), [](const Event& e) {
        return e.data.find("a role is sending or arming timers in a loop") != std::string::npos;
    }));
    EXPECT_LT(sim.run.pending_actions(), 30'000u);   // the flood's deliveries, not more

    // Judged, the run fails on the flood alone.
    const auto results = run_checks(RunView{sim.run.scenario(), sim.events.events}, CheckRegistry::builtin());
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].name, kFloodCheck);
    EXPECT_EQ(results[0].verdict, Verdict::Fail);
    EXPECT_NE(results[0].detail.find("more than 20000 actions"), std::string::npos) << results[0].detail;
    EXPECT_EQ(run_verdict(results, stopped_at_ns(sim.events.events)), RunVerdict::Failed);
}

// A busy run (here the same flood) returns from run_for soon after its interrupt flag is set,
// with time where it was, and run() then ends it as a user's stop does.
TEST(SimRun, InterruptFlagReturnsFromRunForAndRunEndsAsStopped) {
    Sim sim(load(R"(
duration: 2s
network: {preset: ideal, latency: 1ms}
nodes:
  - {id: a, role: ping, params: {targets: [b], interval: 0ms}}
  - {id: b, role: ping}
links: full
)"));
    std::atomic<bool> stop{true};
    sim.run.set_interrupt(&stop);
    sim.run.start();
    sim.run.run_for(1s);
    EXPECT_FALSE(sim.run.ended());
    EXPECT_EQ(sim.run.now(), 0ms);
    sim.run.run();
    EXPECT_TRUE(sim.run.ended());
    EXPECT_TRUE(sim.run.flood().empty());
    const auto ended = of_kind(sim.events.events, EventKind::RunEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(drop_reason(ended[0]), kStoppedByUser);
}

}  // namespace
}  // namespace distlab::netlab::test
