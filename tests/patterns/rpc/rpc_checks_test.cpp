#include <gtest/gtest.h>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"

namespace distlab::netlab {
namespace {

Scenario chain(const std::string& checks) {
    const std::string yaml = R"(version: 1
name: t
family: communication
title: {en: T, zh: T}
summary: {en: T, zh: T}
nodes:
  - {id: c, role: rpc-server}
  - {id: b, role: rpc-server, params: {downstream: [c]}}
  - {id: client, role: rpc-client, params: {target: b}}
checks:
)" + checks;
    auto loaded = load_scenario_text(yaml, "t.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return loaded ? std::move(*loaded) : Scenario{};
}

// An answer from `from` to `to` for work on an operation whose deadline is `deadline_ns`.
Event answer(std::int64_t t_ns, const std::string& from, const std::string& to, std::int64_t deadline_ns,
             std::optional<std::int64_t> started_ns, std::int64_t ended_ns) {
    Json body = {{"ok", true},
                 {"status", "ok"},
                 {"code", 0},
                 {"origin", {{"node", "client"}, {"op", 1}, {"deadline_ns", deadline_ns}}}};
    if (started_ns) {
        body["started_ns"] = *started_ns;
        body["ended_ns"] = ended_ns;
    }
    Event e;
    e.t_ns = t_ns;
    e.kind = EventKind::MessageSent;
    e.node = from;
    e.peer = to;
    e.msg_id = static_cast<std::uint64_t>(t_ns);
    e.type = "rpc_reply";
    e.data = body.dump();
    return e;
}

std::int64_t ms(std::int64_t n) { return n * 1'000'000; }

CheckResult judge(const Scenario& scenario, const std::vector<Event>& events) {
    const auto results = run_checks(RunView{scenario, events}, CheckRegistry::builtin());
    EXPECT_EQ(results.size(), 1u);
    return results.empty() ? CheckResult{} : results.front();
}

TEST(RpcNoOrphanWork, PassesWhenAllWorkBeganBeforeItsDeadline) {
    const Scenario s = chain("  - rpc_no_orphan_work: 0\n");
    const CheckResult r = judge(s, {answer(100, "c", "b", ms(1000), ms(10), ms(990)),     // ended in time
                                    answer(200, "c", "b", ms(1000), ms(900), ms(1200)),   // overran by 200 ms
                                    answer(300, "c", "b", ms(1000), std::nullopt, 0)});   // no work
    EXPECT_EQ(r.verdict, Verdict::Pass);
    EXPECT_EQ(r.detail, "0 of 2 pieces of work began after their client's deadline (orphan work); 200ms of "
                        "1.28s of work was done after the deadlines");
}

TEST(RpcNoOrphanWork, FailsOnWorkBegunAtOrAfterTheDeadlineNamingTheFirst) {
    const Scenario s = chain("  - rpc_no_orphan_work: { max: 1, slack: 0ms }\n");
    const CheckResult one = judge(s, {answer(100, "c", "b", ms(1000), ms(1000), ms(1500))});
    EXPECT_EQ(one.verdict, Verdict::Pass);   // max 1
    const CheckResult r = judge(s, {answer(100, "c", "b", ms(1000), ms(1000), ms(1500)),
                                    answer(200, "b", "client", ms(1000), ms(1400), ms(2000))});
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("2 of 2 pieces of work began after their client's deadline"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("first: c answering b (message 100) began 0us after the deadline"), std::string::npos)
        << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"c", "b"}));
}

// A deadline travels as a remaining time each server counts from its receipt: work that begins
// within the slack (20 ms unless given) after the client's deadline is named, not counted.
TEST(RpcNoOrphanWork, WorkBegunWithinTheSlackIsNotOrphanWork) {
    const Scenario s = chain("  - rpc_no_orphan_work: { max: 0 }\n");
    const CheckResult r = judge(s, {answer(100, "c", "b", ms(1000), ms(1010), ms(1500))});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("0 of 1 pieces of work began after"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("1 more began less than 20ms (the slack) after it"), std::string::npos) << r.detail;
    const CheckResult late = judge(s, {answer(100, "c", "b", ms(1000), ms(1030), ms(1500))});
    EXPECT_EQ(late.verdict, Verdict::Fail) << late.detail;
}

TEST(RpcNoOrphanWork, IsUnknownWithoutWorkForAnOperationWithADeadline) {
    const Scenario s = chain("  - rpc_no_orphan_work: 0\n");
    EXPECT_EQ(judge(s, {}).verdict, Verdict::Unknown);
}

TEST(RpcNoOrphanWork, IsRefusedWithoutRpcRoles) {
    const std::string yaml = R"(version: 1
name: t
family: communication
title: {en: T, zh: T}
summary: {en: T, zh: T}
nodes:
  - {id: s1, role: server}
  - {id: c1, role: client, params: {target: s1}}
checks:
  - rpc_no_orphan_work: 0
)";
    auto loaded = load_scenario_text(yaml, "t.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().front().str().find("rpc-client"), std::string::npos) << loaded.error().front().str();
}

}  // namespace
}  // namespace distlab::netlab
