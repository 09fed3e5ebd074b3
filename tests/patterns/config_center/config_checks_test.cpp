// The config center's checks on hand-made histories: late and missing deliveries, versions never
// published, an instance left on the bad version after a rollback.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"

namespace distlab::netlab {
namespace {

using core::Json;

class ConfigChecksTest : public ::testing::Test {
protected:
    static std::int64_t ms(std::int64_t v) { return v * 1'000'000; }

    // The server's snapshot with `history` ({version, kind, to, at_ms}...) and versions 1..3.
    void server_state(std::int64_t t_ms, Json history) {
        events.push_back({.t_ns = ms(t_ms), .kind = EventKind::State, .node = "cfg",
                          .data = Json{{"history", std::move(history)},
                                       {"values", {{"1", "pool=8"}, {"2", "bad"}, {"3", "pool=16"}}}}
                                      .dump()});
    }
    void apply(std::int64_t t_ms, const char* node, std::int64_t version, const char* value) {
        events.push_back({.t_ns = ms(t_ms), .kind = EventKind::OpInvoked, .node = node, .msg_id = ++op,
                          .type = "apply", .data = Json{{"version", version}, {"value", value}}.dump()});
    }
    void end(std::int64_t t_ms) { events.push_back({.t_ns = ms(t_ms), .kind = EventKind::RunEnded, .data = "{}"}); }
    CheckResult judge(const char* name, Json args = Json::object()) {
        const CheckInfo* info = CheckRegistry::builtin().find(name);
        EXPECT_TRUE(info);
        if (std::string(name) == "config_propagation" && !args.contains("after"))
            args["after"] = "start";
        const auto check = info->make(core::Params(args));
        const RoleCatalog catalog(core::RoleRegistry::builtin(),
                                  {{"cfg", "config-server"}, {"s1", "config-service"}, {"s2", "config-service"}});
        return check->evaluate(RunView{scenario, events, &catalog}, std::chrono::steady_clock::now());
    }
    static Json change(std::int64_t v, const char* kind, Json to, double at_ms) {
        return {{"version", v}, {"kind", kind}, {"to", std::move(to)}, {"at_ms", at_ms}};
    }

    Scenario scenario;
    std::vector<Event> events;
    std::uint64_t op = 0;
};

TEST_F(ConfigChecksTest, AGrayReleaseRolledBackInTimePassesAll) {
    apply(5, "s1", 1, "pool=8");
    apply(6, "s2", 1, "pool=8");
    apply(1003, "s1", 2, "bad");
    apply(1502, "s1", 1, "pool=8");
    server_state(1600, Json{change(1, "initial", "all", 0), change(2, "gray", Json{"s1"}, 1000),
                            change(1, "rollback", Json{"s1"}, 1500)});
    end(3000);
    const CheckResult p = judge("config_propagation", {{"within", ms(100)}});
    EXPECT_EQ(p.verdict, Verdict::Pass) << p.detail;
    EXPECT_NE(p.detail.find("slowest 6ms"), std::string::npos) << p.detail;
    EXPECT_EQ(judge("config_published_only").verdict, Verdict::Pass);
    const CheckResult r = judge("config_rolled_back");
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("rollback to v1 at 1.500s, 1 instances"), std::string::npos) << r.detail;
}

TEST_F(ConfigChecksTest, ALateOrMissingDeliveryFails) {
    apply(5, "s1", 1, "pool=8");
    apply(6, "s2", 1, "pool=8");
    apply(1300, "s1", 3, "pool=16");
    server_state(1600, Json{change(1, "initial", "all", 0), change(3, "publish", "all", 1000)});
    end(3000);
    const CheckResult p = judge("config_propagation", {{"within", ms(100)}});
    EXPECT_EQ(p.verdict, Verdict::Fail);
    EXPECT_NE(p.detail.find("s1 did not run v3 (publish at 1.000s) by 1.100s"), std::string::npos) << p.detail;
    EXPECT_NE(p.detail.find("s2 did not run v3"), std::string::npos) << p.detail;
}

TEST_F(ConfigChecksTest, AnUnpublishedVersionOrValueFails) {
    apply(5, "s1", 1, "pool=8");
    apply(10, "s2", 7, "pool=99");
    apply(20, "s2", 3, "pool=17");
    server_state(1600, Json{change(1, "initial", "all", 0)});
    const CheckResult r = judge("config_published_only");
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("s2 applied v7, never published"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("s2 applied v3 as \"pool=17\", published as \"pool=16\""), std::string::npos) << r.detail;
}

TEST_F(ConfigChecksTest, AnInstanceLeftOnTheBadVersionFailsTheRollback) {
    apply(5, "s1", 1, "pool=8");
    apply(6, "s2", 1, "pool=8");
    apply(1003, "s1", 2, "bad");
    apply(1004, "s2", 2, "bad");
    apply(1502, "s1", 1, "pool=8");
    server_state(1600, Json{change(1, "initial", "all", 0), change(2, "publish", "all", 1000),
                            change(1, "rollback", "all", 1500)});
    end(3000);
    const CheckResult r = judge("config_rolled_back");
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("s2 runs v2"), std::string::npos) << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"s2"}));
}

TEST_F(ConfigChecksTest, UnknownWithoutAServerOrARollback) {
    apply(5, "s1", 1, "pool=8");
    EXPECT_EQ(judge("config_published_only").verdict, Verdict::Unknown);
    server_state(10, Json{change(1, "initial", "all", 0)});
    EXPECT_EQ(judge("config_rolled_back").verdict, Verdict::Unknown);
}

}  // namespace
}  // namespace distlab::netlab
