// The publisher alone, with the RoleHarness: fire and forget by default, and store and forward
// with an offline buffer (a device cut off from its broker that catches up afterwards).

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> publisher(std::int64_t offline_buffer) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "publisher",
                                                        .params = {{"target", "b"},
                                                                   {"rate", 10},
                                                                   {"arrival", "fixed"},
                                                                   {"subject", "sensors.d1.temp"},
                                                                   {"offline_buffer", offline_buffer}},
                                                        .self = "d1",
                                                        .peers = {"b"},
                                                        .peer_roles = {"broker"}});
    h->start();
    return h;
}

std::vector<std::int64_t> seqs(const std::vector<Message>& sent) {
    std::vector<std::int64_t> out;
    for (const Message& m : sent)
        if (m.type == "publish")
            out.push_back(m.body["seq"].get<std::int64_t>());
    return out;
}

std::size_t completed(const RoleHarness& h, std::string_view phase) {
    std::size_t n = 0;
    for (const OpRecord& op : h.ops())
        n += op.phase == phase;
    return n;
}

TEST(Publisher, FireAndForgetGivesUpAPublishThatTimesOut) {
    auto h = publisher(0);
    h->advance(1150ms);   // publishes every 100 ms; the first one's acknowledgement never comes
    EXPECT_GE(completed(*h, "info"), 1u);
    const auto sent = seqs(h->take_sent());
    h->advance(500ms);
    const auto later = seqs(h->take_sent());
    ASSERT_FALSE(later.empty());
    EXPECT_GT(later.front(), sent.back());   // nothing is sent again
    EXPECT_EQ(h->snapshot().contains("buffered"), false);
}

TEST(Publisher, BuffersWhileTheBrokerIsSilentAndCatchesUpInOrder) {
    auto h = publisher(100);
    h->advance(1150ms);   // the first publish timed out: offline
    EXPECT_EQ(h->snapshot()["offline"], true);
    h->take_sent();
    h->advance(2s);
    // Offline: nothing new goes out, only probes with the oldest buffered message, one a second.
    std::vector<Message> probes;
    for (const Message& m : h->take_sent())
        if (m.type == "publish")
            probes.push_back(m);
    ASSERT_EQ(probes.size(), 2u);
    for (const Message& probe : probes)
        EXPECT_EQ(probe.body["seq"], 1);
    EXPECT_EQ(completed(*h, "info"), 0u);   // nothing given up
    const std::int64_t last = h->snapshot()["seq"].get<std::int64_t>();
    EXPECT_EQ(h->snapshot()["buffered"], last);   // the probe in flight counts too
    h->reply_to(probes.back(), {{"ok", true}, {"matched", 1}});   // the partition healed
    EXPECT_EQ(h->snapshot()["offline"], false);
    const auto sent = h->take_sent();
    std::vector<std::int64_t> expected;
    for (std::int64_t seq = 2; seq <= last; ++seq)
        expected.push_back(seq);
    EXPECT_EQ(seqs(sent), expected);   // all of the buffer, oldest first
    for (const Message& m : sent)
        h->reply_to(m, {{"ok", true}, {"matched", 1}});
    EXPECT_EQ(completed(*h, "ok"), static_cast<std::size_t>(last));
    EXPECT_EQ(h->open_ops(), 0u);
    // Resends are retries; a message that waited in the buffer and went out once is not.
    EXPECT_GE(h->counter("retries"), 2);
    EXPECT_LT(h->counter("retries"), static_cast<double>(last - 10));
    h->advance(100ms);
    EXPECT_EQ(seqs(h->take_sent()), std::vector<std::int64_t>{last + 1});   // and on as before
}

TEST(Publisher, AFullOfflineBufferDropsItsOldestMessage) {
    auto h = publisher(5);
    h->advance(3s);
    EXPECT_EQ(h->snapshot()["buffered"], 5);
    const auto dropped = static_cast<std::size_t>(h->counter("dropped"));
    EXPECT_GE(dropped, 20u);
    EXPECT_EQ(completed(*h, "fail"), dropped);
    EXPECT_EQ(h->open_ops(), 5u);
    for (const OpRecord& op : h->ops())
        if (op.phase == "fail")
            EXPECT_EQ(op.value["error"], "buffer full");
}

TEST(Publisher, ARefusalIsAnAnswerAndEndsTheOfflineSpell) {
    auto h = publisher(100);
    h->advance(1150ms);
    Message probe;
    for (const Message& m : h->take_sent())
        probe = m;
    h->advance(1s);
    for (const Message& m : h->take_sent())
        if (m.type == "publish")
            probe = m;
    h->reply_to(probe, {{"ok", false}, {"error", "no such subject"}});
    EXPECT_EQ(h->snapshot()["offline"], false);
    EXPECT_EQ(completed(*h, "fail"), 1u);
    EXPECT_EQ(h->violations(), 0u);
}

}  // namespace
}  // namespace distlab::test_support
