#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> client(Json params) {
    params["target"] = "co";
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "tcc-client",
                                                        .params = std::move(params),
                                                        .self = "c1",
                                                        .peers = {"co", "p1", "p2", "p3"},
                                                        .peer_roles = {"tcc-coordinator", "tcc-participant",
                                                                       "tcc-participant", "tcc-participant"}});
    h->start();
    return h;
}

TEST(TccClient, TransfersBetweenTwoParticipantsAndRecordsTheOutcome) {
    auto h = client({{"participants", {"p1", "p2", "p3"}}, {"rate", 10}, {"arrival", "fixed"}, {"read_ratio", 0.0},
                     {"max_amount", 50}});
    h->advance(100ms);
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "begin");
    EXPECT_EQ(sent[0].body["tx"], "c1.1");
    const Json& actions = sent[0].body["actions"];
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_NE(actions[0]["participant"], actions[1]["participant"]);
    const std::int64_t amount = actions[1]["amount"].get<std::int64_t>();
    EXPECT_EQ(actions[0]["amount"].get<std::int64_t>(), -amount);
    EXPECT_GE(amount, 1);
    EXPECT_LE(amount, 50);
    h->reply_to(sent[0], {{"ok", true}, {"decision", "confirm"}});
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[0].f, "transfer");
    EXPECT_EQ(h->ops()[1].phase, "ok");
    EXPECT_EQ(h->ops()[1].value["decision"], "confirm");
}

TEST(TccClient, ACancelledTransferFailsAndASilentOneIsUnknown) {
    auto h = client({{"participants", {"p1", "p2"}}, {"rate", 10}, {"arrival", "fixed"}, {"read_ratio", 0.0},
                     {"tx_timeout", "1s"}, {"stop_at", "250ms"}});
    h->advance(200ms);
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    h->reply_to(sent[0], {{"ok", false}, {"error", "p1: insufficient funds"}});
    h->advance(1s);
    std::multiset<std::string> ends;
    for (const OpRecord& op : h->ops())
        if (op.phase != "invoke")
            ends.insert(op.phase);
    EXPECT_EQ(ends, (std::multiset<std::string>{"fail", "info"}));
}

TEST(TccClient, AReadRecordsTheSum) {
    auto h = client({{"participants", {"p1", "p2"}}, {"rate", 10}, {"arrival", "fixed"}, {"read_ratio", 1.0}});
    h->advance(100ms);
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "read");
    h->reply_to(sent[0], {{"ok", true}, {"sum", 2000}, {"by_participant", {{"p1", 1000}, {"p2", 1000}}}});
    ASSERT_EQ(h->ops().size(), 2u);
    EXPECT_EQ(h->ops()[0].f, "read");
    EXPECT_EQ(h->ops()[1].value["sum"], 2000);
}

TEST(TccClient, ARestartedClientNamesItsTransactionsAfresh) {
    auto h = client({{"participants", {"p1", "p2"}}, {"rate", 10}, {"arrival", "fixed"}, {"read_ratio", 0.0}});
    h->advance(100ms);
    EXPECT_EQ(h->take_sent()[0].body["tx"], "c1.1");
    h->restart();
    h->advance(100ms);
    EXPECT_EQ(h->take_sent()[0].body["tx"], "c1#2.1");
}

TEST(TccClient, WithoutParticipantsItStops) {
    auto h = client({{"rate", 10}});
    h->advance(1s);
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->phase(), "stopped");
}

}  // namespace
}  // namespace distlab::test_support
