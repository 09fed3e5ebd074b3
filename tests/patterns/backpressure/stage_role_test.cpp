#include <gtest/gtest.h>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

// The stage is "st"; its producers "p1" and "p2", its consumer "k1".
struct Stage {
    explicit Stage(Json params) {
        params["target"] = "k1";
        h = std::make_unique<RoleHarness>(
            HarnessSetup{.role = "bounded-stage", .params = std::move(params), .self = "st", .peers = {"p1", "p2", "k1"}});
        h->start();
        auto sent = h->take_sent();
        EXPECT_EQ(sent.size(), 1u);
        EXPECT_EQ(sent.at(0).type, "subscribe");
        subscribe_call = sent.at(0);
    }
    // The consumer answers the subscription with `credits`.
    void consumer_grants(std::int64_t credits) {
        h->reply_to(subscribe_call, {{"flow", "credits"}, {"credits", credits}});
    }
    Json subscribe(const char* producer) {
        const auto id = h->deliver(producer, "subscribe", Json::object());
        for (const Message& m : h->take_sent())
            if (m.reply_to == id)
                return m.body;
        return nullptr;
    }
    // Sends an item; returns the stage's answer to it (null if none).
    Json item(const char* producer, std::int64_t id, std::int64_t priority = 0) {
        const auto msg = h->deliver(producer, "item", {{"origin", producer}, {"id", id}, {"priority", priority}, {"size", 100}});
        Json answer = nullptr;
        for (const Message& m : h->take_sent()) {
            if (m.reply_to == msg)
                answer = m.body;
            else
                others.push_back(m);
        }
        return answer;
    }
    std::vector<Message> take_others() { return std::exchange(others, {}); }

    std::unique_ptr<RoleHarness> h;
    Message subscribe_call;
    std::vector<Message> others;
};

TEST(StageRole, CreditsGrantOnlyFreeRoomAndFlowBackAsItemsLeave) {
    Stage s({{"overflow", "credits"}, {"queue_limit", 3}});
    EXPECT_EQ(s.subscribe("p1"), (Json{{"flow", "credits"}, {"credits", 3}}));
    EXPECT_EQ(s.subscribe("p2"), (Json{{"flow", "credits"}, {"credits", 0}}));   // no room left
    EXPECT_EQ(s.h->gauge("credits"), 3);
    for (int id = 1; id <= 3; ++id)
        EXPECT_EQ(s.item("p1", id)["ok"], true);
    EXPECT_EQ(s.h->snapshot()["queue_depth"], 3);
    EXPECT_EQ(s.h->gauge("credits"), 0);
    // The consumer grants 1: the oldest item goes to it, and stays held until it is confirmed.
    s.consumer_grants(1);
    auto sent = s.h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "k1");
    EXPECT_EQ(sent[0].body["id"], 1);
    EXPECT_EQ(s.h->snapshot()["queue_depth"], 3);
    s.h->reply_to(sent[0], {{"ok", true}, {"origin", "p1"}, {"id", 1}});
    // One place is free again: exactly one credit, to a producer in turn.
    auto credits = s.h->take_sent();
    ASSERT_EQ(credits.size(), 1u);
    EXPECT_EQ(credits[0].type, "credit");
    EXPECT_EQ(credits[0].body, (Json{{"n", 1}}));
    EXPECT_EQ(s.h->snapshot()["queue_depth"], 2);
    EXPECT_EQ(s.h->snapshot()["held"], Json::parse(R"({"p1": [[2, 3]]})"));
    EXPECT_EQ(s.h->gauge("queue_depth_max"), 3);
}

TEST(StageRole, AnItemSentWithoutACreditIsCountedAndStillBounded) {
    Stage s({{"overflow", "credits"}, {"queue_limit", 1}});
    s.subscribe("p1");
    EXPECT_EQ(s.item("p1", 1)["ok"], true);
    const Json refused = s.item("p1", 2);
    EXPECT_EQ(refused["ok"], false);
    EXPECT_EQ(refused["error"], "full");
    EXPECT_EQ(s.h->counter("credit_violations"), 1);
    EXPECT_EQ(s.h->counter("rejections"), 1);
}

TEST(StageRole, DropModeRefusesWhenFullAndKeepsWhatItAcknowledged) {
    Stage s({{"overflow", "drop"}, {"queue_limit", 2}});
    EXPECT_EQ(s.subscribe("p1"), (Json{{"flow", "free"}}));
    EXPECT_EQ(s.item("p1", 1)["ok"], true);
    EXPECT_EQ(s.item("p1", 2)["ok"], true);
    EXPECT_EQ(s.item("p1", 3)["error"], "full");
    EXPECT_TRUE(s.take_others().empty());              // no signal: the producer just loses it
    EXPECT_EQ(s.h->snapshot()["held"], Json::parse(R"({"p1": [[1, 2]]})"));
}

TEST(StageRole, BlockModeSignalsFullAndResumesAtTheLowWatermark) {
    Stage s({{"overflow", "block"}, {"queue_limit", 4}, {"resume_fraction", 0.5}});
    EXPECT_EQ(s.subscribe("p1"), (Json{{"flow", "block"}}));
    for (int id = 1; id <= 3; ++id)
        s.item("p1", id);
    EXPECT_TRUE(s.take_others().empty());
    s.item("p1", 4);                                    // now full: the producer is told to stop
    auto signals = s.take_others();
    ASSERT_EQ(signals.size(), 1u);
    EXPECT_EQ(signals[0].type, "full");
    EXPECT_EQ(s.item("p1", 5)["error"], "full");        // one that was already on its way
    s.consumer_grants(4);
    auto deliveries = s.h->take_sent();
    ASSERT_EQ(deliveries.size(), 4u);
    s.h->reply_to(deliveries[0], {{"ok", true}});
    EXPECT_TRUE(s.h->take_sent().empty());              // 3 held: above the watermark of 2
    s.h->reply_to(deliveries[1], {{"ok", true}});
    auto resume = s.h->take_sent();
    ASSERT_EQ(resume.size(), 1u);
    EXPECT_EQ(resume[0].type, "resume");
    EXPECT_EQ(resume[0].to, "p1");
}

TEST(StageRole, UnboundedModeAcceptsEverything) {
    Stage s({{"overflow", "unbounded"}, {"queue_limit", 2}, {"priorities", 3}});
    for (int id = 1; id <= 50; ++id)
        EXPECT_EQ(s.item("p1", id)["ok"], true);
    EXPECT_EQ(s.h->gauge("queue_depth"), 50);
    EXPECT_EQ(s.h->gauge("queue_bytes"), 5000);
    EXPECT_EQ(s.h->snapshot()["held"], Json::parse(R"({"p1": [[1, 50]]})"));
}

TEST(StageRole, ShedsTheLowestPriorityFirstAndServesTheHighestFirst) {
    // Three levels over six places: priority 0 is admitted below 2 held, 1 below 4, 2 below 6.
    Stage s({{"overflow", "drop"}, {"queue_limit", 6}, {"priorities", 3}});
    std::vector<std::pair<int, std::string>> outcomes;
    int id = 0;
    for (int round = 0; round < 3; ++round)
        for (int priority = 0; priority < 3; ++priority) {
            const Json answer = s.item("p1", ++id, priority);
            outcomes.emplace_back(priority, answer["ok"] ? "ok" : answer["error"].get<std::string>());
        }
    const std::vector<std::pair<int, std::string>> expected = {
        {0, "ok"}, {1, "ok"}, {2, "ok"},          // 3 held
        {0, "shed"}, {1, "ok"}, {2, "ok"},        // 5 held
        {0, "shed"}, {1, "shed"}, {2, "ok"},      // 6 held: full
    };
    EXPECT_EQ(outcomes, expected);
    EXPECT_EQ(s.item("p1", 10, 2)["error"], "full");
    EXPECT_EQ(s.h->counter("shed"), 3);
    // The consumer takes them highest priority first, in arrival order within a priority.
    s.consumer_grants(6);
    std::vector<std::int64_t> order;
    for (const Message& m : s.h->take_sent())
        order.push_back(m.body["id"].get<std::int64_t>());
    EXPECT_EQ(order, (std::vector<std::int64_t>{3, 6, 9, 2, 5, 1}));
}

TEST(StageRole, AnItemTheConsumerDidNotConfirmIsSentAgain) {
    Stage s({{"overflow", "credits"}, {"queue_limit", 2}, {"ack_timeout", "100ms"}});
    s.subscribe("p1");
    s.item("p1", 1);
    s.consumer_grants(1);
    ASSERT_EQ(s.h->take_sent().size(), 1u);
    s.h->advance(100ms);                                // no confirmation: still ours
    EXPECT_EQ(s.h->snapshot()["held"], Json::parse(R"({"p1": [[1, 1]]})"));
    EXPECT_EQ(s.h->counter("timeouts"), 1);
    s.h->deliver("k1", "credit", {{"n", 1}});
    auto again = s.h->take_sent();
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].body["id"], 1);
}

}  // namespace
}  // namespace distlab::test_support
