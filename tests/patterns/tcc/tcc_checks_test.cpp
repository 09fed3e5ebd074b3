// The TCC bank checks on hand-made event streams: reads and final balances that sum to the
// total or not, reservations left held, and a release of what was never reserved.

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
        "version: 1\nname: tcc-test\nfamily: transactions\n"
        "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\nduration: 10s\n"
        "nodes:\n"
        "  - {id: c1, role: tcc-client, params: {target: co, participants: [p1, p2]}}\n"
        "  - {id: co, role: tcc-coordinator, params: {participants: [p1, p2]}}\n"
        "  - {id: p1, role: tcc-participant}\n"
        "  - {id: p2, role: tcc-participant}\n"
        "checks:\n" + checks;
    auto loaded = load_scenario_text(yaml, "test.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return *loaded;
}

Event state(std::int64_t t_ms, const char* node, std::int64_t sum, Json extra = Json::object()) {
    Json snap = {{"sum", sum}, {"initial_total", 1000}, {"reservations", 0}, {"held", 0}, {"unreserved", 0}};
    snap.update(extra);
    Event e;
    e.t_ns = t_ms * 1'000'000;
    e.kind = EventKind::State;
    e.node = node;
    e.data = snap.dump();
    return e;
}

std::vector<Event> read(std::int64_t t_ms, std::uint64_t op, Json value, const char* status = "ok") {
    Event invoked;
    invoked.t_ns = t_ms * 1'000'000;
    invoked.kind = EventKind::OpInvoked;
    invoked.node = "c1";
    invoked.msg_id = op;
    invoked.type = "read";
    invoked.data = "{}";
    Event completed = invoked;
    completed.t_ns += 20'000'000;
    completed.kind = EventKind::OpCompleted;
    completed.type = status;
    completed.data = value.dump();
    return {invoked, completed};
}

CheckResult judge(const std::string& check, const std::vector<Event>& events) {
    const Scenario s = scenario("  - " + check + "\n");
    return run_checks(RunView{s, events}, CheckRegistry::builtin()).front();
}

void append(std::vector<Event>& to, const std::vector<Event>& more) { to.insert(to.end(), more.begin(), more.end()); }

TEST(TccChecks, ConservationPassesWhenEveryReadAndTheEndSumToTheTotal) {
    std::vector<Event> events = {state(0, "p1", 1000), state(0, "p2", 1000)};
    append(events, read(100, 1, {{"sum", 2000}}));
    append(events, read(200, 2, {{"error", "p2 did not answer"}}, "fail"));   // a failed read says nothing
    events.push_back(state(300, "p1", 900));
    events.push_back(state(300, "p2", 1100));
    const CheckResult r = judge("conservation: true", events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("every one of 1 reads summed to 2000"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("(p1 900, p2 1100)"), std::string::npos) << r.detail;
    EXPECT_FALSE(r.detail_zh.empty());
}

TEST(TccChecks, ConservationFailsOnAReadThatDoesNotSum) {
    std::vector<Event> events = {state(0, "p1", 1000), state(0, "p2", 1000)};
    append(events, read(100, 1, {{"sum", 2000}}));
    append(events, read(200, 2, {{"sum", 1970}}));
    const CheckResult r = judge("conservation: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("1 of 2 reads did not sum to 2000; first at 0.220s: 1970 (-30)"), std::string::npos)
        << r.detail;
    ASSERT_EQ(r.ops.size(), 1u);
    EXPECT_EQ(r.ops[0].id, 2u);
}

TEST(TccChecks, ConservationFailsWhenTheEndDoesNotSum) {
    std::vector<Event> events = {state(0, "p1", 1000), state(0, "p2", 1000), state(500, "p2", 1040)};
    const CheckResult r = judge("conservation: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("at the end the participants hold 2040 (p1 1000, p2 1040), not 2000"), std::string::npos)
        << r.detail;
}

TEST(TccChecks, UnknownWithoutEveryParticipantsBalances) {
    const CheckResult r = judge("conservation: true", {state(0, "p1", 1000)});
    EXPECT_EQ(r.verdict, Verdict::Unknown);
}

TEST(TccChecks, NoReservationHeldPassesWhenAllIsSettled) {
    std::vector<Event> events = {state(0, "p1", 1000, {{"reservations", 2}, {"held", 40}}), state(0, "p2", 1000),
                                 state(100, "p1", 1000, {{"tries", 2}, {"confirms", 1}, {"cancels", 1}})};
    const CheckResult r = judge("no_reservation_held: true", events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("2 tries, 1 confirms, 1 cancels"), std::string::npos) << r.detail;
}

TEST(TccChecks, NoReservationHeldFailsOnAReservationLeftAtTheEnd) {
    std::vector<Event> events = {state(0, "p1", 1000), state(0, "p2", 1000, {{"reservations", 1}, {"held", 25}})};
    const CheckResult r = judge("no_reservation_held: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("p2 holds 1 reservation (25 reserved)"), std::string::npos) << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"p2"}));
}

TEST(TccChecks, NoReservationHeldFailsOnAReleaseOfWhatWasNeverReserved) {
    // Released at 100 ms, made good by 200 ms: the moment it could be spent twice still counts.
    std::vector<Event> events = {state(0, "p1", 1000), state(0, "p2", 1000),
                                 state(100, "p1", 1000, {{"unreserved", 30}}), state(200, "p1", 1000)};
    const CheckResult r = judge("no_reservation_held: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("p1 released what was never reserved from 0.100s (up to 30)"), std::string::npos)
        << r.detail;
}

}  // namespace
}  // namespace distlab::netlab
