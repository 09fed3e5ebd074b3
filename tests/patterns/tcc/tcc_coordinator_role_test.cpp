#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> coordinator(Json params = Json::object()) {
    params["participants"] = Json::array({"p1", "p2"});
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "tcc-coordinator",
                                                        .params = std::move(params),
                                                        .self = "co",
                                                        .peers = {"c1", "co", "p1", "p2"},
                                                        .peer_roles = {"tcc-client", "tcc-coordinator",
                                                                       "tcc-participant", "tcc-participant"}});
    h->start();
    return h;
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

Json transfer(const std::string& tx = "c1.1") {
    return {{"tx", tx},
            {"actions", Json::array({Json{{"participant", "p1"}, {"account", "a0"}, {"amount", -10}},
                                     Json{{"participant", "p2"}, {"account", "a3"}, {"amount", 10}}})}};
}

// Begins a transfer from c1; returns the begin's id and the tries sent.
std::pair<core::MessageId, std::vector<Message>> begin(RoleHarness& h, const std::string& tx = "c1.1") {
    const auto id = h.deliver("c1", "begin", transfer(tx));
    return {id, of_type(h.take_sent(), "try")};
}

std::string log_of(RoleHarness& h) { return h.storage().read("tcc_decisions").value().value_or(""); }

TEST(TccCoordinator, AllTriesOkConfirmsEverywhereThenEnds) {
    auto h = coordinator();
    auto [id, tries] = begin(*h);
    ASSERT_EQ(tries.size(), 2u);
    EXPECT_EQ(tries[0].to, "p1");
    EXPECT_EQ(tries[0].body["actions"], (Json::array({Json{{"account", "a0"}, {"amount", -10}}})));
    EXPECT_NE(log_of(*h).find("\"B\""), std::string::npos);
    EXPECT_EQ(h->phase(), "trying");
    h->reply_to(tries[0], {{"ok", true}, {"tx", "c1.1"}});
    EXPECT_TRUE(h->take_sent().empty());
    h->reply_to(tries[1], {{"ok", true}, {"tx", "c1.1"}});
    const auto sent = h->take_sent();
    const Message* answer = answer_to(sent, id);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["ok"], true);
    const auto confirms = of_type(sent, "confirm");
    ASSERT_EQ(confirms.size(), 2u);
    EXPECT_EQ(confirms[1].body["actions"], (Json::array({Json{{"account", "a3"}, {"amount", 10}}})));
    EXPECT_NE(log_of(*h).find("\"C\""), std::string::npos);
    EXPECT_EQ(h->phase(), "settling");
    for (const Message& c : confirms)
        h->reply_to(c, {{"ok", true}, {"tx", "c1.1"}, {"effect", "applied"}});
    EXPECT_NE(log_of(*h).find("\"E\""), std::string::npos);
    EXPECT_EQ(h->phase(), "idle");
    EXPECT_EQ(h->snapshot()["in_flight"], 0);
}

TEST(TccCoordinator, ARefusedTryCancelsEverywhereIncludingTheSilent) {
    auto h = coordinator();
    auto [id, tries] = begin(*h);
    h->reply_to(tries[0], {{"ok", false}, {"tx", "c1.1"}, {"error", "insufficient funds in a0: 5 available, 10 asked"}});
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "cancel").size(), 2u);   // p2 never answered its try: it may get an empty rollback
    const Message* answer = answer_to(sent, id);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["ok"], false);
    EXPECT_EQ(answer->body["error"], "p1: insufficient funds in a0: 5 available, 10 asked");
    h->reply_to(tries[1], {{"ok", true}});   // late: changes nothing
    EXPECT_TRUE(h->take_sent().empty());
}

TEST(TccCoordinator, ASilentTryCancelsAfterTheTryTimeout) {
    auto h = coordinator({{"try_timeout", "300ms"}});
    auto [id, tries] = begin(*h);
    h->reply_to(tries[0], {{"ok", true}});
    h->advance(299ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "cancel").size(), 2u);
    EXPECT_EQ(answer_to(sent, id)->body["error"], "a try timed out");
}

TEST(TccCoordinator, TheDecisionIsResentUntilAnswered) {
    auto h = coordinator({{"resend_interval", "500ms"}});
    auto [id, tries] = begin(*h);
    for (const Message& t : tries)
        h->reply_to(t, {{"ok", true}});
    const auto confirms = of_type(h->take_sent(), "confirm");
    h->reply_to(confirms[0], {{"ok", true}, {"effect", "applied"}});
    h->advance(1s);
    const auto again = of_type(h->take_sent(), "confirm");
    ASSERT_FALSE(again.empty());
    for (const Message& m : again)
        EXPECT_EQ(m.to, "p2");
    h->reply_to(again.back(), {{"ok", true}, {"effect", "applied"}});
    h->advance(1s);
    EXPECT_TRUE(of_type(h->take_sent(), "confirm").empty());
    EXPECT_GE(h->counter("resent"), 1);
}

TEST(TccCoordinator, ARefusedConfirmIsAContradiction) {
    auto h = coordinator();
    auto [id, tries] = begin(*h);
    for (const Message& t : tries)
        h->reply_to(t, {{"ok", true}});
    const auto confirms = of_type(h->take_sent(), "confirm");
    h->reply_to(confirms[0], {{"ok", true}, {"effect", "applied"}});
    h->reply_to(confirms[1], {{"ok", false}, {"error", "already rolled_back"}});
    EXPECT_EQ(h->counter("contradictions"), 1);
    EXPECT_EQ(h->snapshot()["in_flight"], 0);
}

TEST(TccCoordinator, AReadSumsEveryParticipantsBalances) {
    auto h = coordinator();
    const auto id = h->deliver("c1", "read", Json::object());
    const auto asks = of_type(h->take_sent(), "balances");
    ASSERT_EQ(asks.size(), 2u);
    h->reply_to(asks[0], {{"ok", true}, {"sum", 1000}});
    h->reply_to(asks[1], {{"ok", true}, {"sum", 2000}});
    const auto sent = h->take_sent();
    const Message* answer = answer_to(sent, id);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["sum"], 3000);
    EXPECT_EQ(answer->body["by_participant"]["p2"], 2000);
}

TEST(TccCoordinator, AReadWaitsForConfirmsInFlightAndHoldsNewOnes) {
    auto h = coordinator();
    auto [id1, tries1] = begin(*h, "c1.1");
    for (const Message& t : tries1)
        h->reply_to(t, {{"ok", true}});
    const auto confirms1 = of_type(h->take_sent(), "confirm");
    const auto read = h->deliver("c1", "read", Json::object());
    EXPECT_TRUE(of_type(h->take_sent(), "balances").empty());   // c1.1 is half-confirmed
    EXPECT_EQ(h->phase(), "reading");
    auto [id2, tries2] = begin(*h, "c1.2");
    for (const Message& t : tries2)
        h->reply_to(t, {{"ok", true}});
    EXPECT_TRUE(of_type(h->take_sent(), "confirm").empty());   // c1.2 is held for the read
    for (const Message& c : confirms1)
        h->reply_to(c, {{"ok", true}});
    const auto asks = of_type(h->take_sent(), "balances");
    ASSERT_EQ(asks.size(), 2u);
    for (const Message& a : asks)
        h->reply_to(a, {{"ok", true}, {"sum", 500}});
    const auto sent = h->take_sent();
    EXPECT_EQ(answer_to(sent, read)->body["sum"], 1000);
    EXPECT_EQ(of_type(sent, "confirm").size(), 2u);   // c1.2 goes now
}

TEST(TccCoordinator, AReadThatGivesUpReleasesTheConfirmsItHeld) {
    auto h = coordinator({{"read_timeout", "1s"}, {"resend_interval", "200ms"}});
    auto [id1, tries1] = begin(*h, "c1.1");
    for (const Message& t : tries1)
        h->reply_to(t, {{"ok", true}});
    h->take_sent();   // c1.1's confirms are never answered: p1 is down
    const auto read = h->deliver("c1", "read", Json::object());
    auto [id2, tries2] = begin(*h, "c1.2");
    for (const Message& t : tries2)
        h->reply_to(t, {{"ok", true}});
    h->take_sent();
    h->advance(1s);
    const auto sent = h->take_sent();
    const Message* answer = answer_to(sent, read);
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->body["ok"], false);
    bool c12 = false;
    for (const Message& m : of_type(sent, "confirm"))
        c12 = c12 || m.body["tx"] == "c1.2";
    EXPECT_TRUE(c12);
    EXPECT_EQ(h->counter("reads_failed"), 1);
}

TEST(TccCoordinator, AfterARestartUndecidedAreCancelledAndDecidedResent) {
    auto h = coordinator();
    auto [id1, tries1] = begin(*h, "c1.1");
    for (const Message& t : tries1)
        h->reply_to(t, {{"ok", true}});   // decided confirm, never answered
    begin(*h, "c1.2");                    // undecided
    h->take_sent();
    h->restart();
    EXPECT_EQ(h->phase(), "recovering");
    const auto sent = h->take_sent();
    std::vector<std::string> got;
    for (const Message& m : sent)
        got.push_back(m.type + ":" + m.body["tx"].get<std::string>() + ":" + m.to);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"cancel:c1.2:p1", "cancel:c1.2:p2", "confirm:c1.1:p1", "confirm:c1.1:p2"}));
    for (const Message& m : sent)
        h->reply_to(m, {{"ok", true}});
    EXPECT_EQ(h->phase(), "idle");
    EXPECT_EQ(h->counter("recovered"), 2);
}

TEST(TccCoordinator, BadRequestsGetClearErrors) {
    auto h = coordinator({{"max_in_flight", 1}});
    auto answer = [&](Json body) {
        const auto id = h->deliver("c1", "begin", std::move(body));
        const auto sent = h->take_sent();
        const Message* a = answer_to(sent, id);
        return a ? a->body : Json();
    };
    EXPECT_EQ(answer({{"actions", Json::array()}})["error"], "begin needs a non-empty string \"tx\"");
    EXPECT_EQ(answer({{"tx", "x"}})["error"], "begin needs a non-empty list \"actions\"");
    EXPECT_EQ(answer({{"tx", "x"}, {"actions", Json::array({Json{{"participant", "p1"}, {"account", "a0"}}})}})["error"],
              "actions[0] needs string fields participant and account and a non-zero integer amount");
    EXPECT_EQ(answer(Json("junk"))["ok"], false);
    EXPECT_EQ(answer(transfer("c1.1"))["ok"], Json());   // accepted: no answer yet
    EXPECT_EQ(answer(transfer("c1.1"))["error"], "transaction c1.1 is already in progress");
    EXPECT_EQ(answer(transfer("c1.2"))["error"], "busy: too many transactions in flight");
    h->deliver("p1", "gossip", Json::object());
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
}

}  // namespace
}  // namespace distlab::test_support
