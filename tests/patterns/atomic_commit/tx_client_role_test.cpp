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
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "tx-client", .params = std::move(params), .self = "c1", .peers = {"co", "p1", "p2", "p3"}});
    h->start();
    return h;
}

TEST(TxClient, BeginsTransactionsWritingOneKeyOnEachParticipantOfItsSpan) {
    auto h = client({{"target", "co"}, {"participants", {"p1", "p2", "p3"}}, {"rate", 10}, {"arrival", "fixed"},
                     {"span", 2}, {"keys", 5}});
    h->advance(100ms);
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "begin");
    EXPECT_EQ(sent[0].to, "co");
    EXPECT_EQ(sent[0].body["tx"], "c1.1");
    const Json& writes = sent[0].body["writes"];
    ASSERT_EQ(writes.size(), 2u);
    std::set<std::string> participants;
    for (const Json& w : writes) {
        participants.insert(w["participant"].get<std::string>());
        const std::string key = w["key"];
        EXPECT_EQ(key[0], 'k');
        EXPECT_LT(std::stoi(key.substr(1)), 5);
        EXPECT_EQ(w["value"], "c1.1");
    }
    EXPECT_EQ(participants.size(), 2u);
}

TEST(TxClient, RecordsCommitAbortAndUnknownOutcomes) {
    auto h = client({{"target", "co"}, {"participants", {"p1", "p2"}}, {"rate", 10}, {"arrival", "fixed"},
                     {"tx_timeout", "1s"}});
    h->advance(100ms);
    h->reply_to(h->take_sent().at(0), {{"ok", true}, {"decision", "commit"}});
    h->advance(100ms);
    h->reply_to(h->take_sent().at(0), {{"ok", false}, {"error", "aborted: p2 voted no"}});
    h->advance(100ms);
    h->take_sent();
    h->advance(1s);   // the third never answered
    std::vector<std::string> ends;
    for (const OpRecord& r : h->ops())
        if (r.phase != "invoke")
            ends.push_back(r.phase + ":" + r.value["tx"].get<std::string>() +
                           (r.value.contains("decision") ? ":" + r.value["decision"].get<std::string>() : ""));
    ASSERT_GE(ends.size(), 3u);
    EXPECT_EQ(ends[0], "ok:c1.1:commit");
    EXPECT_EQ(ends[1], "fail:c1.2:abort");
    EXPECT_EQ(ends[2], "info:c1.3");
    EXPECT_EQ(h->snapshot()["successes"], 1);
    EXPECT_EQ(h->snapshot()["failures"], 1);
}

TEST(TxClient, WithoutParticipantsItStopsWithAClearLogLine) {
    auto h = client({{"target", "co"}});
    EXPECT_EQ(h->phase(), "stopped");
    bool said = false;
    for (const std::string& line : h->logs())
        said = said || line.find("set the parameter participants") != std::string::npos;
    EXPECT_TRUE(said);
}

}  // namespace
}  // namespace distlab::test_support
