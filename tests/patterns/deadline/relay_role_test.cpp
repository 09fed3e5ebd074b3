#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The relay is "a1"; its caller is "c1" and its downstream "s1".
std::unique_ptr<RoleHarness> relay(Json params, std::uint64_t seed = 1) {
    params["target"] = "s1";
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "relay", .params = std::move(params), .self = "a1", .peers = {"c1", "s1"}, .seed = seed});
    h->start();
    return h;
}

const Json kFail = {{"ok", false}, {"error", "overloaded"}};

std::int64_t ns(core::Duration d) { return d.count(); }

std::vector<Message> to(const std::vector<Message>& sent, const char* node) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.to == node)
            out.push_back(m);
    return out;
}

TEST(RelayRole, ForwardsARequestAndPassesTheAnswerUpstream) {
    auto h = relay({{"timeout", "300ms"}});
    const auto id = h->deliver("c1", "request", {{"seq", 4}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "s1");
    EXPECT_EQ(sent[0].type, "request");
    EXPECT_EQ(sent[0].body, (Json{{"seq", 4}, {"attempt", 1}}));   // no deadline given, none passed on
    h->advance(5ms);
    h->reply_to(sent[0], {{"ok", true}});
    auto answer = h->take_sent();
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].to, "c1");
    EXPECT_EQ(answer[0].reply_to, id);
    EXPECT_EQ(answer[0].body, (Json{{"ok", true}, {"seq", 4}}));
    EXPECT_EQ(h->counter("received"), 1);
    EXPECT_EQ(h->counter("calls"), 1);
    EXPECT_EQ(h->counter("successes"), 1);
    EXPECT_EQ(h->counter("requests"), 0);     // only servers count requests (amplification)
    EXPECT_EQ(h->snapshot()["in_flight"], 0);
}

TEST(RelayRole, TheDownstreamDeadlineIsTheCallersLessTheOverheadAndTheCallEndsThere) {
    auto h = relay({{"timeout", "300ms"}, {"overhead", "5ms"}});
    h->advance(100ms);
    h->deliver("c1", "request", {{"seq", 1}, {"deadline_ns", ns(250ms)}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["deadline_ns"], ns(245ms));
    EXPECT_EQ(sent[0].body["sent_at_ns"], ns(100ms));
    h->advance(144ms);
    EXPECT_EQ(h->counter("timeouts"), 0);
    h->advance(1ms);                           // the call's timeout is the 145 ms that were left
    EXPECT_EQ(h->counter("timeouts"), 1);
}

TEST(RelayRole, TheDownstreamDeadlineIsThePerCallTimeoutWhenThatComesFirst) {
    auto h = relay({{"timeout", "50ms"}, {"overhead", "5ms"}});
    h->advance(100ms);
    h->deliver("c1", "request", {{"deadline_ns", ns(1s)}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["deadline_ns"], ns(150ms));
}

TEST(RelayRole, ARequestWithNoTimeLeftIsDiscardedWithoutACall) {
    auto h = relay({{"overhead", "5ms"}});
    h->advance(100ms);
    h->deliver("c1", "request", {{"deadline_ns", ns(104ms)}});   // 4 ms left, 5 ms needed to answer
    h->deliver("c1", "request", {{"deadline_ns", ns(50ms)}});    // long gone
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->counter("expired"), 2);
    EXPECT_EQ(h->counter("calls"), 0);
    h->deliver("c1", "request", {{"deadline_ns", ns(106ms)}});   // 1 ms for the call
    EXPECT_EQ(h->take_sent().size(), 1u);
}

TEST(RelayRole, RetriesDefiniteFailuresThenAnswersTheLastError) {
    auto h = relay({{"max_attempts", 3}, {"backoff", "none"}});
    h->deliver("c1", "request", {{"seq", 9}});
    for (int attempt = 1; attempt <= 3; ++attempt) {
        auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u) << attempt;
        EXPECT_EQ(sent[0].to, "s1");
        EXPECT_EQ(sent[0].body["attempt"], attempt);
        h->reply_to(sent[0], kFail);
    }
    auto answer = h->take_sent();
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].to, "c1");
    EXPECT_EQ(answer[0].body, (Json{{"ok", false}, {"error", "overloaded"}, {"seq", 9}}));
    EXPECT_EQ(h->counter("calls"), 3);
    EXPECT_EQ(h->counter("retries"), 2);
    EXPECT_EQ(h->counter("failures"), 3);
}

TEST(RelayRole, AnUnknownOutcomeIsPassedOnAsSilence) {
    auto h = relay({{"max_attempts", 2}, {"backoff", "none"}, {"timeout", "100ms"}});
    h->deliver("c1", "request", {{"seq", 1}});
    ASSERT_EQ(h->take_sent().size(), 1u);
    h->advance(100ms);                         // attempt 1 times out: it may have been served
    auto second = h->take_sent();
    ASSERT_EQ(second.size(), 1u);
    h->reply_to(second[0], kFail);
    EXPECT_TRUE(h->take_sent().empty());       // no definite answer can be given
    EXPECT_EQ(h->counter("timeouts"), 1);
    EXPECT_EQ(h->snapshot()["in_flight"], 0);
}

TEST(RelayRole, ARetryThatWouldWaitPastTheDeadlineIsNotMade) {
    auto h = relay({{"max_attempts", 5}, {"backoff", "fixed"}, {"base", "100ms"}, {"overhead", "5ms"}});
    h->deliver("c1", "request", {{"deadline_ns", ns(150ms)}});
    auto first = h->take_sent();
    ASSERT_EQ(first.size(), 1u);
    h->advance(10ms);
    h->reply_to(first[0], kFail);              // the retry would start at 110 ms: before 145 ms
    h->advance(100ms);
    auto second = h->take_sent();
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].body["deadline_ns"], ns(145ms));
    EXPECT_EQ(second[0].body["sent_at_ns"], ns(110ms));
    h->reply_to(second[0], kFail);             // the next would start at 210 ms: too late
    auto answer = h->take_sent();
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].to, "c1");
    EXPECT_EQ(answer[0].body["ok"], false);
    EXPECT_EQ(h->counter("deadline_exceeded"), 1);
    EXPECT_EQ(h->counter("calls"), 2);
}

TEST(RelayRole, NeverCallsWithItsDeadlinePassedWhateverTheTiming) {
    // Many requests with short deadlines, answered slowly or not at all: every downstream call
    // must leave before its own deadline.
    auto h = relay({{"max_attempts", 4}, {"backoff", "exponential-jitter"}, {"base", "5ms"},
                    {"timeout", "40ms"}, {"overhead", "3ms"}},
                   7);
    std::size_t calls = 0;
    for (int i = 0; i < 200; ++i) {
        h->deliver("c1", "request", {{"seq", i}, {"deadline_ns", ns(h->now() + core::Duration((i % 13) * 7ms))}});
        for (int step = 0; step < 3; ++step) {
            const core::Duration before = h->now();
            if (step > 0)
                h->advance(2ms);
            for (const Message& m : to(h->take_sent(), "s1")) {
                ++calls;
                const auto sent_at = m.body["sent_at_ns"].get<std::int64_t>();
                ASSERT_GT(m.body["deadline_ns"].get<std::int64_t>(), sent_at);
                EXPECT_GE(sent_at, ns(before));           // stamped with the relay's clock when sent
                EXPECT_LE(sent_at, ns(h->now()));
                if (i % 3 == 0)
                    h->reply_to(m, kFail);
            }
        }
    }
    EXPECT_GT(calls, 100u);
    EXPECT_GT(h->counter("expired"), 0);
    EXPECT_GT(h->counter("deadline_exceeded"), 0);
}

TEST(RelayRole, TheRetryBudgetStopsRetries) {
    auto h = relay({{"max_attempts", 5}, {"backoff", "none"}, {"budget", true}, {"budget_ratio", 0},
                    {"budget_min_per_s", 0}, {"budget_cap", 1}});
    h->deliver("c1", "request", {{"seq", 1}});
    for (int attempt = 1; attempt <= 2; ++attempt) {
        auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u);
        h->reply_to(sent[0], kFail);
    }
    auto answer = h->take_sent();
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].to, "c1");
    EXPECT_EQ(h->counter("retries"), 1);
    EXPECT_EQ(h->counter("budget_exhausted"), 1);
}

TEST(RelayRole, LateRepliesAndStrayMessagesAreCounted) {
    auto h = relay({{"timeout", "10ms"}, {"max_attempts", 1}});
    h->deliver("c1", "request", {});
    auto sent = h->take_sent();
    h->advance(10ms);
    h->reply_to(sent[0], {{"ok", true}});
    h->deliver("c1", "hello", {});
    EXPECT_EQ(h->counter("late_replies"), 1);
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_TRUE(h->take_sent().empty());
}

}  // namespace
}  // namespace distlab::test_support
