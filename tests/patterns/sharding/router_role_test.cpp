// The router alone: the start's map, forwarding, learning a moved region from a redirect,
// retrying not_ready, scans under range and hash sharding, splits and moves from the shards'
// stats, and bad requests.

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/patterns/sharding/shard_protocol.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;
namespace sh = core::sharding;

std::unique_ptr<RoleHarness> router(Json params) {
    params["shards"] = Json::array({"s1", "s2"});
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "router",
                                                        .params = std::move(params),
                                                        .self = "r1",
                                                        .peers = {"s1", "s2", "c1"},
                                                        .peer_roles = {"shard", "shard", "shard-client"}});
    h->start();
    return h;
}

// Answers the assign messages, so the router starts routing; returns them.
std::vector<Message> assign_all(RoleHarness& h) {
    std::vector<Message> assigns;
    for (const Message& m : h.take_sent())
        if (m.type == "assign") {
            assigns.push_back(m);
            h.reply_to(m, {{"ok", true}});
        }
    return assigns;
}

TEST(RouterRole, DealsRangeRegionsInTurnAndRoutesByThem) {
    auto h = router({{"mode", "range"}, {"regions", 4}, {"key_span", 400}});
    const std::vector<Message> assigns = assign_all(*h);
    ASSERT_EQ(assigns.size(), 2u);
    EXPECT_EQ(assigns[0].to, "s1");
    EXPECT_EQ(assigns[0].body["regions"].size(), 2u);
    EXPECT_EQ(assigns[0].body["regions"][0]["hi"], 100);
    EXPECT_EQ(assigns[1].body["regions"][1]["hi"], sh::kSpaceEnd);   // the last region holds every id above
    EXPECT_EQ(h->phase(), "routing");
    const auto id = h->deliver("c1", "kv", {{"op", "put"}, {"key", "k150"}, {"value", "x"}});
    const std::vector<Message> sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "s2");
    EXPECT_EQ(sent[0].body["region"], 2);
    h->reply_to(sent[0], {{"ok", true}});
    const std::vector<Message> answer = h->take_sent();
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].reply_to, id);
    EXPECT_EQ(answer[0].body["ok"], true);
}

TEST(RouterRole, AStaleMapLearnsTheMovedRegionFromTheRedirect) {
    auto h = router({{"mode", "range"}, {"regions", 1}, {"scheduler", false}});
    EXPECT_EQ(h->phase(), "routing");
    h->deliver("c1", "kv", {{"op", "get"}, {"key", "k700"}});
    std::vector<Message> sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "s1");
    const Json moved = sh::Region{.id = 3, .lo = 500, .hi = 1000, .version = 3, .node = "s2"}.to_json();
    h->reply_to(sent[0], {{"ok", false}, {"error", "wrong_shard"}, {"owner", "s2"}, {"region", moved}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "s2");
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["redirects"], 1);
    EXPECT_EQ(snap["version"], 3);
    ASSERT_EQ(snap["regions"].size(), 3u);   // [0, 500) s1, [500, 1000) s2, [1000, end) s1
    EXPECT_EQ(snap["regions"][0]["node"], "s1");
    EXPECT_EQ(snap["regions"][1]["node"], "s2");
    EXPECT_EQ(snap["regions"][2]["lo"], 1000);
    // A key outside the moved region still goes to s1.
    h->deliver("c1", "kv", {{"op", "get"}, {"key", "k5"}});
    EXPECT_EQ(h->take_sent().back().to, "s1");
}

TEST(RouterRole, RetriesNotReadyAfterAPause) {
    auto h = router({{"mode", "range"}, {"regions", 2}});
    assign_all(*h);
    h->deliver("c1", "kv", {{"op", "get"}, {"key", "k1"}});
    Message sent = h->take_sent().front();
    h->reply_to(sent, {{"ok", false}, {"error", "not_ready"}});
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(5ms);
    const std::vector<Message> again = h->take_sent();
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].to, sent.to);
    EXPECT_EQ(h->snapshot()["retries"], 1);
}

std::set<std::string> scan_targets(RoleHarness& h) {
    h.deliver("c1", "scan", {{"from", 100}, {"to", 119}});
    std::set<std::string> to;
    for (const Message& m : h.take_sent())
        if (m.type == "multi_get")
            to.insert(m.to);
    return to;
}

TEST(RouterRole, ARangeScanAsksOneShardAHashScanAsksThemAll) {
    auto range = router({{"mode", "range"}, {"regions", 2}, {"key_span", 1000}});
    assign_all(*range);
    EXPECT_EQ(scan_targets(*range), (std::set<std::string>{"s1"}));
    auto hash = router({{"mode", "hash"}, {"regions", 2}});
    assign_all(*hash);
    EXPECT_EQ(scan_targets(*hash), (std::set<std::string>{"s1", "s2"}));
    EXPECT_EQ(hash->snapshot()["scan_shards"], 2);
}

TEST(RouterRole, BadRequestsGetClearErrors) {
    auto h = router({{"mode", "range"}});
    auto answer = [&](const char* type, Json body) {
        const auto id = h->deliver("c1", type, std::move(body));
        for (const Message& m : h->take_sent())
            if (m.reply_to == id)
                return m.body;
        return Json(nullptr);
    };
    EXPECT_EQ(answer("kv", {{"op", "get"}, {"key", "k1"}})["error"], "unavailable");   // not assigned yet
    assign_all(*h);
    EXPECT_EQ(answer("kv", {{"op", "get"}, {"key", "row-1"}})["error"], "unknown_key");
    EXPECT_EQ(answer("kv", {{"op", "cas"}, {"key", "k1"}, {"from", nullptr}, {"to", "a"}})["error"], "unsupported");
    EXPECT_NE(answer("scan", {{"from", 10}, {"to", 5}})["error"].get<std::string>().find("scan needs"), std::string::npos);
    EXPECT_NE(answer("scan", {{"from", 0}, {"to", 5000}})["error"].get<std::string>().find("at most"), std::string::npos);
}

// Answers a stats poll with `keys` keys in each of the regions named.
void answer_stats(RoleHarness& h, const std::map<std::string, Json>& regions) {
    for (const Message& m : h.take_sent())
        if (m.type == "stats")
            h.reply_to(m, {{"ok", true}, {"regions", regions.at(m.to)}});
}

TEST(RouterRole, SplitsABigRegionThenMovesOneToTheEmptyShard) {
    auto h = router({{"mode", "range"}, {"regions", 1}, {"split_keys", 100}, {"balance", true},
                     {"balance_threshold", 50}});
    assign_all(*h);
    h->advance(200ms);
    Json r1 = sh::Region{.id = 1, .lo = 0, .hi = sh::kSpaceEnd, .node = "s1"}.to_json();
    r1["keys"] = 300;
    answer_stats(*h, {{"s1", Json::array({r1})}, {"s2", Json::array()}});
    std::vector<Message> sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "split");
    EXPECT_EQ(h->phase(), "splitting");
    h->reply_to(sent[0], {{"ok", true}, {"at", 150}});
    EXPECT_EQ(h->snapshot()["version"], 2);
    EXPECT_EQ(h->snapshot()["region_count"], 2);
    h->advance(200ms);
    Json a = sh::Region{.id = 2, .lo = 0, .hi = 150, .node = "s1"}.to_json();
    Json b = sh::Region{.id = 3, .lo = 150, .hi = sh::kSpaceEnd, .node = "s1"}.to_json();
    a["keys"] = 90;
    b["keys"] = 90;
    answer_stats(*h, {{"s1", Json::array({a, b})}, {"s2", Json::array()}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "move");
    EXPECT_EQ(sent[0].body["to"], "s2");
    h->reply_to(sent[0], {{"ok", true}, {"keys", 90}, {"bytes", 900}});
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["moves"], 1);
    EXPECT_EQ(snap["keys_moved"], 90);
    EXPECT_EQ(snap["bytes_moved"], 900);
    EXPECT_EQ(snap["version"], 3);
    EXPECT_EQ(h->phase(), "routing");
}

}  // namespace
}  // namespace distlab::test_support
