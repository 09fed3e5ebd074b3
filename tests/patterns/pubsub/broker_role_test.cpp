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

std::unique_ptr<RoleHarness> broker(Json params = Json::object()) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "broker", .params = std::move(params), .self = "b", .peers = {"p1", "s1", "s2", "s3", "s4"}});
    h->start();
    return h;
}

void subscribe(RoleHarness& h, const char* node, const char* pattern, const char* delivery = "at_most_once",
               const char* queue = nullptr) {
    Json body = {{"pattern", pattern}, {"delivery", delivery}};
    if (queue)
        body["queue"] = queue;
    h.deliver(node, "subscribe", std::move(body));
    const auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    ASSERT_EQ(sent[0].body["ok"], true) << sent[0].body.dump();
}

// Publishes p1's message `seq` to `subject`; returns the answer's "matched".
Json publish(RoleHarness& h, std::int64_t seq, const char* subject = "orders.eu.created") {
    const auto id = h.deliver("p1", "publish", {{"subject", subject}, {"publisher", "p1"}, {"seq", seq}});
    for (const Message& m : h.take_sent())
        if (m.reply_to == id)
            return m.body;
    return nullptr;
}

// The seqs delivered to `to` among `sent`.
std::vector<std::int64_t> delivered(const std::vector<Message>& sent, const char* to) {
    std::vector<std::int64_t> out;
    for (const Message& m : sent)
        if (m.type == "deliver" && m.to == to)
            out.push_back(m.body["seq"].get<std::int64_t>());
    return out;
}

void ack(RoleHarness& h, const char* node, std::int64_t seq) {
    h.deliver(node, "ack", {{"publisher", "p1"}, {"seq", seq}});
}

TEST(BrokerRole, FansOutToEveryMatchingSubscriptionAndNoOther) {
    auto h = broker();
    subscribe(*h, "s1", "orders.>");
    subscribe(*h, "s2", "orders.*.created");
    subscribe(*h, "s3", "orders.*");
    h->deliver("p1", "publish", {{"subject", "orders.eu.created"}, {"publisher", "p1"}, {"seq", 1}});
    const auto sent = h->take_sent();
    EXPECT_EQ(delivered(sent, "s1"), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(delivered(sent, "s2"), (std::vector<std::int64_t>{1}));
    EXPECT_TRUE(delivered(sent, "s3").empty());
    ASSERT_FALSE(sent.empty());
    EXPECT_EQ(sent.back().body, (Json{{"ok", true}, {"matched", 2}}));   // answered after the fan-out
    for (const Message& m : sent) {
        if (m.type == "deliver") {
            EXPECT_EQ(m.body, (Json{{"subject", "orders.eu.created"}, {"publisher", "p1"}, {"seq", 1}, {"attempt", 1}}));
        }
    }
    EXPECT_EQ(h->counter("delivered"), 2);
}

TEST(BrokerRole, RefusesAWildcardSubjectAndAnInvalidPattern) {
    auto h = broker();
    EXPECT_EQ(publish(*h, 1, "orders.*"), (Json{{"ok", false}, {"error", "invalid subject"}}));
    h->deliver("s1", "subscribe", {{"pattern", "orders.>.x"}, {"delivery", "at_most_once"}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["ok"], false);
}

TEST(BrokerRole, AtMostOnceKeepsNothingPastAckWait) {
    auto h = broker({{"ack_wait", "100ms"}, {"max_in_flight", 2}});
    subscribe(*h, "s1", ">");
    publish(*h, 1);
    publish(*h, 2);
    publish(*h, 3);                                        // waits: the window is full
    EXPECT_EQ(h->gauge("buffer_depth"), 1);
    h->advance(150ms);                                     // 1 and 2 expire, never acked: forgotten
    const auto sent = h->take_sent();
    EXPECT_EQ(delivered(sent, "s1"), (std::vector<std::int64_t>{3}));
    EXPECT_EQ(h->counter("redelivered"), 0);
}

TEST(BrokerRole, AtLeastOnceRedeliversAfterAckWaitUntilAcknowledged) {
    auto h = broker({{"ack_wait", "100ms"}});
    subscribe(*h, "s1", ">", "at_least_once");
    publish(*h, 1);
    publish(*h, 2);
    ack(*h, "s1", 2);
    h->advance(150ms);
    auto sent = h->take_sent();
    ASSERT_EQ(delivered(sent, "s1"), (std::vector<std::int64_t>{1}));
    for (const Message& m : sent) {
        if (m.type == "deliver") {
            EXPECT_EQ(m.body["attempt"], 2);
        }
    }
    ack(*h, "s1", 1);
    h->advance(500ms);
    EXPECT_TRUE(delivered(h->take_sent(), "s1").empty());
    EXPECT_EQ(h->counter("redelivered"), 1);
    EXPECT_EQ(h->snapshot()["in_flight"], 0);
}

TEST(BrokerRole, AtLeastOnceGivesAMessageUpAfterMaxDeliver) {
    auto h = broker({{"ack_wait", "100ms"}, {"max_deliver", 3}});
    subscribe(*h, "s1", ">", "at_least_once");
    publish(*h, 1);
    h->advance(1s);                                        // attempts 2 and 3, then it is given up
    EXPECT_EQ(delivered(h->take_sent(), "s1"), (std::vector<std::int64_t>{1, 1}));
    EXPECT_EQ(h->counter("max_deliveries"), 1);
    EXPECT_EQ(h->counter("dropped"), 1);
}

TEST(BrokerRole, ADurableSubscriptionResumesWhatItRetained) {
    auto h = broker({{"ack_wait", "100ms"}, {"max_in_flight", 1}});
    subscribe(*h, "s1", ">", "at_least_once");
    publish(*h, 1);
    publish(*h, 2);                                        // buffered behind 1
    // s1 restarted and came back: 1 goes again at once, before 2.
    h->deliver("s1", "subscribe", {{"pattern", ">"}, {"delivery", "at_least_once"}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}}));
    EXPECT_EQ(delivered(sent, "s1"), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(sent[1].body["attempt"], 2);
    h->advance(100ms);                                     // not acknowledged in ack_wait: again
    EXPECT_EQ(delivered(h->take_sent(), "s1"), (std::vector<std::int64_t>{1}));
    ack(*h, "s1", 1);
    EXPECT_EQ(delivered(h->take_sent(), "s1"), (std::vector<std::int64_t>{2}));
    EXPECT_EQ(h->counter("dropped"), 0);
}

TEST(BrokerRole, AnAtMostOnceResubscriptionStartsEmpty) {
    auto h = broker({{"max_in_flight", 1}});
    subscribe(*h, "s1", ">");
    publish(*h, 1);
    publish(*h, 2);
    subscribe(*h, "s1", ">");                              // a new connection: 1 and 2 are gone
    EXPECT_EQ(h->counter("dropped"), 2);
    h->deliver("p1", "publish", {{"subject", "orders.eu.created"}, {"publisher", "p1"}, {"seq", 3}});
    EXPECT_EQ(delivered(h->take_sent(), "s1"), (std::vector<std::int64_t>{3}));
}

TEST(BrokerRole, AQueueGroupGivesEachMessageToOneMemberInTurn) {
    auto h = broker();
    subscribe(*h, "s1", "orders.>", "at_most_once", "workers");
    subscribe(*h, "s2", "orders.>", "at_most_once", "workers");
    subscribe(*h, "s3", "orders.>", "at_most_once", "workers");
    subscribe(*h, "s4", "orders.>");                       // a plain subscription beside the group
    std::vector<Message> sent;
    for (std::int64_t seq = 1; seq <= 6; ++seq) {
        h->deliver("p1", "publish", {{"subject", "orders.eu.created"}, {"publisher", "p1"}, {"seq", seq}});
        for (Message& m : h->take_sent()) {
            if (m.type == "publish_reply")
                EXPECT_EQ(m.body["matched"], 2);           // the group counts once, s4 once
            sent.push_back(std::move(m));
        }
    }
    EXPECT_EQ(delivered(sent, "s1"), (std::vector<std::int64_t>{1, 4}));
    EXPECT_EQ(delivered(sent, "s2"), (std::vector<std::int64_t>{2, 5}));
    EXPECT_EQ(delivered(sent, "s3"), (std::vector<std::int64_t>{3, 6}));
    EXPECT_EQ(delivered(sent, "s4"), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(h->snapshot()["subscriptions"]["s1"]["queue_group"], "workers");
}

TEST(BrokerRole, QueueGroupsAreSeparateByNameAndByPattern) {
    auto h = broker();
    subscribe(*h, "s1", "orders.>", "at_most_once", "a");
    subscribe(*h, "s2", "orders.>", "at_most_once", "b");  // another group: gets every message too
    subscribe(*h, "s3", "orders.*.created", "at_most_once", "a");   // same name, other pattern
    h->deliver("p1", "publish", {{"subject", "orders.eu.created"}, {"publisher", "p1"}, {"seq", 1}});
    const auto sent = h->take_sent();
    EXPECT_EQ(sent.back().body["matched"], 3);
    EXPECT_EQ(delivered(sent, "s1"), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(delivered(sent, "s2"), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(delivered(sent, "s3"), (std::vector<std::int64_t>{1}));
}

TEST(BrokerRole, RefusesAnInvalidQueueGroupName) {
    auto h = broker();
    for (const Json& queue : {Json("a b.*"), Json(""), Json(7)}) {
        h->deliver("s1", "subscribe", {{"pattern", ">"}, {"delivery", "at_most_once"}, {"queue", queue}});
        const auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u);
        EXPECT_EQ(sent[0].body, (Json{{"ok", false}, {"error", "invalid queue group name"}})) << queue.dump();
    }
    EXPECT_EQ(publish(*h, 1)["matched"], 0);
}

TEST(BrokerRole, TheNatsCorePresetServesAtMostOnceAndDisconnectsASlowConsumer) {
    auto h = broker({{"preset", "nats_core"}, {"max_in_flight", 1}, {"buffer_limit", 1}, {"ack_wait", "100ms"}});
    h->deliver("s1", "subscribe", {{"pattern", ">"}, {"delivery", "at_least_once"}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}, {"delivery", "at_most_once"}}));   // it says so
    EXPECT_EQ(h->snapshot()["subscriptions"]["s1"]["delivery"], "at_most_once");
    publish(*h, 1);
    h->advance(300ms);                                     // never acknowledged: not sent again
    EXPECT_EQ(h->counter("redelivered"), 0);
    publish(*h, 2);                                        // in flight
    publish(*h, 3);                                        // buffered
    publish(*h, 4);                                        // the buffer is full: disconnected
    EXPECT_EQ(h->counter("disconnects"), 1);
    EXPECT_EQ(h->snapshot()["preset"], "nats_core");
}

TEST(BrokerRole, TheJetStreamPresetTakesItsDefaultsAndAGivenKnobOverridesIt) {
    auto js = broker({{"preset", "jetstream"}});
    subscribe(*js, "s1", ">", "at_least_once");
    for (std::int64_t seq = 1; seq <= 1001; ++seq)
        publish(*js, seq);
    EXPECT_EQ(js->snapshot()["in_flight"], 1000);          // MaxAckPending 1000
    EXPECT_EQ(js->gauge("buffer_depth"), 1);
    js->advance(29s);
    EXPECT_EQ(js->counter("redelivered"), 0);
    js->advance(2s);                                       // AckWait 30 s
    EXPECT_EQ(js->counter("redelivered"), 1000);

    auto compressed = broker({{"preset", "jetstream"}, {"ack_wait", "1s"}, {"max_in_flight", 2}});
    subscribe(*compressed, "s1", ">", "at_least_once");
    for (std::int64_t seq = 1; seq <= 3; ++seq)
        publish(*compressed, seq);
    EXPECT_EQ(compressed->snapshot()["in_flight"], 2);
    compressed->advance(1500ms);
    EXPECT_EQ(compressed->counter("redelivered"), 2);
}

// A subscriber that never acknowledges: a window of 1 (seq 1), then a buffer of 2.
std::unique_ptr<RoleHarness> slow_consumer(const char* overflow) {
    auto h = broker({{"max_in_flight", 1}, {"buffer_limit", 2}, {"overflow", overflow}, {"ack_wait", "10s"}});
    subscribe(*h, "s1", ">");
    for (std::int64_t seq = 1; seq <= 5; ++seq)
        EXPECT_EQ(publish(*h, seq)["ok"], true);
    return h;
}

TEST(BrokerRole, DropOldestKeepsTheNewestMessages) {
    auto h = slow_consumer("drop_oldest");
    EXPECT_EQ(h->counter("dropped"), 2);
    EXPECT_EQ(h->gauge("buffer_depth"), 2);
    ack(*h, "s1", 1);
    ack(*h, "s1", 4);
    EXPECT_EQ(delivered(h->take_sent(), "s1"), (std::vector<std::int64_t>{4, 5}));
}

TEST(BrokerRole, DropNewestKeepsTheOldestMessages) {
    auto h = slow_consumer("drop_newest");
    EXPECT_EQ(h->counter("dropped"), 2);
    ack(*h, "s1", 1);
    ack(*h, "s1", 2);
    EXPECT_EQ(delivered(h->take_sent(), "s1"), (std::vector<std::int64_t>{2, 3}));
}

TEST(BrokerRole, DisconnectClosesTheSlowConsumersSubscription) {
    auto h = broker({{"max_in_flight", 1}, {"buffer_limit", 2}, {"overflow", "disconnect"}, {"ack_wait", "10s"}});
    subscribe(*h, "s1", ">");
    subscribe(*h, "s2", ">");
    for (std::int64_t seq = 1; seq <= 3; ++seq)
        publish(*h, seq);
    ack(*h, "s2", 1);
    h->take_sent();
    // s1's buffer overflows; s2 still has room.
    h->deliver("p1", "publish", {{"subject", "orders.eu.created"}, {"publisher", "p1"}, {"seq", 4}});
    const auto sent = h->take_sent();
    std::vector<std::string> to_s1;
    for (const Message& m : sent)
        if (m.to == "s1")
            to_s1.push_back(m.type);
    EXPECT_EQ(to_s1, (std::vector<std::string>{"disconnected"}));
    EXPECT_EQ(h->counter("disconnects"), 1);
    EXPECT_EQ(h->counter("dropped"), 4);                   // 1 in flight, 2 and 3 buffered, 4
    EXPECT_FALSE(h->snapshot()["subscriptions"].contains("s1"));
    ack(*h, "s2", 2);
    EXPECT_EQ(publish(*h, 5)["matched"], 1);               // only s2 is subscribed now
}

}  // namespace
}  // namespace distlab::test_support
