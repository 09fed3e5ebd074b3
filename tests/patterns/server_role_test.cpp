#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The server is "s1"; its callers are "c1" and "c2".
std::unique_ptr<RoleHarness> server(Json params, std::uint64_t seed = 1) {
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "server", .params = std::move(params), .self = "s1",
                     .peers = {"c1", "c2"}, .seed = seed});
    h->start();
    return h;
}

core::MessageId request(RoleHarness& h, Json body = Json::object(), const char* from = "c1") {
    return h.deliver(from, "request", std::move(body));
}

// Replies sent, as (reply_to, body) in order.
std::vector<std::pair<core::MessageId, Json>> replies(RoleHarness& h) {
    std::vector<std::pair<core::MessageId, Json>> out;
    for (const Message& m : h.take_sent()) {
        EXPECT_EQ(m.type, "request_reply");
        out.emplace_back(m.reply_to, m.body);
    }
    return out;
}

TEST(ServerRole, AnswersARequestAfterTheServiceTime) {
    auto h = server({{"service_time", "10ms"}});
    const auto id = h->deliver("c2", "request", {{"seq", 7}});
    h->advance(9ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "c2");
    EXPECT_EQ(sent[0].reply_to, id);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}, {"seq", 7}}));
    EXPECT_EQ(h->snapshot()["successes"], 1);
    EXPECT_EQ(h->counter("requests"), 1);
    EXPECT_EQ(h->counter("successes"), 1);
    EXPECT_EQ(h->violations(), 0u);
}

TEST(ServerRole, ServesCapacityAtOnceAndQueuesTheRestInArrivalOrder) {
    auto h = server({{"service_time", "10ms"}, {"capacity", 2}, {"queue_limit", 10}});
    std::vector<core::MessageId> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(request(*h));
    EXPECT_EQ(h->snapshot()["in_service"], 2);
    EXPECT_EQ(h->snapshot()["queue_depth"], 3);
    EXPECT_EQ(h->gauge("queue_depth"), 3);
    EXPECT_EQ(h->gauge("in_service"), 2);

    h->advance(10ms);
    auto first = replies(*h);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].first, ids[0]);
    EXPECT_EQ(first[1].first, ids[1]);
    h->advance(10ms);
    auto second = replies(*h);
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[0].first, ids[2]);
    EXPECT_EQ(second[1].first, ids[3]);
    h->advance(10ms);
    auto third = replies(*h);
    ASSERT_EQ(third.size(), 1u);
    EXPECT_EQ(third[0].first, ids[4]);
    EXPECT_EQ(h->snapshot()["queue_depth"], 0);
    EXPECT_EQ(h->snapshot()["in_service"], 0);
}

TEST(ServerRole, RejectsAtOnceWhenTheQueueIsFull) {
    auto h = server({{"service_time", "10ms"}, {"capacity", 1}, {"queue_limit", 1}});
    request(*h);
    request(*h);
    const auto third = request(*h);
    auto now = replies(*h);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0].first, third);
    EXPECT_EQ(now[0].second, (Json{{"ok", false}, {"error", "overloaded"}}));
    EXPECT_EQ(h->snapshot()["rejections"], 1);
    EXPECT_EQ(h->counter("rejections"), 1);
    h->advance(20ms);
    EXPECT_EQ(replies(*h).size(), 2u);
}

TEST(ServerRole, WithNoQueueRejectsEverythingBeyondCapacity) {
    auto h = server({{"capacity", 2}, {"queue_limit", 0}});
    for (int i = 0; i < 5; ++i)
        request(*h);
    EXPECT_EQ(replies(*h).size(), 3u);
    EXPECT_EQ(h->snapshot()["rejections"], 3);
    EXPECT_EQ(h->snapshot()["queue_depth"], 0);
}

TEST(ServerRole, FailsFastDuringItsOutageWindowAndRecoversAfterIt) {
    auto h = server({{"service_time", "10ms"}, {"down_from", "100ms"}, {"down_until", "200ms"}});
    EXPECT_EQ(h->snapshot()["state"], "up");
    h->advance(150ms);
    EXPECT_EQ(h->snapshot()["state"], "down");
    const auto during = request(*h);
    auto now = replies(*h);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0].first, during);
    EXPECT_EQ(now[0].second, (Json{{"ok", false}, {"error", "unavailable"}}));

    h->advance(50ms);
    EXPECT_EQ(h->snapshot()["state"], "up");
    request(*h);
    h->advance(10ms);
    auto after = replies(*h);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].second["ok"], true);
    EXPECT_EQ(h->snapshot()["failures"], 1);
    EXPECT_EQ(h->snapshot()["successes"], 1);
}

TEST(ServerRole, InDropModeTheOutageSwallowsRequests) {
    auto h = server({{"down_from", "0ms"}, {"down_until", "1s"}, {"down_mode", "drop"}});
    EXPECT_EQ(h->snapshot()["state"], "down");
    request(*h);
    h->advance(500ms);
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->snapshot()["dropped"], 1);
    EXPECT_EQ(h->counter("dropped"), 1);
}

TEST(ServerRole, GoingDownFailsTheQueueAndWhatFinishesServiceDuringTheOutage) {
    auto h = server({{"service_time", "100ms"}, {"capacity", 1}, {"queue_limit", 5},
                     {"down_from", "60ms"}, {"down_until", "500ms"}});
    h->advance(50ms);
    const auto a = request(*h);
    const auto b = request(*h);
    const auto c = request(*h);
    h->advance(10ms);                                 // 60 ms: down; b and c fail at once
    auto flushed = replies(*h);
    ASSERT_EQ(flushed.size(), 2u);
    EXPECT_EQ(flushed[0].first, b);
    EXPECT_EQ(flushed[1].first, c);
    EXPECT_EQ(flushed[0].second["error"], "unavailable");
    EXPECT_EQ(h->snapshot()["queue_depth"], 0);
    h->advance(90ms);                                 // 150 ms: a finishes service while down
    auto last = replies(*h);
    ASSERT_EQ(last.size(), 1u);
    EXPECT_EQ(last[0].first, a);
    EXPECT_EQ(last[0].second["error"], "unavailable");
    EXPECT_EQ(h->snapshot()["failures"], 3);
}

TEST(ServerRole, StallingQueuesRequestsAndServesThemAfterTheOutage) {
    auto h = server({{"service_time", "10ms"}, {"capacity", 1}, {"queue_limit", 3},
                     {"down_from", "100ms"}, {"down_until", "300ms"}, {"down_mode", "stall"}});
    h->advance(95ms);
    const auto in_service = request(*h);
    h->advance(10ms);                                 // 105 ms: stalled, but that one finishes
    auto finished = replies(*h);
    ASSERT_EQ(finished.size(), 1u);
    EXPECT_EQ(finished[0].first, in_service);
    EXPECT_EQ(h->snapshot()["state"], "down");

    std::vector<core::MessageId> queued;
    for (int i = 0; i < 3; ++i)
        queued.push_back(request(*h));
    const auto rejected = request(*h);
    auto now = replies(*h);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0].first, rejected);
    EXPECT_EQ(now[0].second["error"], "overloaded");
    h->advance(190ms);                                // 295 ms: still nothing served
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->snapshot()["queue_depth"], 3);

    h->advance(35ms);                                 // recovers at 300, serves one per 10 ms
    auto after = replies(*h);
    ASSERT_EQ(after.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(after[i].first, queued[i]);
}

TEST(ServerRole, AfterAStallExpiredRequestsAreSkippedAtOnce) {
    auto h = server({{"service_time", "10ms"}, {"capacity", 1}, {"queue_limit", 100},
                     {"down_from", "0ms"}, {"down_until", "1s"}, {"down_mode", "stall"}});
    for (int i = 0; i < 50; ++i)
        request(*h, {{"deadline_ns", core::Duration(500ms).count()}});
    const auto fresh = request(*h, {{"deadline_ns", core::Duration(2s).count()}});
    h->advance(1s);
    h->advance(10ms);
    auto r = replies(*h);
    ASSERT_EQ(r.size(), 1u);                          // the fresh one, right after recovery
    EXPECT_EQ(r[0].first, fresh);
    EXPECT_EQ(h->snapshot()["expired"], 50);
}

TEST(ServerRole, WithoutDownUntilTheOutageNeverEnds) {
    auto h = server({{"down_from", "1s"}});
    h->advance(1h);
    EXPECT_EQ(h->snapshot()["state"], "down");
}

TEST(ServerRole, AnEmptyOutageWindowMeansNoOutage) {
    auto h = server({{"down_from", "2s"}, {"down_until", "1s"}});
    h->advance(1500ms);
    EXPECT_EQ(h->snapshot()["state"], "up");
}

TEST(ServerRole, DiscardsARequestWhoseDeadlinePassedWhileItWaited) {
    auto h = server({{"service_time", "100ms"}, {"capacity", 1}});
    const auto a = request(*h);
    request(*h, {{"deadline_ns", core::Duration(50ms).count()}});
    const auto c = request(*h, {{"deadline_ns", core::Duration(1s).count()}});
    h->advance(100ms);                                // a done; b expired at the head; c starts
    auto first = replies(*h);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].first, a);
    EXPECT_EQ(h->snapshot()["expired"], 1);
    EXPECT_EQ(h->counter("expired"), 1);
    h->advance(100ms);
    auto second = replies(*h);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].first, c);
}

TEST(ServerRole, DiscardsARequestThatArrivesPastItsDeadline) {
    auto h = server({});
    h->advance(2s);
    request(*h, {{"deadline_ns", core::Duration(1s).count()}});
    h->advance(1s);
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->snapshot()["expired"], 1);
    EXPECT_EQ(h->snapshot()["in_service"], 0);
}

TEST(ServerRole, DropRateLosesTheReplyAfterServing) {
    auto h = server({{"drop_rate", 1.0}});
    request(*h);
    EXPECT_EQ(h->snapshot()["in_service"], 1);        // the work is done...
    h->advance(1s);
    EXPECT_TRUE(h->take_sent().empty());              // ...but nobody hears of it
    EXPECT_EQ(h->snapshot()["dropped"], 1);
}

TEST(ServerRole, FailRateAnswersWithAnError) {
    auto h = server({{"fail_rate", 1.0}});
    request(*h);
    h->advance(1s);
    auto r = replies(*h);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].second, (Json{{"ok", false}, {"error", "failed"}}));
    EXPECT_EQ(h->counter("failures"), 1);
}

TEST(ServerRole, SlowRequestsTakeSlowTime) {
    auto h = server({{"slow_rate", 1.0}, {"slow_time", "300ms"}, {"service_time", "10ms"}});
    request(*h);
    h->advance(299ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    EXPECT_EQ(replies(*h).size(), 1u);
}

TEST(ServerRole, RatesAreProbabilities) {
    auto h = server({{"fail_rate", 0.3}, {"capacity", 1000}, {"queue_limit", 0}});
    for (int i = 0; i < 1000; ++i)
        request(*h);
    h->advance(1s);
    const int failed = h->snapshot()["failures"].get<int>();
    EXPECT_GT(failed, 240);
    EXPECT_LT(failed, 360);
}

// Jitter: each service time lies in [service_time - jitter, service_time + jitter].
std::vector<core::Duration> reply_times(std::uint64_t seed) {
    auto h = server({{"service_time", "10ms"}, {"service_jitter", "5ms"}, {"capacity", 100}}, seed);
    for (int i = 0; i < 50; ++i)
        request(*h);
    std::vector<core::Duration> times;
    for (int ms = 1; ms <= 20; ++ms) {
        h->advance(1ms);
        for (std::size_t n = h->take_sent().size(); n > 0; --n)
            times.push_back(h->now());
    }
    return times;
}

TEST(ServerRole, ServiceJitterStaysWithinBoundsAndIsDeterministic) {
    const auto times = reply_times(7);
    ASSERT_EQ(times.size(), 50u);
    for (auto t : times) {
        EXPECT_GE(t, 5ms);
        EXPECT_LE(t, 15ms);
    }
    EXPECT_NE(times.front(), times.back());
    EXPECT_EQ(times, reply_times(7));
}

TEST(ServerRole, TreatsGarbageBodiesAsRequestsWithoutADeadline) {
    auto h = server({});
    request(*h, "garbage");
    request(*h, {{"deadline_ns", "soon"}, {"seq", "x"}});
    request(*h, nullptr);
    h->advance(1s);
    auto r = replies(*h);
    ASSERT_EQ(r.size(), 3u);
    for (const auto& [id, body] : r)
        EXPECT_EQ(body, (Json{{"ok", true}}));
    EXPECT_EQ(h->counter("malformed"), 2);
    EXPECT_EQ(h->violations(), 0u);
}

TEST(ServerRole, IgnoresMessagesThatAreNotRequests) {
    auto h = server({});
    h->deliver("c1", "gossip", {{"hello", 1}});
    h->advance(1s);
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_EQ(h->snapshot()["requests"], 0);
}

TEST(ServerRole, EveryRequestEndsInExactlyOneCounter) {
    auto h = server({{"service_time", "20ms"}, {"capacity", 2}, {"queue_limit", 3},
                     {"fail_rate", 0.2}, {"drop_rate", 0.1}, {"down_from", "300ms"},
                     {"down_until", "400ms"}});
    for (int i = 0; i < 100; ++i) {
        request(*h, {{"deadline_ns", (h->now() + 30ms).count()}}, i % 2 ? "c1" : "c2");
        h->advance(7ms);
    }
    h->advance(1s);
    const Json s = h->snapshot();
    EXPECT_EQ(s["requests"], 100);
    EXPECT_EQ(s["successes"].get<int>() + s["failures"].get<int>() + s["rejections"].get<int>() +
                  s["expired"].get<int>() + s["dropped"].get<int>(),
              100);
    for (const char* key : {"successes", "failures", "rejections", "expired", "dropped"})
        EXPECT_GT(s[key].get<int>(), 0) << key;
}

}  // namespace
}  // namespace distlab::test_support
