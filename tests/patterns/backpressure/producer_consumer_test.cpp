#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// A producer "p1" feeding "st", one item every 10 ms (the first at 10 ms).
std::unique_ptr<RoleHarness> producer(Json params) {
    params["target"] = "st";
    params["rate"] = 100;
    params["arrival"] = "fixed";
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "producer", .params = std::move(params), .self = "p1", .peers = {"st"}});
    h->start();
    return h;
}

std::vector<Message> of_type(const std::vector<Message>& sent, const char* type) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.type == type)
            out.push_back(m);
    return out;
}

std::vector<std::string> phases(const RoleHarness& h) {
    std::vector<std::string> out;
    for (const auto& op : h.ops())
        out.push_back(op.phase);
    return out;
}

TEST(ProducerRole, SendsNothingBeforeItsSubscriptionIsAnsweredThenOnlyWithCredits) {
    auto h = producer({});
    auto subscribe = of_type(h->take_sent(), "subscribe");
    ASSERT_EQ(subscribe.size(), 1u);
    h->advance(30ms);                                   // three items made, none may go yet
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->gauge("backlog"), 3);
    h->reply_to(subscribe[0], {{"flow", "credits"}, {"credits", 2}});
    auto items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].body["id"], 1);
    EXPECT_EQ(items[1].body["id"], 2);
    EXPECT_EQ(h->gauge("credits"), 0);
    h->deliver("st", "credit", {{"n", 1}});
    items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].body["id"], 3);
    h->reply_to(items[0], {{"ok", true}, {"origin", "p1"}, {"id", 3}});
    EXPECT_EQ(h->ops().back().phase, "ok");
    EXPECT_EQ(h->ops().back().value, (Json{{"id", 3}}));
}

TEST(ProducerRole, ABlockingStagePausesItAndTheRefusedItemKeepsItsPlace) {
    auto h = producer({});
    h->reply_to(of_type(h->take_sent(), "subscribe").at(0), {{"flow", "block"}});
    h->advance(20ms);
    auto items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 2u);
    h->reply_to(items[0], {{"ok", false}, {"error", "full"}});   // item 1 goes back, the gate shuts
    h->advance(20ms);                                             // items 3 and 4 wait
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->gauge("backlog"), 3);
    h->reply_to(items[1], {{"ok", true}});
    h->deliver("st", "resume", Json::object());
    items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].body["id"], 1);
    EXPECT_EQ(items[1].body["id"], 3);
    EXPECT_EQ(h->counter("retries"), 1);
    EXPECT_EQ(h->open_ops(), 3u);                                 // 1, 3 and 4 still open
}

TEST(ProducerRole, RefusalsFromAFreeStageFailTheItemAndAMissingAckIsUnknown) {
    auto h = producer({{"ack_timeout", "50ms"}});
    h->reply_to(of_type(h->take_sent(), "subscribe").at(0), {{"flow", "free"}});
    h->advance(30ms);
    auto items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 3u);
    h->reply_to(items[0], {{"ok", false}, {"error", "full"}});
    h->reply_to(items[1], {{"ok", false}, {"error", "shed"}});
    h->advance(50ms);                                             // item 3 is never answered
    EXPECT_EQ(h->counter("rejections"), 1);
    EXPECT_EQ(h->counter("shed"), 1);
    EXPECT_EQ(h->counter("timeouts"), 1);
    std::vector<std::string> ends;
    for (const auto& op : h->ops())
        if (op.phase != "invoke" && op.value["id"].get<int>() <= 3)
            ends.push_back(op.phase);
    EXPECT_EQ(ends, (std::vector<std::string>{"fail", "fail", "info"}));
}

TEST(ProducerRole, MakesNothingWhileItsBacklogIsFull) {
    auto h = producer({{"backlog_limit", 2}});
    h->advance(50ms);                                             // never subscribed: nothing leaves
    EXPECT_EQ(h->gauge("backlog"), 2);
    EXPECT_EQ(h->counter("produced"), 2);
    EXPECT_EQ(h->counter("throttled"), 3);
    EXPECT_EQ(phases(*h), (std::vector<std::string>{"invoke", "invoke"}));
}

TEST(ConsumerRole, GrantsItsBufferProcessesOneAtATimeAndAnswersWhenDone) {
    RoleHarness h({.role = "consumer", .params = {{"process_time", "20ms"}, {"buffer", 2}}, .self = "k1", .peers = {"st"}});
    h.start();
    const auto sub = h.deliver("st", "subscribe", Json::object());
    auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].reply_to, sub);
    EXPECT_EQ(sent[0].body, (Json{{"flow", "credits"}, {"credits", 2}}));
    const auto a = h.deliver("st", "item", {{"origin", "p1"}, {"id", 1}, {"priority", 0}, {"size", 1}});
    const auto b = h.deliver("st", "item", {{"origin", "p1"}, {"id", 2}, {"priority", 0}, {"size", 1}});
    h.advance(19ms);
    EXPECT_TRUE(h.take_sent().empty());
    h.advance(1ms);
    sent = h.take_sent();
    ASSERT_EQ(sent.size(), 2u);                                   // the answer, then a credit
    EXPECT_EQ(sent[0].reply_to, a);
    EXPECT_EQ(sent[0].body["ok"], true);
    EXPECT_EQ(sent[1].type, "credit");
    h.advance(20ms);
    sent = h.take_sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].reply_to, b);
    EXPECT_EQ(h.counter("consumed"), 2);
}

TEST(ConsumerRole, AnItemAlreadyProcessedIsAnsweredAtOnceAndNotProcessedAgain) {
    RoleHarness h({.role = "consumer", .params = {{"process_time", "20ms"}, {"buffer", 2}}, .self = "k1", .peers = {"st"}});
    h.start();
    h.deliver("st", "subscribe", Json::object());
    const Json item = {{"origin", "p1"}, {"id", 1}, {"priority", 0}, {"size", 1}};
    h.deliver("st", "item", item);
    h.advance(20ms);
    h.take_sent();
    const auto again = h.deliver("st", "item", item);
    auto sent = h.take_sent();
    ASSERT_FALSE(sent.empty());
    EXPECT_EQ(sent[0].reply_to, again);
    EXPECT_EQ(sent[0].body["ok"], true);
    EXPECT_EQ(h.counter("consumed"), 1);
    EXPECT_EQ(h.counter("duplicates"), 1);
}

}  // namespace
}  // namespace distlab::test_support
