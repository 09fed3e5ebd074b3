#include <gtest/gtest.h>

#include "core/patterns/circuit_breaker/breaker_client_role.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The client is "c1" calling "s1": one call every 100 ms (at 100 ms, 200 ms, ...), a count
// window of 4 with a minimum of 4, 50 %, 1 s open, 2 trial calls, 50 ms timeout.
std::unique_ptr<RoleHarness> breaker_client(Json extra = Json::object()) {
    Json params = {{"target", "s1"},         {"rate", 10},           {"arrival", "fixed"},
                   {"timeout", "50ms"},      {"window", "count"},    {"window_size", 4},
                   {"minimum_calls", 4},     {"failure_rate_threshold", 50},
                   {"wait_in_open", "1s"},   {"half_open_calls", 2}};
    params.update(extra);
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "breaker-client", .params = std::move(params), .self = "c1", .peers = {"s1"}});
    h->start();
    return h;
}

const Json kOk = {{"ok", true}};
const Json kError = {{"ok", false}, {"error", "failed"}};

// Moves to the next arrival (the next multiple of 100 ms) and answers the calls it sent with
// `reply` 1 ms later (null: no answer). Returns how many requests were sent.
std::size_t tick(RoleHarness& h, const Json& reply) {
    h.advance(100ms - h.now() % 100ms);
    auto sent = h.take_sent();
    h.advance(1ms);
    if (!reply.is_null())
        for (const Message& m : sent)
            h.reply_to(m, reply);
    return sent.size();
}

const OpRecord& last_op(const RoleHarness& h) { return h.ops().back(); }

void open_it(RoleHarness& h) {
    for (int i = 0; i < 4; ++i)
        ASSERT_EQ(tick(h, kError), 1u);
    ASSERT_EQ(h.snapshot()["state"], "open");
}

TEST(BreakerClientRole, ClosedPassesCallsAndRecordsThem) {
    auto h = breaker_client();
    EXPECT_EQ(tick(*h, kOk), 1u);
    EXPECT_EQ(last_op(*h).phase, "ok");
    EXPECT_EQ(h->counter("calls"), 1);
    EXPECT_EQ(h->counter("successes"), 1);
    EXPECT_EQ(h->gauge("breaker_state"), 0);
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["state"], "closed");
    EXPECT_EQ(snap["window"], (Json{{"calls", 1}, {"failures", 0}, {"slow", 0}}));
    EXPECT_EQ(h->violations(), 0u);
}

TEST(BreakerClientRole, FailuresOpenItAndThenCallsFailFastWithTheFallback) {
    auto h = breaker_client();
    for (int i = 0; i < 3; ++i)
        tick(*h, kError);
    EXPECT_EQ(h->snapshot()["state"], "closed");   // 3 calls: below the minimum of 4
    EXPECT_EQ(h->snapshot()["failure_rate"], 100.0);
    tick(*h, kError);
    EXPECT_EQ(h->snapshot()["state"], "open");
    EXPECT_EQ(h->gauge("breaker_state"), 1);
    EXPECT_EQ(h->logs().back(), "closed -> open: 4 of 4 calls failed (100% >= 50%)");
    EXPECT_EQ(h->snapshot()["open_until_ms"], 1401);

    EXPECT_EQ(tick(*h, kOk), 0u);                   // no message while open
    EXPECT_EQ(last_op(*h).phase, "ok");
    EXPECT_EQ(last_op(*h).value, (Json{{"fallback", true}}));
    EXPECT_EQ(h->counter("short_circuits"), 1);
    EXPECT_EQ(h->counter("fallbacks"), 1);
    EXPECT_EQ(h->counter("calls"), 4);
    EXPECT_EQ(h->counter("failures"), 4);
}

TEST(BreakerClientRole, WithoutAFallbackARefusedCallFails) {
    auto h = breaker_client({{"fallback", false}});
    open_it(*h);
    tick(*h, kOk);
    EXPECT_EQ(last_op(*h).phase, "fail");
    EXPECT_EQ(last_op(*h).value, (Json{{"error", "short_circuit"}}));
    EXPECT_EQ(h->counter("short_circuits"), 1);
    EXPECT_EQ(h->counter("fallbacks"), 0);
}

TEST(BreakerClientRole, TimeoutsAreFailuresAndUnknownOps) {
    auto h = breaker_client();
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(tick(*h, nullptr), 1u);
        h->advance(50ms);                         // past the timeout
        EXPECT_EQ(last_op(*h).phase, "info");
    }
    EXPECT_EQ(h->counter("timeouts"), 4);
    EXPECT_EQ(h->snapshot()["state"], "open");
}

TEST(BreakerClientRole, HalfOpenLetsTheTrialsThroughAndClosesWhenTheySucceed) {
    auto h = breaker_client({{"timeout", "1s"}});
    open_it(*h);                                  // opened at 401 ms, until 1401 ms
    h->advance(999ms);                            // 1400 ms: still open (arrivals refused)
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->snapshot()["state"], "open");
    h->advance(1ms);                              // the open timer, without a call
    EXPECT_EQ(h->snapshot()["state"], "half-open");
    EXPECT_EQ(h->gauge("breaker_state"), 2);
    EXPECT_EQ(h->logs().back(), "open -> half-open: waited 1s; letting 2 trial calls through");
    EXPECT_EQ(h->snapshot()["half_open_permits"], 2);

    // Arrivals at 1500 and 1600 ms are the two trials; the one at 1700 ms is refused.
    h->advance(99ms);
    auto first = h->take_sent();
    h->advance(100ms);
    auto second = h->take_sent();
    h->advance(100ms);
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(last_op(*h).value, (Json{{"fallback", true}}));
    EXPECT_EQ(h->snapshot()["half_open_permits"], 0);

    h->reply_to(first[0], kOk);
    EXPECT_EQ(h->snapshot()["state"], "half-open");   // waits for both trials
    h->reply_to(second[0], kOk);
    EXPECT_EQ(h->snapshot()["state"], "closed");
    EXPECT_EQ(h->logs().back(), "half-open -> closed: 0 of 2 trial calls failed (0% < 50%)");
    EXPECT_EQ(tick(*h, kOk), 1u);
}

TEST(BreakerClientRole, AFailedTrialOpensItAgain) {
    auto h = breaker_client({{"timeout", "1s"}});
    open_it(*h);
    h->advance(1000ms);                           // half-open at 1401 ms
    h->advance(99ms);
    auto first = h->take_sent();
    h->advance(100ms);
    auto second = h->take_sent();
    ASSERT_EQ(first.size() + second.size(), 2u);
    h->reply_to(first[0], kError);
    h->reply_to(second[0], kOk);
    EXPECT_EQ(h->snapshot()["state"], "open");
    EXPECT_EQ(h->logs().back(), "half-open -> open: 1 of 2 trial calls failed (50% >= 50%)");
}

TEST(BreakerClientRole, AReplyFromBeforeTheBreakerOpenedIsNoTrial) {
    auto h = breaker_client({{"timeout", "5s"}});
    ASSERT_EQ(h->ops().size(), 0u);
    h->advance(100ms);
    auto slow = h->take_sent();                   // answered only after the breaker opened
    ASSERT_EQ(slow.size(), 1u);
    for (int i = 0; i < 4; ++i)
        tick(*h, kError);
    ASSERT_EQ(h->snapshot()["state"], "open");
    h->advance(1000ms);
    ASSERT_EQ(h->snapshot()["state"], "half-open");
    h->reply_to(slow[0], kOk);
    EXPECT_EQ(h->snapshot()["half_open_permits"], 2);
    EXPECT_EQ(h->snapshot()["trials"]["calls"], 0);
}

TEST(BreakerClientRole, DisabledItNeverOpens) {
    auto h = breaker_client({{"enabled", false}});
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(tick(*h, kError), 1u);
    EXPECT_EQ(h->snapshot()["state"], "disabled");
    EXPECT_EQ(h->counter("short_circuits"), 0);
    EXPECT_EQ(h->counter("failures"), 10);
    EXPECT_EQ(h->gauge("breaker_state"), 0);
}

TEST(BreakerClientRole, ExplicitParametersOverrideThePreset) {
    const core::RoleDescriptor* info = core::RoleRegistry::builtin().find("breaker-client");
    ASSERT_NE(info, nullptr);
    auto params = core::resolve_params(info->params, {{"target", "s1"}, {"preset", "hystrix"}, {"wait_in_open", "3s"}});
    ASSERT_TRUE(params);
    const auto config = core::circuit_breaker::BreakerClientConfig::from(*params);
    EXPECT_EQ(config.breaker.wait_in_open, 3s);                 // explicit
    EXPECT_EQ(config.breaker.minimum_calls, 20);                // Hystrix's
    EXPECT_EQ(config.breaker.window, core::circuit_breaker::WindowKind::Time);
    EXPECT_EQ(config.breaker.half_open_calls, 1);

    auto plain = core::resolve_params(info->params, {{"target", "s1"}});
    ASSERT_TRUE(plain);
    const auto defaults = core::circuit_breaker::BreakerClientConfig::from(*plain);
    EXPECT_EQ(defaults.breaker.window_size, 20);
    EXPECT_EQ(defaults.breaker.minimum_calls, 10);
    EXPECT_EQ(defaults.breaker.wait_in_open, 2s);
}

TEST(FlakyServer, IsTheServerWithFlakyDefaults) {
    RoleHarness h(HarnessSetup{.role = "flaky-server", .params = Json::object(), .self = "s1", .peers = {"c1"}});
    h.start();
    int failed = 0;
    for (int i = 0; i < 400; ++i) {
        h.deliver("c1", "request", {{"seq", i}});
        h.advance(2s);
        for (const Message& m : h.take_sent())
            failed += m.body["ok"] == false ? 1 : 0;
    }
    // About 5 % of 400; a binomial that far out of [5, 40] is a broken default, not chance.
    EXPECT_GT(failed, 5);
    EXPECT_LT(failed, 40);
    EXPECT_EQ(h.snapshot()["requests"], 400);
}

}  // namespace
}  // namespace distlab::test_support
