// The discovery roles alone: the registry's expiry, protect threshold, self-preservation,
// pushes and replication; the instance's registration, beats, graceful shutdown and capacity;
// the client's subscription, round robin and cache.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> registry(Json params, std::vector<core::NodeId> peers = {"s1", "s2", "s3", "s4", "s5", "c1"}) {
    std::vector<std::string> roles;
    for (const auto& p : peers)
        roles.push_back(p[0] == 's' ? "service-instance" : p[0] == 'c' ? "discovery-client" : "registry");
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "registry", .params = std::move(params), .self = "r1", .peers = peers, .peer_roles = roles});
    h->start();
    return h;
}

Json who(const std::string& instance) { return {{"service", "svc"}, {"instance", instance}}; }

std::vector<Message> of_type(const std::vector<Message>& sent, const std::string& type) {
    std::vector<Message> out;
    std::copy_if(sent.begin(), sent.end(), std::back_inserter(out), [&](const Message& m) { return m.type == type; });
    return out;
}

// Every instance in `beating` beats once, then the clock moves by `step`.
void beat(RoleHarness& h, const std::vector<std::string>& beating, core::Duration step) {
    for (const auto& s : beating)
        h.deliver(s, "reg_beat", who(s));
    h.advance(step);
}

TEST(Registry, DelistsThenRemovesASilentInstanceWithinItsBounds) {
    auto h = registry({{"preset", "nacos-fast"}});
    h->deliver("s1", "reg_register", who("s1"));
    h->deliver("s2", "reg_register", who("s2"));
    h->deliver("c1", "reg_subscribe", {{"service", "svc"}});
    auto sent = of_type(h->take_sent(), "reg_subscribe_reply");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["instances"], (Json{"s1", "s2"}));

    // s2 falls silent: unhealthy within 1.5 s + the 100 ms check, removed within 3 s + 100 ms.
    core::Duration t{0};
    while (t < 1400ms) {
        beat(*h, {"s1"}, 100ms);
        t += 100ms;
    }
    EXPECT_TRUE(of_type(h->take_sent(), "reg_push").empty());
    EXPECT_EQ(h->snapshot()["instances"]["s2"], "healthy");
    beat(*h, {"s1"}, 100ms);
    beat(*h, {"s1"}, 100ms);
    auto pushes = of_type(h->take_sent(), "reg_push");
    ASSERT_EQ(pushes.size(), 1u);
    EXPECT_EQ(pushes[0].to, "c1");
    EXPECT_EQ(pushes[0].body["instances"], (Json{"s1"}));
    EXPECT_EQ(h->snapshot()["instances"]["s2"], "unhealthy");
    for (int i = 0; i < 13; ++i)
        beat(*h, {"s1"}, 100ms);
    EXPECT_TRUE(h->snapshot()["instances"].contains("s2"));
    beat(*h, {"s1"}, 100ms);
    beat(*h, {"s1"}, 100ms);
    EXPECT_FALSE(h->snapshot()["instances"].contains("s2"));
    EXPECT_EQ(h->snapshot()["removed"], 1);

    // A beat from the removed instance: unknown, so it registers again.
    h->take_sent();
    h->deliver("s2", "reg_beat", who("s2"));
    auto replies = of_type(h->take_sent(), "reg_beat_reply");
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].body["known"], false);
}

TEST(Registry, DeregistrationIsPushedAtOnce) {
    auto h = registry({{"preset", "nacos"}});
    h->deliver("s1", "reg_register", who("s1"));
    h->deliver("s2", "reg_register", who("s2"));
    h->deliver("c1", "reg_subscribe", {{"service", "svc"}});
    h->take_sent();
    h->deliver("s2", "reg_deregister", who("s2"));
    auto pushes = of_type(h->take_sent(), "reg_push");
    ASSERT_EQ(pushes.size(), 1u);
    EXPECT_EQ(pushes[0].body["instances"], (Json{"s1"}));
    EXPECT_EQ(pushes[0].body["version"], 3);
}

TEST(Registry, ProtectThresholdListsUnhealthyInstancesToo) {
    auto h = registry({{"preset", "nacos-fast"}, {"threshold", 0.5}, {"remove_after", "10s"}});
    for (const char* s : {"s1", "s2", "s3"})
        h->deliver(s, "reg_register", who(s));
    h->deliver("c1", "reg_subscribe", {{"service", "svc"}});
    // s3 silent: 2 of 3 healthy (0.67 > 0.5), delisted.
    for (int i = 0; i < 17; ++i)
        beat(*h, {"s1", "s2"}, 100ms);
    EXPECT_EQ(h->snapshot()["instances"]["s3"], "unhealthy");
    EXPECT_EQ(h->phase(), "serving");
    h->take_sent();
    // s2 too: 1 of 3 healthy (0.33 <= 0.5): every instance is listed again.
    for (int i = 0; i < 17; ++i)
        beat(*h, {"s1"}, 100ms);
    EXPECT_EQ(h->phase(), "protecting");
    auto pushes = of_type(h->take_sent(), "reg_push");
    ASSERT_FALSE(pushes.empty());
    EXPECT_EQ(pushes.back().body["instances"], (Json{"s1", "s2", "s3"}));
}

// Five instances beat every second for 3 s; then only s5 does.
void eureka_partition(RoleHarness& h) {
    const std::vector<std::string> all{"s1", "s2", "s3", "s4", "s5"};
    for (const auto& s : all)
        h.deliver(s, "reg_register", who(s));
    for (int i = 0; i < 30; ++i)
        beat(h, i % 10 == 9 ? all : std::vector<std::string>{}, 100ms);
    for (int i = 0; i < 60; ++i)
        beat(h, i % 10 == 9 ? std::vector<std::string>{"s5"} : std::vector<std::string>{}, 100ms);
}

TEST(Registry, SelfPreservationExpiresNobodyWhenRenewalsCollapse) {
    auto h = registry({{"preset", "eureka-fast"}});
    eureka_partition(*h);
    EXPECT_EQ(h->phase(), "self-preservation");
    EXPECT_EQ(h->snapshot()["total"], 5);
    EXPECT_EQ(h->snapshot()["removed"], 0);
}

TEST(Registry, WithoutProtectionEverySilentInstanceIsRemoved) {
    auto h = registry({{"preset", "eureka-fast"}, {"protection", "none"}});
    eureka_partition(*h);
    EXPECT_EQ(h->phase(), "serving");
    EXPECT_EQ(h->snapshot()["total"], 1);
    EXPECT_EQ(h->snapshot()["removed"], 4);
}

TEST(Registry, ReplicatesWhatInstancesTellItAndAppliesItsPeersCopies) {
    auto h = registry({{"preset", "nacos"}, {"peers", {"r2"}}}, {"r2", "s1", "s2"});
    h->deliver("s1", "reg_register", who("s1"));
    auto syncs = of_type(h->take_sent(), "reg_sync");
    ASSERT_EQ(syncs.size(), 1u);
    EXPECT_EQ(syncs[0].to, "r2");
    EXPECT_EQ(syncs[0].body, (Json{{"op", "register"}, {"service", "svc"}, {"instance", "s1"}}));
    // A peer's copy is applied, not sent on.
    h->deliver("r2", "reg_sync", {{"op", "register"}, {"service", "svc"}, {"instance", "s2"}});
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->snapshot()["total"], 2);
}

TEST(Registry, RefusesMalformedMessagesByName) {
    auto h = registry({{"preset", "nacos"}});
    h->deliver("s1", "reg_register", {{"service", "svc"}});
    h->deliver("s1", "reg_beat", Json::array());
    h->deliver("r2", "reg_sync", {{"op", "explode"}, {"service", "svc"}, {"instance", "s2"}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].body["ok"], false);
    EXPECT_EQ(sent[0].body["error"], "\"instance\" must be a non-empty string");
    EXPECT_EQ(h->snapshot()["total"], 0);
    EXPECT_EQ(h->counter("malformed"), 3);
}

std::unique_ptr<RoleHarness> instance(Json params) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "service-instance",
                                                        .params = std::move(params),
                                                        .self = "s1",
                                                        .peers = {"r1", "r2", "c1"},
                                                        .peer_roles = {"registry", "registry", "discovery-client"}});
    h->start();
    return h;
}

TEST(ServiceInstance, RegistersBeatsAndRegistersAgainWhenForgotten) {
    auto h = instance({{"registries", {"r1"}}, {"preset", "nacos-fast"}});
    EXPECT_EQ(h->phase(), "registering");
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "reg_register");
    h->reply_to(sent[0], {{"ok", true}});
    EXPECT_EQ(h->phase(), "up");
    h->advance(500ms);
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "reg_beat");
    h->reply_to(sent[0], {{"ok", true}, {"known", false}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "reg_register");
}

TEST(ServiceInstance, MovesToTheNextRegistryWhenItsOwnIsSilent) {
    auto h = instance({{"registries", {"r1", "r2"}}, {"preset", "nacos-fast"}});
    h->reply_to(h->take_sent()[0], {{"ok", true}});
    h->advance(500ms);
    EXPECT_EQ(h->take_sent()[0].to, "r1");
    h->advance(500ms);   // The beat's deadline passes: r2 now, registered with at once.
    auto sent = of_type(h->take_sent(), "reg_register");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "r2");
    EXPECT_EQ(h->snapshot()["registry"], "r2");
}

TEST(ServiceInstance, ShutdownDeregistersDrainsThenAnswersNothing) {
    auto h = instance({{"registries", {"r1"}}, {"preset", "nacos-fast"}, {"drain", "300ms"}});
    h->reply_to(h->take_sent()[0], {{"ok", true}});
    h->deliver("lab", "shutdown", Json::object());
    auto sent = h->take_sent();
    ASSERT_EQ(of_type(sent, "reg_deregister").size(), 1u);
    EXPECT_EQ(h->phase(), "draining");
    h->deliver("c1", "svc_call", Json::object());
    sent = of_type(h->take_sent(), "svc_call_reply");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["ok"], true);
    h->advance(300ms);
    EXPECT_EQ(h->phase(), "stopped");
    h->deliver("c1", "svc_call", Json::object());
    h->advance(2s);
    EXPECT_TRUE(h->take_sent().empty()) << "no answer and no beat once stopped";
}

TEST(ServiceInstance, RefusesCallsPastItsCapacity) {
    auto h = instance({{"registries", {"r1"}}, {"capacity", 3}});
    h->take_sent();
    for (int i = 0; i < 5; ++i)
        h->deliver("c1", "svc_call", Json::object());
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 5u);
    EXPECT_EQ(sent[2].body["ok"], true);
    EXPECT_EQ(sent[3].body, (Json{{"ok", false}, {"error", "overloaded"}}));
    h->advance(1s);
    h->deliver("c1", "svc_call", Json::object());
    EXPECT_EQ(h->take_sent()[0].body["ok"], true) << "a second later there is room again";
}

std::unique_ptr<RoleHarness> client(Json params) {
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "discovery-client",
                     .params = std::move(params),
                     .self = "c1",
                     .peers = {"r1", "s1", "s2"},
                     .peer_roles = {"registry", "service-instance", "service-instance"}});
    h->start();
    return h;
}

Json list(std::int64_t version, std::vector<std::string> instances) {
    return {{"ok", true}, {"service", "svc"}, {"run", 7}, {"version", version}, {"instances", instances}};
}

// The calls the client sent, by callee.
std::vector<std::string> callees(const std::vector<Message>& sent) {
    std::vector<std::string> out;
    for (const Message& m : sent)
        if (m.type == "svc_call")
            out.push_back(m.to);
    return out;
}

TEST(DiscoveryClient, CallsTheListedInstancesInTurnAndFollowsPushes) {
    auto h = client({{"registries", {"r1"}}, {"rate", 10}, {"arrival", "fixed"}, {"refresh", "10s"}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "reg_subscribe");
    h->reply_to(sent[0], list(1, {"s1", "s2"}));
    EXPECT_EQ(h->phase(), "fresh");
    h->advance(400ms);
    EXPECT_EQ(callees(h->take_sent()), (std::vector<std::string>{"s1", "s2", "s1", "s2"}));
    h->deliver("r1", "reg_push", {{"service", "svc"}, {"run", 7}, {"version", 3}, {"instances", {"s2"}}});
    h->advance(200ms);
    EXPECT_EQ(callees(h->take_sent()), (std::vector<std::string>{"s2", "s2"}));
    // A malformed push changes nothing, nor does an older list of the same run (a subscribe reply
    // overtaken by a push); a newer run of the registry counts again from 1.
    h->deliver("r1", "reg_push", {{"service", "svc"}, {"instances", {"s1"}}});
    EXPECT_EQ(h->counter("malformed"), 1);
    h->deliver("r1", "reg_push", {{"service", "svc"}, {"run", 7}, {"version", 2}, {"instances", {"s1", "s2"}}});
    EXPECT_EQ(h->counter("stale_lists"), 1);
    EXPECT_EQ(h->snapshot()["instances"], (Json{"s2"}));
    h->deliver("r1", "reg_push", {{"service", "svc"}, {"run", 8}, {"version", 1}, {"instances", {"s1"}}});
    EXPECT_EQ(h->snapshot()["instances"], (Json{"s1"}));
}

TEST(DiscoveryClient, KeepsUsingItsCacheWhileTheRegistryIsSilent) {
    auto h = client({{"registries", {"r1"}}, {"rate", 10}, {"arrival", "fixed"}, {"refresh", "500ms"},
                     {"timeout", "300ms"}});
    h->reply_to(h->take_sent()[0], list(1, {"s1", "s2"}));
    h->advance(500ms);
    h->take_sent();
    h->advance(300ms);   // The refresh goes unanswered.
    EXPECT_EQ(h->phase(), "cache-only");
    h->take_sent();
    h->advance(200ms);
    EXPECT_EQ(callees(h->take_sent()).size(), 2u);
}

TEST(DiscoveryClient, WithoutACacheItForgetsTheListAndFails) {
    auto h = client({{"registries", {"r1"}}, {"rate", 10}, {"arrival", "fixed"}, {"refresh", "500ms"},
                     {"timeout", "300ms"}, {"cache", false}});
    h->reply_to(h->take_sent()[0], list(1, {"s1", "s2"}));
    h->advance(800ms);
    EXPECT_EQ(h->phase(), "empty");
    h->take_sent();
    h->advance(200ms);
    EXPECT_TRUE(callees(h->take_sent()).empty());
    EXPECT_EQ(h->ops().back().phase, "fail");
    EXPECT_EQ(h->ops().back().value, (Json{{"error", "no instance"}}));
}

}  // namespace
}  // namespace distlab::test_support
