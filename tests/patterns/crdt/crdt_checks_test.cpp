// crdt_values_allowed and crdt_converged on hand-made histories: the counter range with
// unknown adds, sets losing an add after a remove, registers losing the newest write, phantom
// values, convergence time, replicas that never agree, and when the checks cannot say.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"

namespace distlab::netlab {
namespace {

using core::Json;

class CrdtChecksTest : public ::testing::Test {
protected:
    // An operation of client `c` from t_ms to t_ms + 10 ("" outcome: never completed).
    void op(const char* c, std::int64_t t_ms, const char* f, const char* type, Json value, const char* outcome,
            Json result = nullptr, bool final_read = false) {
        Json invoked = {{"type", type}, {"key", "k"}};
        if (!value.is_null())
            invoked["value"] = value;
        if (final_read)
            invoked["final"] = true;
        const std::uint64_t id = ++ids_[c];
        events.push_back({.t_ns = t_ms * 1'000'000, .kind = EventKind::OpInvoked, .node = c, .msg_id = id, .type = f,
                          .data = invoked.dump()});
        if (*outcome)
            events.push_back({.t_ns = (t_ms + 10) * 1'000'000, .kind = EventKind::OpCompleted, .node = c, .msg_id = id,
                              .type = outcome,
                              .data = result.is_null() ? "{}" : Json{{"value", result}}.dump()});
    }
    void final_read(const char* c, std::int64_t t_ms, const char* type, Json result) {
        op(c, t_ms, "read", type, nullptr, "ok", std::move(result), true);
    }
    void state(std::int64_t t_ms, const char* node, Json objects) {
        events.push_back({.t_ns = t_ms * 1'000'000, .kind = EventKind::State, .node = node,
                          .data = Json{{"objects", std::move(objects)}}.dump()});
    }
    void fault(std::int64_t t_ms, EventKind kind) {
        events.push_back({.t_ns = t_ms * 1'000'000, .kind = kind, .type = "partition", .data = "{}"});
    }
    CheckResult judge(const char* name, Json args = Json::object()) {
        const CheckInfo* info = CheckRegistry::builtin().find(name);
        EXPECT_TRUE(info);
        const auto check = info->make(core::Params(std::move(args)));
        const RoleCatalog catalog(core::RoleRegistry::builtin(), {{"r1", "crdt-replica"},
                                                                  {"r2", "crdt-replica"},
                                                                  {"c1", "crdt-client"},
                                                                  {"c2", "crdt-client"}});
        std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
        return check->evaluate(RunView{scenario, events, &catalog}, std::chrono::steady_clock::now());
    }

    Scenario scenario;
    std::vector<Event> events;
    std::map<std::string, std::uint64_t> ids_;
};

TEST_F(CrdtChecksTest, ACounterReadMustLieBetweenTheSureAndThePossibleSums) {
    op("c1", 10, "add", "pn-counter", 5, "ok");
    op("c1", 20, "add", "pn-counter", -2, "info");   // may or may not have happened
    op("c2", 30, "add", "pn-counter", 4, "info");
    op("c2", 40, "add", "pn-counter", 100, "fail");  // certainly did not
    final_read("c1", 100, "pn-counter", 7);
    final_read("c2", 100, "pn-counter", 3);
    CheckResult r = judge("crdt_values_allowed");
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("within [3, 9]"), std::string::npos) << r.detail;

    final_read("c2", 200, "pn-counter", 2);
    r = judge("crdt_values_allowed");
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("c2's final read 2 is below 3"), std::string::npos) << r.detail;
    EXPECT_EQ(r.ops, (std::vector<EventRef>{{"c2", 4}}));
}

TEST_F(CrdtChecksTest, ACounterReadAboveTheRangeCountedTwice) {
    op("c1", 10, "add", "g-counter", 5, "ok");
    final_read("c1", 100, "g-counter", 10);
    const CheckResult r = judge("crdt_values_allowed");
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("counted twice"), std::string::npos) << r.detail;
}

TEST_F(CrdtChecksTest, AnAddAfterEveryRemoveOfItsElementMustSurvive) {
    op("c1", 10, "add", "2p-set", "milk", "ok");
    op("c2", 30, "remove", "2p-set", "milk", "ok");
    op("c1", 50, "add", "2p-set", "milk", "ok");    // after the remove completed (at 40)
    final_read("c1", 100, "2p-set", Json::array());
    CheckResult r = judge("crdt_values_allowed");
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("lacks \"milk\", added by c1 at 0.050s"), std::string::npos) << r.detail;
    EXPECT_EQ(r.ops, (std::vector<EventRef>{{"c1", 3}, {"c1", 2}}));
}

TEST_F(CrdtChecksTest, AnAddConcurrentWithARemoveMayGoEitherWay) {
    op("c1", 10, "add", "or-set", "milk", "ok");
    op("c2", 15, "remove", "or-set", "milk", "ok");   // overlaps the add
    final_read("c1", 100, "or-set", Json::array());
    EXPECT_EQ(judge("crdt_values_allowed").verdict, Verdict::Pass);
}

TEST_F(CrdtChecksTest, ASetReadHoldingWhatNobodyAddedFails) {
    op("c1", 10, "add", "g-set", "a", "ok");
    final_read("c1", 100, "g-set", Json::array({"a", "z"}));
    const CheckResult r = judge("crdt_values_allowed");
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("\"z\", which no operation added"), std::string::npos) << r.detail;
}

TEST_F(CrdtChecksTest, ARegisterMustKeepTheNewestWrite) {
    op("c1", 10, "write", "lww-register", "10", "ok");
    op("c2", 50, "write", "lww-register", "12", "ok");
    final_read("c1", 100, "lww-register", "10");
    CheckResult r = judge("crdt_values_allowed");
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("lacks the newest write 12 (c2 @ 0.050s)"), std::string::npos) << r.detail;

    events.clear();
    ids_.clear();
    op("c1", 10, "write", "mv-register", "10", "ok");
    op("c2", 50, "write", "mv-register", "12", "ok");
    final_read("c1", 100, "mv-register", Json::array({"10", "12"}));   // siblings: fine
    EXPECT_EQ(judge("crdt_values_allowed").verdict, Verdict::Pass);
}

TEST_F(CrdtChecksTest, WithoutAFinalReadTheValuesAreUnknown) {
    op("c1", 10, "add", "g-counter", 1, "ok");
    op("c1", 20, "read", "g-counter", nullptr, "ok", 1);   // not a final read
    EXPECT_EQ(judge("crdt_values_allowed").verdict, Verdict::Unknown);
}

TEST_F(CrdtChecksTest, ConvergedMeasuresFromTheHealAndTheLastUpdate) {
    const Json a = {{"k", {{"state", 1}}}}, b = {{"k", {{"state", 2}}}};
    fault(100, EventKind::FaultInjected);
    state(150, "r1", a);
    state(160, "r2", b);
    fault(1000, EventKind::FaultHealed);
    op("c1", 1100, "add", "g-counter", 1, "ok");
    state(1400, "r1", b);
    CheckResult r = judge("crdt_converged", {{"within", 500'000'000}, {"after", "last_heal"}});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("r1, r2 hold the same state, 300ms after"), std::string::npos) << r.detail;
    r = judge("crdt_converged", {{"within", 200'000'000}, {"after", "last_heal"}});
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("later than the bound 200ms"), std::string::npos) << r.detail;
}

TEST_F(CrdtChecksTest, ReplicasThatDifferAtTheEndFail) {
    fault(100, EventKind::FaultHealed);
    state(150, "r1", {{"k", {{"state", 1}}}});
    state(160, "r2", {{"k", {{"state", 2}}}});
    const CheckResult r = judge("crdt_converged", {{"within", 500'000'000}, {"after", "last_heal"}});
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("r1 and r2 hold different states of \"k\""), std::string::npos) << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"r1", "r2"}));
}

TEST_F(CrdtChecksTest, ConvergedIsUnknownWithoutTheHealOrTheReplicas) {
    state(150, "r1", Json::object());
    EXPECT_EQ(judge("crdt_converged", {{"within", 500'000'000}, {"after", "last_heal"}}).verdict, Verdict::Unknown);
    fault(100, EventKind::FaultHealed);
    EXPECT_EQ(judge("crdt_converged", {{"within", 500'000'000}, {"after", "last_heal"}}).verdict, Verdict::Unknown);
}

}  // namespace
}  // namespace distlab::netlab
