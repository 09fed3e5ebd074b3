// The shard role alone: assignment, get and put by region, bad bodies, splitting at the median
// key, and both move protocols step by step (what the commit carries, who answers meanwhile).

#include <gtest/gtest.h>

#include <memory>
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

std::unique_ptr<RoleHarness> shard(Json params = Json::object(), const char* self = "s1") {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "shard",
                                                        .params = std::move(params),
                                                        .self = self,
                                                        .peers = {"s1", "s2", "r1", "c1"},
                                                        .peer_roles = {"shard", "shard", "router", "shard-client"}});
    h->start();
    return h;
}

Json region(std::int64_t id, std::uint64_t lo, std::uint64_t hi, std::int64_t version = 1, const char* node = "s1") {
    return sh::Region{.id = id, .lo = lo, .hi = hi, .version = version, .node = node}.to_json();
}

// The answer to the last message delivered.
Json ask(RoleHarness& h, const char* from, const char* type, Json body) {
    const auto id = h.deliver(from, type, std::move(body));
    for (const Message& m : h.take_sent())
        if (m.reply_to == id)
            return m.body;
    return nullptr;
}

Json put(RoleHarness& h, std::int64_t id, const std::string& value) {
    return ask(h, "r1", "kv", {{"op", "put"}, {"key", sh::key_of(id)}, {"value", value}});
}

Json get(RoleHarness& h, std::int64_t id) { return ask(h, "r1", "kv", {{"op", "get"}, {"key", sh::key_of(id)}}); }

void assign_range(RoleHarness& h, Json regions) {
    const Json answer = ask(h, "r1", "assign", {{"mode", "range"}, {"regions", std::move(regions)}});
    ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
}

TEST(ShardRole, WaitsUntilAssignedThenServesItsRegionsOnly) {
    auto h = shard();
    EXPECT_EQ(h->phase(), "waiting");
    EXPECT_EQ(put(*h, 5, "a")["error"], "wrong_shard");
    assign_range(*h, Json::array({region(1, 0, 100)}));
    EXPECT_EQ(h->phase(), "serving");
    EXPECT_EQ(put(*h, 5, "a")["ok"], true);
    EXPECT_EQ(get(*h, 5)["value"], "a");
    EXPECT_TRUE(get(*h, 6)["value"].is_null());
    const Json outside = put(*h, 100, "b");
    EXPECT_EQ(outside["error"], "wrong_shard");
    EXPECT_TRUE(outside["owner"].is_null());
    EXPECT_EQ(h->snapshot()["puts"], 1);
}

TEST(ShardRole, BadBodiesGetClearErrors) {
    auto h = shard();
    EXPECT_NE(ask(*h, "r1", "assign", {{"mode", "zigzag"}, {"regions", Json::array()}})["error"].get<std::string>().find("assign needs"),
              std::string::npos);
    EXPECT_NE(ask(*h, "r1", "assign", {{"mode", "range"}, {"regions", Json::array({{{"id", 1}}})}})["error"]
                  .get<std::string>()
                  .find("integer \"lo\""),
              std::string::npos);
    EXPECT_NE(ask(*h, "r1", "assign", {{"mode", "range"}, {"regions", Json::array({region(1, 50, 10)})}})["error"]
                  .get<std::string>()
                  .find("lo < hi"),
              std::string::npos);
    assign_range(*h, Json::array({region(1, 0, sh::kSpaceEnd)}));
    EXPECT_EQ(ask(*h, "r1", "kv", {{"op", "get"}, {"key", "user-7"}})["error"], "unknown_key");
    EXPECT_EQ(ask(*h, "r1", "kv", {{"op", "frobnicate"}, {"key", "k1"}})["ok"], false);
    EXPECT_NE(ask(*h, "r1", "multi_get", {{"keys", "k1"}})["error"].get<std::string>().find("multi_get needs"),
              std::string::npos);
    EXPECT_NE(ask(*h, "r1", "split", {{"region", "one"}})["error"].get<std::string>().find("split needs"),
              std::string::npos);
    EXPECT_NE(ask(*h, "r1", "move", {{"region", 1}, {"to", "c1"}, {"version", 2}})["error"]
                  .get<std::string>()
                  .find("not another shard"),
              std::string::npos);
    EXPECT_NE(ask(*h, "s2", "move_batch", {{"region", region(9, 0, 10)}, {"keys", {{"x", "1"}}}})["error"]
                  .get<std::string>()
                  .find("must be k<id>"),
              std::string::npos);
    EXPECT_EQ(h->violations(), 0u);
}

TEST(ShardRole, SplitsAtTheMedianKeyAndKeepsServingBothHalves) {
    auto h = shard();
    assign_range(*h, Json::array({region(1, 0, 1000)}));
    EXPECT_EQ(ask(*h, "r1", "split", {{"region", 1}, {"left", 2}, {"right", 3}, {"version", 2}})["error"], "too_small");
    for (std::int64_t id : {10, 20, 30, 40, 50, 60})
        put(*h, id, "v" + std::to_string(id));
    const Json answer = ask(*h, "r1", "split", {{"region", 1}, {"left", 2}, {"right", 3}, {"version", 2}});
    ASSERT_EQ(answer["ok"], true) << answer.dump();
    EXPECT_EQ(answer["at"], 40);
    EXPECT_EQ(answer["left_keys"], 3);
    EXPECT_EQ(answer["right_keys"], 3);
    EXPECT_EQ(get(*h, 10)["value"], "v10");
    EXPECT_EQ(get(*h, 60)["value"], "v60");
    const Json claims = h->snapshot()["claims"];
    ASSERT_EQ(claims.size(), 3u);
    EXPECT_FALSE(claims[0]["until_ms"].is_null());
    EXPECT_EQ(claims[1]["hi"], 40);
    EXPECT_EQ(claims[2]["lo"], 40);
    EXPECT_EQ(claims[2]["version"], 2);
}

// Moves region 1 of s1 to s2, answering every batch; returns the commit s1 sent.
Message move_until_commit(RoleHarness& h, core::MessageId* move_id, bool write_during_copy) {
    *move_id = h.deliver("r1", "move", {{"region", 1}, {"to", "s2"}, {"version", 2}});
    EXPECT_EQ(h.phase(), "moving");
    for (int round = 0; round < 100; ++round) {
        for (const Message& m : h.take_sent()) {
            if (m.type == "move_commit")
                return m;
            if (m.type == "move_batch") {
                if (write_during_copy && round == 0)   // k1 has left in the first batch; write it again
                    EXPECT_EQ(put(h, 1, "new")["ok"], true);
                h.reply_to(m, {{"ok", true}});
            }
        }
        h.advance(50ms);
    }
    ADD_FAILURE() << "no commit";
    return {};
}

TEST(ShardRole, CatchUpMoveSendsTheKeysWrittenDuringTheCopyWithTheCommit) {
    auto h = shard({{"move_batch", 2}});
    assign_range(*h, Json::array({region(1, 0, 100)}));
    for (std::int64_t id = 0; id < 5; ++id)
        put(*h, id, "old");
    core::MessageId move_id = 0;
    const Message commit = move_until_commit(*h, &move_id, true);
    EXPECT_EQ(commit.to, "s2");
    EXPECT_EQ(commit.body["keys"]["k1"], "new");
    EXPECT_EQ(commit.body["region"]["version"], 2);
    // Between the switch and the commit's answer: a stale request is sent to the new owner.
    const Json stale = get(*h, 3);
    EXPECT_EQ(stale["error"], "wrong_shard");
    EXPECT_EQ(stale["owner"], "s2");
    EXPECT_EQ(stale["region"]["lo"], 0);
    h->reply_to(commit, {{"ok", true}});
    bool answered = false;
    for (const Message& m : h->take_sent())
        if (m.reply_to == move_id) {
            answered = true;
            EXPECT_EQ(m.body["ok"], true);
            EXPECT_EQ(m.body["keys"], 6);   // five copied, k1 again with the commit
        }
    EXPECT_TRUE(answered);
    EXPECT_EQ(h->snapshot()["keys"], 0);
    EXPECT_EQ(get(*h, 3)["owner"], "s2");   // still redirected after the region left
    EXPECT_EQ(h->phase(), "serving");
}

TEST(ShardRole, CopyThenSwitchCommitsWithoutTheWritesMadeDuringTheCopy) {
    auto h = shard({{"move_batch", 2}, {"move_protocol", "copy_then_switch"}});
    assign_range(*h, Json::array({region(1, 0, 100)}));
    for (std::int64_t id = 0; id < 5; ++id)
        put(*h, id, "old");
    core::MessageId move_id = 0;
    const Message commit = move_until_commit(*h, &move_id, true);
    EXPECT_TRUE(commit.body["keys"].empty());
}

TEST(ShardRole, AReceiverAnswersNotReadyUntilTheCommitThenServes) {
    auto h = shard(Json::object(), "s2");
    assign_range(*h, Json::array({region(2, 100, 200, 1, "s2")}));
    EXPECT_EQ(ask(*h, "s1", "move_batch", {{"region", region(1, 0, 100, 1, "s2")}, {"keys", {{"k1", "a"}, {"k2", "b"}}}})["ok"],
              true);
    EXPECT_EQ(h->phase(), "moving");
    EXPECT_EQ(get(*h, 1)["error"], "not_ready");
    EXPECT_EQ(ask(*h, "s1", "move_commit", {{"region", region(1, 0, 100, 2, "s2")}, {"keys", {{"k1", "c"}}}})["ok"], true);
    EXPECT_EQ(get(*h, 1)["value"], "c");
    EXPECT_EQ(get(*h, 2)["value"], "b");
    EXPECT_EQ(h->phase(), "serving");
    // A repeated commit (its answer was lost) is acknowledged again.
    EXPECT_EQ(ask(*h, "s1", "move_commit", {{"region", region(1, 0, 100, 2, "s2")}, {"keys", Json::object()}})["ok"], true);
    EXPECT_EQ(h->snapshot()["keys_in"], 2);
}

TEST(ShardRole, AnUnansweredBatchAbortsTheMoveAndKeepsTheRegion) {
    auto h = shard();
    assign_range(*h, Json::array({region(1, 0, 100)}));
    put(*h, 1, "a");
    const auto move_id = h->deliver("r1", "move", {{"region", 1}, {"to", "s2"}, {"version", 2}});
    h->take_sent();
    h->advance(2s);
    bool failed = false, aborted = false;
    for (const Message& m : h->take_sent()) {
        failed |= m.reply_to == move_id && m.body["error"] == "move_failed";
        aborted |= m.type == "move_abort";
    }
    EXPECT_TRUE(failed);
    EXPECT_TRUE(aborted);
    EXPECT_EQ(get(*h, 1)["value"], "a");
    EXPECT_EQ(h->phase(), "serving");
}

}  // namespace
}  // namespace distlab::test_support
