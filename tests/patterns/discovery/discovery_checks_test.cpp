// registry_detection and dead_instance_calls on hand-made histories: the bounds they read from
// the registry's snapshots, late detection, calls past the window, graceful deaths, and when
// they cannot say.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"

namespace distlab::netlab {
namespace {

using core::Json;

class DiscoveryChecksTest : public ::testing::Test {
protected:
    static std::int64_t ms(std::int64_t v) { return v * 1'000'000; }

    // A registry snapshot: nacos-fast timings (1.5 s / 3 s, checked every 100 ms).
    void registry_state(std::int64_t t_ms, Json instances, bool preserving = false, const char* node = "r1") {
        events.push_back({.t_ns = ms(t_ms), .kind = EventKind::State, .node = node,
                          .data = Json{{"instances", std::move(instances)}, {"self_preservation", preserving},
                                       {"unhealthy_after_ms", 1500}, {"remove_after_ms", 3000},
                                       {"check_interval_ms", 100}}
                                      .dump()});
    }
    void killed(std::int64_t t_ms, const char* node) {
        events.push_back({.t_ns = ms(t_ms), .kind = EventKind::NodeExited, .node = node,
                          .data = Json{{"cause", "fault"}, {"signal", 9}}.dump()});
    }
    void end_at(std::int64_t t_ms) {
        events.push_back({.t_ns = ms(t_ms), .kind = EventKind::RunEnded, .data = "{}"});
    }
    void phase(std::int64_t t_ms, const char* node, const char* phase) {
        events.push_back({.t_ns = ms(t_ms), .kind = EventKind::Phase, .node = node, .type = phase, .data = "{}"});
    }
    void call(std::int64_t t_ms, std::uint64_t op, const char* instance) {
        events.push_back({.t_ns = ms(t_ms), .kind = EventKind::OpInvoked, .node = "c1", .msg_id = op,
                          .type = "call", .data = Json{{"instance", instance}}.dump()});
    }
    CheckResult judge(const char* name, Json args = Json::object()) {
        const CheckInfo* info = CheckRegistry::builtin().find(name);
        EXPECT_TRUE(info);
        Json resolved = args;
        for (const auto& spec : info->params)
            if (!resolved.contains(spec.name))
                resolved[spec.name] = spec.name == "slack" ? Json(200'000'000) : spec.default_value;
        const auto check = info->make(core::Params(resolved));
        const RoleCatalog catalog(core::RoleRegistry::builtin(), {{"r1", "registry"},
                                                                  {"r2", "registry"},
                                                                  {"s1", "service-instance"},
                                                                  {"s2", "service-instance"},
                                                                  {"c1", "discovery-client"}});
        return check->evaluate(RunView{scenario, events, &catalog}, std::chrono::steady_clock::now());
    }

    Scenario scenario;
    std::vector<Event> events;
};

TEST_F(DiscoveryChecksTest, AKilledInstanceDelistedAndRemovedInTimePasses) {
    registry_state(0, {{"s1", "healthy"}, {"s2", "healthy"}});
    killed(1000, "s2");
    call(1100, 1, "s2");
    call(2400, 2, "s2");
    registry_state(2550, {{"s1", "healthy"}, {"s2", "unhealthy"}});
    call(2600, 3, "s1");
    registry_state(4050, {{"s1", "healthy"}});
    const CheckResult detection = judge("registry_detection");
    EXPECT_EQ(detection.verdict, Verdict::Pass) << detection.detail;
    EXPECT_NE(detection.detail.find("s2 (killed at 1.000s): delisted after 1.55s (bound 1.8s), removed after 3.05s "
                                    "(bound 3.3s)"),
              std::string::npos)
        << detection.detail;
    const CheckResult calls = judge("dead_instance_calls");
    EXPECT_EQ(calls.verdict, Verdict::Pass) << calls.detail;
    EXPECT_NE(calls.detail.find("2 calls routed to it after it stopped, the last 1.4s after"), std::string::npos)
        << calls.detail;
    // The same run, allowed no call to a dead instance.
    EXPECT_EQ(judge("dead_instance_calls", {{"max", 0}}).verdict, Verdict::Fail);
}

TEST_F(DiscoveryChecksTest, LateDetectionAndCallsPastTheWindowFail) {
    registry_state(0, {{"s1", "healthy"}, {"s2", "healthy"}});
    killed(1000, "s2");
    call(2900, 7, "s2");
    registry_state(3000, {{"s1", "healthy"}, {"s2", "unhealthy"}});
    registry_state(6000, {{"s1", "healthy"}, {"s2", "unhealthy"}});
    const CheckResult detection = judge("registry_detection");
    EXPECT_EQ(detection.verdict, Verdict::Fail);
    EXPECT_NE(detection.detail.find("delisted after 2s (bound 1.8s) LATE"), std::string::npos) << detection.detail;
    EXPECT_NE(detection.detail.find("removed: never (bound 3.3s)"), std::string::npos) << detection.detail;
    EXPECT_EQ(detection.nodes, (std::vector<std::string>{"s2"}));
    const CheckResult calls = judge("dead_instance_calls");
    EXPECT_EQ(calls.verdict, Verdict::Fail);
    EXPECT_EQ(calls.ops, (std::vector<EventRef>{{"c1", 7}}));
}

TEST_F(DiscoveryChecksTest, AGracefulShutdownIsJudgedFromItsDeregistration) {
    registry_state(0, {{"s1", "healthy"}, {"s2", "healthy"}});
    phase(1000, "s2", "draining");
    registry_state(1010, {{"s1", "healthy"}});
    call(1100, 1, "s2");   // While draining: served, not counted.
    phase(1300, "s2", "stopped");
    call(1400, 2, "s1");
    registry_state(1500, {{"s1", "healthy"}});
    EXPECT_EQ(judge("registry_detection").verdict, Verdict::Pass);
    const CheckResult calls = judge("dead_instance_calls", {{"max", 0}});
    EXPECT_EQ(calls.verdict, Verdict::Pass) << calls.detail;
    EXPECT_NE(calls.detail.find("s2 (shut down at 1.000s): 0 calls"), std::string::npos) << calls.detail;
}

TEST_F(DiscoveryChecksTest, SelfPreservationIsReportedNotJudged) {
    registry_state(0, {{"s1", "healthy"}, {"s2", "healthy"}});
    killed(1000, "s2");
    registry_state(1500, {{"s1", "healthy"}, {"s2", "healthy"}}, true);
    registry_state(9000, {{"s1", "healthy"}, {"s2", "healthy"}}, true);
    const CheckResult r = judge("registry_detection");
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("held by self-preservation"), std::string::npos) << r.detail;
}

TEST_F(DiscoveryChecksTest, ADeadRegistrysLastViewNoLongerCounts) {
    registry_state(0, {{"s1", "healthy"}, {"s2", "healthy"}});
    registry_state(0, {{"s1", "healthy"}, {"s2", "healthy"}}, false, "r2");
    killed(1000, "s2");
    killed(1200, "r1");
    registry_state(2550, {{"s1", "healthy"}, {"s2", "unhealthy"}}, false, "r2");
    registry_state(4050, {{"s1", "healthy"}}, false, "r2");
    const CheckResult r = judge("registry_detection");
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("delisted after 1.55s"), std::string::npos) << r.detail;
}

TEST_F(DiscoveryChecksTest, NothingIsDelistedWhileNoRegistryIsUp) {
    registry_state(0, {{"s1", "healthy"}, {"s2", "healthy"}});
    killed(500, "r1");
    killed(1000, "s2");
    end_at(5000);
    const CheckResult r = judge("registry_detection");
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_NE(r.detail.find("delisted: never"), std::string::npos) << r.detail;
}

TEST_F(DiscoveryChecksTest, UnknownWithoutADeathOrARegistry) {
    registry_state(0, {{"s1", "healthy"}});
    EXPECT_EQ(judge("registry_detection").verdict, Verdict::Unknown);
    events.clear();
    killed(1000, "s2");
    EXPECT_EQ(judge("dead_instance_calls").verdict, Verdict::Unknown);
}

}  // namespace
}  // namespace distlab::netlab
