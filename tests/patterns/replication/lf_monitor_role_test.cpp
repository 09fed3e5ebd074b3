// The lf-monitor role alone: it promotes the most up-to-date live replica when the primary goes
// silent, tells the others to follow, and refuses to promote when no replica answers.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> monitor() {
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "lf-monitor",
                     .params = {{"members", {"n1", "n2", "n3"}}, {"primary", "n1"}, {"interval", "100ms"},
                                {"down_after", "300ms"}},
                     .self = "m",
                     .peers = {"n1", "n2", "n3"},
                     .peer_roles = {"lf-node", "lf-node", "lf-node"}});
    h->start();
    return h;
}

Json status(const char* mode, std::int64_t epoch, std::int64_t length, const char* primary) {
    return {{"mode", mode}, {"epoch", epoch}, {"length", length}, {"last_epoch", length ? epoch : 0},
            {"primary", primary}};
}

// Answers this round's status questions of the nodes listed, and lets the others time out.
std::vector<Message> round(RoleHarness& h, const std::map<std::string, Json>& answers) {
    std::vector<Message> other;
    for (const Message& m : h.take_sent()) {
        if (m.type != "lf_status") {
            other.push_back(m);
            continue;
        }
        const auto it = answers.find(m.to);
        if (it != answers.end())
            h.reply_to(m, it->second);
    }
    for (const Message& m : h.take_sent())
        other.push_back(m);
    h.advance(100ms);
    return other;
}

TEST(LfMonitor, PromotesTheMostUpToDateReplicaWhenThePrimaryGoesSilent) {
    auto h = monitor();
    EXPECT_EQ(h->phase(), "watching");
    round(*h, {{"n1", status("primary", 1, 9, "n1")}, {"n2", status("replica", 1, 5, "n1")},
               {"n3", status("replica", 1, 7, "n1")}});
    std::vector<Message> sent;
    for (int i = 0; i < 4 && sent.empty(); ++i)
        sent = round(*h, {{"n2", status("replica", 1, 5, "n1")}, {"n3", status("replica", 1, 7, "n1")}});
    // The promotion, and (answers of that round) n2, still at epoch 1, told to follow n3.
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].type, "lf_promote");
    EXPECT_EQ(sent[0].to, "n3");
    EXPECT_EQ(sent[0].body, (Json{{"epoch", 2}, {"sync_replicas", {"n2"}}}));
    EXPECT_EQ(sent[1].type, "lf_follow");
    EXPECT_EQ(sent[1].to, "n2");
    EXPECT_EQ(h->phase(), "failing-over");
    EXPECT_EQ(h->counter("failovers"), 1);

    // n3 answers as primary: watching again; n2, still following n1, is told again.
    sent = round(*h, {{"n3", status("primary", 2, 7, "n3")}, {"n2", status("replica", 1, 5, "n1")}});
    EXPECT_EQ(h->phase(), "watching");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "lf_follow");
    EXPECT_EQ(sent[0].to, "n2");
    EXPECT_EQ(sent[0].body, (Json{{"epoch", 2}, {"primary", "n3"}}));
    EXPECT_EQ(h->snapshot()["primary"], "n3");
    EXPECT_EQ(h->snapshot()["epoch"], 2);
}

TEST(LfMonitor, PromotesOnlyFromASyncPrimarysSyncSet) {
    auto h = monitor();
    Json primary = status("primary", 1, 9, "n1");
    primary["sync_replicas"] = {"n2"};
    round(*h, {{"n1", primary}, {"n2", status("replica", 1, 5, "n1")}, {"n3", status("replica", 1, 9, "n1")}});
    std::vector<Message> sent;
    for (int i = 0; i < 4 && sent.empty(); ++i)
        sent = round(*h, {{"n2", status("replica", 1, 5, "n1")}, {"n3", status("replica", 1, 9, "n1")}});
    // n3 has the longer log, but only n2 is sure to hold every acknowledged write.
    ASSERT_FALSE(sent.empty());
    EXPECT_EQ(sent[0].type, "lf_promote");
    EXPECT_EQ(sent[0].to, "n2");
}

TEST(LfMonitor, PromotesNobodyWhenTheSyncSetIsEmpty) {
    auto h = monitor();
    Json primary = status("primary", 1, 9, "n1");
    primary["sync_replicas"] = Json::array();
    round(*h, {{"n1", primary}, {"n2", status("replica", 1, 5, "n1")}, {"n3", status("replica", 1, 9, "n1")}});
    for (int i = 0; i < 5; ++i)
        for (const Message& m : round(*h, {{"n2", status("replica", 1, 5, "n1")}, {"n3", status("replica", 1, 9, "n1")}}))
            EXPECT_NE(m.type, "lf_promote");
    EXPECT_EQ(h->phase(), "no-candidate");
}

TEST(LfMonitor, PromotesNobodyWhenNoReplicaAnswers) {
    auto h = monitor();
    std::vector<Message> sent;
    for (int i = 0; i < 6; ++i) {
        const auto got = round(*h, {});
        sent.insert(sent.end(), got.begin(), got.end());
    }
    EXPECT_TRUE(sent.empty());
    EXPECT_EQ(h->phase(), "no-candidate");
    EXPECT_EQ(h->snapshot()["epoch"], 1);
}

TEST(LfMonitor, IgnoresAStatusThatIsNotOne) {
    auto h = monitor();
    for (const Message& m : h->take_sent())
        h->reply_to(m, {{"mode", 3}});
    EXPECT_EQ(h->counter("malformed"), 3);
    EXPECT_TRUE(h->snapshot()["members"].empty());
}

}  // namespace
}  // namespace distlab::test_support
