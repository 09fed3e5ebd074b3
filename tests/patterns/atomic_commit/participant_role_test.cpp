#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> participant(Json params = Json::object(), const char* self = "p1") {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "tx-participant",
                                                        .params = std::move(params),
                                                        .self = self,
                                                        .peers = {"co", "p1", "p2", "p3"}});
    h->start();
    return h;
}

Json prepare_body(const std::string& tx, const std::vector<std::string>& keys, const char* protocol = "2pc") {
    Json writes = Json::array();
    for (const auto& k : keys)
        writes.push_back({{"key", k}, {"value", tx}});
    return {{"tx", tx}, {"protocol", protocol}, {"participants", {"p1", "p2"}}, {"writes", writes}};
}

// Delivers a prepare from co; returns the reply's body.
Json prepare(RoleHarness& h, const std::string& tx, const std::vector<std::string>& keys,
             const char* protocol = "2pc") {
    const auto id = h.deliver("co", "prepare", prepare_body(tx, keys, protocol));
    Json reply;
    for (const Message& m : h.take_sent())
        if (m.reply_to == id)
            reply = m.body;
    return reply;
}

// The outcomes among `sent`, as "tx:decision:by".
std::vector<std::string> outcomes(const std::vector<Message>& sent) {
    std::vector<std::string> out;
    for (const Message& m : sent)
        if (m.type == "outcome")
            out.push_back(m.body["tx"].get<std::string>() + ":" + m.body["decision"].get<std::string>() + ":" +
                          m.body["by"].get<std::string>());
    return out;
}

const Message* find_type(const std::vector<Message>& sent, const std::string& type, const std::string& to = {}) {
    for (const Message& m : sent)
        if (m.type == type && (to.empty() || m.to == to))
            return &m;
    return nullptr;
}

TEST(TxParticipant, VotesYesTakesTheLocksAndLogsThePrepare) {
    auto h = participant();
    EXPECT_EQ(h->phase(), "idle");
    const Json reply = prepare(*h, "c1.1", {"k1", "k2"});
    EXPECT_EQ(reply["ok"], true);
    EXPECT_EQ(reply["vote"], "yes");
    EXPECT_EQ(reply["tx"], "c1.1");
    EXPECT_EQ(h->phase(), "prepared");
    EXPECT_EQ(h->snapshot()["locks_held"], 2);
    const auto wal = h->storage().read("tx_wal");
    ASSERT_TRUE(wal && *wal);
    EXPECT_NE((*wal)->find("\"c1.1\""), std::string::npos);
}

TEST(TxParticipant, AConflictingPrepareVotesNoWithoutWaiting) {
    auto h = participant();
    prepare(*h, "c1.1", {"k1"});
    const Json reply = prepare(*h, "c1.2", {"k1", "k9"});
    EXPECT_EQ(reply["vote"], "no");
    EXPECT_NE(reply["reason"].get<std::string>().find("locked by c1.1"), std::string::npos);
    EXPECT_EQ(h->snapshot()["locks_held"], 1);   // k9 was not taken
    // The refusal is its decision, reported to the coordinator.
    EXPECT_EQ(h->snapshot()["votes_no"], 1);
}

TEST(TxParticipant, TheLockTableLimitRefusesAPrepare) {
    auto h = participant({{"max_locks", 2}});
    prepare(*h, "c1.1", {"k1", "k2"});
    EXPECT_EQ(prepare(*h, "c1.2", {"k3"})["reason"], "the lock table is full");
}

TEST(TxParticipant, NoRateOneRefusesEveryPrepareAndReportsTheAbort) {
    auto h = participant({{"no_rate", 1.0}});
    const auto id = h->deliver("co", "prepare", prepare_body("c1.1", {"k1"}));
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].reply_to, id);
    EXPECT_EQ(sent[0].body["vote"], "no");
    EXPECT_EQ(outcomes(sent), std::vector<std::string>{"c1.1:abort:refused"});
    EXPECT_EQ(h->phase(), "aborted");
    // A repeated prepare gets the same no.
    EXPECT_EQ(prepare(*h, "c1.1", {"k1"})["vote"], "no");
}

TEST(TxParticipant, AMalformedPrepareGetsAClearError) {
    auto h = participant();
    for (const Json& body : {Json(nullptr), Json{{"tx", "c1.1"}}, Json{{"tx", 5}, {"protocol", "2pc"}},
                             Json{{"tx", "c1.1"}, {"protocol", "4pc"}, {"participants", {"p1"}},
                                  {"writes", {{{"key", "k"}, {"value", "v"}}}}},
                             Json{{"tx", "c1.1"}, {"protocol", "2pc"}, {"participants", {"p1"}}, {"writes", {1, 2}}}}) {
        const auto id = h->deliver("co", "prepare", body);
        const auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u) << body.dump();
        EXPECT_EQ(sent[0].reply_to, id);
        EXPECT_EQ(sent[0].body["ok"], false) << body.dump();
        EXPECT_NE(sent[0].body["error"].get<std::string>().find("prepare needs"), std::string::npos);
    }
    EXPECT_EQ(h->counter("malformed"), 5);
    EXPECT_EQ(h->snapshot()["locks_held"], 0);
}

TEST(TxParticipant, CommitAppliesReleasesAndReports) {
    auto h = participant();
    prepare(*h, "c1.1", {"k1"});
    h->deliver("co", "commit", {{"tx", "c1.1"}});
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:commit:coordinator"});
    EXPECT_EQ(h->snapshot()["locks_held"], 0);
    EXPECT_EQ(h->snapshot()["keys_written"], 1);
    EXPECT_EQ(h->phase(), "committed");
    // A commit sent again is acknowledged again (the coordinator resends until it hears).
    h->deliver("co", "commit", {{"tx", "c1.1"}});
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:commit:coordinator"});
    // An abort for it now is a contradiction: counted, never applied.
    h->deliver("co", "abort", {{"tx", "c1.1"}});
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:commit:coordinator"});
    EXPECT_EQ(h->snapshot()["contradictions"], 1);
}

TEST(TxParticipant, AnAbortBeforeItsPrepareMakesTheLatePrepareVoteNo) {
    auto h = participant();
    h->deliver("co", "abort", {{"tx", "c1.1"}});
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(prepare(*h, "c1.1", {"k1"})["vote"], "no");
    EXPECT_EQ(h->snapshot()["locks_held"], 0);
}

TEST(TxParticipant, TwoPhaseInDoubtPastTheTimeoutIsBlockedAndAsksTheCoordinator) {
    auto h = participant({{"decision_timeout", "1s"}, {"inquiry_interval", "500ms"}});
    prepare(*h, "c1.1", {"k1"});
    h->advance(999ms);
    EXPECT_EQ(h->phase(), "prepared");
    h->advance(1ms);
    EXPECT_EQ(h->phase(), "blocked");
    EXPECT_EQ(h->snapshot()["blocked"], 1);
    auto sent = h->take_sent();
    const Message* ask = find_type(sent, "inquire", "co");
    ASSERT_NE(ask, nullptr);
    EXPECT_EQ(find_type(sent, "tx_state"), nullptr);   // not cooperative: only the coordinator
    // No answer (the coordinator is down): it asks again, and stays blocked, locks held.
    h->advance(500ms);
    sent = h->take_sent();
    ASSERT_NE(find_type(sent, "inquire"), nullptr);
    EXPECT_EQ(h->snapshot()["locks_held"], 1);
    // The coordinator answers commit.
    h->reply_to(*find_type(sent, "inquire"), {{"ok", true}, {"decision", "commit"}});
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:commit:coordinator"});
    EXPECT_EQ(h->phase(), "committed");
    EXPECT_EQ(h->snapshot()["blocked"], 0);
}

TEST(TxParticipant, TwoPhaseCooperativeTerminationLearnsFromAPeerButNotFromPreparedOnes) {
    auto h = participant({{"cooperative_termination", true}});
    prepare(*h, "c1.1", {"k1"});
    prepare(*h, "c1.2", {"k2"});
    h->advance(1s);
    auto sent = h->take_sent();
    std::vector<const Message*> asks;
    for (const Message& m : sent)
        if (m.type == "tx_state")
            asks.push_back(&m);
    ASSERT_EQ(asks.size(), 2u);   // p2 about each transaction
    for (const Message* ask : asks) {
        EXPECT_EQ(ask->to, "p2");
        h->reply_to(*ask, {{"ok", true}, {"state", ask->body["tx"] == "c1.1" ? "committed" : "prepared"}});
    }
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:commit:peers"});
    EXPECT_EQ(h->phase(), "blocked");   // c1.2: everyone prepared, nobody knows
    EXPECT_EQ(h->snapshot()["in_doubt"], 1);
}

TEST(TxParticipant, APeerThatNeverVotedAbortsWhenAskedAndSaysSo) {
    auto h = participant({}, "p2");
    const auto id = h->deliver("p1", "tx_state", {{"tx", "c1.9"}, {"coordinator", "co"}});
    const auto sent = h->take_sent();
    const Message* answer = nullptr;
    for (const Message& m : sent)
        if (m.reply_to == id)
            answer = &m;
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["state"], "aborted");
    EXPECT_EQ(outcomes(sent), std::vector<std::string>{"c1.9:abort:refused"});
    EXPECT_EQ(prepare(*h, "c1.9", {"k1"})["vote"], "no");
}

TEST(TxParticipant, ThreePhasePreCommittedCommitsAloneAfterTheTimeout) {
    auto h = participant({{"decision_timeout", "1s"}});
    prepare(*h, "c1.1", {"k1"}, "3pc");
    const auto id = h->deliver("co", "precommit", {{"tx", "c1.1"}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].reply_to, id);
    EXPECT_EQ(sent[0].body["ok"], true);
    EXPECT_EQ(h->phase(), "precommitted");
    h->advance(1s);
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:commit:timeout"});
    EXPECT_EQ(h->snapshot()["decided_alone"], 1);
    EXPECT_EQ(h->snapshot()["blocked_transactions"], 0);
}

TEST(TxParticipant, ThreePhasePreparedAbortsAloneAfterTheTimeout) {
    auto h = participant({{"decision_timeout", "1s"}});
    prepare(*h, "c1.1", {"k1"}, "3pc");
    h->advance(1s);
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:abort:timeout"});
    EXPECT_EQ(h->snapshot()["locks_held"], 0);
    // A late pre-commit is refused: it aborted.
    const auto id = h->deliver("co", "precommit", {{"tx", "c1.1"}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].reply_to, id);
    EXPECT_EQ(sent[0].body["ok"], false);
}

TEST(TxParticipant, ThreePhaseTerminationCommitsWhenAPeerIsPreCommitted) {
    auto h = participant({{"decision_timeout", "1s"}, {"cooperative_termination", true}});
    prepare(*h, "c1.1", {"k1"}, "3pc");
    h->advance(1s);
    const auto sent = h->take_sent();
    const Message* ask = find_type(sent, "tx_state", "p2");
    ASSERT_NE(ask, nullptr);
    EXPECT_EQ(outcomes(sent), std::vector<std::string>{});
    h->reply_to(*ask, {{"ok", true}, {"state", "precommitted"}});
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:commit:peers"});
}

TEST(TxParticipant, ThreePhaseTerminationAbortsWhenNoPeerAnswers) {
    auto h = participant({{"decision_timeout", "1s"}, {"inquiry_interval", "300ms"},
                          {"cooperative_termination", true}});
    prepare(*h, "c1.1", {"k1"}, "3pc");
    h->advance(1s);
    ASSERT_NE(find_type(h->take_sent(), "tx_state"), nullptr);
    h->advance(300ms);   // the peer's answer never comes (partitioned away)
    EXPECT_EQ(outcomes(h->take_sent()), std::vector<std::string>{"c1.1:abort:timeout"});
}

TEST(TxParticipant, ARestartReplaysTheLogRetakesTheLocksAndAsksAtOnce) {
    auto h = participant();
    prepare(*h, "c1.1", {"k1"});
    prepare(*h, "c1.2", {"k2"});
    h->deliver("co", "commit", {{"tx", "c1.2"}});
    prepare(*h, "c1.3", {"k3"}, "3pc");
    h->deliver("co", "precommit", {{"tx", "c1.3"}});
    h->take_sent();
    h->restart();
    EXPECT_EQ(h->phase(), "blocked");
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["locks_held"], 2);        // k1 and k3, in doubt
    EXPECT_EQ(snap["keys_written"], 1);      // k2, committed
    EXPECT_EQ(snap["recovered"], 2);
    h->advance(0ms);
    const auto sent = h->take_sent();
    std::vector<std::string> asked;
    for (const Message& m : sent)
        if (m.type == "inquire")
            asked.push_back(m.body["tx"].get<std::string>());
    EXPECT_EQ(asked, (std::vector<std::string>{"c1.1", "c1.3"}));   // even the 3PC one asks
    // The conflicting prepare is refused: the recovered lock holds.
    EXPECT_EQ(prepare(*h, "c1.4", {"k1"})["vote"], "no");
}

TEST(TxParticipant, UnknownMessagesAndBadDecisionsAreCountedNotFatal) {
    auto h = participant();
    h->deliver("co", "frobnicate", {{"x", 1}});
    h->deliver("co", "commit", {{"tx", 7}});
    h->deliver("co", "commit", {{"tx", "c1.404"}});
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_EQ(h->counter("malformed"), 1);
    EXPECT_EQ(h->counter("unknown_commits"), 1);
    EXPECT_TRUE(h->take_sent().empty());
}

}  // namespace
}  // namespace distlab::test_support
