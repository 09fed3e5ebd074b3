// `where: {client: ...}` on the generic latency and availability checks: a bulkhead scenario
// judges the callers of the healthy backend apart from the others.

#include <gtest/gtest.h>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"

namespace distlab::netlab {
namespace {

class WhereFilterTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* id : {"c1", "c2"}) {
            NodeSpec n;
            n.id = id;
            n.role = "client";
            scenario_.nodes.push_back(n);
        }
        NodeSpec s;
        s.id = "s1";
        s.role = "server";
        scenario_.nodes.push_back(s);
        // c1: two fast ok ops; c2: one slow ok op and one failed op.
        op("c1", 1, 0, 10, "ok");
        op("c1", 2, 100, 112, "ok");
        op("c2", 1, 0, 900, "ok");
        op("c2", 2, 100, 150, "fail");
    }

    void op(const char* client, std::uint64_t id, std::int64_t from_ms, std::int64_t to_ms, const char* status) {
        events_.push_back({.t_ns = from_ms * 1'000'000, .kind = EventKind::OpInvoked, .node = client, .msg_id = id,
                           .type = "request", .data = "{}"});
        events_.push_back({.t_ns = to_ms * 1'000'000, .kind = EventKind::OpCompleted, .node = client, .msg_id = id,
                           .type = status, .data = "null"});
        std::stable_sort(events_.begin(), events_.end(),
                         [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
    }

    CheckResult run(const std::string& name, const Json& args) {
        scenario_.checks = {CheckSpec{name, args, {}}};
        auto results = run_checks(RunView{scenario_, events_}, CheckRegistry::builtin());
        EXPECT_EQ(results.size(), 1u);
        return results.empty() ? CheckResult{} : results.front();
    }

    std::vector<core::Text> validate(const std::string& name, const Json& args) {
        return make_check_validator(CheckRegistry::builtin())(CheckSpec{name, args, {}}, scenario_);
    }

    Scenario scenario_;
    std::vector<Event> events_;
};

TEST_F(WhereFilterTest, LatencyJudgesOnlyTheNamedClients) {
    EXPECT_EQ(run("latency", {{"max", "100ms"}}).verdict, Verdict::Fail);
    const CheckResult c1 = run("latency", {{"max", "12ms"}, {"where", {{"client", "c1"}}}});
    EXPECT_EQ(c1.verdict, Verdict::Pass) << c1.detail;
    EXPECT_NE(c1.detail.find("(2 ok ops of c1)"), std::string::npos) << c1.detail;
    EXPECT_EQ(run("latency", {{"max", "11ms"}, {"where", {{"client", "c1"}}}}).verdict, Verdict::Fail);
    EXPECT_EQ(run("latency", {{"max", "100ms"}, {"where", {{"client", {"c1", "c2"}}}}}).verdict, Verdict::Fail);
    EXPECT_EQ(run("latency", {{"max", "1ms"}, {"where", {{"client", "s1"}}}}).verdict, Verdict::Unknown);
}

TEST_F(WhereFilterTest, AvailabilityJudgesOnlyTheNamedClients) {
    EXPECT_EQ(run("availability", {{"min", 1.0}}).verdict, Verdict::Fail);
    const CheckResult c1 = run("availability", {{"min", 1.0}, {"where", {{"client", "c1"}}}});
    EXPECT_EQ(c1.verdict, Verdict::Pass) << c1.detail;
    EXPECT_NE(c1.detail.find("2 completed ops of c1 ok"), std::string::npos) << c1.detail;
    EXPECT_EQ(run("availability", {{"min", 0.5}, {"where", {{"client", "c2"}}}}).verdict, Verdict::Pass);
    EXPECT_EQ(run("availability", {{"min", 0.6}, {"where", {{"client", "c2"}}}}).verdict, Verdict::Fail);
}

TEST_F(WhereFilterTest, BadFiltersAreRefused) {
    for (const Json& where : {Json{{"node", "c1"}}, Json("c1"), Json{{"client", 3}}, Json{{"client", Json::array()}},
                              Json{{"client", "c1"}, {"backend", "b1"}}}) {
        EXPECT_FALSE(validate("latency", {{"p99", "10ms"}, {"where", where}}).empty()) << where.dump();
        EXPECT_FALSE(validate("availability", {{"min", 0.5}, {"where", where}}).empty()) << where.dump();
    }
    EXPECT_TRUE(validate("latency", {{"p99", "10ms"}, {"where", {{"client", "c1"}}}}).empty());
}

}  // namespace
}  // namespace distlab::netlab
