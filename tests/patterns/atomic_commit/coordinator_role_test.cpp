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

std::unique_ptr<RoleHarness> coordinator(Json params = Json::object()) {
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "tx-coordinator",
                     .params = std::move(params),
                     .self = "co",
                     .peers = {"c1", "p1", "p2", "x"},
                     .peer_roles = {"tx-client", "tx-participant", "tx-participant", "kv-client"}});
    h->start();
    return h;
}

Json begin_body(const std::string& tx, const std::vector<std::string>& participants) {
    Json writes = Json::array();
    for (const auto& p : participants)
        writes.push_back({{"participant", p}, {"key", "k1"}, {"value", tx}});
    return {{"tx", tx}, {"writes", writes}};
}

std::vector<Message> of_type(const std::vector<Message>& sent, const std::string& type) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.type == type)
            out.push_back(m);
    return out;
}

const Message* answer_to(const std::vector<Message>& sent, core::MessageId id) {
    for (const Message& m : sent)
        if (m.reply_to == id)
            return &m;
    return nullptr;
}

// Begins c1.1 on p1 and p2; returns the begin's id and the two prepares.
std::pair<core::MessageId, std::vector<Message>> begin(RoleHarness& h, const std::string& tx = "c1.1") {
    const auto id = h.deliver("c1", "begin", begin_body(tx, {"p1", "p2"}));
    return {id, of_type(h.take_sent(), "prepare")};
}

TEST(TxCoordinator, TwoPhaseCommitsAfterEveryYesAndTheForcedLogWrite) {
    auto h = coordinator({{"log_write_time", "5ms"}});
    EXPECT_EQ(h->phase(), "idle");
    auto [id, prepares] = begin(*h);
    ASSERT_EQ(prepares.size(), 2u);
    EXPECT_EQ(prepares[0].body["protocol"], "2pc");
    EXPECT_EQ(prepares[0].body["participants"], (Json{"p1", "p2"}));
    EXPECT_EQ(h->phase(), "collecting");
    h->reply_to(prepares[0], {{"ok", true}, {"tx", "c1.1"}, {"vote", "yes"}});
    EXPECT_TRUE(h->take_sent().empty());
    h->reply_to(prepares[1], {{"ok", true}, {"tx", "c1.1"}, {"vote", "yes"}});
    EXPECT_EQ(h->phase(), "deciding");
    EXPECT_TRUE(h->take_sent().empty());   // nothing leaves before the record is on disk
    h->advance(5ms);
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "commit").size(), 2u);
    const Message* answer = answer_to(sent, id);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["ok"], true);
    EXPECT_EQ(answer->body["decision"], "commit");
    const auto log = h->storage().read("tx_decisions");
    ASSERT_TRUE(log && *log);
    EXPECT_NE((*log)->find("\"C\""), std::string::npos);
    EXPECT_EQ(h->phase(), "idle");
}

TEST(TxCoordinator, CommitIsResentUntilEveryParticipantReportsThenEnded) {
    auto h = coordinator({{"log_write_time", "0ms"}, {"resend_interval", "500ms"}});
    auto [id, prepares] = begin(*h);
    for (const Message& p : prepares)
        h->reply_to(p, {{"ok", true}, {"vote", "yes"}});
    h->take_sent();
    h->deliver("p1", "outcome", {{"tx", "c1.1"}, {"decision", "commit"}, {"by", "coordinator"}});
    h->advance(500ms);
    auto resent = of_type(h->take_sent(), "commit");
    ASSERT_EQ(resent.size(), 1u);
    EXPECT_EQ(resent[0].to, "p2");
    h->deliver("p2", "outcome", {{"tx", "c1.1"}, {"decision", "commit"}, {"by", "coordinator"}});
    h->advance(500ms);
    EXPECT_TRUE(of_type(h->take_sent(), "commit").empty());
    EXPECT_NE((*h->storage().read("tx_decisions"))->find("\"E\""), std::string::npos);
}

TEST(TxCoordinator, ANoVoteAbortsEverywhereAndLogsNothing) {
    auto h = coordinator();
    auto [id, prepares] = begin(*h);
    h->reply_to(prepares[0], {{"ok", true}, {"vote", "no"}, {"reason", "insufficient stock"}});
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "abort").size(), 2u);
    const Message* answer = answer_to(sent, id);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["ok"], false);
    EXPECT_NE(answer->body["error"].get<std::string>().find("p1 voted no (insufficient stock)"), std::string::npos);
    EXPECT_FALSE(h->storage().read("tx_decisions").value().has_value());   // presumed abort
    // The other vote, late, changes nothing.
    h->reply_to(prepares[1], {{"ok", true}, {"vote", "yes"}});
    EXPECT_TRUE(h->take_sent().empty());
}

TEST(TxCoordinator, AMissingVoteAbortsAfterTheVoteTimeout) {
    auto h = coordinator({{"vote_timeout", "500ms"}});
    auto [id, prepares] = begin(*h);
    h->reply_to(prepares[0], {{"ok", true}, {"vote", "yes"}});
    h->advance(499ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "abort").size(), 2u);
    EXPECT_NE(answer_to(sent, id)->body["error"].get<std::string>().find("no vote from p2"), std::string::npos);
    EXPECT_EQ(h->counter("vote_timeouts"), 1);
}

TEST(TxCoordinator, BadBeginsGetClearErrors) {
    auto h = coordinator();
    const std::vector<std::pair<Json, std::string>> cases = {
        {Json(nullptr), "begin needs a non-empty string \"tx\""},
        {Json{{"tx", "c1.1"}}, "begin needs a non-empty list \"writes\""},
        {Json{{"tx", "c1.1"}, {"writes", {{{"participant", "p1"}, {"key", "k"}}}}}, "writes[0] needs"},
        {begin_body("c1.2", {"x"}), "x is not a tx-participant"},
        {begin_body("c1.3", {"nobody"}), "nobody is not a tx-participant"}};
    for (const auto& [body, error] : cases) {
        const auto id = h->deliver("c1", "begin", body);
        const auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u) << body.dump();
        EXPECT_EQ(sent[0].reply_to, id);
        EXPECT_EQ(sent[0].body["ok"], false);
        EXPECT_NE(sent[0].body["error"].get<std::string>().find(error), std::string::npos)
            << sent[0].body.dump();
    }
}

TEST(TxCoordinator, InquiriesAreAnsweredFromTheLogWithPresumedAbort) {
    auto h = coordinator({{"log_write_time", "0ms"}});
    auto [id, prepares] = begin(*h);
    for (const Message& p : prepares)
        h->reply_to(p, {{"ok", true}, {"vote", "yes"}});
    begin(*h, "c1.2");   // in progress
    h->take_sent();
    const auto ask = [&](const char* tx) {
        const auto q = h->deliver("p1", "inquire", {{"tx", tx}});
        return answer_to(h->take_sent(), q)->body["decision"].get<std::string>();
    };
    EXPECT_EQ(ask("c1.1"), "commit");
    EXPECT_EQ(ask("c1.2"), "pending");
    EXPECT_EQ(ask("c1.99"), "abort");   // the log knows no commit of it
}

TEST(TxCoordinator, ARestartRecoversLoggedCommitsAndForgetsTheRest) {
    auto h = coordinator({{"log_write_time", "0ms"}});
    auto [id, prepares] = begin(*h);
    for (const Message& p : prepares)
        h->reply_to(p, {{"ok", true}, {"vote", "yes"}});
    begin(*h, "c1.2");   // votes still out when it dies
    h->take_sent();
    h->restart();
    EXPECT_EQ(h->phase(), "recovering");
    EXPECT_EQ(of_type(h->take_sent(), "commit").size(), 2u);   // c1.1 sent again at once
    const auto q = h->deliver("p2", "inquire", {{"tx", "c1.2"}});
    EXPECT_EQ(answer_to(h->take_sent(), q)->body["decision"], "abort");   // presumed abort
    h->deliver("p1", "outcome", {{"tx", "c1.1"}, {"decision", "commit"}, {"by", "coordinator"}});
    h->deliver("p2", "outcome", {{"tx", "c1.1"}, {"decision", "commit"}, {"by", "coordinator"}});
    EXPECT_EQ(h->phase(), "idle");
    EXPECT_EQ(h->snapshot()["recovered"], 1);
}

TEST(TxCoordinator, ThreePhasePreCommitsThenCommitsEvenWhenAnAckTimesOut) {
    auto h = coordinator({{"protocol", "3pc"}, {"ack_timeout", "500ms"}, {"log_write_time", "0ms"}});
    auto [id, prepares] = begin(*h);
    EXPECT_EQ(prepares[0].body["protocol"], "3pc");
    for (const Message& p : prepares)
        h->reply_to(p, {{"ok", true}, {"vote", "yes"}});
    const auto precommits = of_type(h->take_sent(), "precommit");
    ASSERT_EQ(precommits.size(), 2u);
    EXPECT_EQ(h->phase(), "precommitting");
    h->reply_to(precommits[0], {{"ok", true}});
    h->advance(500ms);   // p2 never acknowledges: presumed crashed
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "commit").size(), 2u);
    EXPECT_EQ(answer_to(sent, id)->body["decision"], "commit");
    EXPECT_EQ(h->counter("precommit_timeouts"), 1);
    // In 3PC an unknown transaction is not presumed aborted: participants decide those alone.
    const auto q = h->deliver("p1", "inquire", {{"tx", "c1.77"}});
    EXPECT_EQ(answer_to(h->take_sent(), q)->body["decision"], "pending");
}

TEST(TxCoordinator, ThreePhaseAbortsWhenAParticipantRefusesThePreCommit) {
    auto h = coordinator({{"protocol", "3pc"}});
    auto [id, prepares] = begin(*h);
    for (const Message& p : prepares)
        h->reply_to(p, {{"ok", true}, {"vote", "yes"}});
    const auto precommits = of_type(h->take_sent(), "precommit");
    h->reply_to(precommits[1], {{"ok", false}, {"error", "already aborted"}});
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "abort").size(), 2u);
    EXPECT_EQ(answer_to(sent, id)->body["ok"], false);
}

TEST(TxCoordinator, AnAbortReportedForACommittedTransactionIsLoggedAsAContradiction) {
    auto h = coordinator({{"log_write_time", "0ms"}});
    auto [id, prepares] = begin(*h);
    for (const Message& p : prepares)
        h->reply_to(p, {{"ok", true}, {"vote", "yes"}});
    h->take_sent();
    h->deliver("p2", "outcome", {{"tx", "c1.1"}, {"decision", "abort"}, {"by", "timeout"}});
    EXPECT_EQ(h->snapshot()["contradictions"], 1);
    h->deliver("p2", "outcome", {{"tx", 3}});
    EXPECT_EQ(h->counter("malformed"), 1);
}

TEST(TxCoordinator, ItRefusesMoreThanMaxInFlight) {
    auto h = coordinator({{"max_in_flight", 1}});
    begin(*h, "c1.1");
    const auto id = h->deliver("c1", "begin", begin_body("c1.2", {"p1"}));
    const auto sent = h->take_sent();
    const Message* answer = answer_to(sent, id);
    ASSERT_NE(answer, nullptr);
    EXPECT_NE(answer->body["error"].get<std::string>().find("busy"), std::string::npos);
}

}  // namespace
}  // namespace distlab::test_support
