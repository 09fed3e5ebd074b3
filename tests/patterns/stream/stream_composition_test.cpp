// The stream roles' composition with the other communication patterns, with the RoleHarness:
// a stream-source taking its events from a broker's durable subscription instead of generating
// them, and a stream-sink forwarding its rows downstream under backpressure.

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/patterns/stream/source_role.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::vector<Message> of_type(const std::vector<Message>& sent, std::string_view type) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.type == type)
            out.push_back(m);
    return out;
}

Json at(Json body, std::int64_t attempt, std::int64_t seq) {
    body["attempt"] = attempt;
    body["seq"] = seq;
    return body;
}

Json delivery(const char* publisher, std::int64_t seq, std::int64_t attempt = 1) {
    return {{"subject", std::string("sensors.") + publisher + ".temp"}, {"publisher", publisher}, {"seq", seq},
            {"attempt", attempt}};
}

// ---- stream-source reading a broker ----

std::unique_ptr<RoleHarness> broker_source() {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "stream-source",
        .params = {{"operators", {"o1", "o2"}}, {"sink", "out"}, {"broker", "b"}, {"pattern", "sensors.*.temp"}},
        .self = "src",
        .peers = {"o1", "o2", "out", "b"},
        .peer_roles = {"stream-operator", "stream-operator", "stream-sink", "broker"}});
    h->start();
    return h;
}

// Accepts the subscription the source asked for; returns the subscribe message.
Message accept_subscription(RoleHarness& h) {
    const auto subscribes = of_type(h.take_sent(), "subscribe");
    EXPECT_EQ(subscribes.size(), 1u);
    if (subscribes.empty())
        return {};
    h.reply_to(subscribes[0], {{"ok", true}});
    return subscribes[0];
}

void start_job(RoleHarness& h) {
    for (const char* node : {"o1", "o2", "out"})
        h.deliver(node, "hello", {{"incarnation", 1}});
    h.take_sent();
}

TEST(StreamSourceFromBroker, SubscribesAtLeastOnceAndGeneratesNothing) {
    auto h = broker_source();
    const Message subscribe = accept_subscription(*h);
    EXPECT_EQ(subscribe.to, "b");
    EXPECT_EQ(subscribe.body, (Json{{"pattern", "sensors.*.temp"}, {"delivery", "at_least_once"}}));
    EXPECT_EQ(h->snapshot()["subscribed"], true);
    start_job(*h);
    h->advance(2s);
    EXPECT_TRUE(of_type(h->take_sent(), "record").empty());   // no delivery, no event
    EXPECT_EQ(h->snapshot()["offset"], 0);
}

TEST(StreamSourceFromBroker, AppendsEachDeliveryKeyedByItsPublisherThenAcknowledgesIt) {
    auto h = broker_source();
    accept_subscription(*h);
    start_job(*h);
    h->advance(250ms);
    h->deliver("b", "deliver", delivery("d7", 1));
    const auto sent = h->take_sent();
    const auto records = of_type(sent, "record");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].to, std::string(core::stream::operator_index("d7", 2) == 0 ? "o1" : "o2"));
    EXPECT_EQ(records[0].body["key"], "d7");
    EXPECT_EQ(records[0].body["t"], 250);   // ingestion time: when it arrived
    EXPECT_EQ(records[0].body["id"], "d7#1");
    const auto acks = of_type(sent, "ack");
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].to, "b");
    EXPECT_EQ(acks[0].body, (Json{{"publisher", "d7"}, {"seq", 1}}));
    ASSERT_EQ(h->ops().size(), 2u);   // receive invoked and completed ok, as a subscriber's
    EXPECT_EQ(h->ops()[0].f, "receive");
    EXPECT_EQ(h->ops()[1].phase, "ok");
}

TEST(StreamSourceFromBroker, ARedeliveryIsAcknowledgedAgainButNotAppendedTwice) {
    auto h = broker_source();
    accept_subscription(*h);
    start_job(*h);
    h->deliver("b", "deliver", delivery("d1", 1));
    h->deliver("b", "deliver", delivery("d1", 1, 2));
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "record").size(), 1u);
    EXPECT_EQ(of_type(sent, "ack").size(), 2u);
    EXPECT_EQ(h->counter("duplicates"), 1);
    EXPECT_EQ(h->ops().back().value["duplicate"], true);
}

TEST(StreamSourceFromBroker, ARestartedSourceStillKnowsWhatItsLogHolds) {
    auto h = broker_source();
    accept_subscription(*h);
    start_job(*h);
    h->deliver("b", "deliver", delivery("d1", 1));
    h->deliver("b", "deliver", delivery("d2", 1));
    h->take_sent();
    h->restart();
    accept_subscription(*h);   // it subscribes again at once
    h->deliver("b", "deliver", delivery("d2", 1, 2));
    h->deliver("b", "deliver", delivery("d2", 2));
    EXPECT_EQ(h->counter("duplicates"), 1);
    EXPECT_EQ(h->snapshot()["offset"], 3);
}

TEST(StreamSourceFromBroker, LeavesDeliveriesBeforeItsSubscriptionStoodUnacknowledged) {
    auto h = broker_source();
    h->deliver("b", "deliver", delivery("d1", 1));   // a retry meant for an earlier incarnation
    EXPECT_EQ(h->counter("early_deliveries"), 1);
    EXPECT_TRUE(of_type(h->take_sent(), "ack").empty());
}

TEST(StreamSourceFromBroker, SubscribesAgainAfterATimeoutOrADisconnect) {
    auto h = broker_source();
    h->take_sent();
    h->advance(1600ms);   // the call times out after 1 s, the retry follows 500 ms later
    const auto again = of_type(h->take_sent(), "subscribe");
    ASSERT_EQ(again.size(), 1u);
    h->reply_to(again[0], {{"ok", true}});
    h->deliver("b", "disconnected", {{"reason", "slow consumer"}});
    EXPECT_EQ(h->snapshot()["subscribed"], false);
    h->advance(600ms);
    EXPECT_EQ(of_type(h->take_sent(), "subscribe").size(), 1u);
}

TEST(StreamSourceFromBroker, RefusesBadDeliveries) {
    auto h = broker_source();
    accept_subscription(*h);
    start_job(*h);
    h->deliver("b", "deliver", {{"subject", "s"}, {"publisher", "d1"}, {"attempt", 1}});     // no seq
    h->deliver("b", "deliver", {{"subject", "s"}, {"publisher", "d1"}, {"seq", 1}});         // no attempt
    h->deliver("o1", "deliver", delivery("d1", 1));                                          // not its broker
    EXPECT_EQ(h->counter("malformed"), 3);
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->violations(), 0u);
}

TEST(StreamSourceKeys, NumberedKeysKeepTheirOperatorOthersHashStably) {
    EXPECT_EQ(core::stream::operator_index("k0", 2), 0u);
    EXPECT_EQ(core::stream::operator_index("k3", 2), 1u);
    EXPECT_EQ(core::stream::operator_index("k7", 4), 3u);
    EXPECT_EQ(core::stream::operator_index("d1", 3), core::stream::operator_index("d1", 3));
    std::set<std::size_t> used;
    for (int i = 0; i < 100; ++i)
        used.insert(core::stream::operator_index("d" + std::to_string(i), 2));
    EXPECT_EQ(used.size(), 2u);   // 100 device names spread over both operators
}

// ---- stream-sink forwarding downstream ----

std::unique_ptr<RoleHarness> forwarding_sink() {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "stream-sink",
        .params = {{"operators", {"o1"}}, {"source", "src"}, {"mode", "at_least_once"}, {"downstream", "dbq"}},
        .self = "out",
        .peers = {"src", "o1", "dbq"},
        .peer_roles = {"stream-source", "stream-operator", "bounded-stage"}});
    h->start();
    return h;
}

void rows(RoleHarness& h, std::int64_t n) {
    h.deliver("o1", "restore", at({{"checkpoint", 0}}, 1, 1));
    for (std::int64_t i = 0; i < n; ++i)
        h.deliver("o1", "result",
                  at({{"key", "d1"}, {"start", i * 1000}, {"end", i * 1000 + 1000}, {"count", 2}, {"firing", 0}}, 1,
                     i + 2));
}

TEST(StreamSinkDownstream, ForwardsVisibleRowsOnlyAsFarAsItsCreditsGo) {
    auto h = forwarding_sink();
    const auto subscribes = of_type(h->take_sent(), "subscribe");
    ASSERT_EQ(subscribes.size(), 1u);
    EXPECT_EQ(subscribes[0].to, "dbq");
    h->reply_to(subscribes[0], {{"flow", "credits"}, {"credits", 2}});
    rows(*h, 5);
    auto items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 2u);   // two credits, two items; three rows wait
    EXPECT_EQ(items[0].body["origin"], "out");
    EXPECT_EQ(items[0].body["id"], 1);
    EXPECT_EQ(items[1].body["id"], 2);
    EXPECT_EQ(h->snapshot()["outbox"], 3);
    EXPECT_EQ(h->gauge("outbox"), 3);
    for (const Message& item : items)
        h->reply_to(item, {{"ok", true}, {"origin", "out"}, {"id", item.body["id"]}});
    EXPECT_TRUE(of_type(h->take_sent(), "item").empty());   // an answer is no credit
    h->deliver("dbq", "credit", {{"n", 5}});
    items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].body["id"], 3);
    for (const Message& item : items)
        h->reply_to(item, {{"ok", true}, {"origin", "out"}, {"id", item.body["id"]}});
    EXPECT_EQ(h->counter("forwarded"), 5);
    EXPECT_EQ(h->snapshot()["outbox"], 0);
}

TEST(StreamSinkDownstream, ARefusedOrUnansweredRowKeepsItsPlaceInLine) {
    auto h = forwarding_sink();
    h->reply_to(of_type(h->take_sent(), "subscribe")[0], {{"flow", "block"}});
    rows(*h, 1);
    auto items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 1u);
    h->reply_to(items[0], {{"ok", false}, {"origin", "out"}, {"id", 1}, {"error", "full"}});   // pauses the gate
    h->deliver("o1", "result", at({{"key", "d2"}, {"start", 0}, {"end", 1000}, {"count", 1}, {"firing", 0}}, 1, 3));
    EXPECT_TRUE(of_type(h->take_sent(), "item").empty());
    EXPECT_EQ(h->snapshot()["outbox"], 2);
    h->deliver("dbq", "resume", Json::object());
    items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].body["id"], 1);   // the refused one first
    EXPECT_EQ(items[1].body["id"], 2);
    h->advance(1100ms);                  // neither answered: both go back in line and out again
    items = of_type(h->take_sent(), "item");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].body["id"], 1);
    EXPECT_EQ(h->counter("forwarded"), 0);
}

TEST(StreamSinkDownstream, WithoutADownstreamRowsStayInTheTable) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "stream-sink",
                                                        .params = {{"operators", {"o1"}}, {"source", "src"}, {"mode", "at_least_once"}},
                                                        .self = "out",
                                                        .peers = {"src", "o1"}});
    h->start();
    rows(*h, 3);
    const auto sent = h->take_sent();
    EXPECT_TRUE(of_type(sent, "item").empty());
    EXPECT_TRUE(of_type(sent, "subscribe").empty());
    EXPECT_EQ(h->snapshot()["outbox"], 0);
}

}  // namespace
}  // namespace distlab::test_support
