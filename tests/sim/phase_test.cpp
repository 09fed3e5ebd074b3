// The pattern kit's phase events and role catalog, end to end in the simulator: a role's phase
// changes become Phase events in order with its messages, narrative steps wait for them, and the
// run's RunStarted event describes its roles.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "sim_fixture.h"

namespace distlab::netlab::test {
namespace {

Scenario load_shipped(const std::string& relative) {
    const std::string file = std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative;
    auto loaded = load_scenario_file(file, core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    if (!loaded) {
        std::string all;
        for (const auto& d : loaded.error())
            all += d.str() + "\n";
        ADD_FAILURE() << all;
        return Scenario{};
    }
    return std::move(*loaded);
}

std::vector<Event> run_sim(const Scenario& scenario, std::uint64_t seed) {
    Collector collector;
    SimRun run(scenario, core::RoleRegistry::builtin(), seed);
    run.telemetry().add_sink(collector);
    run.run();
    return collector.events;
}

// The breaker client starts closed, opens during the outage and recovers; each Phase event
// names the phase it left, and while open the client sends no request (the phase event comes
// before anything the role did after entering the phase). Several seeds: the order is a rule,
// not one run's luck.
TEST(Phases, BreakerPhasesArriveInOrderWithItsMessages) {
    const Scenario scenario = load_shipped("resilience/circuit-breaker.yaml");
    for (std::uint64_t seed : {1u, 2u, 3u, 7u, 42u}) {
        SCOPED_TRACE(::testing::Message() << "seed " << seed);
        const std::vector<Event> events = run_sim(scenario, seed);
        std::vector<std::string> phases;
        std::string current;
        std::size_t requests_while_open = 0;
        for (const Event& e : events) {
            if (e.kind == EventKind::Phase && e.node == "c1") {
                const core::Json data = core::Json::parse(e.data);
                EXPECT_EQ(data["from"], current);
                EXPECT_FALSE(data["reason"].get<std::string>().empty()) << e.type;
                current = e.type;
                phases.push_back(e.type);
            }
            if (e.kind == EventKind::MessageSent && e.node == "c1" && e.type == "request" && current == "open")
                ++requests_while_open;
        }
        ASSERT_GE(phases.size(), 3u);
        EXPECT_EQ(phases[0], "closed");
        EXPECT_EQ(phases[1], "open");
        EXPECT_NE(std::find(phases.begin(), phases.end(), "half-open"), phases.end());
        EXPECT_EQ(requests_while_open, 0u);
        for (std::size_t i = 1; i < phases.size(); ++i)
            EXPECT_NE(phases[i], phases[i - 1]) << "a repeated phase is not an event";
    }
}

// A role says why it enters a phase in both languages, and the events carry both: in the
// leader failover every phase has its Chinese reason (node ids and numbers the same in both), the
// new leader's names the votes it won in its term, and the clients' last says their stop_at.
TEST(Phases, LeaderFailoverSaysItsReasonsInChinese) {
    const Scenario scenario = load_shipped("consensus/leader-failover.yaml");
    const std::vector<Event> events = run_sim(scenario, scenario.seed);
    std::size_t phases = 0, leaders = 0, stopped = 0;
    for (const Event& e : events) {
        if (e.kind != EventKind::Phase)
            continue;
        ++phases;
        const core::Text reason = phase_reason(e);
        SCOPED_TRACE(::testing::Message() << e.node << " enters " << e.type << ": " << reason.en);
        EXPECT_FALSE(reason.en.empty());
        EXPECT_FALSE(reason.zh.empty());
        EXPECT_NE(reason.zh, reason.en);
        EXPECT_EQ(reason.in("zh_CN"), reason.zh);
        if (e.type == "leader") {
            ++leaders;
            // "votes from n1, n3 in term 2" and "在任期 2 获得 n1, n3 的选票": the same voters, the same term.
            const std::size_t in_term = reason.en.find(" in term ");
            ASSERT_TRUE(reason.en.starts_with("votes from ") && in_term != std::string::npos);
            const std::string voters = reason.en.substr(11, in_term - 11), term = reason.en.substr(in_term + 9);
            EXPECT_EQ(reason.zh, "在任期 " + term + " 获得 " + voters + " 的选票");
        }
        if (e.type == "stopped") {
            ++stopped;
            EXPECT_EQ(reason.en, "stop_at 11s reached");
            EXPECT_EQ(reason.zh, "已到 stop_at 11s");
        }
    }
    EXPECT_GE(phases, 8u);
    EXPECT_GE(leaders, 2u) << "the first leader and the one after the failover";
    EXPECT_EQ(stopped, 2u) << "both clients stop";
}

// `when: {node: c1, phase: open}` fires at the very moment c1 enters open.
TEST(Phases, NarrativeStepWaitsForAPhase) {
    const Scenario scenario = load_shipped("resilience/circuit-breaker.yaml");
    const std::vector<Event> events = run_sim(scenario, scenario.seed);
    std::int64_t opened = -1;
    std::vector<std::int64_t> steps;
    for (const Event& e : events) {
        if (opened < 0 && e.kind == EventKind::Phase && e.node == "c1" && e.type == "open")
            opened = e.t_ns;
        if (e.kind == EventKind::Step)
            steps.push_back(e.t_ns);
    }
    ASSERT_GE(opened, 0);
    std::size_t index = 0;
    for (; index < scenario.steps.size(); ++index)
        if (scenario.steps[index].when && scenario.steps[index].when->phase == "open")
            break;
    ASSERT_LT(index, scenario.steps.size()) << "the scenario waits for the open phase";
    ASSERT_LT(index, steps.size());
    EXPECT_EQ(steps[index], opened);
}

// The RunStarted event describes the run's roles, so a consumer needs no registry of its own.
TEST(Phases, RunStartedCarriesTheRoleCatalog) {
    const Scenario scenario = load_shipped("consensus/leader-failover.yaml");
    const std::vector<Event> events = run_sim(scenario, scenario.seed);
    const RoleCatalog catalog = catalog_of(events, core::RoleRegistry{});
    const core::RoleDescriptor* raft = catalog.role("raft");
    ASSERT_NE(raft, nullptr);
    EXPECT_EQ(raft->leader_phase, "leader");
    ASSERT_TRUE(raft->epoch.has_value());
    EXPECT_EQ(raft->epoch->field, "term");
    ASSERT_NE(raft->find_phase("candidate"), nullptr);
    EXPECT_EQ(raft->find_phase("candidate")->zh, "候选者");
    for (const NodeSpec& node : scenario.nodes) {
        ASSERT_NE(catalog.role_of_node(node.id), nullptr) << node.id;
        EXPECT_EQ(catalog.role_of_node(node.id)->name, node.role);
    }
    // Raft re-enters follower on every newer term it hears of; the driver reports a phase only
    // when it changes. Every phase is one the node's role declares (servers and clients alike).
    std::map<std::string, std::string> last;
    std::size_t phase_events = 0;
    for (const Event& e : events) {
        if (e.kind != EventKind::Phase)
            continue;
        ++phase_events;
        EXPECT_NE(last[e.node], e.type) << e.node << " at " << e.t_ns;
        ASSERT_NE(catalog.role_of_node(e.node), nullptr) << e.node;
        EXPECT_NE(catalog.role_of_node(e.node)->find_phase(e.type), nullptr) << e.node << " " << e.type;
        last[e.node] = e.type;
    }
    EXPECT_GT(phase_events, 3u);
}

// `kill: leader` kills the node in its role's leader phase, never a follower.
TEST(Phases, LeaderSelectorReadsTheLeaderPhase) {
    const Scenario scenario = load_shipped("consensus/leader-failover.yaml");
    for (std::uint64_t seed : {1u, 5u, 9u}) {
        SCOPED_TRACE(::testing::Message() << "seed " << seed);
        const std::vector<Event> events = run_sim(scenario, seed);
        std::map<std::string, std::string> phase;
        bool killed = false;
        for (const Event& e : events) {
            if (e.kind == EventKind::Phase)
                phase[e.node] = e.type;
            if (e.kind == EventKind::FaultInjected && e.type == "kill") {
                const core::Json data = core::Json::parse(e.data);
                ASSERT_TRUE(data.contains("targets")) << e.data;
                for (const auto& target : data["targets"]) {
                    EXPECT_EQ(phase[target.get<std::string>()], "leader") << e.data;
                    killed = true;
                }
            }
        }
        EXPECT_TRUE(killed);
    }
}

TEST(Phases, LoaderRefusesAPhaseTheRoleDoesNotDeclare) {
    const std::string yaml = "version: 1\nname: sim-test\nfamily: testing\n"
                             "title: {en: Test, zh: Test}\nsummary: {en: Test, zh: Test}\n"
                             "nodes:\n  - {id: a, role: ping}\n"
                             "steps:\n  - when: {node: a, phase: elected}\n    say: {en: x, zh: x}\n"
                             "  - when: {node: any, phase: leader}\n    say: {en: y, zh: y}\n";
    auto loaded = load_scenario_text(yaml, "test.yaml", test_roles(), {});
    ASSERT_FALSE(loaded);
    ASSERT_EQ(loaded.error().size(), 1u);
    EXPECT_NE(loaded.error()[0].message.find("unknown phase \"elected\" for node \"a\"; known phases: follower, leader"),
              std::string::npos)
        << loaded.error()[0].message;
    EXPECT_EQ(loaded.error()[0].line, 9);   // the step's line
}

}  // namespace
}  // namespace distlab::netlab::test
