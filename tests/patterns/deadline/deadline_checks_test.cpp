#include <gtest/gtest.h>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "tests/support/check_problems.h"

namespace distlab::netlab {
namespace {

using test_support::problems_of;

Scenario chain_scenario(const std::string& checks) {
    const std::string yaml = R"(version: 1
name: t
family: resilience
title: {en: T, zh: T}
summary: {en: T, zh: T}
nodes:
  - {id: s1, role: server}
  - {id: b, role: relay, params: {target: s1}}
  - {id: c1, role: retry-client, params: {target: b}}
checks:
)" + checks;
    auto loaded = load_scenario_text(yaml, "t.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return loaded ? std::move(*loaded) : Scenario{};
}

Event request(std::int64_t t_ns, const Json& body, std::string from = "b") {
    Event e;
    e.t_ns = t_ns;
    e.kind = EventKind::MessageSent;
    e.node = std::move(from);
    e.peer = "s1";
    e.msg_id = static_cast<std::uint64_t>(t_ns);
    e.type = "request";
    e.data = body.dump();
    return e;
}

CheckResult judge(const Scenario& scenario, const std::vector<Event>& events) {
    const auto results = run_checks(RunView{scenario, events}, CheckRegistry::builtin());
    EXPECT_EQ(results.size(), 1u);
    return results.empty() ? CheckResult{} : results.front();
}

TEST(NoWorkAfterDeadline, PassesWhenEveryCallLeavesBeforeItsDeadline) {
    const Scenario s = chain_scenario("  - no_work_after_deadline: true\n");
    const CheckResult r = judge(s, {request(10, {{"deadline_ns", 100}, {"sent_at_ns", 99}}),
                                    request(20, {{"deadline_ns", 500}, {"sent_at_ns", 20}}),
                                    request(30, {{"seq", 1}})});   // no deadline: nothing to judge
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("of 2 requests"), std::string::npos) << r.detail;
}

TEST(NoWorkAfterDeadline, FailsOnACallSentAtOrAfterItsDeadline) {
    const Scenario s = chain_scenario("  - no_work_after_deadline: true\n");
    const CheckResult r = judge(s, {request(10, {{"deadline_ns", 100}, {"sent_at_ns", 50}}),
                                    request(20, {{"deadline_ns", 100}, {"sent_at_ns", 100}}),
                                    request(30, {{"deadline_ns", 100}, {"sent_at_ns", 3'000'100}})});
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_NE(r.detail.find("2 of 3"), std::string::npos) << r.detail;
    ASSERT_TRUE(r.window_ns);
    EXPECT_EQ(r.window_ns->first, 20);
    EXPECT_EQ(r.window_ns->second, 30);
}

TEST(NoWorkAfterDeadline, UnknownWhenNoRequestCarriedADeadline) {
    const Scenario s = chain_scenario("  - no_work_after_deadline: true\n");
    EXPECT_EQ(judge(s, {request(10, {{"seq", 1}}), request(11, {{"deadline_ns", 5}})}).verdict, Verdict::Unknown);
}

TEST(NoWorkAfterDeadline, IsRefusedWithoutARelayOrWithAnArgumentOtherThanTrue) {
    const CheckInfo* info = CheckRegistry::builtin().find("no_work_after_deadline");
    ASSERT_NE(info, nullptr);
    const Scenario s = chain_scenario("  - no_violations: true\n");
    EXPECT_TRUE(problems_of(CheckRegistry::builtin(), info, true, s).empty());
    EXPECT_EQ(problems_of(CheckRegistry::builtin(), info, false, s).size(), 1u);
    Scenario without_relay = s;
    without_relay.nodes.erase(without_relay.nodes.begin() + 1);
    const auto problems = problems_of(CheckRegistry::builtin(), info, true, without_relay);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("no node has the role relay"), std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
