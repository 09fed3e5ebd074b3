// The mq-consumer role alone: joining and heartbeats, processing then acknowledging, failing a
// poison message, auto-ack, and bad input.

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

std::unique_ptr<RoleHarness> consumer(Json params = Json::object()) {
    params["queue"] = "q";
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "mq-consumer", .params = std::move(params), .self = "c1", .peers = {"q"}});
    h->start();
    return h;
}

// Answers the consumer's join with `body`.
void answer_join(RoleHarness& h, Json body = {{"ok", true}}) {
    for (const Message& m : h.take_sent())
        if (m.type == "join")
            h.reply_to(m, body);
}

Json delivery(std::int64_t seq, bool poison = false, std::int64_t attempt = 1) {
    return {{"producer", "p1"}, {"seq", seq},       {"poison", poison},
            {"group", "workers"}, {"attempt", attempt}, {"reason", attempt == 1 ? "first" : "retry"}};
}

TEST(MqConsumerRole, JoinsItsGroupAndKeepsJoiningAsAHeartbeat) {
    auto h = consumer({{"heartbeat", "500ms"}});
    EXPECT_EQ(h->phase(), "joining");
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "join");
    EXPECT_EQ(sent[0].body, (Json{{"group", "workers"}}));
    h->reply_to(sent[0], {{"ok", true}});
    EXPECT_EQ(h->phase(), "consuming");
    h->advance(500ms);
    const auto beat = h->take_sent();
    ASSERT_EQ(beat.size(), 1u);
    EXPECT_EQ(beat[0].type, "join");
    // The queue does not answer: the consumer says it is disconnected, and keeps trying.
    h->advance(500ms);
    EXPECT_EQ(h->phase(), "disconnected");
    answer_join(*h);
    EXPECT_EQ(h->phase(), "consuming");
}

TEST(MqConsumerRole, ProcessesThenAcknowledgesOneAtATime) {
    auto h = consumer({{"process_time", "100ms"}});
    answer_join(*h);
    h->deliver("q", "deliver", delivery(1));
    h->deliver("q", "deliver", delivery(2));
    EXPECT_TRUE(h->take_sent().empty());   // nothing acknowledged before it is processed
    h->advance(100ms);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "ack");
    EXPECT_EQ(sent[0].body, (Json{{"producer", "p1"}, {"seq", 1}, {"group", "workers"}}));
    h->advance(100ms);
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["seq"], 2);
    ASSERT_EQ(h->ops().size(), 4u);   // two invokes, two completions
    EXPECT_EQ(h->ops()[0].f, "consume");
    EXPECT_EQ(h->ops()[0].value["reason"], "first");
    EXPECT_EQ(h->ops()[2].phase, "ok");
    EXPECT_EQ(h->snapshot()["processed"], 2);
}

TEST(MqConsumerRole, FailsAPoisonMessageAndNacksIt) {
    auto h = consumer({{"process_time", "0ms"}});
    answer_join(*h);
    h->deliver("q", "deliver", delivery(7, true, 3));
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "nack");
    EXPECT_EQ(sent[0].body["seq"], 7);
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[1].phase, "fail");
    EXPECT_EQ(h->ops()[1].value["error"], "poison message");
    EXPECT_EQ(h->counter("failed"), 1);
}

TEST(MqConsumerRole, AutoAckAcknowledgesOnReceiptBeforeProcessing) {
    auto h = consumer({{"ack", "auto"}, {"process_time", "1s"}});
    answer_join(*h);
    h->deliver("q", "deliver", delivery(1));
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "ack");
    EXPECT_EQ(h->open_ops(), 1u);          // not processed yet
    h->advance(1s);
    for (const Message& m : h->take_sent())
        EXPECT_EQ(m.type, "join");          // heartbeats only: nothing more to say about the message
    EXPECT_EQ(h->open_ops(), 0u);
}

TEST(MqConsumerRole, CountsAMessageProcessedTwiceAsADuplicate) {
    auto h = consumer({{"process_time", "0ms"}});
    answer_join(*h);
    h->deliver("q", "deliver", delivery(1));
    h->deliver("q", "deliver", delivery(1, false, 2));
    EXPECT_EQ(h->snapshot()["duplicates"], 1);
}

TEST(MqConsumerRole, StopsWhenTheQueueRefusesItsGroup) {
    auto h = consumer({{"group", "Not A Group"}});
    answer_join(*h, {{"ok", false}, {"error", "invalid group: a name of 1 to 64 characters a-z, 0-9, _ and -"}});
    EXPECT_EQ(h->phase(), "refused");
    h->advance(5s);
    EXPECT_TRUE(h->take_sent().empty());   // no more heartbeats
}

TEST(MqConsumerRole, IgnoresAMalformedDelivery) {
    auto h = consumer();
    answer_join(*h);
    h->deliver("q", "deliver", {{"producer", "p1"}, {"seq", "one"}});
    h->deliver("q", "deliver", {{"producer", "p1"}, {"seq", 1}, {"group", "workers"}});   // no attempt
    EXPECT_EQ(h->counter("malformed"), 2);
    EXPECT_TRUE(h->ops().empty());
    EXPECT_EQ(h->violations(), 0u);
}

}  // namespace
}  // namespace distlab::test_support
