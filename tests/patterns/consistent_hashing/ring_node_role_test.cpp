#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/patterns/consistent_hashing/placement.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;
namespace ch = core::consistent_hashing;

constexpr std::int64_t kKeys = 40;

Json params(Json members = Json::array({"n1", "n2", "n3"})) {
    return {{"strategy", "ring"}, {"vnodes", 16}, {"keys", kKeys}, {"members", std::move(members)}};
}

std::unique_ptr<RoleHarness> node(const char* self = "n1", Json p = params()) {
    std::vector<core::NodeId> peers;
    for (const char* n : {"n1", "n2", "n3", "n4"})
        if (std::string(n) != self)
            peers.push_back(n);
    peers.push_back("c1");
    std::vector<std::string> roles(peers.size(), "ring-node");
    roles.back() = "ring-client";
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "ring-node", .params = std::move(p), .self = self, .peers = peers, .peer_roles = roles});
    h->start();
    return h;
}

// The owner of every key for these members, as every role of the test computes it.
std::vector<core::NodeId> owners(std::vector<core::NodeId> members) {
    ch::PlacementSettings s;
    s.strategy = ch::Strategy::Ring;
    s.vnodes = 16;
    s.keys = kKeys;
    return ch::owners(s, members);
}

// The answer to the last message delivered.
Json ask(RoleHarness& h, const char* from, const char* type, Json body) {
    const auto id = h.deliver(from, type, std::move(body));
    for (const Message& m : h.take_sent())
        if (m.reply_to == id)
            return m.body;
    return nullptr;
}

// A lab command: its answer, which the driver logs ("answer to the lab's command: TYPE BODY").
// The messages the role sent stay for take_sent().
Json lab(RoleHarness& h, const char* type, Json body) {
    h.deliver("lab", type, std::move(body));
    const std::string prefix = "answer to the lab's command: ";
    for (auto it = h.logs().rbegin(); it != h.logs().rend(); ++it)
        if (it->starts_with(prefix)) {
            const std::string rest = it->substr(prefix.size());
            return Json::parse(rest.substr(rest.find(' ') + 1));
        }
    return nullptr;
}

// The first key `owner` owns among n1..n3.
std::string key_of(const char* owner, const std::vector<core::NodeId>& table) {
    for (std::size_t i = 0; i < table.size(); ++i)
        if (table[i] == owner)
            return ch::key_name(static_cast<std::int64_t>(i));
    return {};
}

TEST(RingNodeRole, ServesTheKeysItOwnsAndNamesTheOwnerOfOthers) {
    auto h = node();
    EXPECT_EQ(h->phase(), "serving");
    const auto table = owners({"n1", "n2", "n3"});
    const std::string mine = key_of("n1", table), theirs = key_of("n2", table);
    ASSERT_FALSE(mine.empty());
    ASSERT_FALSE(theirs.empty());
    EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "get"}, {"key", mine}}), (Json{{"ok", true}, {"value", nullptr}}));
    EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "put"}, {"key", mine}, {"value", "v"}}), (Json{{"ok", true}}));
    EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "get"}, {"key", mine}}), (Json{{"ok", true}, {"value", "v"}}));
    EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "put"}, {"key", theirs}, {"value", "v"}}),
              (Json{{"ok", false}, {"error", "not_owner"}, {"owner", "n2"}}));
    EXPECT_EQ(h->snapshot()["keys"], 1);
    EXPECT_EQ(h->snapshot()["refused"], 1);
}

TEST(RingNodeRole, BadRequestsGetClearErrors) {
    auto h = node();
    EXPECT_EQ(ask(*h, "c1", "kv", Json::array())["error"], "a kv request must be an object");
    EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "put"}, {"key", "k1"}})["error"], "a kv put needs a string \"value\"");
    const Json unknown = ask(*h, "c1", "kv", {{"op", "get"}, {"key", "k40"}});
    EXPECT_EQ(unknown["error"], "unknown_key");
    EXPECT_EQ(unknown["detail"], "\"k40\" is not in the key space k0 .. k39");
    const std::string mine = key_of("n1", owners({"n1", "n2", "n3"}));
    EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "cas"}, {"key", mine}, {"from", nullptr}, {"to", "x"}})["error"],
              "unsupported");
    EXPECT_EQ(ask(*h, "n2", "handoff", {{"keys", Json::array()}})["error"],
              "a handoff needs {\"keys\": {key: value, ...}}");
    EXPECT_EQ(ask(*h, "n2", "handoff", {{"keys", {{"k1", 5}}}})["error"],
              "handoff key \"k1\": expected a key of the key space with a string value");
    EXPECT_EQ(h->snapshot()["keys"], 0);   // a bad handoff stores nothing
    EXPECT_EQ(h->violations(), 0u);
}

TEST(RingNodeRole, LabCommandsAreValidated) {
    auto h = node();
    EXPECT_EQ(lab(*h, "grow", {{"id", "n4"}})["error"], "unknown command \"grow\"; expected join or leave");
    EXPECT_EQ(lab(*h, "join", Json::object())["error"], "join needs {\"id\": a ring-node's id}");
    EXPECT_EQ(lab(*h, "join", {{"id", "c1"}})["error"], "\"c1\" is not a ring-node of this scenario");
    EXPECT_EQ(lab(*h, "join", {{"id", "n2"}})["ok"], true);   // a member already: nothing changes
    EXPECT_EQ(h->snapshot()["members"], 3);
}

TEST(RingNodeRole, AJoinHandsTheMovedKeysToTheNewNodeAndDropsThemOnceAcknowledged) {
    auto h = node();
    const auto before = owners({"n1", "n2", "n3"}), after = owners({"n1", "n2", "n3", "n4"});
    std::vector<std::string> mine, moving;
    for (std::size_t i = 0; i < before.size(); ++i)
        if (before[i] == "n1") {
            const std::string key = ch::key_name(static_cast<std::int64_t>(i));
            mine.push_back(key);
            ask(*h, "c1", "kv", {{"op", "put"}, {"key", key}, {"value", "v-" + key}});
            if (after[i] != "n1")
                moving.push_back(key);
        }
    ASSERT_FALSE(moving.empty());
    EXPECT_EQ(lab(*h, "join", {{"id", "n4"}})["members"], (Json{"n1", "n2", "n3", "n4"}));
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);   // one handoff, to the only receiver
    EXPECT_EQ(sent[0].type, "handoff");
    EXPECT_EQ(sent[0].to, "n4");
    EXPECT_EQ(sent[0].body["keys"].size(), moving.size());
    EXPECT_EQ(h->phase(), "handing-off");
    // Until acknowledged, the keys stay here; their owner is n4, so n1 refuses them meanwhile.
    EXPECT_EQ(h->snapshot()["keys"], mine.size());
    h->reply_to(sent[0], {{"ok", true}, {"stored", moving.size()}});
    EXPECT_EQ(h->snapshot()["keys"], mine.size() - moving.size());
    EXPECT_EQ(h->snapshot()["keys_out"], moving.size());
    EXPECT_EQ(h->phase(), "serving");
}

TEST(RingNodeRole, AnUnacknowledgedHandoffKeepsTheKeysAndIsRetried) {
    auto h = node();
    const auto before = owners({"n1", "n2", "n3"});
    for (std::size_t i = 0; i < before.size(); ++i)
        if (before[i] == "n1")
            ask(*h, "c1", "kv", {{"op", "put"}, {"key", ch::key_name(static_cast<std::int64_t>(i))}, {"value", "v"}});
    lab(*h, "join", {{"id", "n4"}});
    ASSERT_EQ(h->take_sent().size(), 1u);
    h->advance(2s);   // handoff_timeout: no answer
    const std::size_t held = h->snapshot()["keys"].get<std::size_t>();
    EXPECT_EQ(h->counter("handoff_failures"), 1);
    EXPECT_EQ(h->snapshot()["keys_out"], 0);
    h->advance(2s);   // the retry
    const auto again = h->take_sent();
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].type, "handoff");
    h->reply_to(again[0], {{"ok", true}});
    EXPECT_LT(h->snapshot()["keys"].get<std::size_t>(), held);
}

TEST(RingNodeRole, AHandoffNeverOverwritesACopyWrittenToTheNewOwner) {
    auto h = node("n4", params());
    EXPECT_EQ(h->phase(), "waiting");
    lab(*h, "join", {{"id", "n4"}});
    EXPECT_EQ(h->phase(), "serving");
    const std::string key = key_of("n4", owners({"n1", "n2", "n3", "n4"}));
    ask(*h, "c1", "kv", {{"op", "put"}, {"key", key}, {"value", "new"}});
    EXPECT_EQ(ask(*h, "n1", "handoff", {{"keys", {{key, "old"}}}}), (Json{{"ok", true}, {"stored", 0}}));
    EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "get"}, {"key", key}})["value"], "new");
}

TEST(RingNodeRole, ALeavingNodeHandsEverythingOverThenHasLeft) {
    auto h = node();
    const auto before = owners({"n1", "n2", "n3"});
    std::size_t mine = 0;
    for (std::size_t i = 0; i < before.size(); ++i)
        if (before[i] == "n1") {
            ++mine;
            ask(*h, "c1", "kv", {{"op", "put"}, {"key", ch::key_name(static_cast<std::int64_t>(i))}, {"value", "v"}});
        }
    lab(*h, "leave", {{"id", "n1"}});
    std::size_t handed = 0;
    for (const Message& m : h->take_sent()) {
        ASSERT_EQ(m.type, "handoff");
        EXPECT_NE(m.to, "n1");
        handed += m.body["keys"].size();
        h->reply_to(m, {{"ok", true}});
    }
    EXPECT_EQ(handed, mine);
    EXPECT_EQ(h->snapshot()["keys"], 0);
    EXPECT_EQ(h->phase(), "left");
    EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "get"}, {"key", "k0"}})["error"], "not_owner");
    EXPECT_EQ(lab(*h, "leave", {{"id", "n2"}})["ok"], true);
    EXPECT_EQ(lab(*h, "leave", {{"id", "n3"}})["error"], "the ring cannot lose its last member");
}

TEST(RingNodeRole, KeysAndTheRingSurviveARestart) {
    auto h = node();
    const std::string key = key_of("n1", owners({"n1", "n2", "n3"}));
    ask(*h, "c1", "kv", {{"op", "put"}, {"key", key}, {"value", "kept"}});
    lab(*h, "join", {{"id", "n4"}});
    h->take_sent();
    h->restart();
    EXPECT_EQ(h->snapshot()["members"], 4);
    const auto after = owners({"n1", "n2", "n3", "n4"});
    const auto index = std::stoll(key.substr(1));
    if (after[static_cast<std::size_t>(index)] == "n1")
        EXPECT_EQ(ask(*h, "c1", "kv", {{"op", "get"}, {"key", key}})["value"], "kept");
    else
        EXPECT_EQ(h->snapshot()["keys"], 1);   // still here, to be handed over again
}

}  // namespace
}  // namespace distlab::test_support
