#include <gtest/gtest.h>

#include <memory>
#include <set>
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

constexpr std::int64_t kKeys = 30;

std::unique_ptr<RoleHarness> client(Json extra = Json::object()) {
    Json p = {{"strategy", "ring"}, {"vnodes", 16}, {"keys", kKeys}, {"members", {"n1", "n2", "n3"}},
              {"load_concurrency", 5}, {"rate", 10}, {"arrival", "fixed"}};
    p.update(extra);
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "ring-client",
                                                        .params = std::move(p),
                                                        .self = "c1",
                                                        .peers = {"n1", "n2", "n3", "n4"},
                                                        .peer_roles = {"ring-node", "ring-node", "ring-node", "ring-node"}});
    h->start();
    return h;
}

std::vector<core::NodeId> owners(std::vector<core::NodeId> members) {
    ch::PlacementSettings s;
    s.strategy = ch::Strategy::Ring;
    s.vnodes = 16;
    s.keys = kKeys;
    return ch::owners(s, members);
}

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

// Answers every put ok until the key space is loaded; returns the puts seen.
std::vector<Message> load_all(RoleHarness& h) {
    std::vector<Message> puts;
    for (int round = 0; round < 100 && h.phase() == "loading"; ++round)
        for (const Message& m : h.take_sent()) {
            puts.push_back(m);
            h.reply_to(m, {{"ok", true}});
        }
    return puts;
}

TEST(RingClientRole, LoadsEveryKeyOnItsOwnerThenGets) {
    auto h = client();
    EXPECT_EQ(h->phase(), "loading");
    auto puts = h->take_sent();
    EXPECT_EQ(puts.size(), 5u) << "load_concurrency puts outstanding";
    for (const Message& m : puts)
        h->reply_to(m, {{"ok", true}});
    const auto table = owners({"n1", "n2", "n3"});
    for (Message& m : load_all(*h))
        puts.push_back(std::move(m));
    ASSERT_EQ(puts.size(), static_cast<std::size_t>(kKeys));
    std::set<std::string> keys;
    for (const Message& m : puts) {
        EXPECT_EQ(m.body["op"], "put");
        const std::string key = m.body["key"].get<std::string>();
        keys.insert(key);
        EXPECT_EQ(m.to, table[std::stoul(key.substr(1))]) << key;
        EXPECT_EQ(m.body["value"], "c1-" + key);
    }
    EXPECT_EQ(keys.size(), static_cast<std::size_t>(kKeys));
    EXPECT_EQ(h->phase(), "running");
    h->advance(100ms);
    const auto gets = h->take_sent();
    ASSERT_EQ(gets.size(), 1u);
    EXPECT_EQ(gets[0].body["op"], "get");
    EXPECT_EQ(gets[0].to, table[std::stoul(gets[0].body["key"].get<std::string>().substr(1))]);
}

TEST(RingClientRole, AJoinCountsTheKeysThatChangeOwner) {
    auto h = client();
    load_all(*h);
    const auto before = owners({"n1", "n2", "n3"}), after = owners({"n1", "n2", "n3", "n4"});
    std::int64_t moved = 0;
    for (std::size_t i = 0; i < before.size(); ++i)
        moved += before[i] != after[i];
    ASSERT_GT(moved, 0);
    EXPECT_EQ(lab(*h, "join", {{"id", "n4"}})["members"], (Json{"n1", "n2", "n3", "n4"}));
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["moved"], moved);
    EXPECT_NEAR(snap["moved_fraction"].get<double>(), static_cast<double>(moved) / kKeys, 1e-9);
    EXPECT_NEAR(snap["ideal_fraction"].get<double>(), 0.25, 1e-9);
    EXPECT_EQ(snap["changes"][0]["kind"], "join");
    EXPECT_EQ(snap["changes"][0]["node"], "n4");
    EXPECT_EQ(snap["load"].size(), 4u);
    EXPECT_EQ(h->counter("keys_moved"), static_cast<double>(moved));
    // Joining twice changes nothing; a non-node is refused.
    EXPECT_EQ(lab(*h, "join", {{"id", "n4"}})["ok"], true);
    EXPECT_EQ(h->snapshot()["changes"].size(), 1u);
    EXPECT_EQ(lab(*h, "join", {{"id", "c9"}})["error"], "\"c9\" is not a ring-node of this scenario");
    EXPECT_EQ(lab(*h, "grow", {{"id", "n4"}})["error"], "unknown command \"grow\"; expected join or leave");
}

TEST(RingClientRole, FollowsNotOwnerToTheNamedOwnerAndCountsMisses) {
    auto h = client({{"keys", 1}, {"load_concurrency", 1}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    const std::string first = sent[0].to;
    const std::string other = first == "n1" ? "n2" : "n1";
    h->reply_to(sent[0], {{"ok", false}, {"error", "not_owner"}, {"owner", other}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, other);
    h->reply_to(sent[0], {{"ok", true}});
    EXPECT_EQ(h->snapshot()["redirects"], 1);
    EXPECT_EQ(h->phase(), "running");
    h->advance(100ms);
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    h->reply_to(sent[0], {{"ok", true}, {"value", nullptr}});   // written, yet absent
    EXPECT_EQ(h->snapshot()["misses"], 1);
    EXPECT_EQ(h->violations(), 0u);
}

TEST(RingClientRole, RedirectsAreBoundedAndBadAnswersAreNotTrusted) {
    auto h = client({{"keys", 1}, {"load_concurrency", 1}});
    for (int i = 0; i <= 3; ++i) {
        const auto sent = h->take_sent();
        ASSERT_EQ(sent.size(), 1u);
        h->reply_to(sent[0], {{"ok", false}, {"error", "not_owner"}, {"owner", sent[0].to == "n1" ? "n2" : "n1"}});
    }
    EXPECT_TRUE(h->take_sent().empty());
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[1].phase, "fail");
    h->advance(100ms);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    h->reply_to(sent[0], {{"value", "x"}});   // no "ok"
    EXPECT_EQ(h->ops().back().phase, "info");
    EXPECT_EQ(h->counter("malformed_replies"), 1);
    h->advance(100ms);
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    h->reply_to(sent[0], {{"ok", true}, {"value", "forged"}});
    EXPECT_EQ(h->violations(), 1u);
}

}  // namespace
}  // namespace distlab::test_support
