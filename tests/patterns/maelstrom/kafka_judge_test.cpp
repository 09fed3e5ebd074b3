// The kafka judge on hand-written histories: a clean one passes; a lost message, an offset with two
// messages, a message at two offsets, a poll going backwards and a client's sends going backwards
// are each named with the operations involved. And the kafka and transaction clients in
// RoleHarness.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "netlab/patterns/maelstrom/kafka_judge.h"
#include "tests/support/role_harness.h"

namespace distlab {
namespace {

using core::Json;
using netlab::maelstrom::judge_kafka;
using netlab::maelstrom::WorkloadOp;
using namespace std::chrono_literals;

WorkloadOp send(std::string client, std::uint64_t id, std::int64_t at_ms, std::string key, std::string msg, std::int64_t offset) {
    return WorkloadOp{.client = std::move(client), .id = id, .f = "send", .status = "ok", .invoked_ns = at_ms * 1'000'000,
                      .completed_ns = (at_ms + 5) * 1'000'000, .args = {{"key", key}, {"msg", msg}},
                      .result = {{"key", key}, {"msg", msg}, {"offset", offset}}};
}

WorkloadOp poll(std::string client, std::uint64_t id, std::int64_t at_ms, const Json& offsets, const Json& msgs) {
    return WorkloadOp{.client = std::move(client), .id = id, .f = "poll", .status = "ok", .invoked_ns = at_ms * 1'000'000,
                      .completed_ns = (at_ms + 5) * 1'000'000, .args = {{"offsets", offsets}},
                      .result = {{"offsets", offsets}, {"msgs", msgs}}};
}

TEST(KafkaJudge, ACleanHistoryPasses) {
    const std::vector<WorkloadOp> ops{send("c1", 1, 0, "k0", "a", 0), send("c1", 2, 10, "k0", "b", 1),
                                      send("c2", 1, 10, "k0", "c", 2),
                                      poll("c2", 2, 20, {{"k0", 0}}, {{"k0", {{0, "a"}, {1, "b"}}}}),
                                      poll("c2", 3, 30, {{"k0", 2}}, {{"k0", {{2, "c"}}}})};
    const auto j = judge_kafka(ops);
    EXPECT_TRUE(j.ok()) << (j.ok() ? "" : j.anomalies[0].text);
    EXPECT_EQ(j.sends_acked, 3u);
    EXPECT_EQ(j.polls_ok, 2u);
    EXPECT_EQ(j.observed, 3u);
}

TEST(KafkaJudge, ALostMessageIsOnePollReadPast) {
    const std::vector<WorkloadOp> ops{send("c1", 1, 0, "k0", "a", 0), send("c1", 2, 10, "k0", "b", 1),
                                      send("c1", 3, 20, "k0", "c", 2),
                                      poll("c2", 1, 40, {{"k0", 0}}, {{"k0", {{0, "a"}, {2, "c"}}}})};
    const auto j = judge_kafka(ops);
    ASSERT_EQ(j.anomalies.size(), 1u);
    EXPECT_EQ(j.anomalies[0].kind, "lost");
    EXPECT_EQ(j.anomalies[0].text, "c1 op 2's message \"b\" was acknowledged at offset 1 of k0 (0.015s), but c2 op 1 "
                                   "read k0 from 0 to 2 (0.040s) without it");
    ASSERT_EQ(j.anomalies[0].ops.size(), 2u);
    EXPECT_EQ(j.anomalies[0].ops[1]->client, "c2");
    // A poll that began before the send was acknowledged proves nothing.
    const std::vector<WorkloadOp> early{send("c1", 1, 0, "k0", "a", 0), send("c1", 2, 100, "k0", "b", 1),
                                        poll("c2", 1, 50, {{"k0", 0}}, {{"k0", {{0, "a"}, {2, "c"}}}})};
    EXPECT_EQ(judge_kafka(early).counts.count("lost"), 0u);
}

TEST(KafkaJudge, DuplicatedOffsetsAndMessages) {
    // Two sends given offset 1; a message polled at two offsets.
    const std::vector<WorkloadOp> ops{send("c1", 1, 0, "k0", "a", 0), send("c1", 2, 10, "k0", "b", 1),
                                      send("c2", 1, 10, "k0", "c", 1),
                                      poll("c3", 1, 30, {{"k1", 0}}, {{"k1", {{0, "x"}, {1, "x"}}}})};
    const auto j = judge_kafka(ops);
    EXPECT_EQ(j.counts.at("duplicated"), 2u);
    EXPECT_EQ(j.anomalies[0].text, "offset 1 of k0 holds two messages: \"b\" (send_ok of c1 op 2) and \"c\" (send_ok of c2 op 1)");
    EXPECT_EQ(j.anomalies[1].text, "message \"x\" is at offsets 0 (poll c3 op 1) and 1 (poll c3 op 1) of k1");
}

TEST(KafkaJudge, OffsetsOutOfOrder) {
    const std::vector<WorkloadOp> ops{send("c1", 1, 0, "k0", "a", 5), send("c1", 2, 10, "k0", "b", 3),
                                      poll("c2", 1, 30, {{"k0", 4}}, {{"k0", {{3, "b"}, {5, "a"}}}}),
                                      poll("c2", 2, 40, {{"k0", 0}}, {{"k0", {{5, "a"}, {3, "b"}}}})};
    const auto j = judge_kafka(ops);
    EXPECT_EQ(j.counts.at("out-of-order"), 3u);
    std::vector<std::string> texts;
    for (const auto& a : j.anomalies)
        texts.push_back(a.text);
    EXPECT_EQ(texts, (std::vector<std::string>{
                         "c2 op 1 (0.030s) returned offset 3 of k0 first, below the offset 4 asked for",
                         "c2 op 2 (0.040s) returned offset 3 of k0 after 5",
                         "c1 op 2 (0.010s) got offset 3 of k0, not above offset 5 of c1 op 1, acknowledged before it began"}));
}

TEST(KafkaClient, SendsPollsFromWhereItGotAndResumesFromCommittedOffsets) {
    test_support::RoleHarness h(test_support::HarnessSetup{
        .role = "kafka-client",
        .params = {{"target", "n1"}, {"rate", 100}, {"arrival", "fixed"}, {"keys", 1}, {"send_ratio", 0.0},
                   {"commit_ratio", 0.0}, {"list_ratio", 0.0}},
        .self = "c1",
        .peers = {"n1"},
        .peer_roles = {"external"}});
    h.start();
    h.advance(10ms);
    auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["type"], "poll");
    EXPECT_EQ(sent[0].body["offsets"], (Json{{"k0", 0}}));
    h.reply_to(sent[0], {{"type", "poll_ok"}, {"in_reply_to", sent[0].body["msg_id"]}, {"msgs", {{"k0", {{0, "a"}, {3, "b"}}}}}});
    h.advance(10ms);
    sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body["offsets"], (Json{{"k0", 4}})) << "the next poll starts after the last offset seen";
    // A definite error fails the operation; an indefinite one leaves it unknown.
    h.reply_to(sent[0], {{"type", "error"}, {"code", 11}, {"in_reply_to", sent[0].body["msg_id"]}});
    h.advance(10ms);
    sent = h.take_sent();
    h.reply_to(sent[0], {{"type", "error"}, {"code", 13}, {"in_reply_to", sent[0].body["msg_id"]}});
    std::vector<std::string> outcomes;
    for (const auto& op : h.ops())
        if (op.phase != "invoke")
            outcomes.push_back(op.phase);
    EXPECT_EQ(outcomes, (std::vector<std::string>{"ok", "fail", "info"}));
    EXPECT_EQ(h.ops()[3].value["error"], "temporarily-unavailable");
    EXPECT_EQ(h.ops()[3].value["code"], 11);
}

TEST(TxnClient, JudgesEachAnswerAndNamesAWrongTransaction) {
    test_support::RoleHarness h(test_support::HarnessSetup{
        .role = "txn-list-append-client",
        .params = {{"target", "n1"}, {"rate", 100}, {"arrival", "fixed"}, {"keys", 2}, {"max_txn_length", 3}},
        .self = "c7",
        .peers = {"n1"},
        .peer_roles = {"external"}});
    h.start();
    h.advance(10ms);
    auto sent = h.take_sent();
    ASSERT_EQ(sent.size(), 1u);
    const Json asked = sent[0].body["txn"];
    ASSERT_TRUE(asked.is_array() && !asked.empty() && asked.size() <= 3);
    for (const Json& m : asked) {
        EXPECT_TRUE(m[0] == "r" || m[0] == "append") << m.dump();
        if (m[0] == "append") {
            EXPECT_EQ(m[2].get<std::int64_t>() % 1000, 7) << "values carry the client's number";
        }
    }
    // The transaction with its reads filled in: ok.
    Json done = asked;
    for (Json& m : done)
        if (m[0] == "r")
            m[2] = Json::array({1});
    h.reply_to(sent[0], {{"type", "txn_ok"}, {"in_reply_to", sent[0].body["msg_id"]}, {"txn", done}});
    // txn-conflict (definite): failed.
    h.advance(10ms);
    sent = h.take_sent();
    h.reply_to(sent[0], {{"type", "error"}, {"code", 30}, {"in_reply_to", sent[0].body["msg_id"]}});
    // Another transaction than the one asked: a violation naming both, the outcome unknown.
    h.advance(10ms);
    sent = h.take_sent();
    h.reply_to(sent[0], {{"type", "txn_ok"}, {"in_reply_to", sent[0].body["msg_id"]}, {"txn", Json::array()}});
    std::vector<std::string> outcomes;
    for (const auto& op : h.ops())
        if (op.phase != "invoke")
            outcomes.push_back(op.phase);
    EXPECT_EQ(outcomes, (std::vector<std::string>{"ok", "fail", "info"}));
    EXPECT_EQ(h.violations(), 1u);
    EXPECT_EQ(h.snapshot()["wrong_answers"], 1);
}

}  // namespace
}  // namespace distlab
