// The placement and replica-store roles alone: labels read from the scenario, writes to a
// majority, reads of the newest version, stores found down by heartbeats, the isolation warning,
// and bad bodies.

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> placement(const char* policy, std::map<core::NodeId, core::Labels, std::less<>> labels) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "placement",
        .params = {{"stores", Json::array({"s1", "s2", "s3"})}, {"policy", policy}},
        .self = "p1",
        .peers = {"s1", "s2", "s3", "c1"},
        .peer_roles = {"replica-store", "replica-store", "replica-store", "kv-client"},
        .labels = std::move(labels)});
    h->start();
    return h;
}

std::map<core::NodeId, core::Labels, std::less<>> three_zones() {
    return {{"s1", {{"zone", "z1"}}}, {"s2", {{"zone", "z2"}}}, {"s3", {{"zone", "z3"}}}};
}

// Answers every ping from `up`; the others stay silent.
void answer_pings(RoleHarness& h, const std::set<std::string>& up) {
    for (const Message& m : h.take_sent())
        if (m.type == "ping" && up.contains(m.to))
            h.reply_to(m, {{"ok", true}});
}

TEST(PlacementRole, WritesToEveryReplicaAndAnswersOnceAMajorityHasIt) {
    auto h = placement("spread", three_zones());
    EXPECT_EQ(h->phase(), "placing");
    answer_pings(*h, {"s1", "s2", "s3"});
    const auto id = h->deliver("c1", "kv", {{"op", "put"}, {"key", "k1"}, {"value", "a"}});
    std::vector<Message> writes;
    for (const Message& m : h->take_sent())
        if (m.type == "replica_put")
            writes.push_back(m);
    ASSERT_EQ(writes.size(), 3u);
    EXPECT_EQ(writes[0].body["version"], 1);
    h->reply_to(writes[0], {{"ok", true}});
    EXPECT_TRUE(h->take_sent().empty());
    h->reply_to(writes[1], {{"ok", true}});
    const std::vector<Message> answer = h->take_sent();
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].reply_to, id);
    EXPECT_EQ(answer[0].body["ok"], true);
    EXPECT_EQ(h->snapshot()["shared"]["zone"], 0);
}

TEST(PlacementRole, AReadAnswersTheNewestVersionOfTheReplicas) {
    auto h = placement("spread", three_zones());
    h->deliver("c1", "kv", {{"op", "put"}, {"key", "k1"}, {"value", "a"}});
    for (const Message& m : h->take_sent())
        if (m.type == "replica_put")
            h->reply_to(m, {{"ok", true}});
    h->take_sent();
    const auto id = h->deliver("c1", "kv", {{"op", "get"}, {"key", "k1"}});
    int n = 0;
    for (const Message& m : h->take_sent())
        if (m.type == "replica_get")
            h->reply_to(m, {{"ok", true}, {"value", n == 1 ? "new" : "old"}, {"version", n++ == 1 ? 2 : 1}});
    const std::vector<Message> answer = h->take_sent();
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].reply_to, id);
    EXPECT_EQ(answer[0].body["value"], "new");
}

TEST(PlacementRole, StoresSilentPastDeadAfterAreDownAndTheirKeysUnavailable) {
    auto h = placement("spread", three_zones());
    answer_pings(*h, {"s1", "s2", "s3"});
    h->deliver("c1", "kv", {{"op", "put"}, {"key", "k1"}, {"value", "a"}});
    for (const Message& m : h->take_sent())
        if (m.type == "replica_put")
            h->reply_to(m, {{"ok", true}});
    h->take_sent();
    for (int i = 0; i < 6; ++i) {   // 600 ms with only s1 answering
        h->advance(100ms);
        answer_pings(*h, {"s1"});
    }
    EXPECT_EQ(h->phase(), "losing");   // one of three up: no majority
    EXPECT_EQ(h->snapshot()["no_majority_keys"], 1);
    EXPECT_EQ(h->snapshot()["unavailable_keys"], 0);
    EXPECT_EQ(h->snapshot()["dead_stores"], 2);
    EXPECT_EQ(h->snapshot()["under_replicated"], 1);
    // One of three up: readable, not writable.
    const auto put = h->deliver("c1", "kv", {{"op", "put"}, {"key", "k1"}, {"value", "b"}});
    for (const Message& m : h->take_sent()) {
        if (m.reply_to == put) {
            EXPECT_EQ(m.body["error"], "unavailable");
        }
    }
    for (int i = 0; i < 6; ++i) {
        h->advance(100ms);
        answer_pings(*h, {});
    }
    EXPECT_EQ(h->phase(), "losing");
    EXPECT_EQ(h->snapshot()["unavailable_keys"], 1);
    const auto get = h->deliver("c1", "kv", {{"op", "get"}, {"key", "k1"}});
    bool refused = false;
    for (const Message& m : h->take_sent())
        refused |= m.reply_to == get && m.body["error"] == "unavailable";
    EXPECT_TRUE(refused);
}

TEST(PlacementRole, WarnsWhenTheZonesAreFewerThanTheReplicas) {
    auto h = placement("spread", {{"s1", {{"zone", "z1"}}}, {"s2", {{"zone", "z1"}}}, {"s3", {{"zone", "z2"}}}});
    bool warned = false;
    for (const std::string& line : h->logs())
        warned |= line.find("the stores span 2 zones: 3 replicas cannot all be isolated") != std::string::npos;
    EXPECT_TRUE(warned);
}

TEST(PlacementRole, BadRequestsGetClearErrors) {
    auto h = placement("ring", {});
    auto answer = [&](Json body) {
        const auto id = h->deliver("c1", "kv", std::move(body));
        for (const Message& m : h->take_sent())
            if (m.reply_to == id)
                return m.body;
        return Json(nullptr);
    };
    EXPECT_EQ(answer({{"op", "cas"}, {"key", "k1"}, {"from", nullptr}, {"to", "a"}})["error"], "unsupported");
    EXPECT_EQ(answer({{"op", "put"}})["ok"], false);
    EXPECT_TRUE(answer({{"op", "get"}, {"key", "never"}})["value"].is_null());
}

TEST(ReplicaStoreRole, KeepsTheNewestVersionAndRefusesBadBodies) {
    RoleHarness h(HarnessSetup{.role = "replica-store", .self = "s1", .peers = {"p1"}, .peer_roles = {"placement"},
                               .labels = {{"s1", {{"zone", "z1"}, {"rack", "r1"}}}}});
    h.start();
    EXPECT_EQ(h.snapshot()["labels"]["zone"], "z1");
    auto ask = [&](const char* type, Json body) {
        const auto id = h.deliver("p1", type, std::move(body));
        for (const Message& m : h.take_sent())
            if (m.reply_to == id)
                return m.body;
        return Json(nullptr);
    };
    EXPECT_EQ(ask("replica_put", {{"key", "k1"}, {"value", "b"}, {"version", 2}})["ok"], true);
    EXPECT_EQ(ask("replica_put", {{"key", "k1"}, {"value", "a"}, {"version", 1}})["ok"], true);
    EXPECT_EQ(ask("replica_get", {{"key", "k1"}})["value"], "b");
    EXPECT_NE(ask("replica_put", {{"key", "k1"}, {"value", "a"}})["error"].get<std::string>().find("positive integer"),
              std::string::npos);
    EXPECT_NE(ask("replica_get", {{"key", 3}})["error"].get<std::string>().find("replica_get needs"), std::string::npos);
}

}  // namespace
}  // namespace distlab::test_support
