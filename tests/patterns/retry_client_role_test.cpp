#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The retry client is "c1"; it calls "s1". One operation starts at 1 s (rate 1, fixed), and
// the next would start at 2 s, so a test looking at the first one advances less than that.
std::unique_ptr<RoleHarness> retry_client(Json params, std::uint64_t seed = 1) {
    params["target"] = "s1";
    if (!params.contains("rate"))
        params["rate"] = 1;
    params["arrival"] = "fixed";
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "retry-client", .params = std::move(params), .self = "c1",
                     .peers = {"s1"}, .seed = seed});
    h->start();
    return h;
}

const Json kFail = {{"ok", false}, {"error", "overloaded"}};

// Answers every attempt with `reply` the moment it is sent, for `span`; returns the times at
// which attempts were sent.
std::vector<core::Duration> answer_all(RoleHarness& h, core::Duration span, const Json& reply) {
    std::vector<core::Duration> times;
    const core::Duration end = h.now() + span;
    while (h.now() < end) {
        h.advance(1ms);
        // Answering may send the next attempt at once (no backoff): answer until quiet.
        for (auto sent = h.take_sent(); !sent.empty(); sent = h.take_sent()) {
            for (const Message& m : sent) {
                times.push_back(h.now());
                h.reply_to(m, reply);
            }
        }
    }
    return times;
}

const OpRecord* completion(const RoleHarness& h) {
    for (const auto& op : h.ops())
        if (op.phase != "invoke")
            return &op;
    return nullptr;
}

TEST(RetryClientRole, AnOperationThatSucceedsAtOnceIsOneCall) {
    auto h = retry_client({});
    h->advance(1s);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"seq", 1}, {"attempt", 1}}));
    h->reply_to(sent[0], {{"ok", true}});
    ASSERT_NE(completion(*h), nullptr);
    EXPECT_EQ(completion(*h)->phase, "ok");
    EXPECT_EQ(completion(*h)->value["attempts"], 1);
    EXPECT_EQ(h->counter("calls"), 1);
    EXPECT_EQ(h->counter("retries"), 0);
}

TEST(RetryClientRole, RetriesUpToMaxAttemptsThenFailsWhenEveryAttemptFailedForSure) {
    auto h = retry_client({{"max_attempts", 4}, {"backoff", "none"}});
    h->advance(999ms);
    const auto times = answer_all(*h, 500ms, kFail);
    EXPECT_EQ(times, (std::vector<core::Duration>{1s, 1s, 1s, 1s}));
    ASSERT_NE(completion(*h), nullptr);
    EXPECT_EQ(completion(*h)->phase, "fail");
    EXPECT_EQ(completion(*h)->value["attempts"], 4);
    EXPECT_EQ(completion(*h)->value["error"], "overloaded");
    EXPECT_EQ(h->counter("calls"), 4);
    EXPECT_EQ(h->counter("failures"), 4);
    EXPECT_EQ(h->counter("retries"), 3);
}

TEST(RetryClientRole, EachAttemptCarriesItsNumber) {
    auto h = retry_client({{"max_attempts", 3}, {"backoff", "none"}});
    h->advance(1s);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u);
        EXPECT_EQ(sent[0].body["attempt"], attempt);
        EXPECT_EQ(sent[0].body["seq"], 1);
        h->reply_to(sent[0], kFail);
    }
}

TEST(RetryClientRole, FixedBackoffWaitsBaseBetweenAttempts) {
    auto h = retry_client({{"max_attempts", 4}, {"backoff", "fixed"}, {"base", "100ms"}});
    h->advance(999ms);
    EXPECT_EQ(answer_all(*h, 900ms, kFail),
              (std::vector<core::Duration>{1000ms, 1100ms, 1200ms, 1300ms}));
}

TEST(RetryClientRole, ExponentialBackoffDoublesUpToTheCap) {
    auto h = retry_client({{"rate", 0.1}, {"max_attempts", 7}, {"backoff", "exponential"},
                           {"base", "100ms"}, {"multiplier", 2}, {"cap", "500ms"}});
    h->advance(9999ms);
    // Waits 100, 200, 400, 500, 500, 500 ms.
    EXPECT_EQ(answer_all(*h, 3s, kFail),
              (std::vector<core::Duration>{10000ms, 10100ms, 10300ms, 10700ms, 11200ms, 11700ms,
                                           12200ms}));
}

std::vector<core::Duration> jittered_attempts(std::uint64_t seed) {
    auto h = retry_client({{"rate", 0.1}, {"max_attempts", 6}, {"backoff", "exponential-jitter"},
                           {"base", "100ms"}, {"cap", "1s"}},
                          seed);
    h->advance(9999ms);
    return answer_all(*h, 5s, kFail);
}

TEST(RetryClientRole, FullJitterWaitsAreWithinTheExponentialBoundAndRepeatForASeed) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const auto times = jittered_attempts(seed);
        ASSERT_EQ(times.size(), 6u) << "seed " << seed;
        const core::Duration ceilings[] = {100ms, 200ms, 400ms, 800ms, 1s};
        for (std::size_t i = 1; i < times.size(); ++i) {
            const auto wait = times[i] - times[i - 1];
            EXPECT_GE(wait, 0ms);
            EXPECT_LE(wait, ceilings[i - 1] + 1ms) << "seed " << seed << " retry " << i;
        }
    }
    EXPECT_EQ(jittered_attempts(5), jittered_attempts(5));
    EXPECT_NE(jittered_attempts(5), jittered_attempts(6));
}

TEST(RetryClientRole, RetriesAfterATimeoutAndEndsUnknownWhenAnAttemptTimedOut) {
    auto h = retry_client({{"max_attempts", 2}, {"backoff", "none"}, {"timeout", "200ms"}});
    h->advance(1s);
    ASSERT_EQ(h->take_sent().size(), 1u);              // no answer: it times out at 1.2 s
    h->advance(200ms);
    auto second = h->take_sent();
    ASSERT_EQ(second.size(), 1u);
    h->reply_to(second[0], kFail);                    // a definite failure, but too late to tell
    ASSERT_NE(completion(*h), nullptr);
    EXPECT_EQ(completion(*h)->phase, "info");          // the first attempt may have been served
    EXPECT_EQ(h->counter("timeouts"), 1);
    EXPECT_EQ(h->counter("failures"), 1);
}

TEST(RetryClientRole, ASuccessAfterTimeoutsIsOk) {
    auto h = retry_client({{"max_attempts", 3}, {"backoff", "none"}, {"timeout", "200ms"}});
    h->advance(1400ms);                               // attempts 1 and 2 time out
    auto third = h->take_sent();
    ASSERT_EQ(third.size(), 3u);
    h->reply_to(third[2], {{"ok", true}});
    ASSERT_NE(completion(*h), nullptr);
    EXPECT_EQ(completion(*h)->phase, "ok");
    EXPECT_EQ(completion(*h)->value["attempts"], 3);
}

TEST(RetryClientRole, AnExhaustedBudgetStopsRetrying) {
    // No refill, no deposits: the two tokens the bucket starts with are all there is.
    auto h = retry_client({{"rate", 10}, {"max_attempts", 2}, {"backoff", "none"},
                           {"budget", true}, {"budget_ratio", 0}, {"budget_min_per_s", 0},
                           {"budget_cap", 2}});
    answer_all(*h, 350ms, kFail);                     // operations at 100, 200 and 300 ms
    std::vector<int> attempts;
    for (const auto& op : h->ops())
        if (op.phase != "invoke")
            attempts.push_back(op.value["attempts"].get<int>());
    EXPECT_EQ(attempts, (std::vector<int>{2, 2, 1}));
    EXPECT_EQ(h->counter("budget_exhausted"), 1);
    EXPECT_EQ(h->counter("retries"), 2);
    EXPECT_EQ(h->snapshot()["budget_tokens"], 0.0);
    EXPECT_EQ(h->ops().back().value["reason"], "retry budget exhausted");
}

TEST(RetryClientRole, TheBudgetRefillsOverTime) {
    auto h = retry_client({{"rate", 10}, {"max_attempts", 2}, {"backoff", "none"},
                           {"budget", true}, {"budget_ratio", 0}, {"budget_min_per_s", 2},
                           {"budget_cap", 1}});
    // Ten operations, 100 ms apart. The full bucket pays the first retry; refilling at two
    // tokens a second, the next whole token is there 500 ms later.
    answer_all(*h, 1s, kFail);
    EXPECT_EQ(h->counter("retries"), 2);
    EXPECT_EQ(h->counter("budget_exhausted"), 8);
}

TEST(RetryClientRole, WithoutABudgetEveryOperationRetriesToMaxAttempts) {
    auto h = retry_client({{"rate", 10}, {"max_attempts", 3}, {"backoff", "none"}});
    answer_all(*h, 1s, kFail);
    EXPECT_EQ(h->counter("retries"), 20);
    EXPECT_EQ(h->counter("budget_exhausted"), 0);
}

TEST(RetryClientRole, TheDeadlineTravelsWithEveryAttempt) {
    auto h = retry_client({{"max_attempts", 3}, {"backoff", "fixed"}, {"base", "10ms"},
                           {"deadline", "800ms"}, {"timeout", "2s"}});
    h->advance(999ms);
    std::vector<Json> bodies;
    const core::Duration end = h->now() + 100ms;
    while (h->now() < end) {
        h->advance(1ms);
        for (const Message& m : h->take_sent()) {
            bodies.push_back(m.body);
            h->reply_to(m, kFail);
        }
    }
    ASSERT_EQ(bodies.size(), 3u);
    for (const Json& body : bodies)
        EXPECT_EQ(body["deadline_ns"], core::Duration(1800ms).count());
}

TEST(RetryClientRole, AnAttemptsDeadlineIsItsTimeoutWhenThatComesFirst) {
    auto h = retry_client({{"deadline", "800ms"}, {"timeout", "300ms"}});
    h->advance(1s);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["deadline_ns"], core::Duration(1300ms).count());
}

TEST(RetryClientRole, WithoutADeadlineNoneIsSent) {
    auto h = retry_client({});
    h->advance(1s);
    EXPECT_FALSE(h->take_sent().at(0).body.contains("deadline_ns"));
}

TEST(RetryClientRole, TheDeadlineShortensTheLastAttemptAndStopsRetries) {
    auto h = retry_client({{"max_attempts", 10}, {"backoff", "fixed"}, {"base", "10ms"},
                           {"timeout", "100ms"}, {"deadline", "150ms"}});
    h->advance(1s);                                   // attempt 1: 1000 -> times out at 1100
    h->advance(110ms);                                // attempt 2 at 1110, 40 ms left
    EXPECT_EQ(h->take_sent().size(), 2u);
    h->advance(39ms);
    EXPECT_EQ(completion(*h), nullptr);
    h->advance(1ms);                                  // 1150: the deadline
    ASSERT_NE(completion(*h), nullptr);
    EXPECT_EQ(completion(*h)->phase, "info");
    EXPECT_EQ(completion(*h)->value["attempts"], 2);
    EXPECT_EQ(completion(*h)->value["reason"], "deadline");
    EXPECT_EQ(completion(*h)->at, 1150ms);
    EXPECT_EQ(h->counter("deadline_exceeded"), 1);
}

TEST(RetryClientRole, DoesNotWaitOutABackoffThatEndsPastTheDeadline) {
    auto h = retry_client({{"max_attempts", 10}, {"backoff", "fixed"}, {"base", "500ms"},
                           {"deadline", "300ms"}});
    h->advance(1s);
    h->reply_to(h->take_sent().at(0), kFail);
    ASSERT_NE(completion(*h), nullptr);
    EXPECT_EQ(completion(*h)->phase, "fail");
    EXPECT_EQ(completion(*h)->at, 1s);
    EXPECT_EQ(h->counter("retries"), 0);
}

TEST(RetryClientRole, AllOperationsEndAfterStopAt) {
    auto h = retry_client({{"rate", 20}, {"max_attempts", 3}, {"timeout", "100ms"},
                           {"stop_at", "1s"}});
    h->advance(5s);
    EXPECT_EQ(h->open_ops(), 0u);
    EXPECT_EQ(h->snapshot()["state"], "stopped");
    EXPECT_EQ(h->snapshot()["in_flight"], 0);
    EXPECT_EQ(h->violations(), 0u);
}

TEST(RetryClientRole, GarbageRepliesAreUnknownAndRetried) {
    auto h = retry_client({{"max_attempts", 2}, {"backoff", "none"}});
    h->advance(1s);
    h->reply_to(h->take_sent().at(0), "???");
    h->reply_to(h->take_sent().at(0), kFail);
    ASSERT_NE(completion(*h), nullptr);
    EXPECT_EQ(completion(*h)->phase, "info");
    EXPECT_EQ(h->counter("malformed_replies"), 1);
    EXPECT_EQ(h->violations(), 0u);
}

}  // namespace
}  // namespace distlab::test_support
