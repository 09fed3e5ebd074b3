// The crdt-replica and crdt-client roles alone: operations answered at once, deltas then whole
// states in gossip, merges idempotent, lww_whole_value losing the other side's update, a restart
// from disk, bad bodies; the client's script, history and final read.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/patterns/crdt/crdt_client_role.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> replica(const char* self = "r1", Json extra = Json::object()) {
    Json p = {{"replicas", {"r1", "r2"}}, {"gossip_interval", "100ms"}, {"full_state_every", 3}};
    p.update(extra);
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "crdt-replica", .params = std::move(p), .self = self,
                                                        .peers = {std::string(self) == "r1" ? "r2" : "r1", "c1"},
                                                        .peer_roles = {"crdt-replica", "crdt-client"}});
    h->start();
    return h;
}

std::optional<Json> answer(const std::vector<Message>& sent, core::MessageId id) {
    for (const Message& m : sent)
        if (m.reply_to == id)
            return m.body;
    return std::nullopt;
}

std::vector<Message> gossip(const std::vector<Message>& sent) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.type == "crdt_gossip")
            out.push_back(m);
    return out;
}

Json op(RoleHarness& h, Json body) {
    const auto id = h.deliver("c1", "crdt", std::move(body));
    const auto a = answer(h.take_sent(), id);
    return a ? *a : Json(nullptr);
}

TEST(CrdtReplica, AnswersAtOnceAndGossipsDeltasThenWholeStates) {
    auto r1 = replica();
    Json a = op(*r1, {{"op", "add"}, {"type", "g-counter"}, {"key", "hits"}, {"value", 3}});
    EXPECT_EQ(a, (Json{{"ok", true}, {"value", 3}}));
    r1->advance(100ms);   // round 1: the delta
    auto g = gossip(r1->take_sent());
    ASSERT_EQ(g.size(), 1u);
    EXPECT_EQ(g[0].to, "r2");
    EXPECT_EQ(g[0].body["full"], false);
    EXPECT_EQ(g[0].body["objects"][0]["state"], (Json{{"r1", 3}}));
    r1->advance(100ms);   // round 2: nothing new, nothing sent
    EXPECT_TRUE(gossip(r1->take_sent()).empty());
    r1->advance(100ms);   // round 3: the whole state
    g = gossip(r1->take_sent());
    ASSERT_EQ(g.size(), 1u);
    EXPECT_EQ(g[0].body["full"], true);
    EXPECT_EQ(r1->snapshot()["objects"]["hits"]["value"], 3);
}

TEST(CrdtReplica, MergesAreIdempotentAndShownInTheSnapshot) {
    auto r1 = replica();
    const Json state = {{"r2", 4}};
    const Json body = {{"full", false}, {"objects", {{{"key", "hits"}, {"type", "g-counter"}, {"state", state}}}}};
    r1->deliver("r2", "crdt_gossip", body);
    r1->deliver("r2", "crdt_gossip", body);   // a duplicate counts nothing twice
    op(*r1, {{"op", "add"}, {"type", "g-counter"}, {"key", "hits"}, {"value", 1}});
    const Json snap = r1->snapshot();
    EXPECT_EQ(snap["objects"]["hits"]["value"], 5);
    EXPECT_EQ(snap["merges"], 1);
    EXPECT_EQ(snap["last_merge"]["from"], "r2");
    EXPECT_EQ(snap["last_merge"]["after"], state);
}

TEST(CrdtReplica, LwwWholeValueLosesTheOtherSidesIncrements) {
    auto r1 = replica("r1", {{"merge", "lww_whole_value"}});
    op(*r1, {{"op", "add"}, {"type", "g-counter"}, {"key", "hits"}, {"value", 3}});
    r1->advance(50ms);
    // r2 counted 4 of its own, later by its clock: its whole value replaces r1's.
    r1->deliver("r2", "crdt_gossip",
                {{"full", true},
                 {"objects", {{{"key", "hits"}, {"type", "g-counter"}, {"state", {{"r2", 4}}}, {"stamp", {999'999'999, "r2"}}}}}});
    EXPECT_EQ(r1->snapshot()["objects"]["hits"]["value"], 4);   // 3 increments lost
    // A whole value without its stamp cannot be ordered: refused, and no object appears for it.
    r1->deliver("r2", "crdt_gossip",
                {{"full", true}, {"objects", {{{"key", "other"}, {"type", "g-set"}, {"state", {"x"}}}}}});
    EXPECT_EQ(r1->counter("malformed"), 1);
    EXPECT_FALSE(r1->snapshot()["objects"].contains("other"));
}

TEST(CrdtReplica, RefusesWhatItCannotDoAndSurvivesBadGossip) {
    auto r1 = replica();
    op(*r1, {{"op", "add"}, {"type", "or-set"}, {"key", "cart"}, {"value", "milk"}});
    Json a = op(*r1, {{"op", "add"}, {"type", "g-counter"}, {"key", "cart"}, {"value", 1}});
    EXPECT_EQ(a["ok"], false);
    EXPECT_NE(a["error"].get<std::string>().find("holds a or-set"), std::string::npos);
    a = op(*r1, {{"op", "remove"}, {"type", "or-set"}, {"key", "cart"}, {"value", "eggs"}});
    EXPECT_EQ(a["ok"], false);
    a = op(*r1, {{"op", "add"}, {"type", "set"}, {"key", "x"}});
    EXPECT_EQ(a["ok"], false);
    a = op(*r1, Json::array());
    EXPECT_EQ(a["ok"], false);
    r1->deliver("r2", "crdt_gossip", {{"objects", {{{"key", "cart"}, {"type", "or-set"}, {"state", 7}}}}});
    r1->deliver("r2", "crdt_gossip", {{"objects", {{{"key", "cart"}, {"type", "g-counter"}, {"state", Json::object()}}}}});
    r1->deliver("r2", "crdt_gossip", "garbage");
    EXPECT_EQ(r1->counter("malformed"), 4);   // two requests, two gossips
    EXPECT_EQ(r1->counter("type_conflicts"), 1);
    EXPECT_EQ(r1->snapshot()["objects"]["cart"]["value"], Json::array({"milk"}));
    EXPECT_EQ(r1->violations(), 0u);
}

TEST(CrdtReplica, ARestartKeepsItsOwnIncrements) {
    auto r1 = replica();
    op(*r1, {{"op", "add"}, {"type", "pn-counter"}, {"key", "n"}, {"value", -2}});
    op(*r1, {{"op", "add"}, {"type", "pn-counter"}, {"key", "n"}, {"value", 7}});
    r1->restart();
    EXPECT_EQ(r1->snapshot()["objects"]["n"]["value"], 5);
    op(*r1, {{"op", "add"}, {"type", "pn-counter"}, {"key", "n"}, {"value", 1}});
    EXPECT_EQ(r1->snapshot()["objects"]["n"]["value"], 6);
}

TEST(CrdtReplica, LwwTimestampsComeFromTheNodesClock) {
    auto r1 = replica();
    r1->advance(2s);
    op(*r1, {{"op", "write"}, {"type", "lww-register"}, {"key", "x"}, {"value", "a"}});
    const Json state = r1->snapshot()["objects"]["x"]["state"];
    EXPECT_EQ(state["node"], "r1");
    EXPECT_GE(state["ts"].get<std::int64_t>(), 2'000'000'000);
}

// ---- the client ----

std::unique_ptr<RoleHarness> client(Json params) {
    Json p = {{"replica", "r1"}, {"rate", 0}};
    p.update(params);
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "crdt-client", .params = std::move(p), .self = "c1",
                                                        .peers = {"r1"}, .peer_roles = {"crdt-replica"}});
    h->start();
    return h;
}

TEST(CrdtClient, RunsItsScriptAndRecordsTheFinalRead) {
    auto c = client({{"type", "or-set"}, {"key", "cart"}, {"script", {"1s add milk", "2s remove milk"}},
                     {"final_read_at", "3500ms"}});
    c->advance(1s);
    auto sent = c->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"op", "add"}, {"type", "or-set"}, {"key", "cart"}, {"value", "milk"}}));
    c->reply_to(sent[0], {{"ok", true}, {"value", {"milk"}}});
    c->advance(1s);
    sent = c->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["op"], "remove");
    // No answer: the remove's outcome is unknown once its timeout passes.
    c->advance(1500ms);
    sent = c->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["op"], "read");
    c->reply_to(sent[0], {{"ok", true}, {"value", Json::array()}});
    const auto& ops = c->ops();
    ASSERT_EQ(ops.size(), 6u);
    EXPECT_EQ(ops[0].f, "add");
    EXPECT_EQ(ops[1].phase, "ok");
    EXPECT_EQ(ops[2].f, "remove");
    EXPECT_EQ(ops[3].phase, "info");
    EXPECT_EQ(ops[4].f, "read");
    EXPECT_EQ(ops[4].value["final"], true);
    EXPECT_EQ(ops[5].phase, "ok");
    EXPECT_EQ(ops[5].value, (Json{{"value", Json::array()}}));
}

TEST(CrdtClient, ABadScriptIsRefusedWithItsEntryNamed) {
    auto c = client({{"type", "g-counter"}, {"script", {"1s add 2", "2x add 1"}}});
    EXPECT_NE(c->snapshot()["problem"].get<std::string>().find("script[1]"), std::string::npos);
    c->advance(5s);
    EXPECT_TRUE(c->take_sent().empty());
    auto parsed = core::crdt::parse_script({"1s add -1"}, core::crdt::Type::GCounter);
    ASSERT_FALSE(parsed);
    parsed = core::crdt::parse_script({"1s remove x"}, core::crdt::Type::GSet);
    ASSERT_FALSE(parsed);
    parsed = core::crdt::parse_script({"1s write x y"}, core::crdt::Type::MvRegister);
    ASSERT_FALSE(parsed);
    parsed = core::crdt::parse_script({"1500ms add -3", "2s read"}, core::crdt::Type::PNCounter);
    ASSERT_TRUE(parsed);
    EXPECT_EQ((*parsed)[0].value, -3);
}

TEST(CrdtClient, RandomCountersAddWithinBoundsAndRegistersWriteUniqueValues) {
    auto c = client({{"type", "pn-counter"}, {"rate", 50}, {"read_ratio", 0}, {"max_delta", 3}, {"stop_at", "1s"}});
    c->advance(2s);
    const auto sent = c->take_sent();
    ASSERT_GT(sent.size(), 20u);
    bool negative = false;
    for (const Message& m : sent) {
        const auto n = m.body["value"].get<std::int64_t>();
        EXPECT_TRUE(n != 0 && n >= -3 && n <= 3) << n;
        negative = negative || n < 0;
    }
    EXPECT_TRUE(negative);
    auto w = client({{"type", "mv-register"}, {"rate", 50}, {"read_ratio", 0}, {"stop_at", "1s"}});
    w->advance(2s);
    std::set<std::string> values;
    std::size_t writes = 0;
    for (const Message& m : w->take_sent()) {
        values.insert(m.body["value"].get<std::string>());
        ++writes;
    }
    EXPECT_EQ(values.size(), writes);
}

}  // namespace
}  // namespace distlab::test_support
