#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The client is "c1"; the store is n1, n2, n3. With rate 1 and fixed arrivals, operations
// start at 1 s, 2 s, ...; a test about the first one stays below 2 s.
std::unique_ptr<RoleHarness> kv_client(Json params) {
    if (!params.contains("targets"))
        params["targets"] = {"n1", "n2", "n3"};
    if (!params.contains("rate"))
        params["rate"] = 1;
    params["arrival"] = "fixed";
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "kv-client", .params = std::move(params), .self = "c1", .peers = {"n1", "n2", "n3", "n4"}});
    h->start();
    return h;
}

const Json kPuts = {{"read_ratio", 0}, {"cas_ratio", 0}};
const Json kGets = {{"read_ratio", 1}};
const Json kCases = {{"read_ratio", 0}, {"cas_ratio", 1}};

Message only_sent(RoleHarness& h) {
    auto sent = h.take_sent();
    EXPECT_EQ(sent.size(), 1u);
    return sent.empty() ? Message{} : sent.front();
}

std::vector<OpRecord> completions(const RoleHarness& h) {
    std::vector<OpRecord> out;
    for (const auto& op : h.ops())
        if (op.phase != "invoke")
            out.push_back(op);
    return out;
}

TEST(KvClientRole, IsAClientRoleOfTheRaftPattern) {
    auto h = kv_client(kPuts);
    EXPECT_TRUE(h->info().client);
    EXPECT_EQ(h->info().family, "consensus");
    for (const auto& p : h->info().params) {
        EXPECT_FALSE(p.en.empty()) << p.name;
        EXPECT_FALSE(p.zh.empty()) << p.name;
    }
}

TEST(KvClientRole, APutGoesToTheFirstTargetWithAUniqueValueAndEndsOk) {
    auto h = kv_client(kPuts);
    h->advance(1s);
    const Message m = only_sent(*h);
    EXPECT_EQ(m.to, "n1");
    EXPECT_EQ(m.type, "kv");
    EXPECT_EQ(m.body["op"], "put");
    const std::string key = m.body["key"];
    EXPECT_EQ(key.substr(0, 1), "k");
    EXPECT_EQ(m.body["value"], "c1-1");
    ASSERT_EQ(h->ops().size(), 1u);
    EXPECT_EQ(h->ops()[0].phase, "invoke");
    EXPECT_EQ(h->ops()[0].f, "put");
    EXPECT_EQ(h->ops()[0].value, (Json{{"key", key}, {"value", "c1-1"}}));

    h->advance(5ms);
    h->reply_to(m, {{"ok", true}});
    const auto done = completions(*h);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].phase, "ok");
    EXPECT_EQ(done[0].op, h->ops()[0].op);
    EXPECT_EQ(h->counter("successes"), 1);
    EXPECT_EQ(h->samples("latency_ms"), std::vector<double>{5.0});

    h->advance(1s);
    EXPECT_EQ(only_sent(*h).body["value"], "c1-2");
}

TEST(KvClientRole, AGetRecordsTheValueItRead) {
    auto h = kv_client(kGets);
    h->advance(1s);
    Message m = only_sent(*h);
    EXPECT_EQ(m.body, (Json{{"op", "get"}, {"key", m.body["key"]}}));
    h->reply_to(m, {{"ok", true}, {"value", "c2-4"}});
    h->advance(1s);
    m = only_sent(*h);
    h->reply_to(m, {{"ok", true}, {"value", nullptr}});
    const auto done = completions(*h);
    ASSERT_EQ(done.size(), 2u);
    EXPECT_EQ(done[0].value, (Json{{"value", "c2-4"}}));
    EXPECT_EQ(done[1].value, (Json{{"value", nullptr}}));
}

TEST(KvClientRole, FollowsTheLeaderHintAndRemembersIt) {
    auto h = kv_client(kPuts);
    h->advance(1s);
    Message m = only_sent(*h);
    h->reply_to(m, {{"ok", false}, {"error", "not_leader"}, {"leader", "n3"}});
    m = only_sent(*h);
    EXPECT_EQ(m.to, "n3");
    EXPECT_EQ(m.body["value"], "c1-1");
    h->reply_to(m, {{"ok", true}});
    EXPECT_EQ(completions(*h).at(0).phase, "ok");
    EXPECT_EQ(h->counter("redirects"), 1);
    EXPECT_EQ(h->counter("calls"), 2);
    EXPECT_EQ(h->snapshot()["target"], "n3");
    h->advance(1s);
    EXPECT_EQ(only_sent(*h).to, "n3");
}

TEST(KvClientRole, ALeaderItWasNotToldAboutJoinsItsTargets) {
    auto h = kv_client(kPuts);
    h->advance(1s);
    h->reply_to(only_sent(*h), {{"ok", false}, {"error", "not_leader"}, {"leader", "n4"}});
    EXPECT_EQ(only_sent(*h).to, "n4");
}

TEST(KvClientRole, WithoutAHintItTriesEachTargetThenPausesThenFailsAtItsDeadline) {
    Json params = kPuts;
    params["timeout"] = "90ms";
    auto h = kv_client(params);
    h->advance(1s);
    std::vector<std::string> asked;
    for (int i = 0; i < 3; ++i) {
        const Message m = only_sent(*h);
        asked.push_back(m.to);
        h->reply_to(m, {{"ok", false}, {"error", "not_leader"}, {"leader", nullptr}});
    }
    EXPECT_EQ(asked, (std::vector<std::string>{"n1", "n2", "n3"}));
    // A whole round refused: it waits before the next one.
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(50ms);
    Message m = only_sent(*h);
    EXPECT_EQ(m.to, "n1");
    h->reply_to(m, {{"ok", false}, {"error", "unavailable"}});
    m = only_sent(*h);
    h->reply_to(m, {{"ok", false}, {"error", "not_leader"}, {"leader", nullptr}});
    m = only_sent(*h);
    h->reply_to(m, {{"ok", false}, {"error", "not_leader"}, {"leader", nullptr}});
    // The next pause would pass the 90 ms deadline: every attempt was refused, none is
    // outstanding, so the operation certainly did not happen.
    const auto done = completions(*h);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].phase, "fail");
    EXPECT_EQ(done[0].value, (Json{{"error", "not_leader"}}));
    EXPECT_EQ(h->counter("failures"), 1);
    EXPECT_EQ(h->open_ops(), 0u);
}

TEST(KvClientRole, ATimeoutIsUnknownAndTheNextOperationTriesAnotherNode) {
    Json params = kPuts;
    params["timeout"] = "300ms";
    auto h = kv_client(params);
    h->advance(1s);
    const Message first = only_sent(*h);
    EXPECT_EQ(first.to, "n1");
    h->advance(300ms);
    auto done = completions(*h);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].phase, "info");
    EXPECT_EQ(done[0].value, (Json{{"error", "timeout"}}));
    EXPECT_EQ(h->counter("timeouts"), 1);
    EXPECT_TRUE(h->samples("latency_ms").empty());

    // The answer arrives after all: counted, but the operation stays unknown.
    h->reply_to(first, {{"ok", true}});
    EXPECT_EQ(h->counter("late_replies"), 1);
    EXPECT_EQ(completions(*h).size(), 1u);

    h->advance(700ms);
    EXPECT_EQ(only_sent(*h).to, "n2");
}

TEST(KvClientRole, ANodeThatTimedOutIsTriedLastAndItsStaleHintIsIgnored) {
    Json params = kPuts;
    params["mode"] = "closed";
    params["timeout"] = "100ms";
    auto h = kv_client(params);
    EXPECT_EQ(only_sent(*h).to, "n1");
    h->advance(100ms);   // n1 (killed, say) never answers
    ASSERT_EQ(completions(*h).at(0).phase, "info");

    // The followers still name n1 as their leader: the client goes round them, not to n1.
    std::vector<std::string> asked;
    for (int i = 0; i < 3; ++i) {
        const Message m = only_sent(*h);
        asked.push_back(m.to);
        h->reply_to(m, {{"ok", false}, {"error", "not_leader"}, {"leader", "n1"}});
    }
    EXPECT_EQ(asked, (std::vector<std::string>{"n2", "n3", "n2"}));
    EXPECT_EQ(h->counter("redirects"), 0);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(50ms);
    Message m = only_sent(*h);
    EXPECT_EQ(m.to, "n3");
    // A new leader is elected: its hint is followed at once.
    h->reply_to(m, {{"ok", false}, {"error", "not_leader"}, {"leader", "n2"}});
    m = only_sent(*h);
    EXPECT_EQ(m.to, "n2");
    h->reply_to(m, {{"ok", true}});
    const auto done = completions(*h);
    ASSERT_EQ(done.size(), 2u);
    EXPECT_EQ(done[1].phase, "ok");
    EXPECT_EQ(only_sent(*h).to, "n2");
}

TEST(KvClientRole, AnswersEndSuspicionAndWhenAllAreSuspectTheNewestGoesFirst) {
    Json params = kPuts;
    params["mode"] = "closed";
    params["timeout"] = "100ms";
    auto h = kv_client(params);
    const Message to_n1 = only_sent(*h);
    h->advance(100ms);
    EXPECT_EQ(only_sent(*h).to, "n2");
    h->advance(100ms);
    EXPECT_EQ(only_sent(*h).to, "n3");
    h->advance(100ms);
    // All three are silent: n2, suspected after n1, goes before n1, the longest silent.
    EXPECT_EQ(only_sent(*h).to, "n2");
    // n1 answers its old attempt after all: it is no longer suspect, so it is next.
    h->reply_to(to_n1, {{"ok", true}});
    EXPECT_EQ(h->counter("late_replies"), 1);
    h->advance(100ms);
    const Message m = only_sent(*h);
    EXPECT_EQ(m.to, "n1");
    // Its hint names n2, still suspect: not followed; of the suspects, n3 (newest) goes first.
    h->reply_to(m, {{"ok", false}, {"error", "not_leader"}, {"leader", "n2"}});
    EXPECT_EQ(only_sent(*h).to, "n3");
    EXPECT_EQ(h->counter("redirects"), 0);
}

TEST(KvClientRole, AnUnreadableReplyIsUnknown) {
    auto h = kv_client(kPuts);
    h->advance(1s);
    h->reply_to(only_sent(*h), {{"status", "fine"}});
    EXPECT_EQ(completions(*h).at(0).phase, "info");
}

TEST(KvClientRole, CasExpectsTheValueLastSeenAndACasMismatchFails) {
    auto h = kv_client({{"read_ratio", 0}, {"cas_ratio", 1}, {"keys", 1}});
    h->advance(1s);
    Message m = only_sent(*h);
    EXPECT_EQ(m.body, (Json{{"op", "cas"}, {"key", "k0"}, {"from", nullptr}, {"to", "c1-1"}}));
    EXPECT_EQ(h->ops()[0].value, (Json{{"key", "k0"}, {"from", nullptr}, {"to", "c1-1"}}));
    h->reply_to(m, {{"ok", false}, {"error", "cas_mismatch"}, {"value", "c2-9"}});
    auto done = completions(*h);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].phase, "fail");
    EXPECT_EQ(done[0].value, (Json{{"error", "cas_mismatch"}, {"value", "c2-9"}}));

    h->advance(1s);
    m = only_sent(*h);
    EXPECT_EQ(m.body["from"], "c2-9");
    h->reply_to(m, {{"ok", true}});
    h->advance(1s);
    EXPECT_EQ(only_sent(*h).body["from"], "c1-2");
}

TEST(KvClientRole, ClosedLoopKeepsConcurrencyOperationsOutstanding) {
    auto h = kv_client({{"mode", "closed"}, {"concurrency", 3}, {"read_ratio", 1}, {"stop_at", "1s"}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(h->open_ops(), 3u);
    h->advance(10ms);
    h->reply_to(sent[1], {{"ok", true}, {"value", nullptr}});
    EXPECT_EQ(h->open_ops(), 3u);
    EXPECT_EQ(h->take_sent().size(), 1u);
    // Past stop_at, an ending operation starts no other.
    h->advance(1s);
    for (const Message& m : h->take_sent())
        h->reply_to(m, {{"ok", true}, {"value", nullptr}});
    EXPECT_EQ(h->snapshot()["state"], "stopped");
}

TEST(KvClientRole, OpenLoopStopsAtStopAt) {
    auto h = kv_client({{"read_ratio", 1}, {"rate", 10}, {"stop_at", "500ms"}});
    h->advance(2s);
    EXPECT_EQ(h->take_sent().size(), 4u);   // at 100, 200, 300 and 400 ms
    EXPECT_EQ(h->snapshot()["state"], "stopped");
}

TEST(KvClientRole, ReadAllAtGetsEveryKeyOnceAfterTheWorkloadStopped) {
    auto h = kv_client({{"mode", "closed"}, {"concurrency", 2}, {"keys", 3}, {"read_ratio", 0}, {"cas_ratio", 0},
                        {"stop_at", "1s"}, {"read_all_at", "3s"}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    h->advance(1s);
    for (const Message& m : sent)
        h->reply_to(m, {{"ok", true}});
    EXPECT_TRUE(h->take_sent().empty());   // stopped: the puts start no other
    h->advance(1900ms);
    EXPECT_TRUE(h->take_sent().empty());
    h->advance(100ms);
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 3u);
    std::set<std::string> keys;
    for (const Message& m : sent) {
        EXPECT_EQ(m.body["op"], "get");
        keys.insert(m.body["key"].get<std::string>());
    }
    EXPECT_EQ(keys, (std::set<std::string>{"k0", "k1", "k2"}));
    for (const Message& m : sent)
        h->reply_to(m, {{"ok", true}, {"value", "c1-1"}});
    // Each read is an operation of the history; ending one starts nothing in the closed loop.
    EXPECT_EQ(completions(*h).size(), 5u);
    EXPECT_EQ(completions(*h).back().phase, "ok");
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->open_ops(), 0u);
}

}  // namespace
}  // namespace distlab::test_support
