// Every registered role keeps what its descriptor declares (netlab/checks/role_conformance.h):
// each shipped scenario runs in the simulator and its nodes are judged against the run's role
// catalog; every role of the registry must be exercised by some shipped scenario.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"
#include "netlab/checks/check.h"
#include "netlab/checks/role_conformance.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "tests/support/shipped_scenarios.h"

namespace distlab::netlab {
namespace {

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

std::optional<Scenario> load(const std::string& file) {
    auto loaded = load_scenario_file(file, core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << file << ": " << (loaded ? "" : loaded.error().front().str());
    if (!loaded)
        return std::nullopt;
    return std::move(*loaded);
}

std::vector<Event> simulate(const Scenario& scenario) {
    Collector collector;
    SimRun run(scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    return std::move(collector.events);
}

std::string lines(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& p : problems)
        out += "\n  " + p;
    return out;
}

TEST(RoleConformance, EveryRoleAppearsInAShippedScenario) {
    std::set<std::string> used;
    for (const std::string& file : test_support::shipped_scenarios())
        if (auto scenario = load(file))
            for (const NodeSpec& node : scenario->nodes)
                used.insert(node.role);
    for (const std::string& role : core::RoleRegistry::builtin().names())
        // A role that runs a program beside it (external) cannot run in the simulator this test
        // judges with, nor name a program every machine has: its own real-process tests judge it.
        EXPECT_TRUE(used.contains(role) || core::RoleRegistry::builtin().find(role)->real_processes_only) << "the role " << role
                                         << " appears in no scenario under scenarios/: the conformance test cannot "
                                            "run it; add a scenario that uses it";
}

class ShippedScenarioConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenarioConformance, EveryNodeKeepsItsRolesDescriptor) {
    const auto scenario = load(GetParam());
    ASSERT_TRUE(scenario);
    const std::vector<Event> events = simulate(*scenario);
    const RoleCatalog catalog = catalog_of(events, core::RoleRegistry::builtin());
    ASSERT_EQ(catalog.node_roles().size(), scenario->nodes.size()) << "the run's RunStarted event names every node";
    const auto problems = role_conformance_problems(events, catalog);
    EXPECT_TRUE(problems.empty()) << scenario->name << ":" << lines(problems);

    // The rules have something to judge: every role with phases announced one.
    std::set<std::string> announced;
    for (const Event& e : events)
        if (e.kind == EventKind::Phase)
            announced.insert(e.node);
    for (const auto& [node, role] : catalog.node_roles()) {
        if (!catalog.role(role)->phases.empty()) {
            EXPECT_TRUE(announced.contains(node)) << node << " (" << role << ") never announced a phase";
        }
    }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& param) {
    return test_support::scenario_test_name(param.param);
}

INSTANTIATE_TEST_SUITE_P(Sim, ShippedScenarioConformance, ::testing::ValuesIn(test_support::shipped_scenarios()),
                         test_name);

// The bug this test exists for: the breaker publishes failure_rate in percent. A descriptor
// that declared it a fraction (full scale 1) must be caught on the breaker's own scenario.
TEST(RoleConformance, CatchesAGaugeDeclaredOnTheWrongScale) {
    const auto scenario = load(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/resilience/circuit-breaker.yaml");
    ASSERT_TRUE(scenario);
    const std::vector<Event> events = simulate(*scenario);
    RoleCatalog catalog = catalog_of(events, core::RoleRegistry::builtin());
    ASSERT_TRUE(role_conformance_problems(events, catalog).empty());

    const core::RoleDescriptor* breaker = catalog.role("breaker-client");
    ASSERT_NE(breaker, nullptr);
    core::RoleDescriptor fraction = *breaker;
    ASSERT_FALSE(fraction.gauges.empty());
    ASSERT_EQ(fraction.gauges.front().field, "failure_rate");
    fraction.gauges.front().full_scale = 1;
    catalog.add_role(fraction);

    const auto problems = role_conformance_problems(events, catalog);
    ASSERT_EQ(problems.size(), 1u) << lines(problems);
    EXPECT_NE(problems[0].find("c1 (breaker-client)"), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("gauge failure_rate = "), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("is outside [0, 1] (full_scale)"), std::string::npos) << problems[0];
}

// The other rules bite too: an undeclared phase, a phase announced late, a missing field.
TEST(RoleConformance, CatchesUndeclaredPhasesLateAnnouncementsAndMissingFields) {
    core::RoleDescriptor lamp;
    lamp.name = "lamp";
    lamp.phases = {{.name = "off", .tone = core::Tone::Neutral, .en = "off", .zh = "关"},
                   {.name = "on", .tone = core::Tone::Healthy, .en = "on", .zh = "开"}};
    lamp.gauges = {{.field = "load", .full_scale = 10, .full_scale_field = "limit", .en = "load", .zh = "负载"}};
    RoleCatalog catalog;
    catalog.add_role(lamp);
    core::Json data = core::Json::object();
    catalog.write(data);
    data["nodes"] = {{"l1", "lamp"}, {"l2", "lamp"}};
    const auto event = [](std::int64_t ms, EventKind kind, std::string node, std::string type, std::string body) {
        return Event{.t_ns = ms * 1'000'000, .kind = kind, .node = std::move(node), .type = std::move(type),
                     .data = std::move(body)};
    };
    const std::vector<Event> events = {
        event(0, EventKind::RunStarted, "", "", data.dump()),
        event(0, EventKind::NodeStarted, "l1", "", "{}"),
        event(0, EventKind::Phase, "l1", "off", "{}"),
        event(1, EventKind::State, "l1", "", R"({"load": 15, "limit": 20})"),   // within its limit
        event(2, EventKind::State, "l1", "", R"({"load": null, "limit": 20})"),  // measuring nothing
        event(3, EventKind::Phase, "l1", "dimmed", "{}"),
        event(4, EventKind::State, "l1", "", R"({"limit": 20})"),
        event(5, EventKind::State, "l1", "", R"({"load": 12})"),                 // no limit: full scale 10
        event(0, EventKind::NodeStarted, "l2", "", "{}"),
        event(6, EventKind::Log, "l2", "info", "hello"),
        event(7, EventKind::Phase, "l2", "on", "{}"),
        event(8, EventKind::NodeExited, "l2", "", "{}"),
        event(9, EventKind::NodeStarted, "l2", "", "{}"),
        event(10, EventKind::MessageSent, "l2", "x", "{}"),
    };
    const auto problems = role_conformance_problems(events, catalog_of(events, core::RoleRegistry::builtin()));
    ASSERT_EQ(problems.size(), 4u) << lines(problems);
    EXPECT_EQ(problems[0], "l1 (lamp) at 0.003s: announced the phase \"dimmed\" its role does not declare");
    EXPECT_EQ(problems[1], "l1 (lamp) at 0.004s: its snapshot lacks the field \"load\" its descriptor names");
    EXPECT_EQ(problems[2], "l1 (lamp) at 0.005s: gauge load = 12 is outside [0, 10] (full_scale)");
    EXPECT_EQ(problems[3],
              "l2 (lamp) at 0.006s: its role has phases, but its log came before it announced one (and 1 more times)");
}

}  // namespace
}  // namespace distlab::netlab
