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

std::unique_ptr<RoleHarness> subscriber(Json params = Json::object()) {
    params["broker"] = "b";
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "subscriber", .params = std::move(params), .self = "s1", .peers = {"b"}});
    h->start();
    return h;
}

// Answers the subscription the subscriber just sent.
void accept(RoleHarness& h) {
    const auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    ASSERT_EQ(sent[0].type, "subscribe");
    h.reply_to(sent[0], {{"ok", true}});
}

void deliver(RoleHarness& h, std::int64_t seq, std::int64_t attempt = 1) {
    h.deliver("b", "deliver", {{"subject", "orders.created"}, {"publisher", "p1"}, {"seq", seq}, {"attempt", attempt}});
}

std::vector<std::int64_t> acked(const std::vector<Message>& sent) {
    std::vector<std::int64_t> out;
    for (const Message& m : sent)
        if (m.type == "ack")
            out.push_back(m.body["seq"].get<std::int64_t>());
    return out;
}

TEST(SubscriberRole, SubscribesWithItsPatternAndModeThenIsSubscribed) {
    auto h = subscriber({{"pattern", "orders.*"}, {"delivery", "at_least_once"}});
    EXPECT_EQ(h->phase(), "subscribing");
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"pattern", "orders.*"}, {"delivery", "at_least_once"}}));
    h->reply_to(sent[0], {{"ok", true}});
    EXPECT_EQ(h->phase(), "subscribed");
}

TEST(SubscriberRole, SendsItsQueueGroupAndHearsWhenServedOtherwiseThanAsked) {
    auto h = subscriber({{"pattern", "jobs.>"}, {"queue", "resizers"}, {"delivery", "at_least_once"}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"pattern", "jobs.>"}, {"delivery", "at_least_once"}, {"queue", "resizers"}}));
    h->reply_to(sent[0], {{"ok", true}, {"delivery", "at_most_once"}});   // a core NATS broker
    EXPECT_EQ(h->phase(), "subscribed");
    EXPECT_EQ(h->snapshot()["queue_group"], "resizers");
}

TEST(SubscriberRole, AtLeastOnceLeavesADeliveryThatComesBeforeItsSubscriptionResumed) {
    auto h = subscriber({{"delivery", "at_least_once"}});
    deliver(*h, 7, 3);                                     // a retry meant for its previous incarnation
    EXPECT_EQ(h->counter("early_deliveries"), 1);
    EXPECT_EQ(h->snapshot()["received"], 0);
    accept(*h);                                            // the subscribe was all it sent: no ack
    deliver(*h, 7, 4);                                     // resent in order once resumed
    EXPECT_EQ(acked(h->take_sent()), (std::vector<std::int64_t>{7}));
}

TEST(SubscriberRole, TriesAgainWhenTheBrokerDoesNotAnswer) {
    auto h = subscriber({{"subscribe_timeout", "100ms"}, {"resubscribe_delay", "50ms"}});
    h->take_sent();
    h->advance(150ms);
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "subscribe");
}

TEST(SubscriberRole, AcksEachDeliveryAndProcessesADuplicateOnlyOnce) {
    auto h = subscriber();
    accept(*h);
    deliver(*h, 1);
    deliver(*h, 2);
    deliver(*h, 1, 2);                                     // redelivered: its ack was lost
    EXPECT_EQ(acked(h->take_sent()), (std::vector<std::int64_t>{1, 2, 1}));
    EXPECT_EQ(h->counter("received"), 3);
    EXPECT_EQ(h->counter("processed"), 2);
    EXPECT_EQ(h->counter("duplicates"), 1);
    ASSERT_EQ(h->ops().size(), 6u);
    EXPECT_EQ(h->ops()[0].f, "receive");
    EXPECT_EQ(h->ops()[0].value, (Json{{"publisher", "p1"}, {"seq", 1}, {"attempt", 1}}));
    EXPECT_EQ(h->ops()[5].phase, "ok");
    EXPECT_EQ(h->ops()[5].value, (Json{{"publisher", "p1"}, {"seq", 1}, {"duplicate", true}}));
}

TEST(SubscriberRole, DedupeSurvivesARestart) {
    auto h = subscriber({{"delivery", "at_least_once"}});
    accept(*h);
    deliver(*h, 1);
    deliver(*h, 2);
    h->take_sent();
    h->restart();
    accept(*h);
    deliver(*h, 2, 2);
    deliver(*h, 3);
    EXPECT_EQ(h->counter("duplicates"), 1);
    EXPECT_EQ(h->snapshot()["unique"], 3);
    EXPECT_EQ(h->snapshot()["last_seq"]["p1"], 3);
}

TEST(SubscriberRole, ProcessesOneAtATimeAndCountsReordering) {
    auto h = subscriber({{"process_time", "10ms"}});
    accept(*h);
    deliver(*h, 2);
    deliver(*h, 1);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(10ms);
    EXPECT_EQ(acked(h->take_sent()), (std::vector<std::int64_t>{2}));
    h->advance(10ms);
    EXPECT_EQ(acked(h->take_sent()), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(h->counter("reordered"), 1);
}

TEST(SubscriberRole, SubscribesAgainAfterTheBrokerDisconnectsIt) {
    auto h = subscriber({{"resubscribe_delay", "50ms"}});
    accept(*h);
    h->deliver("b", "disconnected", {{"reason", "slow consumer"}});
    EXPECT_EQ(h->phase(), "disconnected");
    h->advance(50ms);
    accept(*h);
    EXPECT_EQ(h->phase(), "subscribed");
}

}  // namespace
}  // namespace distlab::test_support
