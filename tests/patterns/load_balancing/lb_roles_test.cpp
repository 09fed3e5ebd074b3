// The load-balancer and backend roles under the role harness: forwarding and answering,
// ejection seen from the outside, timeouts, lab commands, bad weights; the backend's latency,
// errors and degrade / recover commands.

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> balancer(Json params) {
    if (!params.contains("backends"))
        params["backends"] = {"b1", "b2", "b3"};
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "load-balancer",
                                                        .params = std::move(params),
                                                        .self = "lb",
                                                        .peers = {"c1", "b1", "b2", "b3", "b4"},
                                                        .peer_roles = {"client", "backend", "backend", "backend", "backend"}});
    h->start();
    return h;
}

std::vector<Message> sent_to(std::vector<Message> sent, char first) {
    std::erase_if(sent, [&](const Message& m) { return m.to[0] != first; });
    return sent;
}

TEST(LoadBalancer, ForwardsInTurnAndAnswersWithTheBackendsReply) {
    auto h = balancer({{"algorithm", "round_robin"}});
    EXPECT_EQ(h->phase(), "balancing");
    std::vector<std::string> to;
    for (int i = 1; i <= 4; ++i) {
        const auto id = h->deliver("c1", "request", {{"seq", i}});
        const auto forwarded = sent_to(h->take_sent(), 'b');
        ASSERT_EQ(forwarded.size(), 1u);
        EXPECT_EQ(forwarded[0].body["seq"], i);
        to.push_back(forwarded[0].to);
        h->advance(3ms);
        h->reply_to(forwarded[0], {{"ok", true}, {"seq", i}, {"backend", forwarded[0].to}});
        const auto answers = sent_to(h->take_sent(), 'c');
        ASSERT_EQ(answers.size(), 1u);
        EXPECT_EQ(answers[0].reply_to, id);
        EXPECT_EQ(answers[0].body["ok"], true);
        EXPECT_EQ(answers[0].body["backend"], forwarded[0].to);
    }
    EXPECT_EQ(to, (std::vector<std::string>{"b1", "b2", "b3", "b1"}));
    EXPECT_EQ(h->snapshot()["backends"][0]["picks"], 2);
}

TEST(LoadBalancer, ABackendThatDoesNotAnswerBecomesATimeoutError) {
    auto h = balancer({{"timeout", "100ms"}});
    h->deliver("c1", "request", {{"seq", 7}});
    const auto forwarded = sent_to(h->take_sent(), 'b');
    ASSERT_EQ(forwarded.size(), 1u);
    h->advance(101ms);
    const auto answers = sent_to(h->take_sent(), 'c');
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].body, (Json{{"ok", false}, {"error", "timeout"}, {"backend", "b1"}, {"seq", 7}}));
    EXPECT_EQ(h->counter("upstream_timeouts"), 1);
    // Its late answer is counted, and the caller hears nothing more.
    h->reply_to(forwarded[0], {{"ok", true}});
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->counter("late_replies"), 1);
}

TEST(LoadBalancer, FiveErrorsInARowEjectTheBackendAndItGetsNoMoreRequests) {
    auto h = balancer({{"algorithm", "round_robin"}, {"outlier_detection", true}});
    int errors_from_b2 = 0;
    for (int i = 0; i < 30; ++i) {
        h->deliver("c1", "request", {{"seq", i}});
        const auto forwarded = sent_to(h->take_sent(), 'b');
        ASSERT_EQ(forwarded.size(), 1u);
        const bool failing = forwarded[0].to == "b2";
        errors_from_b2 += failing;
        h->reply_to(forwarded[0], {{"ok", !failing}});
        h->take_sent();
        h->advance(1ms);
    }
    EXPECT_EQ(errors_from_b2, 5) << "the fifth error ejects b2";
    EXPECT_EQ(h->phase(), "ejecting");
    EXPECT_EQ(h->counter("ejections"), 1);
    EXPECT_EQ(h->gauge("ejected"), 1);
    const auto logs = h->logs();
    EXPECT_NE(std::find_if(logs.begin(), logs.end(),
                           [](const std::string& l) { return l.find("b2 ejected after 5 error answers in a row") != std::string::npos; }),
              logs.end());
    // Back at the first 10 s tick after its 30 s.
    h->advance(30s);
    EXPECT_EQ(h->phase(), "ejecting");
    h->advance(10s);
    EXPECT_EQ(h->phase(), "balancing");
}

TEST(LoadBalancer, WithNoBackendToPickTheCallerHearsUnavailableAtOnce) {
    auto h = balancer({{"backends", {"b1"}}, {"outlier_detection", true}, {"consecutive_errors", 1}});
    h->deliver("c1", "request", {{"seq", 1}});
    h->reply_to(sent_to(h->take_sent(), 'b').at(0), {{"ok", false}, {"error", "failed"}});
    EXPECT_EQ(h->phase(), "no-backend");
    h->take_sent();
    h->deliver("c1", "request", {{"seq", 2}});
    const auto answers = h->take_sent();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].to, "c1");
    EXPECT_EQ(answers[0].body, (Json{{"ok", false}, {"error", "unavailable"}, {"seq", 2}}));
}

TEST(LoadBalancer, LabCommandsAddAndRemoveBackends) {
    auto h = balancer({{"backends", {"b1"}}, {"slow_start_window", "10s"}});
    h->deliver("lab", "add_backend", {{"id", "b4"}, {"weight", 50}});
    EXPECT_EQ(h->snapshot()["backend_count"], 2);
    EXPECT_EQ(h->snapshot()["backends"][1]["weight"], 50);
    h->deliver("lab", "add_backend", {{"id", "b4"}});
    h->deliver("lab", "add_backend", {{"id", "zz"}});
    h->deliver("lab", "add_backend", {{"id", "b3"}, {"weight", "heavy"}});
    h->deliver("lab", "remove_backend", {{"id", "b1"}});
    h->deliver("lab", "remove_backend", {{"id", "b1"}});
    h->deliver("lab", "launch", Json::object());
    EXPECT_EQ(h->snapshot()["backend_count"], 1);
    const std::string all = [&] {
        std::string text;
        for (const auto& l : h->logs())
            text += l + "\n";
        return text;
    }();
    EXPECT_NE(all.find("b4 added to the pool with weight 50, ramping up over 10.00s"), std::string::npos) << all;
    EXPECT_NE(all.find("ignored add_backend: b4 is a backend already"), std::string::npos);
    EXPECT_NE(all.find("ignored add_backend: zz is not a node of this lab"), std::string::npos);
    EXPECT_NE(all.find("ignored add_backend b3: weight \"heavy\" is not an integer from 1 to 1000000"), std::string::npos);
    EXPECT_NE(all.find("ignored remove_backend: b1 is not a backend"), std::string::npos);
    EXPECT_NE(all.find("ignored the lab command \"launch\""), std::string::npos);
}

TEST(LoadBalancer, BadWeightsAreAViolationNamingTheEntry) {
    auto h = balancer({{"weights", {"b1=5", "b7=2"}}});
    EXPECT_EQ(h->violations(), 1u);
    EXPECT_EQ(h->snapshot()["backends"][0]["weight"], 5);
    EXPECT_NE(h->logs().back().find("weights: \"b7=2\" names b7, which is not one of the backends"), std::string::npos);
}

TEST(LoadBalancer, ConsistentHashSendsAKeyToOneBackend) {
    auto h = balancer({{"algorithm", "consistent_hash"}});
    std::string first;
    for (int i = 0; i < 5; ++i) {
        h->deliver("c1", "request", {{"seq", i}, {"key", "cart-9"}});
        const auto forwarded = sent_to(h->take_sent(), 'b');
        ASSERT_EQ(forwarded.size(), 1u);
        if (first.empty())
            first = forwarded[0].to;
        EXPECT_EQ(forwarded[0].to, first);
    }
}

std::unique_ptr<RoleHarness> backend(Json params) {
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "backend", .params = std::move(params), .self = "b1", .peers = {"lb"}, .peer_roles = {"load-balancer"}});
    h->start();
    return h;
}

TEST(Backend, ServesInItsLatencyAndIsDegradedAndRecoveredByTheLab) {
    auto h = backend({{"latency", "10ms"}, {"capacity", 1}});
    EXPECT_EQ(h->phase(), "normal");
    h->deliver("lb", "request", {{"seq", 1}});
    h->deliver("lb", "request", {{"seq", 2}});   // waits for the one worker
    h->advance(9ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}, {"backend", "b1"}, {"seq", 1}}));
    h->advance(10ms);
    EXPECT_EQ(h->take_sent().size(), 1u);

    h->deliver("lab", "degrade", {{"latency_factor", 10}});
    EXPECT_EQ(h->phase(), "slow");
    h->deliver("lb", "request", {{"seq", 3}});
    h->advance(99ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    EXPECT_EQ(h->take_sent().size(), 1u);

    h->deliver("lab", "degrade", {{"error_rate", 1}});
    EXPECT_EQ(h->phase(), "failing");
    h->deliver("lb", "request", {{"seq", 4}});
    h->advance(1ms);
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u) << "errors come after error_latency, without a worker";
    EXPECT_EQ(sent[0].body, (Json{{"ok", false}, {"backend", "b1"}, {"error", "failed"}, {"seq", 4}}));

    h->deliver("lab", "recover", Json::object());
    EXPECT_EQ(h->phase(), "normal");
    h->deliver("lab", "degrade", {{"latency_factor", 0.5}});
    h->deliver("lab", "degrade", Json::array());
    EXPECT_EQ(h->phase(), "normal");
    EXPECT_NE(h->logs().at(h->logs().size() - 2).find("latency_factor: 0.5 is not a latency_factor from 1 to 1000"),
              std::string::npos);
    EXPECT_NE(h->logs().back().find("its body must be a mapping"), std::string::npos);
    EXPECT_EQ(h->snapshot()["errors"], 1);
    EXPECT_EQ(h->snapshot()["successes"], 3);
}

TEST(Backend, StartsColdAndWarmsUpOverItsWarmUp) {
    auto h = backend({{"latency", "10ms"}, {"capacity", 100}, {"warm_up", "1s"}, {"cold_factor", 10}});
    h->deliver("lb", "request", {{"seq", 1}});   // its first request: ten times as long
    h->advance(99ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    EXPECT_EQ(h->take_sent().size(), 1u);
    h->advance(400ms);                           // half-way: 1 + 9 x 0.5 = 5.5 times
    h->deliver("lb", "request", {{"seq", 2}});
    h->advance(54ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(1ms);
    EXPECT_EQ(h->take_sent().size(), 1u);
    h->advance(1s);                              // warm
    h->deliver("lb", "request", {{"seq", 3}});
    h->advance(10ms);
    EXPECT_EQ(h->take_sent().size(), 1u);
}

TEST(Backend, RefusesBeyondItsQueueAndDrawsFromItsDistribution) {
    auto h = backend({{"latency", "10ms"}, {"capacity", 1}, {"queue_limit", 0}});
    h->deliver("lb", "request", {{"seq", 1}});
    h->deliver("lb", "request", {{"seq", 2}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["error"], "overloaded");

    auto lognormal = backend({{"latency", "10ms"}, {"distribution", "lognormal"}, {"sigma", 0.5}, {"capacity", 1000}});
    for (int i = 0; i < 1000; ++i)
        lognormal->deliver("lb", "request", {{"seq", i}});
    lognormal->advance(10ms);
    const auto by_median = lognormal->take_sent().size();
    EXPECT_NEAR(static_cast<double>(by_median), 500.0, 60.0) << "half are done by the median";
    lognormal->advance(100ms);
    EXPECT_EQ(lognormal->take_sent().size() + by_median, 1000u) << "e^(0.5 x 4.6) x 10ms is past 99.99 %";
}

}  // namespace
}  // namespace distlab::test_support
