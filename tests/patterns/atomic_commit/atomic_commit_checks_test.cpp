// The atomic commitment checks on hand-made event streams: what a correct protocol never
// does (split decisions, a participant changing its mind, a client told otherwise, a yes vote
// left undecided), and how the time in doubt is measured.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/atomic_commit/tx_history.h"
#include "netlab/scenario/loader.h"

namespace distlab::netlab {
namespace {

using core::Json;

Scenario scenario(const std::string& checks) {
    const std::string yaml =
        "version: 1\nname: tx-test\nfamily: transactions\n"
        "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\nduration: 10s\n"
        "nodes:\n"
        "  - {id: c1, role: tx-client, params: {target: co, participants: [p1, p2]}}\n"
        "  - {id: co, role: tx-coordinator}\n"
        "  - {id: p1, role: tx-participant}\n"
        "  - {id: p2, role: tx-participant}\n"
        "checks:\n" + checks;
    auto loaded = load_scenario_text(yaml, "test.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return *loaded;
}

Event sent(std::int64_t t_ms, std::string from, std::string to, std::string type, Json body) {
    Event e;
    e.t_ns = t_ms * 1'000'000;
    e.kind = EventKind::MessageSent;
    e.node = std::move(from);
    e.peer = std::move(to);
    e.type = std::move(type);
    e.data = body.dump();
    return e;
}

Event node_event(std::int64_t t_ms, EventKind kind, std::string node) {
    Event e;
    e.t_ns = t_ms * 1'000'000;
    e.kind = kind;
    e.node = std::move(node);
    e.data = "{}";
    return e;
}

// tx prepared on both participants at t_ms, each voting yes 40 ms later.
void prepared(std::vector<Event>& events, std::int64_t t_ms, const std::string& tx) {
    for (const char* p : {"p1", "p2"}) {
        events.push_back(sent(t_ms, "co", p, "prepare", {{"tx", tx}, {"writes", {{{"key", "k1"}, {"value", tx}}}}}));
        events.push_back(sent(t_ms + 40, p, "co", "prepare_reply", {{"ok", true}, {"tx", tx}, {"vote", "yes"}}));
    }
}

Event outcome(std::int64_t t_ms, const char* p, const std::string& tx, const char* decision,
              const char* by = "coordinator") {
    return sent(t_ms, p, "co", "outcome", {{"tx", tx}, {"decision", decision}, {"by", by}});
}

CheckResult judge(const std::string& check, const std::vector<Event>& events) {
    const Scenario s = scenario("  - " + check + "\n");
    return run_checks(RunView{s, events}, CheckRegistry::builtin()).front();
}

TEST(AtomicCommitChecks, AtomicityPassesWhenEveryoneAgreesAndCountsBoth) {
    std::vector<Event> events;
    prepared(events, 0, "c1.1");
    events.push_back(outcome(100, "p1", "c1.1", "commit"));
    events.push_back(outcome(101, "p2", "c1.1", "commit"));
    prepared(events, 200, "c1.2");
    events.push_back(outcome(1300, "p1", "c1.2", "abort", "timeout"));
    events.push_back(outcome(1301, "p2", "c1.2", "abort", "peers"));
    const CheckResult r = judge("atomicity: true", events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("1 committed on every participant, 1 aborted on every participant (1 settled by "
                            "participants alone)"),
              std::string::npos)
        << r.detail;
    EXPECT_FALSE(r.detail_zh.empty());
}

TEST(AtomicCommitChecks, AtomicityFailsOnASplitNamingWhoDecidedWhat) {
    std::vector<Event> events;
    prepared(events, 0, "c1.1");
    events.push_back(outcome(100, "p1", "c1.1", "commit"));
    events.push_back(outcome(1100, "p2", "c1.1", "abort", "timeout"));
    const CheckResult r = judge("atomicity: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("1 of 1 transactions are not atomic"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("aborted on p2 (timeout)"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("committed on p1 (coordinator)"), std::string::npos) << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"p1", "p2"}));
    ASSERT_TRUE(r.window_ns);
}

TEST(AtomicCommitChecks, AtomicityFailsWhenAParticipantChangesItsMind) {
    std::vector<Event> events;
    prepared(events, 0, "c1.1");
    events.push_back(outcome(100, "p1", "c1.1", "commit"));
    events.push_back(outcome(100, "p2", "c1.1", "commit"));
    events.push_back(outcome(900, "p2", "c1.1", "abort"));
    EXPECT_EQ(judge("atomicity: true", events).verdict, Verdict::Fail);
    // The same decision reported twice (a resent commit acknowledged again) is fine.
    events.pop_back();
    events.push_back(outcome(900, "p2", "c1.1", "commit"));
    EXPECT_EQ(judge("atomicity: true", events).verdict, Verdict::Pass);
}

TEST(AtomicCommitChecks, AtomicityFailsWhenTheClientWasToldOtherwise) {
    std::vector<Event> events;
    Event invoke = node_event(0, EventKind::OpInvoked, "c1");
    invoke.msg_id = 1;
    invoke.type = "txn";
    invoke.data = Json{{"tx", "c1.1"}}.dump();
    events.push_back(invoke);
    prepared(events, 1, "c1.1");
    events.push_back(outcome(100, "p1", "c1.1", "abort"));
    events.push_back(outcome(100, "p2", "c1.1", "abort"));
    Event done = node_event(120, EventKind::OpCompleted, "c1");
    done.msg_id = 1;
    done.type = "ok";
    done.data = Json{{"tx", "c1.1"}, {"decision", "commit"}}.dump();
    events.push_back(done);
    const CheckResult r = judge("atomicity: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("the client was told committed"), std::string::npos) << r.detail;
    ASSERT_EQ(r.ops.size(), 1u);
    EXPECT_EQ(r.ops[0].node, "c1");
}

TEST(AtomicCommitChecks, NoTxInDoubtFailsOnAYesVoteNeverDecided) {
    std::vector<Event> events;
    prepared(events, 0, "c1.1");
    events.push_back(outcome(100, "p1", "c1.1", "commit"));
    const CheckResult r = judge("no_tx_in_doubt: true", events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("1 yes votes never reached a decision by the end (p2 1)"), std::string::npos) << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"p2"}));
    events.push_back(outcome(5000, "p2", "c1.1", "commit"));
    EXPECT_EQ(judge("no_tx_in_doubt: true", events).verdict, Verdict::Pass);
}

TEST(AtomicCommitChecks, InDoubtTimeMeasuresFromTheYesVoteAndLeavesTheDowntimeOut) {
    std::vector<Event> events;
    prepared(events, 0, "c1.1");                               // yes at 40 ms
    events.push_back(outcome(100, "p1", "c1.1", "commit"));   // 60 ms in doubt
    events.push_back(node_event(1040, EventKind::NodeExited, "p2"));
    events.push_back(node_event(4040, EventKind::NodeStarted, "p2"));
    events.push_back(outcome(4140, "p2", "c1.1", "commit"));  // 4.1 s, of which 3 s dead: 1.1 s
    const TxHistory h = TxHistory::read(events, scenario_catalog(scenario("  - atomicity: true\n"),
                                                                 core::RoleRegistry::builtin()));
    EXPECT_EQ(h.txs.at("c1.1").parts.at("p1").in_doubt_ns, 60'000'000);
    EXPECT_EQ(h.txs.at("c1.1").parts.at("p2").in_doubt_ns, 1'100'000'000);
    EXPECT_EQ(h.txs.at("c1.1").parts.at("p2").locks, 1);

    const CheckResult pass = judge("in_doubt_time: {max: 1200ms}", events);
    EXPECT_EQ(pass.verdict, Verdict::Pass) << pass.detail;
    EXPECT_NE(pass.detail.find("p2 held 1 lock of c1.1 for 1.1s"), std::string::npos) << pass.detail;
    const CheckResult fail = judge("in_doubt_time: {max: 1s}", events);
    EXPECT_EQ(fail.verdict, Verdict::Fail);
    EXPECT_EQ(fail.nodes, (std::vector<std::string>{"p2"}));
}

TEST(AtomicCommitChecks, BlockedTimeIsTheTimeSpentInTheBlockedPhase) {
    std::vector<Event> events;
    Event blocked = node_event(1000, EventKind::Phase, "p1");
    blocked.type = "blocked";
    events.push_back(blocked);
    Event released = node_event(3500, EventKind::Phase, "p1");
    released.type = "committed";
    events.push_back(released);
    Event again = node_event(9000, EventKind::Phase, "p2");
    again.type = "blocked";
    events.push_back(again);
    events.push_back(node_event(9500, EventKind::NodeExited, "p2"));
    const TxHistory h = TxHistory::read(events, scenario_catalog(scenario("  - atomicity: true\n"),
                                                                 core::RoleRegistry::builtin()));
    EXPECT_EQ(h.blocked_ns.at("p1"), 2'500'000'000);
    EXPECT_EQ(h.blocked_ns.at("p2"), 500'000'000);
}

TEST(AtomicCommitChecks, TheChecksRefuseAScenarioWithoutParticipants) {
    const std::string yaml =
        "version: 1\nname: tx-test\nfamily: transactions\n"
        "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\n"
        "nodes:\n  - {id: s1, role: server}\n"
        "checks:\n  - atomicity: true\n  - in_doubt_time: {max: 1s}\n";
    const auto loaded = load_scenario_text(yaml, "test.yaml", core::RoleRegistry::builtin(),
                                           make_check_validator(CheckRegistry::builtin()));
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().front().str().find("tx-participant"), std::string::npos)
        << loaded.error().front().str();
}

}  // namespace
}  // namespace distlab::netlab
