#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The client is "c1"; it calls "s1".
std::unique_ptr<RoleHarness> client(Json params, std::uint64_t seed = 1) {
    params["target"] = "s1";
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "client", .params = std::move(params), .self = "c1",
                     .peers = {"s1"}, .seed = seed});
    h->start();
    return h;
}

std::vector<std::string> phases(const RoleHarness& h) {
    std::vector<std::string> out;
    for (const auto& op : h.ops())
        out.push_back(op.phase);
    return out;
}

TEST(ClientRole, OpenLoopAtAFixedRateSendsExactlyOnSchedule) {
    auto h = client({{"rate", 10}, {"arrival", "fixed"}});
    std::vector<core::Duration> times;
    for (int ms = 0; ms < 1000; ms += 50) {
        h->advance(50ms);
        for (const Message& m : h->take_sent()) {
            EXPECT_EQ(m.type, "request");
            EXPECT_EQ(m.to, "s1");
            times.push_back(h->now());
        }
    }
    ASSERT_EQ(times.size(), 10u);
    for (std::size_t i = 0; i < times.size(); ++i)
        EXPECT_EQ(times[i], 100ms * static_cast<int>(i + 1));
}

std::vector<core::MessageId> poisson_run(std::uint64_t seed, std::vector<core::Duration>* times) {
    auto h = client({{"rate", 20}, {"arrival", "poisson"}, {"timeout", "10s"}}, seed);
    std::vector<core::MessageId> ids;
    for (int i = 0; i < 10000; ++i) {
        h->advance(1ms);
        for (const Message& m : h->take_sent()) {
            ids.push_back(m.id);
            times->push_back(h->now());
        }
    }
    return ids;
}

TEST(ClientRole, OpenLoopPoissonArrivalsHaveTheRateOnAverageAndRepeatForASeed) {
    std::vector<core::Duration> a;
    std::vector<core::Duration> b;
    std::vector<core::Duration> other;
    poisson_run(3, &a);
    poisson_run(3, &b);
    poisson_run(4, &other);
    EXPECT_GT(a.size(), 160u);           // 200 expected in 10 s; +-3 sigma is about +-42
    EXPECT_LT(a.size(), 240u);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, other);
}

TEST(ClientRole, OpenLoopKeepsSendingWhileRepliesAreOutstanding) {
    auto h = client({{"rate", 100}, {"arrival", "fixed"}, {"timeout", "5s"}});
    h->advance(1s);
    EXPECT_EQ(h->take_sent().size(), 100u);
    EXPECT_EQ(h->snapshot()["outstanding"], 100);
}

TEST(ClientRole, AnOkReplyCompletesTheOperationOk) {
    auto h = client({{"rate", 10}, {"arrival", "fixed"}});
    h->advance(100ms);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"seq", 1}}));
    h->advance(12ms);
    h->reply_to(sent[0], {{"ok", true}});
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[0].phase, "invoke");
    EXPECT_EQ(h->ops()[0].f, "request");
    EXPECT_EQ(h->ops()[1].phase, "ok");
    EXPECT_EQ(h->ops()[1].op, h->ops()[0].op);
    EXPECT_EQ(h->samples("latency_ms"), std::vector<double>{12.0});
    EXPECT_EQ(h->counter("successes"), 1);
    EXPECT_EQ(h->counter("calls"), 1);
}

TEST(ClientRole, AnErrorReplyIsADefiniteFailure) {
    auto h = client({{"rate", 10}, {"arrival", "fixed"}});
    h->advance(100ms);
    h->reply_to(h->take_sent().at(0), {{"ok", false}, {"error", "overloaded"}});
    EXPECT_EQ(phases(*h), (std::vector<std::string>{"invoke", "fail"}));
    EXPECT_EQ(h->ops()[1].value["error"], "overloaded");
    EXPECT_EQ(h->counter("failures"), 1);
}

TEST(ClientRole, ATimeoutIsAnUnknownOutcome) {
    auto h = client({{"rate", 1}, {"arrival", "fixed"}, {"timeout", "250ms"}});
    h->advance(1s);
    auto sent = h->take_sent();
    h->advance(249ms);
    EXPECT_EQ(h->open_ops(), 1u);
    h->advance(1ms);
    ASSERT_GE(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[1].phase, "info");
    EXPECT_EQ(h->ops()[1].value["error"], "timeout");
    EXPECT_EQ(h->counter("timeouts"), 1);
    EXPECT_TRUE(h->samples("latency_ms").empty());

    // The reply that comes too late changes nothing in the history.
    const auto ops_before = h->ops().size();
    h->reply_to(sent[0], {{"ok", true}});
    EXPECT_EQ(h->ops().size(), ops_before);
    EXPECT_EQ(h->counter("late_replies"), 1);
}

TEST(ClientRole, AnUnreadableReplyIsAnUnknownOutcome) {
    auto h = client({{"rate", 10}, {"arrival", "fixed"}});
    h->advance(100ms);
    h->reply_to(h->take_sent().at(0), {{"ok", "maybe"}});
    EXPECT_EQ(phases(*h), (std::vector<std::string>{"invoke", "info"}));
    EXPECT_EQ(h->counter("malformed_replies"), 1);
    EXPECT_EQ(h->violations(), 0u);
}

TEST(ClientRole, AReplyFromAnotherNodeDoNotCompleteTheCall) {
    auto h = client({{"rate", 10}, {"arrival", "fixed"}});
    h->advance(100ms);
    const Message sent = h->take_sent().at(0);
    h->deliver("c9", "request_reply", {{"ok", true}}, sent.id);
    EXPECT_EQ(h->open_ops(), 1u);
}

TEST(ClientRole, ClosedLoopKeepsConcurrencyRequestsOutstanding) {
    auto h = client({{"mode", "closed"}, {"concurrency", 3}});
    auto first = h->take_sent();
    ASSERT_EQ(first.size(), 3u);
    h->advance(5ms);
    h->reply_to(first[1], {{"ok", true}});
    auto next = h->take_sent();
    ASSERT_EQ(next.size(), 1u);                       // one done, one more started at once
    EXPECT_EQ(next[0].body["seq"], 4);
    EXPECT_EQ(h->snapshot()["outstanding"], 3);
    h->advance(1s);                                   // the rest time out and are replaced
    EXPECT_EQ(h->take_sent().size(), 3u);
    EXPECT_EQ(h->snapshot()["outstanding"], 3);
}

TEST(ClientRole, StopsIssuingAtStopAt) {
    auto h = client({{"rate", 10}, {"arrival", "fixed"}, {"stop_at", "550ms"}, {"timeout", "100ms"}});
    h->advance(2s);
    EXPECT_EQ(h->take_sent().size(), 5u);
    EXPECT_EQ(h->snapshot()["state"], "stopped");
    EXPECT_EQ(h->open_ops(), 0u);

    auto closed = client({{"mode", "closed"}, {"stop_at", "1s"}, {"timeout", "400ms"}});
    closed->advance(5s);
    EXPECT_EQ(closed->take_sent().size(), 3u);        // at 0, 400 and 800 ms
    EXPECT_EQ(closed->open_ops(), 0u);
}

}  // namespace
}  // namespace distlab::test_support
