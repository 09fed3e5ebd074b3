// The dynamo-node role alone: when a coordinator answers at each consistency level, read repair,
// sloppy quorum with hints and their handoff, strict quorum refusing, restart from disk,
// anti-entropy between two nodes, and bad bodies.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/patterns/leaderless/dynamo_protocol.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

const std::vector<core::NodeId> kThree{"n1", "n2", "n3"};
const std::vector<core::NodeId> kFive{"n1", "n2", "n3", "n4", "n5"};

std::unique_ptr<RoleHarness> node(Json params, const std::vector<core::NodeId>& members = kThree,
                                  const char* self = "n1") {
    Json p = {{"members", members}, {"anti_entropy", "0ms"}};
    if (params.is_object())
        p.update(params);
    std::vector<core::NodeId> peers;
    std::vector<std::string> roles;
    for (const auto& m : members)
        if (m != self) {
            peers.push_back(m);
            roles.push_back("dynamo-node");
        }
    peers.push_back("c1");
    roles.push_back("kv-client");
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "dynamo-node", .params = std::move(p), .self = self, .peers = peers, .peer_roles = roles});
    h->start();
    return h;
}

std::optional<Json> answer(const std::vector<Message>& sent, core::MessageId id) {
    for (const Message& m : sent)
        if (m.reply_to == id)
            return m.body;
    return std::nullopt;
}

std::vector<Message> of_type(const std::vector<Message>& sent, const std::string& type, const std::string& to = {}) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.type == type && (to.empty() || m.to == to))
            out.push_back(m);
    return out;
}

core::MessageId put(RoleHarness& h, const std::string& key, const std::string& value, Json extra = Json::object()) {
    Json body = {{"op", "put"}, {"key", key}, {"value", value}};
    body.update(extra);
    return h.deliver("c1", "kv", body);
}

core::MessageId get(RoleHarness& h, const std::string& key, Json extra = Json::object()) {
    Json body = {{"op", "get"}, {"key", key}};
    body.update(extra);
    return h.deliver("c1", "kv", body);
}

Json version(const std::string& value, std::int64_t ts, const std::string& writer = "n9") {
    return {{"value", value}, {"ts", ts}, {"writer", writer}};
}

// A key whose preference list over `members` starts with `first`.
std::string key_homed_at(const std::vector<core::NodeId>& members, const std::string& first) {
    const core::leaderless::Ring ring(members, 16);
    for (int k = 0; k < 1000; ++k) {
        const std::string key = "k" + std::to_string(k);
        if (ring.preference_list(key).front() == first)
            return key;
    }
    ADD_FAILURE() << "no key starts at " << first;
    return "k0";
}

TEST(DynamoNode, AQuorumWriteIsAnsweredAfterTheSecondAcknowledgement) {
    auto h = node({{"write_consistency", "QUORUM"}});
    EXPECT_EQ(h->phase(), "serving");
    const auto id = put(*h, "k0", "c1-1");
    EXPECT_TRUE(h->take_sent().empty());   // the writes of this turn go out together
    h->advance(0ms);   // n1's own copy reaches its disk: one of the two; the writes go out
    auto sent = h->take_sent();
    EXPECT_FALSE(answer(sent, id));
    const auto writes = of_type(sent, "dy_write");
    ASSERT_EQ(writes.size(), 2u);   // n1 holds it itself
    EXPECT_EQ(writes[0].body["version"]["value"], "c1-1");
    EXPECT_EQ(writes[0].body["version"]["writer"], "n1");
    EXPECT_FALSE(writes[0].body.contains("hint"));
    h->reply_to(writes[0], {{"ok", true}});
    EXPECT_EQ(answer(h->take_sent(), id), (Json{{"ok", true}}));
    h->reply_to(writes[1], {{"ok", true}});
    EXPECT_TRUE(h->take_sent().empty());
}

TEST(DynamoNode, AtOneTheCoordinatingReplicaAnswersAtOnce) {
    auto h = node({{"write_consistency", "ONE"}, {"read_consistency", "ONE"}});
    const auto w = put(*h, "k0", "c1-1");
    EXPECT_FALSE(answer(h->take_sent(), w));   // not before its own copy is on disk
    h->advance(0ms);                           // the group commit
    EXPECT_EQ(answer(h->take_sent(), w), (Json{{"ok", true}}));
    EXPECT_NE(h->storage().read("dy_store")->value_or("").find("c1-1"), std::string::npos);
    const auto r = get(*h, "k0");
    EXPECT_EQ(answer(h->take_sent(), r), (Json{{"ok", true}, {"value", "c1-1"}}));
}

TEST(DynamoNode, TheRequestsConsistencyOverridesTheNodes) {
    auto h = node({{"write_consistency", "ALL"}});
    const auto w = put(*h, "k0", "c1-1", {{"consistency", "ONE"}});
    h->advance(0ms);
    EXPECT_EQ(answer(h->take_sent(), w), (Json{{"ok", true}}));
    const auto bad = put(*h, "k0", "c1-2", {{"consistency", "LOCAL_QUORUM"}});
    const auto reply = answer(h->take_sent(), bad);
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["ok"], false);
    EXPECT_NE((*reply)["error"].get<std::string>().find("consistency"), std::string::npos);
}

TEST(DynamoNode, ARequestsNSendsItToTheFirstNHomesAndCountsTheLevelAmongThem) {
    auto h = node({{"n", 5}, {"write_consistency", "QUORUM"}}, kFive);
    const std::string key = key_homed_at(kFive, "n1");
    const std::vector<core::NodeId> preference = core::leaderless::Ring(kFive, 16).preference_list(key);

    // The node's N: four other homes asked, answered after three copies (QUORUM of 5).
    const auto all = put(*h, key, "c1-1");
    h->advance(0ms);
    const auto five = of_type(h->take_sent(), "dy_write");
    EXPECT_EQ(five.size(), 4u);
    h->reply_to(five[0], {{"ok", true}});
    EXPECT_FALSE(answer(h->take_sent(), all));
    h->reply_to(five[1], {{"ok", true}});
    EXPECT_EQ(answer(h->take_sent(), all), (Json{{"ok", true}}));

    // n = 3: only the key's next two homes asked, answered after two copies (QUORUM of 3).
    const auto three = put(*h, key, "c1-2", {{"n", 3}});
    h->advance(0ms);
    auto sent = h->take_sent();
    EXPECT_FALSE(answer(sent, three));
    const auto writes = of_type(sent, "dy_write");
    ASSERT_EQ(writes.size(), 2u);
    EXPECT_EQ(writes[0].to, preference[1]);
    EXPECT_EQ(writes[1].to, preference[2]);
    h->reply_to(writes[0], {{"ok", true}});
    EXPECT_EQ(answer(h->take_sent(), three), (Json{{"ok", true}}));

    // A get with n = 1 at ONE: the coordinating home alone answers.
    const auto read = get(*h, key, {{"n", 1}, {"consistency", "ONE"}});
    sent = h->take_sent();
    EXPECT_TRUE(of_type(sent, "dy_read").empty());
    EXPECT_EQ(answer(sent, read), (Json{{"ok", true}, {"value", "c1-2"}}));
}

TEST(DynamoNode, ARequestsNAboveTheNodesOrNotAPositiveIntegerIsRefusedByName) {
    auto h = node({});   // n = 3
    for (const Json& n : {Json(4), Json(0), Json("three"), Json(2.5)}) {
        const auto id = put(*h, "k0", "c1-1", {{"n", n}});
        auto sent = h->take_sent();
        EXPECT_TRUE(of_type(sent, "dy_write").empty()) << n.dump();
        const auto reply = answer(sent, id);
        ASSERT_TRUE(reply) << n.dump();
        EXPECT_EQ((*reply)["ok"], false);
        EXPECT_NE((*reply)["error"].get<std::string>().find("\"n\" must be an integer from 1 to this node's n (3)"),
                  std::string::npos)
            << (*reply)["error"];
    }
}

TEST(DynamoNode, TheWritesOfOneTurnGoToEachReplicaInOneMessage) {
    auto h = node({{"write_consistency", "QUORUM"}});
    const auto a = put(*h, "k0", "c1-1");
    const auto b = put(*h, "k1", "c1-2");
    const auto c = put(*h, "k2", "c1-3");
    h->advance(0ms);
    const auto sent = h->take_sent();
    EXPECT_TRUE(of_type(sent, "dy_write").empty());
    const auto batches = of_type(sent, "dy_writes");
    ASSERT_EQ(batches.size(), 2u);   // n2 and n3, each with the three writes
    ASSERT_EQ(batches[0].body["writes"].size(), 3u);
    EXPECT_EQ(batches[0].body["writes"][1]["key"], "k1");
    EXPECT_EQ(batches[0].body["writes"][1]["version"]["value"], "c1-2");
    // One answer for the three: the second write refused by the replica stays unanswered.
    h->reply_to(batches[0], {{"results", {{{"ok", true}}, {{"ok", false}, {"error", "disk"}}, {{"ok", true}}}}});
    const auto replies = h->take_sent();
    EXPECT_EQ(answer(replies, a), (Json{{"ok", true}}));
    EXPECT_FALSE(answer(replies, b));
    EXPECT_EQ(answer(replies, c), (Json{{"ok", true}}));
    h->reply_to(batches[1], {{"results", {{{"ok", true}}, {{"ok", true}}, {{"ok", true}}}}});
    EXPECT_EQ(answer(h->take_sent(), b), (Json{{"ok", true}}));
}

TEST(DynamoNode, AReplicaAnswersABatchOncePerWriteAfterOneSync) {
    auto h = node({}, kThree, "n2");
    const auto id = h->deliver("n1", "dy_writes",
                               {{"writes", {{{"key", "k0"}, {"version", version("a", 10)}},
                                            {{"key", "k1"}},
                                            {{"key", "k2"}, {"version", version("c", 10)}, {"hint", "n3"}}}}});
    EXPECT_FALSE(answer(h->take_sent(), id));   // not before k0 is on disk
    h->advance(0ms);
    const auto reply = answer(h->take_sent(), id);
    ASSERT_TRUE(reply);
    ASSERT_EQ((*reply)["results"].size(), 3u);
    EXPECT_EQ((*reply)["results"][0], (Json{{"ok", true}}));
    EXPECT_EQ((*reply)["results"][1]["ok"], false);
    EXPECT_NE((*reply)["results"][1]["error"].get<std::string>().find("version"), std::string::npos);
    EXPECT_EQ((*reply)["results"][2], (Json{{"ok", true}}));
    EXPECT_EQ(h->snapshot()["store"]["k0"], "a");
    EXPECT_EQ(h->snapshot()["hints"], 1);

    const auto bad = h->deliver("n1", "dy_writes", {{"writes", "k0"}});
    const auto refused = answer(h->take_sent(), bad);
    ASSERT_TRUE(refused);
    EXPECT_NE((*refused)["error"].get<std::string>().find("\"writes\" must be an array"), std::string::npos);
}

TEST(DynamoNode, AQuorumReadReturnsTheNewestAndRepairsTheStaleReplicaBeforeAnswering) {
    auto h = node({{"read_repair", "BLOCKING"}});
    h->deliver("n2", "dy_write", {{"key", "k0"}, {"version", version("new", 50)}});
    h->take_sent();
    const auto id = get(*h, "k0");
    auto sent = h->take_sent();
    const auto reads = of_type(sent, "dy_read");
    ASSERT_EQ(reads.size(), 2u);
    const Message to_n2 = reads[0].to == "n2" ? reads[0] : reads[1];
    h->reply_to(to_n2, {{"version", version("old", 10)}});
    sent = h->take_sent();
    EXPECT_FALSE(answer(sent, id));   // waits for the repair
    const auto repairs = of_type(sent, "dy_write", "n2");
    ASSERT_EQ(repairs.size(), 1u);
    EXPECT_EQ(repairs[0].body["version"]["value"], "new");
    h->reply_to(repairs[0], {{"ok", true}});
    EXPECT_EQ(answer(h->take_sent(), id), (Json{{"ok", true}, {"value", "new"}}));
    EXPECT_EQ(h->counter("read_repairs"), 1);
}

TEST(DynamoNode, WithoutReadRepairTheAnswerComesAtOnceAndNothingIsRepaired) {
    auto h = node({{"read_repair", "NONE"}});
    h->deliver("n2", "dy_write", {{"key", "k0"}, {"version", version("new", 50)}});
    h->take_sent();
    const auto id = get(*h, "k0");
    const auto reads = of_type(h->take_sent(), "dy_read");
    h->reply_to(reads[0], {{"version", nullptr}});
    const auto sent = h->take_sent();
    EXPECT_EQ(answer(sent, id), (Json{{"ok", true}, {"value", "new"}}));
    EXPECT_TRUE(of_type(sent, "dy_write").empty());
}

TEST(DynamoNode, ASloppyQuorumWritesToTheNextHealthyNodeWithAHint) {
    const std::string key = key_homed_at(kFive, "n1");
    const auto pref = core::leaderless::Ring(kFive, 16).preference_list(key);
    auto h = node({{"quorum", "sloppy"}, {"replica_timeout", "100ms"}}, kFive);
    const auto id = put(*h, key, "c1-1");
    h->advance(0ms);
    auto writes = of_type(h->take_sent(), "dy_write");
    ASSERT_EQ(writes.size(), 2u);
    EXPECT_EQ(writes[0].to, pref[1]);
    EXPECT_EQ(writes[1].to, pref[2]);
    h->advance(101ms);   // both homes silent: suspected, replaced by the next two nodes
    auto sent = h->take_sent();
    EXPECT_EQ(h->phase(), "suspecting");
    writes = of_type(sent, "dy_write");
    ASSERT_EQ(writes.size(), 2u);   // sent in node order
    EXPECT_EQ((std::set<std::string>{writes[0].to, writes[1].to}), (std::set<std::string>{pref[3], pref[4]}));
    EXPECT_TRUE(writes[0].body.contains("hint"));
    EXPECT_TRUE(writes[1].body.contains("hint"));
    EXPECT_NE(writes[0].body["hint"], writes[1].body["hint"]);
    h->reply_to(writes[0], {{"ok", true}});
    EXPECT_EQ(answer(h->take_sent(), id), (Json{{"ok", true}}));
    EXPECT_EQ(h->counter("suspicions"), 2);
}

TEST(DynamoNode, AFallbackHandsItsHintsHomeAndDropsThem) {
    auto h = node({{"probe_interval", "200ms"}}, kFive, "n4");
    const auto w = h->deliver("n1", "dy_write", {{"key", "k3"}, {"version", version("c1-1", 5)}, {"hint", "n2"}});
    EXPECT_EQ(answer(h->take_sent(), w), (Json{{"ok", true}}));
    EXPECT_EQ(h->phase(), "holding-hints");
    EXPECT_EQ(h->snapshot()["hints"], 1);
    EXPECT_EQ(h->snapshot()["keys"], 0);   // kept apart from its own keys...
    const auto r = h->deliver("n1", "dy_read", {{"key", "k3"}});
    EXPECT_EQ((*answer(h->take_sent(), r))["version"]["value"], "c1-1");   // ...but read

    h->advance(200ms);
    const auto handoffs = of_type(h->take_sent(), "dy_handoff", "n2");
    ASSERT_EQ(handoffs.size(), 1u);
    EXPECT_EQ(h->phase(), "handing-off");
    EXPECT_EQ(handoffs[0].body["entries"][0]["key"], "k3");
    h->reply_to(handoffs[0], {{"ok", true}});
    EXPECT_EQ(h->snapshot()["hints"], 0);
    EXPECT_EQ(h->phase(), "serving");
    EXPECT_EQ(h->counter("hints_delivered"), 1);
}

TEST(DynamoNode, AHomeTakesHandedOffVersionsOnlyWhenNewer) {
    auto h = node({});
    h->deliver("n2", "dy_write", {{"key", "k0"}, {"version", version("newer", 90)}});
    const auto id = h->deliver("n4", "dy_handoff",
                               {{"entries", {{{"key", "k0"}, {"version", version("older", 10)}},
                                             {{"key", "k1"}, {"version", version("only", 10)}}}}});
    h->advance(0ms);
    EXPECT_EQ(answer(h->take_sent(), id), (Json{{"ok", true}}));
    EXPECT_EQ(h->snapshot()["store"]["k0"], "newer");
    EXPECT_EQ(h->snapshot()["store"]["k1"], "only");
}

TEST(DynamoNode, AStrictQuorumRefusesAtOnceWhenTooFewHomesAreUp) {
    auto h = node({{"quorum", "strict"}, {"replica_timeout", "100ms"}});
    const auto first = put(*h, "k0", "c1-1");
    h->advance(0ms);
    h->take_sent();
    h->advance(101ms);
    // It reached only n1: some replica holds it, so the outcome is unknown and not answered.
    auto sent = h->take_sent();
    EXPECT_FALSE(answer(sent, first));
    EXPECT_TRUE(of_type(sent, "dy_write").empty());   // no fallback under a strict quorum
    EXPECT_EQ(h->counter("writes_unacknowledged"), 1);

    const auto second = put(*h, "k0", "c1-2");
    sent = h->take_sent();
    EXPECT_EQ(answer(sent, second), (Json{{"ok", false}, {"error", "unavailable"}}));
    EXPECT_TRUE(of_type(sent, "dy_write").empty());
    const auto read = get(*h, "k0");
    EXPECT_EQ(answer(h->take_sent(), read), (Json{{"ok", false}, {"error", "unavailable"}}));

    // A suspect that answers a ping is trusted again.
    h->advance(200ms);
    const auto pings = of_type(h->take_sent(), "dy_ping");
    ASSERT_EQ(pings.size(), 2u);
    h->reply_to(pings[0], Json::object());
    const auto third = put(*h, "k0", "c1-3");
    h->advance(0ms);
    EXPECT_EQ(of_type(h->take_sent(), "dy_write").size(), 1u);
    (void)third;
}

TEST(DynamoNode, CasIsRefusedAndBadBodiesAreNamed) {
    auto h = node({});
    const auto cas = h->deliver("c1", "kv", {{"op", "cas"}, {"key", "k0"}, {"from", nullptr}, {"to", "x"}});
    const auto reply = answer(h->take_sent(), cas);
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["ok"], false);
    EXPECT_NE((*reply)["error"].get<std::string>().find("unsupported"), std::string::npos);

    const auto w = h->deliver("n2", "dy_write", {{"key", "k0"}, {"version", {{"value", "x"}, {"ts", "soon"}}}});
    const auto refused = answer(h->take_sent(), w);
    ASSERT_TRUE(refused);
    EXPECT_EQ((*refused)["ok"], false);
    EXPECT_NE((*refused)["error"].get<std::string>().find("ts"), std::string::npos);
    h->deliver("n2", "dy_tree", {{"hashes", {{"99999", "0000000000000000"}}}});
    h->deliver("n2", "dy_leaves", {{"leaves", "all"}, {"entries", Json::array()}});
    h->deliver("n2", "dy_handoff", {{"entries", 7}});
    EXPECT_EQ(h->counter("malformed"), 4);
    EXPECT_EQ(h->violations(), 0u);
    EXPECT_EQ(h->snapshot()["keys"], 0);
}

TEST(DynamoNode, ARestartedNodeKeepsWhatItStored) {
    auto h = node({{"write_consistency", "ONE"}, {"read_consistency", "ONE"}});
    put(*h, "k0", "c1-1");
    put(*h, "k0", "c1-2");
    h->advance(0ms);   // one group commit for both
    EXPECT_EQ(h->samples("commit_group"), std::vector<double>{2});
    h->take_sent();
    put(*h, "k0", "c1-3");   // acknowledged never: the node dies before its group commit
    h->restart();
    EXPECT_EQ(h->snapshot()["keys"], 1);
    const auto r = get(*h, "k0");
    EXPECT_EQ(answer(h->take_sent(), r), (Json{{"ok", true}, {"value", "c1-2"}}));
}

// Carries anti-entropy messages between two nodes until they fall silent; returns the entries sent.
std::size_t exchange(RoleHarness& a, RoleHarness& b) {
    std::size_t entries = 0;
    for (int round = 0; round < 64; ++round) {
        bool any = false;
        for (auto [from, to, from_id] : {std::tuple{&a, &b, "n1"}, std::tuple{&b, &a, "n2"}})
            for (const Message& m : from->take_sent())
                if (m.type == "dy_tree" || m.type == "dy_leaves") {
                    any = true;
                    if (m.type == "dy_leaves")
                        entries += m.body["entries"].size();
                    to->deliver(from_id, m.type, m.body);
                }
        if (!any)
            return entries;
    }
    ADD_FAILURE() << "anti-entropy did not fall silent";
    return entries;
}

TEST(DynamoNode, AntiEntropyFindsTheKeysThatDifferAndSendsOnlyThose) {
    auto a = node({{"anti_entropy", "1s"}}, kThree, "n1");
    auto b = node({{"anti_entropy", "1s"}}, kThree, "n2");
    for (int k = 0; k < 40; ++k) {
        const std::string key = "k" + std::to_string(k);
        a->deliver("n3", "dy_write", {{"key", key}, {"version", version("v" + std::to_string(k), 10)}});
        if (k != 7)   // b missed k7 and holds an older k9
            b->deliver("n3", "dy_write",
                       {{"key", key}, {"version", version(k == 9 ? "old" : "v" + std::to_string(k), k == 9 ? 1 : 10)}});
    }
    a->take_sent();
    b->take_sent();
    EXPECT_NE(a->snapshot()["digests"]["n2"], b->snapshot()["digests"]["n1"]);
    a->advance(1250ms);   // a starts an exchange with its first peer, n2 (after 1 s, give or take a quarter)
    const std::size_t sent = exchange(*a, *b);
    EXPECT_EQ(a->snapshot()["digests"]["n2"], b->snapshot()["digests"]["n1"]);
    EXPECT_EQ(b->snapshot()["keys"], 40);
    EXPECT_EQ(b->counter("ae_keys_repaired"), 2);
    // Only the leaves holding k7 and k9 travel (16 leaves for 40 keys: a few keys each).
    EXPECT_LT(sent, 20u);
    EXPECT_GT(sent, 0u);
}

}  // namespace
}  // namespace distlab::test_support
