// The mm-node and cart-client roles alone: versions and their vectors, conflicts detected and
// resolved by lww (one dropped), siblings (both kept, then superseded by a merged write) and
// crdt (an OR-Set), anti-entropy, bad bodies; the client's read-merge-write and its history.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/patterns/multi_leader/cart_client_role.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> node(const char* resolution, const char* self = "east") {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "mm-node",
        .params = {{"nodes", {"east", "west"}}, {"resolution", resolution}, {"sync_interval", "500ms"}},
        .self = self,
        .peers = {std::string(self) == "east" ? "west" : "east", "alice"},
        .peer_roles = {"mm-node", "cart-client"}});
    h->start();
    return h;
}

Json call(RoleHarness& h, const std::string& type, Json body) {
    const auto id = h.deliver("alice", type, std::move(body));
    for (const Message& m : h.take_sent())
        if (m.reply_to == id)
            return m.body;
    return nullptr;
}

// A version from `node` at `ts` holding `items`, with vector `vv`.
Json version(Json items, Json vv, std::int64_t ts, const char* node) {
    return {{"items", std::move(items)}, {"vv", std::move(vv)}, {"ts", ts}, {"node", node}};
}

TEST(MmNode, AWriteWithItsContextReplacesWhatItSawAndIsReplicated) {
    auto n = node("siblings");
    Json r = call(*n, "mm_put", {{"key", "cart"}, {"items", {"milk"}}, {"context", Json::object()}});
    EXPECT_EQ(r["ok"], true);
    EXPECT_EQ(r["vv"], (Json{{"east", 1}}));
    n->advance(10ms);
    r = call(*n, "mm_get", {{"key", "cart"}});
    EXPECT_EQ(r["context"], (Json{{"east", 1}}));
    r = call(*n, "mm_put", {{"key", "cart"}, {"items", {"milk", "bread"}}, {"context", {{"east", 1}}}});
    EXPECT_EQ(r["vv"], (Json{{"east", 2}}));
    EXPECT_EQ(n->snapshot()["siblings"], 1);
    EXPECT_EQ(n->snapshot()["conflicts"], 0);
    // Replicated at once to the other region, and the whole store every sync_interval.
    auto h = node("siblings");
    h->deliver("alice", "mm_put", {{"key", "cart"}, {"items", {"x"}}, {"context", Json::object()}});
    bool replicated = false;
    for (const Message& m : h->take_sent())
        replicated = replicated || (m.type == "mm_replicate" && m.to == "west");
    EXPECT_TRUE(replicated);
    h->advance(500ms);
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_TRUE(sent[0].body.contains("carts"));
}

TEST(MmNode, SiblingsKeepConcurrentVersionsUntilAMergedWriteSupersedesThem) {
    auto n = node("siblings");
    call(*n, "mm_put", {{"key", "cart"}, {"items", {"bread"}}, {"context", {{"east", 2}}}});   // -> east:3
    n->deliver("west", "mm_replicate",
               {{"key", "cart"}, {"versions", {version({"bread", "eggs", "milk"}, {{"east", 2}, {"west", 1}}, 5, "west")}}});
    Json snap = n->snapshot();
    EXPECT_EQ(snap["siblings"], 2);
    EXPECT_EQ(snap["conflicts"], 1);
    Json r = call(*n, "mm_get", {{"key", "cart"}});
    ASSERT_EQ(r["versions"].size(), 2u);
    EXPECT_EQ(r["context"], (Json{{"east", 3}, {"west", 1}}));
    call(*n, "mm_put", {{"key", "cart"}, {"items", {"bread", "eggs"}}, {"context", r["context"]}});
    snap = n->snapshot();
    EXPECT_EQ(snap["siblings"], 1);
    EXPECT_EQ(snap["carts"]["cart"][0]["items"], (Json{"bread", "eggs"}));
    // An old version arriving late changes nothing.
    n->deliver("west", "mm_replicate",
               {{"key", "cart"}, {"versions", {version({"milk"}, {{"east", 1}}, 1, "east")}}});
    EXPECT_EQ(n->snapshot()["siblings"], 1);
}

TEST(MmNode, LwwKeepsTheLaterTimestampAndDropsTheOther) {
    auto n = node("lww");
    n->advance(3200ms);
    call(*n, "mm_put", {{"key", "cart"}, {"items", {"bread"}}, {"context", {{"east", 2}}}});
    n->deliver("west", "mm_replicate",
               {{"key", "cart"}, {"versions", {version({"bread", "eggs", "milk"}, {{"east", 2}, {"west", 1}},
                                                       3'000'000'000, "west")}}});
    const Json snap = n->snapshot();
    EXPECT_EQ(snap["siblings"], 1);
    EXPECT_EQ(snap["conflicts"], 1);
    EXPECT_EQ(snap["dropped"], 1);
    EXPECT_EQ(snap["carts"]["cart"][0]["items"], Json({"bread"}));
}

TEST(MmNode, CrdtCartsMergeAddsAndRemovesOfDifferentItems) {
    auto e = node("crdt");
    auto w = node("crdt", "west");
    call(*e, "mm_op", {{"key", "cart"}, {"op", "add"}, {"item", "milk"}});
    Json delta;
    for (const Message& m : e->take_sent())
        if (m.type == "mm_replicate")
            delta = m.body;
    w->deliver("east", "mm_replicate", delta);
    call(*e, "mm_op", {{"key", "cart"}, {"op", "remove"}, {"item", "milk"}});
    call(*w, "mm_op", {{"key", "cart"}, {"op", "add"}, {"item", "eggs"}});
    e->advance(500ms);
    w->advance(500ms);
    for (const Message& m : e->take_sent())
        w->deliver("east", m.type, m.body);
    for (const Message& m : w->take_sent())
        e->deliver("west", m.type, m.body);
    EXPECT_EQ(call(*e, "mm_get", {{"key", "cart"}})["items"], Json({"eggs"}));
    EXPECT_EQ(call(*w, "mm_get", {{"key", "cart"}})["items"], Json({"eggs"}));
    EXPECT_EQ(e->snapshot()["carts"], w->snapshot()["carts"]);
}

TEST(MmNode, RefusesWhatItCannotDoAndSurvivesBadReplication) {
    auto n = node("siblings");
    EXPECT_EQ(call(*n, "mm_op", {{"key", "cart"}, {"op", "add"}, {"item", "x"}})["ok"], false);
    EXPECT_EQ(call(*n, "mm_put", {{"key", "cart"}, {"items", {1}}})["ok"], false);
    EXPECT_EQ(call(*n, "mm_put", {{"key", "cart"}, {"items", {"x"}}, {"context", {{"east", -1}}}})["ok"], false);
    EXPECT_EQ(call(*n, "mm_get", Json::array())["ok"], false);
    n->deliver("west", "mm_replicate", {{"key", "cart"}, {"orset", Json::object()}});
    n->deliver("west", "mm_replicate", {{"key", "cart"}, {"versions", {{{"items", "x"}}}}});
    n->deliver("west", "mm_replicate", "garbage");
    EXPECT_EQ(n->counter("malformed"), 7);
    EXPECT_EQ(n->violations(), 0u);
    auto c = node("crdt");
    EXPECT_EQ(call(*c, "mm_put", {{"key", "cart"}, {"items", {"x"}}, {"context", Json::object()}})["ok"], false);
}

// ---- the client ----

std::unique_ptr<RoleHarness> client(Json script) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "cart-client",
        .params = {{"node", "east"}, {"script", std::move(script)}, {"final_read_at", "5s"}},
        .self = "alice",
        .peers = {"east"},
        .peer_roles = {"mm-node"}});
    h->start();
    return h;
}

TEST(CartClient, MergesSiblingsByUnionAndWritesBackWithTheContext) {
    auto c = client({"1s remove milk"});
    c->advance(1s);
    auto sent = c->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "mm_get");
    c->reply_to(sent[0], {{"ok", true},
                          {"merge", "siblings"},
                          {"versions", {{{"items", {"bread"}}, {"vv", {{"east", 3}}}},
                                        {{"items", {"eggs", "milk"}}, {"vv", {{"west", 1}}}}}},
                          {"context", {{"east", 3}, {"west", 1}}}});
    sent = c->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "mm_put");
    EXPECT_EQ(sent[0].body["items"], Json({"bread", "eggs"}));
    EXPECT_EQ(sent[0].body["context"], (Json{{"east", 3}, {"west", 1}}));
    c->reply_to(sent[0], {{"ok", true}});
    const auto& ops = c->ops();
    ASSERT_EQ(ops.size(), 2u);
    EXPECT_EQ(ops[0].f, "remove");
    EXPECT_EQ(ops[0].value, (Json{{"key", "cart"}, {"item", "milk"}}));
    EXPECT_EQ(ops[1].phase, "ok");
}

TEST(CartClient, SendsTheEditItselfToACrdtNodeAndRecordsTheFinalRead) {
    auto c = client({"1s add eggs"});
    c->advance(1s);
    auto sent = c->take_sent();
    c->reply_to(sent[0], {{"ok", true}, {"merge", "crdt"}, {"items", {"bread"}}});
    sent = c->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "mm_op");
    EXPECT_EQ(sent[0].body, (Json{{"key", "cart"}, {"op", "add"}, {"item", "eggs"}}));
    c->reply_to(sent[0], {{"ok", true}});
    c->advance(4s);
    sent = c->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    c->reply_to(sent[0], {{"ok", true}, {"merge", "crdt"}, {"items", {"bread", "eggs"}}});
    const auto& ops = c->ops();
    ASSERT_EQ(ops.size(), 4u);
    EXPECT_EQ(ops[2].f, "read");
    EXPECT_EQ(ops[2].value["final"], true);
    EXPECT_EQ(ops[3].value, (Json{{"value", {"bread", "eggs"}}, {"siblings", 1}}));
}

TEST(CartClient, ABadScriptIsRefusedWithItsEntryNamed) {
    auto c = client({"1s add milk", "2s buy milk"});
    EXPECT_NE(c->snapshot()["problem"].get<std::string>().find("script[1]"), std::string::npos);
    EXPECT_FALSE(core::multi_leader::parse_cart_script({"1s add"}));
    EXPECT_FALSE(core::multi_leader::parse_cart_script({"1s read milk"}));
    EXPECT_FALSE(core::multi_leader::parse_cart_script({"soon add milk"}));
    EXPECT_TRUE(core::multi_leader::parse_cart_script({"1s add milk", "2s read"}));
}

}  // namespace
}  // namespace distlab::test_support
