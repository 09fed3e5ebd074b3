// acked_writes_lost on hand-made histories: which primary's state it compares with, what it
// lists, and when it cannot say.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"

namespace distlab::netlab {
namespace {

using core::Json;

class AckedWritesLostTest : public ::testing::Test {
protected:
    void invoke_put(std::int64_t t_ms, std::uint64_t op, const std::string& value, const char* outcome) {
        events.push_back({.t_ns = t_ms * 1'000'000, .kind = EventKind::OpInvoked, .node = "c1", .msg_id = op,
                          .type = "put", .data = Json{{"key", "k0"}, {"value", value}}.dump()});
        events.push_back({.t_ns = t_ms * 1'000'000 + 1, .kind = EventKind::OpCompleted, .node = "c1", .msg_id = op,
                          .type = outcome, .data = "{}"});
    }
    void state(std::int64_t t_ms, const char* node, const char* mode, std::int64_t epoch, const std::string& held) {
        events.push_back({.t_ns = t_ms * 1'000'000, .kind = EventKind::State, .node = node,
                          .data = Json{{"mode", mode}, {"epoch", epoch},
                                       {"writes", {{"by_client", {{"c1", held}}}, {"other", Json::array()}}}}
                                      .dump()});
    }
    CheckResult judge() {
        const CheckInfo* info = CheckRegistry::builtin().find("acked_writes_lost");
        EXPECT_TRUE(info);
        const auto check = info->make(core::Params(Json::object()));
        const RoleCatalog catalog(core::RoleRegistry::builtin(),
                                  {{"n1", "lf-node"}, {"n2", "lf-node"}, {"c1", "kv-client"}});
        return check->evaluate(RunView{scenario, events, &catalog}, std::chrono::steady_clock::now());
    }

    Scenario scenario;
    std::vector<Event> events;
};

TEST_F(AckedWritesLostTest, ComparesWithTheLivePrimaryOfTheHighestEpoch) {
    invoke_put(10, 1, "c1-1", "ok");
    invoke_put(20, 2, "c1-2", "ok");
    invoke_put(30, 3, "c1-3", "info");   // never acknowledged: not counted
    invoke_put(40, 4, "c1-4", "ok");
    state(50, "n1", "primary", 1, "1-4");
    state(60, "n2", "primary", 2, "1");
    const CheckResult r = judge();
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("3 acknowledged writes, 2 lost: missing from n2, the primary at the end (epoch 2)"),
              std::string::npos)
        << r.detail;
    EXPECT_NE(r.detail.find("c1-2 (k0 @ 0.020s), c1-4 (k0 @ 0.040s)"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail_zh.find("丢失"), std::string::npos);
    EXPECT_EQ(r.ops, (std::vector<EventRef>{{"c1", 2}, {"c1", 4}}));
    ASSERT_TRUE(r.window_ns);
    EXPECT_EQ(r.window_ns->first, 20'000'001);
}

TEST_F(AckedWritesLostTest, PassesWhenThePrimaryHoldsEveryAcknowledgedWrite) {
    invoke_put(10, 1, "c1-1", "ok");
    invoke_put(20, 2, "c1-2", "ok");
    state(50, "n2", "primary", 2, "1-2");
    state(60, "n1", "replica", 2, "1");
    EXPECT_EQ(judge().verdict, Verdict::Pass);
}

TEST_F(AckedWritesLostTest, CannotSayWithoutALivePrimary) {
    invoke_put(10, 1, "c1-1", "ok");
    state(50, "n1", "primary", 1, "1");
    events.push_back({.t_ns = 60'000'000, .kind = EventKind::NodeExited, .node = "n1",
                      .data = Json{{"cause", "fault"}}.dump()});
    const CheckResult r = judge();
    EXPECT_EQ(r.verdict, Verdict::Unknown);
    EXPECT_NE(r.detail.find("no lf-node is primary at the end"), std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
