// The mesh's policy, sidecar and control plane under the role harness: a policy is validated
// field by field; a sidecar routes by the pushed weights, ACKs a good policy, NACKs a bad one and
// keeps the last good one, retries by policy, and keeps serving when its reports go unanswered;
// the control plane steps the canary, rolls it back after failed analyses, halts without data,
// and pushes again to a sidecar that reports another version.

#include <gtest/gtest.h>

#include "core/patterns/mesh/mesh_policy.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using core::mesh::MeshPolicy;
using namespace std::chrono_literals;

Json policy(std::int64_t version, std::int64_t v2_weight, std::int64_t attempts = 1) {
    return {{"version", version},
            {"canary", "v2"},
            {"routes",
             {{{"subset", "v1"}, {"weight", 100 - v2_weight}, {"endpoints", {"a1", "a2"}}},
              {{"subset", "v2"}, {"weight", v2_weight}, {"endpoints", {"b1"}}}}},
            {"retries", {{"attempts", attempts}, {"per_try_timeout_ms", 100}}}};
}

TEST(MeshPolicy, ReadsItsWireFormAndNamesWhatIsWrong) {
    const auto p = MeshPolicy::from_json(policy(3, 10, 2));
    ASSERT_TRUE(p) << p.error();
    EXPECT_EQ(p->version, 3);
    EXPECT_EQ(p->weights_text(), "v1 90 / v2 10");
    EXPECT_EQ(p->attempts, 2);
    EXPECT_EQ(p->subset_of("b1")->name, "v2");
    const auto again = MeshPolicy::from_json(p->to_json());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->to_json(), p->to_json());

    Json bad = policy(4, 10);
    bad["routes"][1]["weight"] = 20;
    EXPECT_EQ(MeshPolicy::from_json(bad).error(), "routes: the weights sum to 110, not 100");
    bad = policy(4, 10);
    bad["routes"][1]["endpoints"] = Json::array();
    EXPECT_EQ(MeshPolicy::from_json(bad).error(), "routes[1].endpoints: subset v2 has weight 10 but no endpoint");
    bad = policy(4, 10);
    bad["retries"]["attempts"] = 0;
    EXPECT_EQ(MeshPolicy::from_json(bad).error(), "retries.attempts: expected an integer from 1 to 10, got 0");
    bad = policy(4, 10);
    bad["routes"][1]["endpoints"] = {"a1"};
    EXPECT_EQ(MeshPolicy::from_json(bad).error(), "routes[1].endpoints: a1 serves in two subsets");
    EXPECT_FALSE(MeshPolicy::from_json(Json("v1=90")));
}

std::unique_ptr<RoleHarness> sidecar(Json params = Json::object()) {
    params["service"] = "svc";
    params["control"] = "mc";
    params["report_interval"] = "100ms";
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "mesh-sidecar",
                                                        .params = std::move(params),
                                                        .self = "sc",
                                                        .peers = {"svc", "mc", "a1", "a2", "b1"},
                                                        .peer_roles = {"app", "mesh-control", "backend", "backend",
                                                                       "backend"}});
    h->start();
    return h;
}

// Delivers a policy push and returns what the sidecar answered (its ACK or NACK), dropping its
// report.
Message push(RoleHarness& h, Json p, std::int64_t nonce) {
    const std::int64_t version = p.value("version", 0);
    h.deliver("mc", "mesh_policy", {{"version", version}, {"nonce", nonce}, {"policy", std::move(p)}});
    auto sent = h.take_sent();
    EXPECT_EQ(sent.size(), 1u);
    return sent.empty() ? Message{} : sent[0];
}

TEST(MeshSidecar, FailsWithoutAPolicyThenRoutesByThePushedWeights) {
    auto h = sidecar();
    EXPECT_EQ(h->phase(), "waiting");
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u) << "it reports (and so asks for a policy) at once";
    EXPECT_EQ(sent[0].type, "mesh_report");
    EXPECT_EQ(sent[0].body["version"], 0);

    h->deliver("svc", "request", {{"seq", 1}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"ok", false}, {"error", "no route"}}));

    const Message ack = push(*h, policy(1, 0), 7);
    EXPECT_EQ(ack.type, "mesh_ack");
    EXPECT_EQ(ack.body, (Json{{"version", 1}, {"nonce", 7}}));
    EXPECT_EQ(h->phase(), "synced");
    // All to v1, round robin over its endpoints.
    for (int i = 0; i < 4; ++i)
        h->deliver("svc", "request", {{"seq", i}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 4u);
    EXPECT_EQ(sent[0].to, "a1");
    EXPECT_EQ(sent[1].to, "a2");
    EXPECT_EQ(sent[2].to, "a1");
    EXPECT_EQ(sent[0].body, (Json{{"seq", 0}, {"attempt", 1}}));

    push(*h, policy(2, 100), 8);
    h->deliver("svc", "request", {{"seq", 9}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "b1");
    EXPECT_EQ(h->snapshot()["canary_weight"], 100);
}

TEST(MeshSidecar, SplitsByWeightAndRetriesInTheSameVersion) {
    auto h = sidecar();
    h->take_sent();
    push(*h, policy(1, 30, 2), 1);
    int to_v2 = 0;
    for (int i = 0; i < 1000; ++i) {
        h->deliver("svc", "request", {{"seq", i}});
        for (const Message& m : h->take_sent()) {
            to_v2 += m.to == "b1";
            h->reply_to(m, {{"ok", true}});
            h->take_sent();
        }
    }
    EXPECT_EQ(to_v2, 300) << "smooth weighted round robin: exactly 30 in every 100";

    auto h2 = sidecar();
    h2->take_sent();
    push(*h2, policy(1, 100, 2), 1);
    const auto id = h2->deliver("svc", "request", {{"seq", 1}});
    auto sent = h2->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    h2->reply_to(sent[0], {{"ok", false}, {"error", "failed"}});
    sent = h2->take_sent();
    ASSERT_EQ(sent.size(), 1u) << "the policy's second attempt";
    EXPECT_EQ(sent[0].to, "b1");
    EXPECT_EQ(sent[0].body["attempt"], 2);
    h2->reply_to(sent[0], {{"ok", false}, {"error", "failed"}});
    sent = h2->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].reply_to, id);
    EXPECT_EQ(sent[0].body["error"], "failed");
    EXPECT_EQ(h2->snapshot()["subsets"]["v2"]["errors"], 2);
}

TEST(MeshSidecar, BreaksTheCircuitOfAFailingVersionByPolicy) {
    auto h = sidecar();
    h->take_sent();
    Json p = policy(1, 100);
    p["breaker"] = {{"enabled", true}, {"failure_rate_threshold", 50}, {"minimum_calls", 2}, {"window_size", 2},
                    {"wait_in_open_ms", 500}, {"half_open_calls", 1}};
    push(*h, p, 1);
    for (int i = 0; i < 2; ++i) {
        h->deliver("svc", "request", {{"seq", i}});
        auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u);
        h->reply_to(sent[0], {{"ok", false}, {"error", "failed"}});
        h->take_sent();
    }
    EXPECT_EQ(h->snapshot()["subsets"]["v2"]["breaker"], "open");
    h->deliver("svc", "request", {{"seq", 3}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u) << "refused at once, nothing sent to b1";
    EXPECT_EQ(sent[0].to, "svc");
    EXPECT_EQ(sent[0].body["error"], "circuit open");
    EXPECT_EQ(h->counter("short_circuited"), 1);
}

TEST(MeshSidecar, NacksAnInvalidPolicyAndKeepsTheLastGoodOne) {
    auto h = sidecar();
    h->take_sent();
    push(*h, policy(1, 0), 1);
    Json bad = policy(2, 10);
    bad["routes"][1]["weight"] = 50;
    const Message nack = push(*h, bad, 2);
    EXPECT_EQ(nack.type, "mesh_nack");
    EXPECT_EQ(nack.body["version"], 1);
    EXPECT_EQ(nack.body["rejected"], 2);
    EXPECT_EQ(nack.body["error"], "routes: the weights sum to 140, not 100");
    EXPECT_EQ(h->snapshot()["version"], 1);
    h->deliver("svc", "request", {{"seq", 1}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "a1") << "still routed by v1";
}

TEST(MeshSidecar, KeepsItsPolicyWhenTheControlPlaneIsAwayUnlessToldToForget) {
    for (const bool forget : {false, true}) {
        auto h = sidecar(forget ? Json{{"forget_after", "300ms"}} : Json::object());
        h->take_sent();
        push(*h, policy(1, 0), 1);
        for (int i = 0; i < 5; ++i) {
            h->advance(100ms);   // each report times out unanswered
            h->take_sent();
        }
        h->deliver("svc", "request", {{"seq", 1}});
        const auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u);
        if (forget) {
            EXPECT_EQ(h->phase(), "waiting");
            EXPECT_EQ(sent[0].body["error"], "no route");
        } else {
            EXPECT_EQ(h->phase(), "disconnected");
            EXPECT_EQ(sent[0].to, "a1") << "serves with its last policy";
        }
    }
}

std::unique_ptr<RoleHarness> control(Json params = Json::object()) {
    params["sidecars"] = {"s1", "s2"};
    params["stable"] = {"a1"};
    params["canary"] = {"b1"};
    params["start_at"] = "1s";
    params["min_requests"] = 10;
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "mesh-control",
                                                        .params = std::move(params),
                                                        .self = "mc",
                                                        .peers = {"s1", "s2", "a1", "b1"},
                                                        .peer_roles = {"mesh-sidecar", "mesh-sidecar", "backend",
                                                                       "backend"}});
    h->start();
    return h;
}

// The canary's weight in each mesh_policy push of `sent`, which must go to both sidecars.
std::int64_t pushed_canary_weight(const std::vector<Message>& sent) {
    EXPECT_EQ(sent.size(), 2u);
    if (sent.empty())
        return -1;
    const auto p = MeshPolicy::from_json(sent[0].body["policy"]);
    EXPECT_TRUE(p);
    return p ? p->weight_of("v2") : -1;
}

void report(RoleHarness& h, const std::string& from, std::int64_t version, std::int64_t requests, std::int64_t errors) {
    h.deliver(from, "mesh_report",
              {{"version", version}, {"subsets", {{"v2", {{"requests", requests}, {"errors", errors}, {"p99_ms", 12}}}}}});
}

TEST(MeshControl, StepsTheCanaryOnPassingAnalysesAndPromotesIt) {
    auto h = control();
    EXPECT_EQ(h->phase(), "idle");
    EXPECT_EQ(pushed_canary_weight(h->take_sent()), 0);
    h->advance(1s);
    EXPECT_EQ(h->phase(), "progressing");
    EXPECT_EQ(pushed_canary_weight(h->take_sent()), 10);
    h->deliver("s1", "mesh_ack", {{"version", 2}, {"nonce", 3}});
    EXPECT_EQ(h->snapshot()["sidecars"]["s1"]["acked"], 2);
    report(*h, "s1", 2, 30, 0);
    report(*h, "s2", 2, 30, 1);
    h->take_sent();   // the report replies
    h->advance(1s);
    EXPECT_EQ(pushed_canary_weight(h->take_sent()), 50);
    report(*h, "s1", 3, 200, 2);
    h->take_sent();
    h->advance(1s);
    EXPECT_EQ(pushed_canary_weight(h->take_sent()), 100);
    EXPECT_EQ(h->phase(), "promoted");
}

TEST(MeshControl, RollsBackAfterThresholdFailedAnalysesAndHaltsWithoutData) {
    auto h = control();
    h->take_sent();
    h->advance(1s);
    h->take_sent();
    h->advance(1s);   // no report at all: no verdict
    EXPECT_EQ(h->phase(), "halted");
    EXPECT_TRUE(h->take_sent().empty());
    report(*h, "s1", 2, 40, 12);
    EXPECT_EQ(h->phase(), "progressing");
    h->take_sent();
    h->advance(1s);
    EXPECT_EQ(h->snapshot()["failed_checks"], 1);
    EXPECT_TRUE(h->take_sent().empty()) << "one failed analysis: no step";
    report(*h, "s1", 2, 40, 12);
    h->take_sent();
    h->advance(1s);
    EXPECT_EQ(pushed_canary_weight(h->take_sent()), 0);
    EXPECT_EQ(h->phase(), "rolled-back");
}

TEST(MeshControl, FollowsThePresetsStepsAndNamesBadOnesItWasGiven) {
    auto h = control({{"preset", "flagger-fast"}});
    h->take_sent();
    h->advance(1s);
    EXPECT_EQ(pushed_canary_weight(h->take_sent()), 10);
    report(*h, "s1", 2, 100, 1);   // 1 %: Flagger's 99 % success rate is not above the threshold
    h->take_sent();
    h->advance(1s);
    EXPECT_EQ(pushed_canary_weight(h->take_sent()), 20) << "stepWeight 10";
    EXPECT_EQ(h->snapshot()["steps"], (Json{10, 20, 30, 40, 50}));

    auto bad = control({{"step_weights", "50,10"}});
    EXPECT_NE(std::find(bad->logs().begin(), bad->logs().end(),
                        "step_weights \"50,10\": the weights must rise (10 after 50); the demo preset's steps are used"),
              bad->logs().end());
    EXPECT_EQ(bad->snapshot()["steps"], (Json{10, 50}));
}

TEST(MeshControl, PushesAgainToAStaleSidecarButNotWhatItRefused) {
    auto h = control({{"start_at", "0ms"}});
    h->take_sent();
    report(*h, "s1", 0, 0, 0);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u) << "the report's reply and the push it was missing";
    EXPECT_EQ(sent[0].body["version"], 1);
    EXPECT_EQ(sent[1].type, "mesh_policy");
    EXPECT_EQ(sent[1].to, "s1");

    h->deliver("lab", "apply", {{"weights", {{"v1", 70}, {"v2", 40}}}});
    EXPECT_EQ(h->take_sent().size(), 2u) << "the operator's edit is pushed as written";
    h->deliver("s1", "mesh_nack", {{"version", 1}, {"nonce", 4}, {"rejected", 2}, {"error", "routes: the weights sum to 110, not 100"}});
    report(*h, "s1", 1, 0, 0);
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u) << "only the reply: pushing v2 again would be refused again";
    EXPECT_EQ(h->snapshot()["sidecars"]["s1"]["rejected"], 2);
}

}  // namespace
}  // namespace distlab::test_support
