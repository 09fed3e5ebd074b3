// The lf-node role alone: when each replication mode acknowledges a write, the semi-sync
// fallback and its return, fencing, epochs, promotion, conflict repair, restart from disk, and
// bad bodies.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> node(Json params, const char* self = "n1") {
    Json p = {{"members", {"n1", "n2", "n3"}}, {"primary", "n1"}};
    if (params.is_object())
        p.update(params);
    std::vector<core::NodeId> peers;
    for (const char* n : {"n1", "n2", "n3"})
        if (std::string(n) != self)
            peers.push_back(n);
    peers.push_back("m");
    peers.push_back("c1");
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "lf-node", .params = std::move(p), .self = self,
                                                        .peers = peers,
                                                        .peer_roles = {"lf-node", "lf-node", "lf-monitor", "kv-client"}});
    h->start();
    return h;
}

// The answer to message `id` among `sent`, if any.
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

// A put, then the group commit that syncs it and ships it (a zero timer).
core::MessageId put(RoleHarness& h, const std::string& key, const std::string& value) {
    const auto id = h.deliver("c1", "kv", {{"op", "put"}, {"key", key}, {"value", value}});
    h.advance(0ms);
    return id;
}

// n`replica` acknowledges holding the primary's log up to `length`, at epoch 1, answering the
// latest append sent to it (echoing when it was sent, as a replica does).
void ack(RoleHarness& h, const std::vector<Message>& sent, const std::string& replica, std::int64_t length) {
    const auto appends = of_type(sent, "lf_append", replica);
    ASSERT_FALSE(appends.empty()) << "no append to " << replica;
    h.reply_to(appends.back(),
               {{"ok", true}, {"epoch", 1}, {"length", length}, {"sent_at_ms", appends.back().body["sent_at_ms"]}});
}

Json entry(std::int64_t epoch, const std::string& key, const std::string& value) {
    return {{"epoch", epoch}, {"key", key}, {"value", value}, {"at_ms", 0}};
}

TEST(LfNode, AsyncAcknowledgesAtOnceAndShipsTheWriteAfterwards) {
    auto h = node({{"replication", "async"}});
    EXPECT_EQ(h->phase(), "primary");
    const auto id = put(*h, "k0", "c1-1");
    const auto sent = h->take_sent();
    EXPECT_EQ(answer(sent, id), (Json{{"ok", true}}));
    for (const char* r : {"n2", "n3"}) {
        const auto appends = of_type(sent, "lf_append", r);
        ASSERT_EQ(appends.size(), 1u) << r;
        EXPECT_EQ(appends[0].body["entries"].size(), 1u);
        EXPECT_EQ(appends[0].body["entries"][0]["value"], "c1-1");
        EXPECT_EQ(appends[0].body["head"], 1);
    }
    const auto log = h->storage().read("lf_log");
    ASSERT_TRUE(log && *log);
    EXPECT_NE((*log)->find("c1-1"), std::string::npos);
}

TEST(LfNode, SemiSyncWaitsForAReplicaThenFallsBackQuietlyAndReturns) {
    auto h = node({{"replication", "semi_sync"}, {"semi_sync_timeout", "1s"}});
    EXPECT_EQ(h->gauge("semi_sync_on"), 1);
    const auto first = put(*h, "k0", "c1-1");
    auto sent = h->take_sent();
    EXPECT_FALSE(answer(sent, first));
    h->advance(500ms);
    ack(*h, sent, "n2", 1);
    EXPECT_EQ(answer(h->take_sent(), first), (Json{{"ok", true}}));
    EXPECT_EQ(h->phase(), "primary");

    // No replica answers: after the timeout the write is acknowledged anyway, without a word to
    // the client, and the primary is asynchronous from then on.
    const auto second = put(*h, "k0", "c1-2");
    sent = h->take_sent();
    h->advance(999ms);
    EXPECT_FALSE(answer(h->take_sent(), second));
    h->advance(2ms);
    EXPECT_EQ(answer(h->take_sent(), second), (Json{{"ok", true}}));
    EXPECT_EQ(h->phase(), "primary-async");
    EXPECT_EQ(h->counter("semi_sync_fallbacks"), 1);
    EXPECT_EQ(h->gauge("semi_sync_on"), 0);
    EXPECT_EQ(h->snapshot()["semi_sync"], "off");
    const auto third = put(*h, "k1", "c1-3");
    sent = h->take_sent();
    EXPECT_EQ(answer(sent, third), (Json{{"ok", true}}));

    // A replica holding the whole log turns semi-sync back on.
    ack(*h, sent, "n3", 3);
    EXPECT_EQ(h->phase(), "primary");
    EXPECT_EQ(h->gauge("semi_sync_on"), 1);
    EXPECT_EQ(h->snapshot()["semi_sync"], "on");
}

TEST(LfNode, SyncWaitsForEveryReplicaAndReadsOnlyWhatIsAcknowledged) {
    auto h = node({{"replication", "sync"}});
    const auto id = put(*h, "k0", "c1-1");
    auto sent = h->take_sent();
    const auto read = h->deliver("c1", "kv", {{"op", "get"}, {"key", "k0"}});
    EXPECT_EQ(answer(h->take_sent(), read), (Json{{"ok", true}, {"value", nullptr}}));
    // A cas that does not match is answered only once what it compared against is committed.
    const auto cas = h->deliver("c1", "kv", {{"op", "cas"}, {"key", "k0"}, {"from", "zz"}, {"to", "c1-3"}});
    EXPECT_FALSE(answer(h->take_sent(), cas));
    ack(*h, sent, "n2", 1);
    h->advance(10s);   // no timeout in sync mode
    const auto waiting = h->take_sent();
    EXPECT_FALSE(answer(waiting, id));
    EXPECT_EQ(h->phase(), "primary");
    ack(*h, sent, "n3", 1);
    sent = h->take_sent();
    EXPECT_EQ(answer(sent, id), (Json{{"ok", true}}));
    EXPECT_EQ(answer(sent, cas), (Json{{"ok", false}, {"error", "cas_mismatch"}, {"value", "c1-1"}}));
    const auto again = h->deliver("c1", "kv", {{"op", "get"}, {"key", "k0"}});
    EXPECT_EQ(answer(h->take_sent(), again), (Json{{"ok", true}, {"value", "c1-1"}}));
}

TEST(LfNode, AfterCommitShowsAWriteToReadersBeforeItIsAcknowledged) {
    auto h = node({{"replication", "semi_sync"}, {"wait_point", "after_commit"}});
    const auto id = put(*h, "k0", "c1-1");
    const auto read = h->deliver("c1", "kv", {{"op", "get"}, {"key", "k0"}});
    const auto sent = h->take_sent();
    EXPECT_FALSE(answer(sent, id));
    EXPECT_EQ(answer(sent, read), (Json{{"ok", true}, {"value", "c1-1"}}));
}

TEST(LfNode, SyncTakesInAReplicaOnceItHoldsEveryAcknowledgedWrite) {
    auto h = node({{"replication", "sync"}}, "n2");
    h->deliver("m", "lf_promote", {{"epoch", 2}, {"sync_replicas", Json::array()}});
    auto sent = h->take_sent();
    // Alone in its sync set, it acknowledges alone.
    const auto first = put(*h, "k0", "c1-1");
    sent = h->take_sent();
    EXPECT_EQ(answer(sent, first), (Json{{"ok", true}}));
    // n1, back as a replica, catches up: from then on every write waits for it.
    h->reply_to(of_type(sent, "lf_append", "n1").back(), {{"ok", true}, {"epoch", 2}, {"length", 1}});
    EXPECT_EQ(h->snapshot()["sync_replicas"], (Json{"n1"}));
    const auto second = put(*h, "k0", "c1-2");
    sent = h->take_sent();
    EXPECT_FALSE(answer(sent, second));
    const auto status = h->deliver("m", "lf_status", {{"epoch", 2}});
    EXPECT_EQ(answer(h->take_sent(), status).value()["sync_replicas"], (Json{"n1"}));
    h->reply_to(of_type(sent, "lf_append", "n1").back(), {{"ok", true}, {"epoch", 2}, {"length", 2}});
    EXPECT_EQ(answer(h->take_sent(), second), (Json{{"ok", true}}));
}

TEST(LfNode, ReplicaRedirectsAppliesAppendsAndRefusesOlderEpochs) {
    auto h = node({}, "n2");
    EXPECT_EQ(h->phase(), "replica");
    const auto id = put(*h, "k0", "c1-1");
    EXPECT_EQ(answer(h->take_sent(), id), (Json{{"ok", false}, {"error", "not_leader"}, {"leader", "n1"}}));

    const auto a = h->deliver("n1", "lf_append",
                              {{"epoch", 1}, {"prev_index", 0}, {"prev_epoch", 0},
                               {"entries", {entry(1, "k0", "c1-1"), entry(1, "k1", "c1-2")}},
                               {"head", 2}, {"sent_at_ms", 0}});
    EXPECT_EQ(answer(h->take_sent(), a), (Json{{"ok", true}, {"epoch", 1}, {"length", 2}, {"sent_at_ms", 0}}));
    EXPECT_EQ(h->snapshot()["length"], 2);
    EXPECT_TRUE(h->snapshot()["lag_ms"].is_number());

    // A new primary at epoch 2 replaces entry 2, which it does not have.
    const auto b = h->deliver("n3", "lf_append",
                              {{"epoch", 2}, {"prev_index", 1}, {"prev_epoch", 1},
                               {"entries", {entry(2, "k1", "c2-1")}}, {"head", 2}, {"sent_at_ms", 0}});
    EXPECT_EQ(answer(h->take_sent(), b), (Json{{"ok", true}, {"epoch", 2}, {"length", 2}, {"sent_at_ms", 0}}));
    EXPECT_EQ(h->snapshot()["primary"], "n3");
    EXPECT_EQ(h->snapshot()["writes"]["by_client"], (Json{{"c1", "1"}, {"c2", "1"}}));

    const auto stale = h->deliver("n1", "lf_append",
                                  {{"epoch", 1}, {"prev_index", 2}, {"prev_epoch", 1},
                                   {"entries", Json::array()}, {"head", 2}, {"sent_at_ms", 0}});
    EXPECT_EQ(answer(h->take_sent(), stale), (Json{{"ok", false}, {"epoch", 2}}));
    EXPECT_EQ(h->snapshot()["length"], 2);
}

TEST(LfNode, ReplicaCutsEntriesOfADeposedPrimaryAndAsksFromWhereItAgrees) {
    auto h = node({}, "n2");
    h->deliver("n1", "lf_append",
               {{"epoch", 1}, {"prev_index", 0}, {"prev_epoch", 0},
                {"entries", {entry(1, "k0", "a-1"), entry(1, "k0", "a-2"), entry(1, "k0", "a-3")}},
                {"head", 3}, {"sent_at_ms", 0}});
    h->take_sent();
    const auto gap = h->deliver("n3", "lf_append",
                                {{"epoch", 2}, {"prev_index", 5}, {"prev_epoch", 2},
                                 {"entries", Json::array()}, {"head", 5}, {"sent_at_ms", 0}});
    EXPECT_EQ(answer(h->take_sent(), gap), (Json{{"ok", false}, {"epoch", 2}, {"length", 3}, {"sent_at_ms", 0}}));
    const auto conflict = h->deliver("n3", "lf_append",
                                     {{"epoch", 2}, {"prev_index", 3}, {"prev_epoch", 2},
                                      {"entries", Json::array()}, {"head", 5}, {"sent_at_ms", 0}});
    EXPECT_EQ(answer(h->take_sent(), conflict), (Json{{"ok", false}, {"epoch", 2}, {"length", 0}, {"sent_at_ms", 0}}));
    EXPECT_EQ(h->counter("entries_discarded"), 3);
    const auto log = h->storage().read("lf_log");
    ASSERT_TRUE(log && *log);
    EXPECT_EQ(**log, "");
}

TEST(LfNode, FencingRefusesWritesWithoutAFreshReplicaAcknowledgement) {
    auto h = node({{"replication", "async"}, {"fencing", true}, {"lease", "500ms"}});
    h->advance(600ms);
    EXPECT_EQ(h->phase(), "fenced");
    const auto id = put(*h, "k0", "c1-1");
    auto sent = h->take_sent();
    EXPECT_EQ(answer(sent, id), (Json{{"ok", false}, {"error", "unavailable"}}));
    EXPECT_EQ(h->counter("refused_fenced"), 1);
    EXPECT_EQ(h->snapshot()["length"], 0);
    ack(*h, sent, "n2", 0);
    EXPECT_EQ(h->phase(), "primary");
    const auto again = put(*h, "k0", "c1-2");
    EXPECT_EQ(answer(h->take_sent(), again), (Json{{"ok", true}}));
}

TEST(LfNode, AnAnswerThatWaitedDoesNotRenewTheLease) {
    // A paused primary finds old answers in its socket when it wakes: the lease runs from when the
    // answered append was sent, so they do not make it serve again.
    auto h = node({{"replication", "async"}, {"fencing", true}, {"lease", "500ms"}});
    h->advance(60ms);
    const auto early = of_type(h->take_sent(), "lf_append", "n2");
    ASSERT_FALSE(early.empty());
    h->advance(600ms);
    EXPECT_EQ(h->phase(), "fenced");
    auto sent = h->take_sent();
    h->reply_to(early.front(), {{"ok", true}, {"epoch", 1}, {"length", 0}, {"sent_at_ms", early.front().body["sent_at_ms"]}});
    const auto id = put(*h, "k0", "c1-1");
    EXPECT_EQ(answer(h->take_sent(), id), (Json{{"ok", false}, {"error", "unavailable"}}));
    // An answer without the echo proves nothing either.
    h->reply_to(of_type(sent, "lf_append", "n2").back(), {{"ok", true}, {"epoch", 1}, {"length", 0}});
    EXPECT_EQ(h->phase(), "fenced");
    ack(*h, sent, "n3", 0);
    EXPECT_EQ(h->phase(), "primary");
}

TEST(LfNode, WithoutFencingACutOffPrimaryKeepsAcknowledging) {
    auto h = node({{"replication", "async"}});
    h->advance(5s);
    EXPECT_EQ(h->phase(), "primary");
    const auto id = put(*h, "k0", "c1-1");
    EXPECT_EQ(answer(h->take_sent(), id), (Json{{"ok", true}}));
}

TEST(LfNode, APrimaryStepsDownOnANewerEpochLeavingWaitingWritesUnanswered) {
    auto h = node({{"replication", "sync"}});
    const auto id = put(*h, "k0", "c1-1");
    auto sent = h->take_sent();
    const auto appends = of_type(sent, "lf_append", "n2");
    ASSERT_FALSE(appends.empty());
    h->reply_to(appends.back(), {{"ok", false}, {"epoch", 3}});
    EXPECT_EQ(h->phase(), "replica");
    EXPECT_EQ(h->snapshot()["epoch"], 3);
    const auto again = put(*h, "k0", "c1-2");
    sent = h->take_sent();
    EXPECT_FALSE(answer(sent, id));
    EXPECT_EQ(answer(sent, again), (Json{{"ok", false}, {"error", "not_leader"}, {"leader", nullptr}}));
}

TEST(LfNode, PromotedByTheMonitorAndToldToFollow) {
    auto h = node({{"replication", "sync"}}, "n2");
    const auto stale = h->deliver("m", "lf_promote", {{"epoch", 1}, {"sync_replicas", {"n3"}}});
    EXPECT_EQ(answer(h->take_sent(), stale), (Json{{"ok", false}, {"epoch", 1}}));
    const auto id = h->deliver("m", "lf_promote", {{"epoch", 2}, {"sync_replicas", {"n3"}}});
    auto sent = h->take_sent();
    EXPECT_EQ(answer(sent, id), (Json{{"ok", true}, {"epoch", 2}}));
    EXPECT_EQ(h->phase(), "primary");
    EXPECT_EQ(of_type(sent, "lf_append").size(), 2u);
    // Sync waits only for the replicas the monitor named: n3, not the dead n1.
    const auto w = put(*h, "k0", "c1-1");
    sent = h->take_sent();
    h->reply_to(of_type(sent, "lf_append", "n3").back(), {{"ok", true}, {"epoch", 2}, {"length", 1}});
    EXPECT_EQ(answer(h->take_sent(), w), (Json{{"ok", true}}));

    const auto status = h->deliver("m", "lf_status", {{"epoch", 2}});
    EXPECT_EQ(answer(h->take_sent(), status),
              (Json{{"mode", "primary"}, {"epoch", 2}, {"length", 1}, {"last_epoch", 2}, {"primary", "n2"},
                    {"sync_replicas", {"n3"}}}));
    const auto follow = h->deliver("m", "lf_follow", {{"epoch", 3}, {"primary", "n3"}});
    EXPECT_EQ(answer(h->take_sent(), follow), (Json{{"ok", true}, {"epoch", 3}}));
    EXPECT_EQ(h->phase(), "replica");
    EXPECT_EQ(h->snapshot()["primary"], "n3");
}

TEST(LfNode, ARestartedNodeRecoversItsLogAndComesBackAsAReplica) {
    auto h = node({{"replication", "async"}});
    put(*h, "k0", "c1-1");
    put(*h, "k1", "c1-2");
    h->take_sent();
    h->restart();
    EXPECT_EQ(h->phase(), "replica");
    const Json snap = h->snapshot();
    EXPECT_EQ(snap["mode"], "replica");
    EXPECT_EQ(snap["length"], 2);
    EXPECT_EQ(snap["epoch"], 1);
    EXPECT_EQ(snap["primary"], nullptr);
    EXPECT_EQ(snap["writes"]["by_client"], (Json{{"c1", "1-2"}}));
}

TEST(LfNode, BadBodiesGetClearErrorsAndNothingChanges) {
    auto h = node({{"replication", "async"}});
    const auto kv = h->deliver("c1", "kv", Json::object());
    auto reply = answer(h->take_sent(), kv);
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["ok"], false);
    EXPECT_NE((*reply)["error"].get<std::string>().find("\"op\""), std::string::npos);

    const auto append = h->deliver("n2", "lf_append", {{"epoch", "one"}});
    reply = answer(h->take_sent(), append);
    ASSERT_TRUE(reply);
    EXPECT_NE((*reply)["error"].get<std::string>().find("\"epoch\" must be an integer"), std::string::npos);
    const auto entries = h->deliver("n2", "lf_append",
                                    {{"epoch", 2}, {"prev_index", 0}, {"prev_epoch", 0}, {"head", 1},
                                     {"entries", {{{"epoch", 2}, {"key", "k"}, {"at_ms", 0}}}}});
    reply = answer(h->take_sent(), entries);
    ASSERT_TRUE(reply);
    EXPECT_NE((*reply)["error"].get<std::string>().find("\"value\" must be a string"), std::string::npos);
    const auto promote = h->deliver("m", "lf_promote", {{"epoch", 2}});
    reply = answer(h->take_sent(), promote);
    ASSERT_TRUE(reply);
    EXPECT_NE((*reply)["error"].get<std::string>().find("sync_replicas"), std::string::npos);
    const auto follow = h->deliver("m", "lf_follow", {{"epoch", 2}, {"primary", 7}});
    reply = answer(h->take_sent(), follow);
    ASSERT_TRUE(reply);
    EXPECT_NE((*reply)["error"].get<std::string>().find("\"primary\""), std::string::npos);
    h->deliver("n2", "lf_append_reply", {{"ok", true}});
    h->deliver("c1", "frobnicate", Json::object());

    EXPECT_EQ(h->counter("malformed"), 6);
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_EQ(h->phase(), "primary");
    EXPECT_EQ(h->snapshot()["epoch"], 1);
    EXPECT_EQ(h->snapshot()["length"], 0);
}

}  // namespace
}  // namespace distlab::test_support
