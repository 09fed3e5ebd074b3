#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The service is "svc" with backends b1 and b2; c1's requests go to b1, c2's to b2.
std::unique_ptr<RoleHarness> service(Json params) {
    params["backends"] = {"b1", "b2"};
    params["clients"] = {"c1", "c2"};
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "bulkhead-service", .params = std::move(params), .self = "svc", .peers = {"b1", "b2", "c1", "c2"}});
    h->start();
    return h;
}

struct Split {
    std::vector<Message> to_backends;
    std::vector<Message> to_clients;
};

Split take(RoleHarness& h) {
    Split split;
    for (Message& m : h.take_sent())
        (m.to[0] == 'b' ? split.to_backends : split.to_clients).push_back(std::move(m));
    return split;
}

TEST(BulkheadService, ForwardsToTheCallersBackendAndAnswersWithItsReply) {
    auto h = service({{"isolation", "pool"}});
    const auto id = h->deliver("c2", "request", {{"seq", 4}});
    auto sent = take(*h);
    ASSERT_EQ(sent.to_backends.size(), 1u);
    EXPECT_EQ(sent.to_backends[0].to, "b2");
    EXPECT_EQ(sent.to_backends[0].body["seq"], 4);
    EXPECT_EQ(sent.to_backends[0].body["deadline_ns"], core::Duration(1s).count());   // now + call_timeout
    h->reply_to(sent.to_backends[0], {{"ok", true}, {"seq", 4}});
    sent = take(*h);
    ASSERT_EQ(sent.to_clients.size(), 1u);
    EXPECT_EQ(sent.to_clients[0].reply_to, id);
    EXPECT_EQ(sent.to_clients[0].body, (Json{{"ok", true}, {"seq", 4}, {"backend", "b2"}}));
    EXPECT_EQ(h->counter("successes"), 1);
    EXPECT_EQ(h->snapshot()["backends"]["b2"]["calls"], 1);
}

TEST(BulkheadService, RoutesByTheBodyFirstThenTheCallerThenInTurn) {
    auto h = service({});
    h->deliver("c1", "request", {{"backend", "b2"}});
    h->deliver("c1", "request", {{"backend", "nope"}});
    h->deliver("x9", "request", Json::object());
    h->deliver("x9", "request", Json::object());
    std::vector<std::string> to;
    for (const Message& m : take(*h).to_backends)
        to.push_back(m.to);
    EXPECT_EQ(to, (std::vector<std::string>{"b2", "b1", "b1", "b2"}));
}

TEST(BulkheadService, PoolIsolationRejectsOnlyTheFullBackend) {
    auto h = service({{"isolation", "pool"}, {"pool_size", 2}, {"pool_queue", 1}});
    for (int i = 0; i < 4; ++i)
        h->deliver("c2", "request", Json::object());   // b2 hangs: 2 calls, 1 queued, 1 rejected
    auto sent = take(*h);
    EXPECT_EQ(sent.to_backends.size(), 2u);
    ASSERT_EQ(sent.to_clients.size(), 1u);
    EXPECT_EQ(sent.to_clients[0].body, (Json{{"ok", false}, {"error", "bulkhead_full"}, {"backend", "b2"}}));
    EXPECT_EQ(h->snapshot()["backends"]["b2"]["queued"], 1);

    // b1 has a pool of its own: its requests go out at once.
    for (int i = 0; i < 2; ++i)
        h->deliver("c1", "request", Json::object());
    sent = take(*h);
    ASSERT_EQ(sent.to_backends.size(), 2u);
    EXPECT_EQ(sent.to_backends[0].to, "b1");
    EXPECT_EQ(h->snapshot()["rejections"], 1);

    // The hung calls time out; the queued one goes out in a freed worker.
    h->advance(1s);
    sent = take(*h);
    EXPECT_EQ(sent.to_backends.size(), 1u);
    ASSERT_EQ(sent.to_clients.size(), 4u);   // 2 timeouts from b2, 2 from b1
    EXPECT_EQ(sent.to_clients[0].body["error"], "timeout");
    EXPECT_EQ(h->counter("timeouts"), 4);
}

TEST(BulkheadService, WithoutIsolationAHungBackendTakesEveryWorker) {
    auto h = service({{"isolation", "none"}, {"workers", 2}, {"queue_limit", 1}});
    h->deliver("c2", "request", Json::object());
    h->deliver("c2", "request", Json::object());   // both workers wait for b2
    h->deliver("c1", "request", Json::object());   // queued behind them, though b1 is fine
    h->deliver("c1", "request", Json::object());   // the shared queue is full
    auto sent = take(*h);
    EXPECT_EQ(sent.to_backends.size(), 2u);
    ASSERT_EQ(sent.to_clients.size(), 1u);
    EXPECT_EQ(sent.to_clients[0].body, (Json{{"ok", false}, {"error", "overloaded"}, {"backend", "b1"}}));
    EXPECT_EQ(h->snapshot()["queued"], 1);
    EXPECT_EQ(h->gauge("busy_workers"), 2);

    h->advance(1s);                               // b2's calls time out; b1's request goes out
    sent = take(*h);
    ASSERT_EQ(sent.to_backends.size(), 1u);
    EXPECT_EQ(sent.to_backends[0].to, "b1");
}

TEST(BulkheadService, SemaphoreIsolationCapsCallsPerBackend) {
    auto h = service({{"isolation", "semaphore"}, {"workers", 8}, {"max_concurrent", 2}});
    for (int i = 0; i < 3; ++i)
        h->deliver("c2", "request", Json::object());
    auto sent = take(*h);
    EXPECT_EQ(sent.to_backends.size(), 2u);
    ASSERT_EQ(sent.to_clients.size(), 1u);
    EXPECT_EQ(sent.to_clients[0].body["error"], "bulkhead_full");
    h->deliver("c1", "request", Json::object());   // b1's calls still have free workers
    sent = take(*h);
    ASSERT_EQ(sent.to_backends.size(), 1u);
    EXPECT_EQ(sent.to_backends[0].to, "b1");
    EXPECT_EQ(h->snapshot()["backends"]["b2"]["in_flight"], 2);
    EXPECT_EQ(h->snapshot()["busy_workers"], 3);
}

TEST(BulkheadService, PropagatesTheEarlierOfItsOwnAndTheCallersDeadline) {
    auto h = service({{"call_timeout", "1s"}});
    h->deliver("c1", "request", {{"deadline_ns", core::Duration(300ms).count()}});
    auto sent = take(*h);
    ASSERT_EQ(sent.to_backends.size(), 1u);
    EXPECT_EQ(sent.to_backends[0].body["deadline_ns"], core::Duration(300ms).count());
    h->advance(299ms);
    EXPECT_TRUE(take(*h).to_clients.empty());
    h->advance(1ms);                              // the call waits no longer than that
    EXPECT_EQ(take(*h).to_clients.size(), 1u);
}

TEST(BulkheadService, ForwardsFailuresAndCountsLateReplies) {
    auto h = service({{"call_timeout", "100ms"}});
    h->deliver("c1", "request", Json::object());
    h->deliver("c1", "request", Json::object());
    auto sent = take(*h);
    ASSERT_EQ(sent.to_backends.size(), 2u);
    h->reply_to(sent.to_backends[0], {{"ok", false}, {"error", "failed"}});
    h->advance(100ms);
    h->reply_to(sent.to_backends[1], {{"ok", true}});   // after its timeout
    const auto answers = take(*h).to_clients;
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].body["error"], "failed");
    EXPECT_EQ(answers[1].body["error"], "timeout");
    EXPECT_EQ(h->counter("failures"), 1);
    EXPECT_EQ(h->counter("late_replies"), 1);
    EXPECT_EQ(h->violations(), 0u);
}

}  // namespace
}  // namespace distlab::test_support
