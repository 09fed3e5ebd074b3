// The saga checks on hand-made event streams: what a correct saga never does (compensate out
// of order, twice, before its step, or not at all; create or lose units; leave a saga pending).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"

namespace distlab::netlab {
namespace {

using core::Json;

Scenario scenario(const std::string& checks) {
    const std::string yaml =
        "version: 1\nname: saga-test\nfamily: transactions\n"
        "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\nduration: 10s\n"
        "nodes:\n"
        "  - {id: c1, role: saga-client, params: {target: orc}}\n"
        "  - {id: orc, role: saga-orchestrator, params: {steps: [p1, p2, p3]}}\n"
        "  - {id: p1, role: saga-participant}\n"
        "  - {id: p2, role: saga-participant}\n"
        "  - {id: p3, role: saga-participant}\n"
        "checks:\n" + checks;
    auto loaded = load_scenario_text(yaml, "test.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return *loaded;
}

// `node` announces it did `action` (record `id`) for saga c1.1 at t_ms.
Event applied(std::int64_t t_ms, const std::string& node, const std::string& action, const std::string& id,
              const std::string& saga = "c1.1") {
    Event e;
    e.t_ns = t_ms * 1'000'000;
    e.kind = EventKind::MessageSent;
    e.node = node;
    e.peer = "orc";
    e.type = action + "_reply";
    e.data = Json{{"ok", true}, {"saga", saga}, {"applied", {{"action", action}, {"id", id}}}}.dump();
    return e;
}

Event state(std::int64_t t_ms, const std::string& node, int initial, int available, int held, int consumed,
            int pending = 0) {
    Event e;
    e.t_ns = t_ms * 1'000'000;
    e.kind = EventKind::State;
    e.node = node;
    e.data = Json{{"initial", initial}, {"available", available}, {"held", held}, {"consumed", consumed},
                  {"pending", pending}}
                 .dump();
    return e;
}

CheckResult judge(const std::string& check, const std::vector<Event>& events) {
    const Scenario s = scenario("  - " + check + "\n");
    return run_checks(RunView{s, events}, CheckRegistry::builtin()).front();
}

// c1.1: p1 and p2 ran their steps, p3 refused.
std::vector<Event> third_step_refused() {
    return {applied(10, "p1", "step", "p1#1"), applied(20, "p2", "step", "p2#1"), applied(30, "p3", "refuse", "p3#1")};
}

TEST(SagaChecks, CompensationsPassInReverseOrderOnceEach) {
    auto events = third_step_refused();
    events.push_back(applied(40, "p2", "compensate", "p2#2"));
    events.push_back(applied(45, "p2", "compensate", "p2#2"));   // a retry answered from the log
    events.push_back(applied(50, "p1", "compensate", "p1#2"));
    const CheckResult r = judge("compensations: true", events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("1 went backward; their 2 compensations"), std::string::npos) << r.detail;
    EXPECT_FALSE(r.detail_zh.empty());
}

TEST(SagaChecks, CompensationsFailOutOfOrder) {
    auto events = third_step_refused();
    events.push_back(applied(40, "p1", "compensate", "p1#2"));
    events.push_back(applied(50, "p2", "compensate", "p2#2"));
    const CheckResult r = judge("compensations: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("p1 was compensated before p2"), std::string::npos) << r.detail;
}

TEST(SagaChecks, CompensationsFailWhenAppliedTwice) {
    auto events = third_step_refused();
    events.push_back(applied(40, "p2", "compensate", "p2#2"));
    events.push_back(applied(45, "p2", "compensate", "p2#3"));   // a second change of state
    events.push_back(applied(50, "p1", "compensate", "p1#2"));
    const CheckResult r = judge("compensations: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("p2 applied its compensation 2 times"), std::string::npos) << r.detail;
}

TEST(SagaChecks, CompensationsFailWhenAStepIsLeftOrRunsAfterItsCompensation) {
    auto events = third_step_refused();
    events.push_back(applied(40, "p2", "compensate", "p2#2"));
    const CheckResult left = judge("compensations: true", events);
    EXPECT_EQ(left.verdict, Verdict::Fail);
    EXPECT_NE(left.detail.find("p1's step (p1#1) was never compensated"), std::string::npos) << left.detail;

    std::vector<Event> late = {applied(10, "p1", "compensate", "p1#1"), applied(20, "p1", "step", "p1#2"),
                               applied(30, "p2", "refuse", "p2#1")};
    const CheckResult r = judge("compensations: true", late);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("after its compensation"), std::string::npos) << r.detail;
}

TEST(SagaChecks, UnitsConservedCatchesUnitsCreatedOrLost) {
    std::vector<Event> events = {state(10, "p1", 100, 97, 3, 0), state(20, "p1", 100, 97, 0, 2)};
    CheckResult r = judge("units_conserved: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("1 units fewer than its 100"), std::string::npos) << r.detail;
    events = {state(10, "p1", 100, 97, 3, 0), state(20, "p1", 100, 103, 0, 0), state(20, "p2", 50, 50, 0, 0)};
    r = judge("units_conserved: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("3 units more than its 100"), std::string::npos) << r.detail;
    EXPECT_EQ(r.nodes, std::vector<std::string>{"p1"});
    events = {state(10, "p1", 100, 97, 3, 0), state(20, "p1", 100, 99, 0, 1)};
    r = judge("units_conserved: true", events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_EQ(judge("units_conserved: true", {}).verdict, Verdict::Unknown);
}

TEST(SagaChecks, NoPendingLeftReadsTheLastSnapshot) {
    std::vector<Event> events = {state(10, "p1", 100, 97, 3, 0, 3), state(20, "p1", 100, 100, 0, 0, 0),
                                 state(20, "p2", 10, 8, 2, 0, 2)};
    const CheckResult r = judge("no_pending_left: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("p2 holds 2 units for 2 pending sagas"), std::string::npos) << r.detail;
    EXPECT_EQ(r.nodes, std::vector<std::string>{"p2"});
    events.pop_back();
    EXPECT_EQ(judge("no_pending_left: true", events).verdict, Verdict::Pass);
}

}  // namespace
}  // namespace distlab::netlab
