#include "netlab/patterns/raft/term_checks.h"

#include <gtest/gtest.h>

#include "netlab/checks/builtin_checks.h"
#include "tests/support/check_problems.h"

namespace distlab::netlab {
namespace {

using test_support::problems_of;

using core::Json;

Event state(std::int64_t t_ms, std::string node, std::int64_t term) {
    Event e;
    e.t_ns = t_ms * 1'000'000;
    e.kind = EventKind::State;
    e.node = std::move(node);
    e.data = Json{{"role", "follower"}, {"term", term}}.dump();
    return e;
}

NodeSpec node(std::string id, std::string role) {
    NodeSpec n;
    n.id = std::move(id);
    n.role = std::move(role);
    return n;
}

class MaxTermCheck : public ::testing::Test {
protected:
    MaxTermCheck() {
        core::RoleDescriptor raft;
        raft.name = "raft";
        roles_.add(raft);
        core::RoleDescriptor client;
        client.name = "kv-client";
        client.client = true;
        roles_.add(client);
        register_builtin_checks(registry_);
        for (const char* id : {"n1", "n2", "n3"})
            scenario_.nodes.push_back(node(id, "raft"));
        scenario_.nodes.push_back(node("c1", "kv-client"));
    }

    CheckResult run(const Json& args, const std::vector<Event>& events) {
        EXPECT_TRUE(problems_of(registry_, registry_.find("max_term"), args, scenario_).empty());
        scenario_.checks = {CheckSpec{"max_term", args, {}}};
        const auto results = run_checks(RunView{scenario_, events}, registry_);
        EXPECT_EQ(results.size(), 1u);
        return results.empty() ? CheckResult{} : results[0];
    }

    core::RoleRegistry roles_;
    CheckRegistry registry_{roles_};
    Scenario scenario_;
};

TEST_F(MaxTermCheck, PassesWhileEveryTermStaysAtTheMax) {
    const auto r = run({{"max", 2}}, {state(100, "n1", 1), state(200, "n2", 2), state(300, "n3", 2)});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("highest term 2"), std::string::npos) << r.detail;
}

TEST_F(MaxTermCheck, FailsAtTheFirstTermAboveTheMax) {
    const auto r = run({{"max", 1}}, {state(100, "n1", 1), state(250, "n3", 4), state(300, "n2", 5)});
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_NE(r.detail.find("n3 reported term 4"), std::string::npos) << r.detail;
    ASSERT_TRUE(r.window_ns.has_value());
    EXPECT_EQ(r.window_ns->first, 250'000'000);
}

TEST_F(MaxTermCheck, IgnoresNodesThatDoNotRunRaft) {
    Event client = state(100, "c1", 9);
    const auto r = run({{"max", 1}}, {client, state(200, "n1", 1)});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
}

TEST_F(MaxTermCheck, RefusesBadArgumentsAndScenariosWithoutRaft) {
    const CheckInfo* info = registry_.find("max_term");
    ASSERT_NE(info, nullptr);
    EXPECT_FALSE(problems_of(registry_, info, Json(3), scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, info, {{"max", -1}}, scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, info, {{"max", "two"}}, scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, info, {{"max", 2}, {"min", 1}}, scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, info, Json::object(), scenario_).empty());
    Scenario plain;
    plain.nodes.push_back(node("c1", "kv-client"));
    const auto problems = problems_of(registry_, info, {{"max", 2}}, plain);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("no node has the role raft"), std::string::npos) << problems[0];
}

}  // namespace
}  // namespace distlab::netlab
