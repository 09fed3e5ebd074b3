// The sidecar and app roles under the role harness: the sidecar checks identities on the way
// in and retries, times out and breaks the circuit on the way out; the app is plain or carries
// the same logic itself.

#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> sidecar(Json params) {
    params["service"] = "svc";
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "sidecar",
                                                        .params = std::move(params),
                                                        .self = "sc",
                                                        .peers = {"svc", "up", "c1"},
                                                        .peer_roles = {"app", "sidecar", "client"}});
    h->start();
    return h;
}

TEST(Sidecar, LetsAnAllowedIdentityInWithoutItAndRefusesAnyOther) {
    auto h = sidecar({{"allow", {"frontend"}}});
    EXPECT_EQ(h->phase(), "closed");
    const auto id = h->deliver("c1", "request", {{"seq", 1}, {"identity", "frontend"}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "svc");
    EXPECT_EQ(sent[0].body, (Json{{"seq", 1}})) << "the service sees no identity";
    h->reply_to(sent[0], {{"ok", true}, {"seq", 1}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "c1");
    EXPECT_EQ(sent[0].reply_to, id);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}, {"seq", 1}}));

    h->deliver("c1", "request", {{"seq", 2}});
    h->deliver("c1", "request", {{"seq", 3}, {"identity", "intruder"}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    for (const Message& m : sent) {
        EXPECT_EQ(m.to, "c1");
        EXPECT_EQ(m.body["error"], "forbidden");
    }
    EXPECT_EQ(h->snapshot()["denied"], 2);
    EXPECT_NE(h->logs().back().find("identity \"intruder\" may not call svc (allowed: frontend)"), std::string::npos);
}

TEST(Sidecar, RetriesTheServicesCallsWithItsIdentityAndTimesThemOut) {
    auto h = sidecar({{"upstream", "up"}, {"identity", "frontend"}, {"timeout", "100ms"}, {"backoff", "none"}});
    const auto id = h->deliver("svc", "request", {{"seq", 5}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "up");
    EXPECT_EQ(sent[0].body, (Json{{"seq", 5}, {"identity", "frontend"}, {"attempt", 1}}));
    h->reply_to(sent[0], {{"ok", false}, {"error", "failed"}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u) << "retried at once (no backoff)";
    EXPECT_EQ(sent[0].body["attempt"], 2);
    h->advance(100ms);   // the second attempt times out
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["attempt"], 3);
    h->reply_to(sent[0], {{"ok", true}, {"seq", 5}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "svc");
    EXPECT_EQ(sent[0].reply_to, id);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}, {"seq", 5}}));
    EXPECT_EQ(h->counter("retries"), 2);
    EXPECT_EQ(h->counter("timeouts"), 1);
    EXPECT_EQ(h->counter("failures"), 1);
}

TEST(Sidecar, OpensItsBreakerAndFailsFastThenTriesAgain) {
    auto h = sidecar({{"upstream", "up"}, {"max_attempts", 1}, {"minimum_calls", 4}, {"window_size", 4},
                      {"wait_in_open", "1s"}, {"half_open_calls", 1}});
    for (int i = 0; i < 4; ++i) {
        h->deliver("svc", "request", {{"seq", i}});
        auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u);
        h->reply_to(sent[0], {{"ok", false}, {"error", "unavailable"}});
        h->take_sent();
    }
    EXPECT_EQ(h->phase(), "open");
    h->deliver("svc", "request", {{"seq", 9}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "svc") << "nothing sent upstream";
    EXPECT_EQ(sent[0].body, (Json{{"ok", false}, {"error", "circuit open"}}));
    h->advance(1s);
    EXPECT_EQ(h->phase(), "half-open");
    h->deliver("svc", "request", {{"seq", 10}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "up");
    h->reply_to(sent[0], {{"ok", true}});
    EXPECT_EQ(h->phase(), "closed");
    EXPECT_EQ(h->snapshot()["short_circuited"], 1);
}

TEST(Sidecar, ACallWithNowhereToGoIsAnsweredAndLogged) {
    auto h = sidecar({});
    h->deliver("svc", "request", {{"seq", 1}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"ok", false}, {"error", "no upstream"}}));
    h->deliver("lab", "restart_now", Json::object());
    EXPECT_NE(h->logs().back().find("a sidecar takes none"), std::string::npos);
}

TEST(App, IsPlainByDefaultAndCarriesTheSameLogicWhenAsked) {
    auto plain = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "app", .params = {{"upstream", "be"}}, .self = "fe", .peers = {"be", "c1"}, .peer_roles = {"server", "client"}});
    plain->start();
    EXPECT_EQ(plain->phase(), "disabled");
    plain->deliver("c1", "request", {{"seq", 1}});
    auto sent = plain->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    plain->reply_to(sent[0], {{"ok", false}, {"error", "failed"}});
    sent = plain->take_sent();
    ASSERT_EQ(sent.size(), 1u) << "no retry: the failure goes back";
    EXPECT_EQ(sent[0].to, "c1");
    EXPECT_EQ(sent[0].body, (Json{{"ok", false}, {"error", "failed"}}));

    auto resilient = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "app", .params = {{"upstream", "be"}, {"max_attempts", 2}, {"backoff", "none"}, {"breaker", true}},
        .self = "fe", .peers = {"be", "c1"}, .peer_roles = {"server", "client"}});
    resilient->start();
    EXPECT_EQ(resilient->phase(), "closed");
    resilient->deliver("c1", "request", {{"seq", 1}});
    sent = resilient->take_sent();
    resilient->reply_to(sent.at(0), {{"ok", false}, {"error", "failed"}});
    sent = resilient->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "be") << "retried";
}

}  // namespace
}  // namespace distlab::test_support
