// The queue role alone: storing before acknowledging, competing consumers, acks, nacks along the
// retry ladder, the visibility timeout, the dead-letter queue, the presets, and a restart with
// and without its log.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/patterns/message_queue/queue_role.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> queue(Json params = Json::object()) {
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "queue", .params = std::move(params), .self = "q", .peers = {"p1", "c1", "c2"}});
    h->start();
    return h;
}

// p1's message `seq`; returns the queue's answer.
Json enqueue(RoleHarness& h, std::int64_t seq, bool poison = false) {
    const auto id = h.deliver("p1", "enqueue", {{"producer", "p1"}, {"seq", seq}, {"poison", poison}});
    for (const Message& m : h.take_sent())
        if (m.reply_to == id)
            return m.body;
    return nullptr;
}

void join(RoleHarness& h, const char* node, const char* group = "workers") {
    h.deliver(node, "join", {{"group", group}});
}

std::vector<Message> deliveries(const std::vector<Message>& sent, const std::string& to = {}) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.type == "deliver" && (to.empty() || m.to == to))
            out.push_back(m);
    return out;
}

void settle(RoleHarness& h, const char* node, std::int64_t seq, bool ok, const char* group = "workers") {
    h.deliver(node, ok ? "ack" : "nack", {{"producer", "p1"}, {"seq", seq}, {"group", group}});
}

TEST(QueueRole, StoresAMessageBeforeAcknowledgingIt) {
    auto h = queue();
    EXPECT_EQ(enqueue(*h, 1), (Json{{"ok", true}}));
    const auto log = h->storage().read("mq_log");
    ASSERT_TRUE(log && *log);
    EXPECT_EQ(**log, "m p1 1 0\n");
    // Enqueue is idempotent: the same id again is stored once.
    EXPECT_EQ(enqueue(*h, 1), (Json{{"ok", true}, {"duplicate", true}}));
    EXPECT_EQ(h->snapshot()["messages"], 1);
}

TEST(QueueRole, RefusesMalformedBodiesWithAClearError) {
    auto h = queue();
    const auto id = h->deliver("p1", "enqueue", {{"producer", "p1"}, {"seq", 0}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].reply_to, id);
    EXPECT_EQ(sent[0].body["ok"], false);
    EXPECT_NE(sent[0].body["error"].get<std::string>().find("seq (an integer from 1)"), std::string::npos);
    h->deliver("c1", "join", {{"group", "Bad Group"}});
    const auto refused = h->take_sent();
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].body["ok"], false);
    EXPECT_NE(refused[0].body["error"].get<std::string>().find("invalid group"), std::string::npos);
    h->deliver("c1", "ack", {{"producer", "p1"}});
    h->deliver("c1", "frobnicate", Json::object());
    EXPECT_EQ(h->counter("malformed"), 3);
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_EQ(h->violations(), 0u);
}

TEST(QueueRole, CompetingConsumersShareMessagesRoundRobinWithinTheirPrefetch) {
    auto h = queue({{"prefetch", 2}});
    join(*h, "c1");
    join(*h, "c2");
    h->take_sent();
    for (std::int64_t seq = 1; seq <= 6; ++seq)
        enqueue(*h, seq);
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["in_flight"], 4);   // two each
    EXPECT_EQ(snap["depth"], 2);
    EXPECT_EQ(h->counter("delivered"), 4);
    settle(*h, "c1", 1, true);
    const auto more = deliveries(h->take_sent());
    ASSERT_EQ(more.size(), 1u);        // c1 has room for one more
    EXPECT_EQ(more[0].to, "c1");
    EXPECT_EQ(more[0].body["seq"], 5);
    EXPECT_EQ(h->snapshot()["groups"]["workers"]["acked"], 1);
}

TEST(QueueRole, EveryGroupGetsEveryMessageAndALateGroupStartsFromTheFirst) {
    auto h = queue();
    join(*h, "c1", "billing");
    h->take_sent();
    enqueue(*h, 1);
    enqueue(*h, 2);
    join(*h, "c2", "audit");
    const auto sent = deliveries(h->take_sent(), "c2");
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].body["group"], "audit");
    EXPECT_EQ(sent[0].body["seq"], 1);
    EXPECT_EQ(h->snapshot()["in_flight"], 4);   // two per group
}

TEST(QueueRole, ANackWaitsTheRetryDelayThenComesBackAsARetry) {
    auto h = queue({{"retry_delay", "300ms"}});
    join(*h, "c1");
    h->take_sent();
    enqueue(*h, 1, true);
    settle(*h, "c1", 1, false);
    EXPECT_TRUE(deliveries(h->take_sent()).empty());
    EXPECT_EQ(h->snapshot()["retrying"], 1);
    h->advance(299ms);
    EXPECT_TRUE(deliveries(h->take_sent()).empty());
    h->advance(1ms);
    const auto again = deliveries(h->take_sent());
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].body["attempt"], 2);
    EXPECT_EQ(again[0].body["reason"], "retry");
    EXPECT_EQ(again[0].body["poison"], true);
}

TEST(QueueRole, AMessageHeldPastTheVisibilityTimeoutGoesToAnotherConsumer) {
    auto h = queue({{"visibility_timeout", "1s"}, {"retry_delay", "100ms"}, {"session_timeout", "10s"}});
    join(*h, "c1");
    join(*h, "c2");
    h->take_sent();
    enqueue(*h, 1);
    // c1 got it and never answers.
    h->advance(1100ms);
    const auto again = deliveries(h->take_sent());
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].to, "c2");
    EXPECT_EQ(again[0].body["reason"], "timeout");
    EXPECT_EQ(h->counter("timeouts"), 1);
    // c1's late ack still settles it: it was processed; c2's ack then is unknown.
    settle(*h, "c1", 1, true);
    settle(*h, "c2", 1, true);
    EXPECT_EQ(h->counter("unknown_acks"), 1);
    EXPECT_EQ(h->snapshot()["in_flight"], 0);
}

TEST(QueueRole, DeadLettersAfterMaxRetriesPlusOneDeliveries) {
    auto h = queue({{"max_retries", 2}, {"retry_delay", "10ms"}});
    join(*h, "c1");
    h->take_sent();
    enqueue(*h, 1, true);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        EXPECT_EQ(h->snapshot()["in_flight"], 1) << "attempt " << attempt;
        settle(*h, "c1", 1, false);
        h->advance(10ms);
    }
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["dlq_depth"], 1);
    EXPECT_EQ(snap["dlq"][0], (Json{{"group", "workers"}, {"producer", "p1"}, {"seq", 1}, {"attempts", 3}}));
    EXPECT_EQ(snap["in_flight"], 0);
    EXPECT_EQ(snap["depth"], 0);
    EXPECT_EQ(h->counter("dead_lettered"), 1);
    EXPECT_EQ(h->gauge("dlq_depth"), 1);
}

TEST(QueueRole, PresetsGiveTheReferenceSystemsNumbers) {
    using core::message_queue::Preset;
    using core::message_queue::QueueConfig;
    QueueConfig rocket;
    rocket.preset = Preset::RocketMq;
    rocket.ladder_compression = 1000;
    EXPECT_EQ(rocket.retries(), 16);
    EXPECT_EQ(rocket.delay_before_retry(1), 10ms);      // RocketMQ's 10 s, compressed
    EXPECT_EQ(rocket.delay_before_retry(2), 30ms);
    EXPECT_EQ(rocket.delay_before_retry(16), 7200ms);   // 2 h
    core::Duration total{0};
    for (std::int64_t n = 1; n <= 16; ++n)
        total += rocket.delay_before_retry(n);
    EXPECT_EQ(total, 17140ms);                          // 4 h 45 min 40 s / 1000
    QueueConfig rabbit;
    rabbit.preset = Preset::RabbitMq;
    EXPECT_EQ(rabbit.retries(), 20);
    EXPECT_EQ(rabbit.delay_before_retry(1), 0ms);
    rabbit.max_retries = 5;
    rabbit.retry_delay = 2s;
    EXPECT_EQ(rabbit.retries(), 5);                     // every knob overrides the preset
    EXPECT_EQ(rabbit.delay_before_retry(3), 2s);
}

TEST(QueueRole, RabbitMqPresetRequeuesAtOnce) {
    auto h = queue({{"preset", "rabbitmq"}});
    join(*h, "c1");
    h->take_sent();
    enqueue(*h, 1, true);
    settle(*h, "c1", 1, false);
    const auto again = deliveries(h->take_sent());
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].body["attempt"], 2);
}

TEST(QueueRole, RefusesAnEnqueueWhenFull) {
    auto h = queue({{"capacity", 2}});
    EXPECT_EQ(enqueue(*h, 1)["ok"], true);
    EXPECT_EQ(enqueue(*h, 2)["ok"], true);
    EXPECT_EQ(enqueue(*h, 3), (Json{{"ok", false}, {"error", "queue full (capacity 2)"}}));
    EXPECT_EQ(h->counter("rejected"), 1);
}

TEST(QueueRole, AConsumerWithoutHeartbeatLeavesItsGroupAndThePhaseSaysSo) {
    auto h = queue({{"session_timeout", "1s"}, {"prefetch", 1}});
    EXPECT_EQ(h->phase(), "serving");
    join(*h, "c1");
    enqueue(*h, 1);
    enqueue(*h, 2);
    h->advance(1s);
    EXPECT_EQ(h->snapshot()["groups"]["workers"]["members"], Json::array());
    EXPECT_EQ(h->phase(), "no_consumers");
    join(*h, "c2");
    EXPECT_EQ(h->phase(), "serving");
}

TEST(QueueRole, ADurableQueueReplaysItsLogAfterARestart) {
    auto h = queue({{"retry_delay", "5s"}, {"max_retries", 0}});
    join(*h, "c1");
    for (std::int64_t seq = 1; seq <= 4; ++seq)
        enqueue(*h, seq, seq == 3);
    settle(*h, "c1", 1, true);   // 1 acked; 2 and 4 in flight; 3 poison
    settle(*h, "c1", 3, false);  // no retries: straight to the DLQ
    h->take_sent();
    h->restart();
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["messages"], 4);
    EXPECT_EQ(snap["dlq_depth"], 1);
    EXPECT_EQ(snap["groups"]["workers"]["acked"], 1);
    EXPECT_EQ(snap["depth"], 2);   // 2 and 4, in flight when it died, wait for a consumer
    join(*h, "c2");
    const auto again = deliveries(h->take_sent(), "c2");
    ASSERT_EQ(again.size(), 2u);
    EXPECT_EQ(again[0].body["seq"], 2);
    EXPECT_EQ(again[0].body["reason"], "recovered");
    EXPECT_EQ(again[0].body["attempt"], 2);
}

TEST(QueueRole, ARetryWaitingOnTheLadderKeepsItsDueTimeAcrossARestart) {
    auto h = queue({{"retry_delay", "2s"}, {"session_timeout", "10s"}});
    join(*h, "c1");
    enqueue(*h, 1, true);
    settle(*h, "c1", 1, false);   // due at 2 s
    h->advance(500ms);
    h->restart();
    join(*h, "c1");
    h->take_sent();
    h->advance(1499ms);
    EXPECT_TRUE(deliveries(h->take_sent()).empty());
    h->advance(1ms);
    const auto again = deliveries(h->take_sent());
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].body["reason"], "retry");
}

TEST(QueueRole, AQueueInMemoryOnlyStartsEmptyAfterARestart) {
    auto h = queue({{"durable", false}});
    enqueue(*h, 1);
    EXPECT_FALSE(*h->storage().read("mq_log"));
    h->restart();
    EXPECT_EQ(h->snapshot()["messages"], 0);
}

TEST(QueueRole, AnUnreadableLogLineIsReportedAndSkipped) {
    auto h = queue();
    enqueue(*h, 1);
    ASSERT_TRUE(h->storage().append("mq_log", "x garbage\n", true));
    h->restart();
    EXPECT_EQ(h->snapshot()["messages"], 1);
    bool reported = false;
    for (const std::string& line : h->logs())
        reported = reported || line.find("unreadable line 2") != std::string::npos;
    EXPECT_TRUE(reported);
}

}  // namespace
}  // namespace distlab::test_support
