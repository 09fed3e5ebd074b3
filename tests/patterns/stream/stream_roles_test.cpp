// The three stream roles alone, with the RoleHarness: the source as coordinator (job start,
// barriers, completion, restarts and replay), the operator (windows, late data, checkpoints),
// the sink (alignment and its three write modes), and what each does with a bad body.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::vector<Message> of_type(const std::vector<Message>& sent, std::string_view type, std::string_view to = {}) {
    std::vector<Message> out;
    for (const Message& m : sent)
        if (m.type == type && (to.empty() || m.to == to))
            out.push_back(m);
    return out;
}

// A channel message: body plus its place.
Json at(Json body, std::int64_t attempt, std::int64_t seq) {
    body["attempt"] = attempt;
    body["seq"] = seq;
    return body;
}

// ---- stream-source ----

std::unique_ptr<RoleHarness> source(Json params = Json::object()) {
    params["operators"] = {"o1", "o2"};
    params["sink"] = "out";
    if (!params.contains("rate"))
        params["rate"] = 100;
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "stream-source", .params = std::move(params), .self = "src", .peers = {"o1", "o2", "out"}});
    h->start();
    return h;
}

void hellos(RoleHarness& h, std::int64_t incarnation = 1) {
    for (const char* node : {"o1", "o2", "out"})
        h.deliver(node, "hello", {{"incarnation", incarnation}});
}

TEST(StreamSource, StartsTheJobOnceEveryTaskSaidHello) {
    auto h = source();
    EXPECT_EQ(h->phase(), "waiting");
    h->deliver("o1", "hello", {{"incarnation", 1}});
    h->deliver("out", "hello", {{"incarnation", 1}});
    h->advance(100ms);
    EXPECT_TRUE(h->take_sent().empty());   // no event before the job starts
    h->deliver("o2", "hello", {{"incarnation", 1}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    for (const Message& m : sent) {
        EXPECT_EQ(m.type, "restore");
        EXPECT_EQ(m.body, (Json{{"checkpoint", 0}, {"attempt", 1}, {"seq", 1}}));
    }
    EXPECT_EQ(h->phase(), "running");
}

TEST(StreamSource, RoutesEachKeyToOneOperatorInOffsetOrder) {
    auto h = source({{"keys", 4}});
    hellos(*h);
    h->take_sent();
    h->advance(500ms);
    std::int64_t expected_offset = 0;
    std::map<std::string, std::int64_t> next_seq = {{"o1", 2}, {"o2", 2}};
    for (const Message& m : of_type(h->take_sent(), "record")) {
        EXPECT_EQ(m.body["offset"], expected_offset++);
        const std::int64_t key = std::stoll(m.body["key"].get<std::string>().substr(1));
        EXPECT_EQ(m.to, key % 2 == 0 ? "o1" : "o2");
        EXPECT_EQ(m.body["seq"], next_seq[m.to]++);
        EXPECT_LE(m.body["t"].get<std::int64_t>(), h->now().count() / 1000000);
    }
    EXPECT_EQ(expected_offset, 50);
}

TEST(StreamSource, CompletesACheckpointWhenTheSinkAcknowledgesIt) {
    auto h = source({{"checkpoint_interval", "1s"}});
    hellos(*h);
    h->advance(1050ms);
    const auto barriers = of_type(h->take_sent(), "barrier");
    ASSERT_EQ(barriers.size(), 2u);
    EXPECT_EQ(barriers[0].body["checkpoint"], 1);
    const std::int64_t offset = h->snapshot()["offset"].get<std::int64_t>();
    h->deliver("out", "checkpoint_ack", {{"attempt", 1}, {"checkpoint", 2}});   // not the pending one
    EXPECT_EQ(h->counter("stale_acks"), 1);
    h->deliver("out", "checkpoint_ack", {{"attempt", 1}, {"checkpoint", 1}});
    EXPECT_EQ(of_type(h->take_sent(), "checkpoint_complete").size(), 3u);   // both operators and the sink
    EXPECT_EQ(h->snapshot()["checkpoint"], 1);
    EXPECT_LE(h->snapshot()["checkpoint_offset"].get<std::int64_t>(), offset);
    EXPECT_EQ(h->snapshot()["pending_checkpoint"], nullptr);
}

TEST(StreamSource, ARestartedTaskRestartsTheJobAndTheLogIsReplayedFromTheCheckpoint) {
    auto h = source({{"checkpoint_interval", "1s"}});
    hellos(*h);
    h->advance(1050ms);
    h->deliver("out", "checkpoint_ack", {{"attempt", 1}, {"checkpoint", 1}});
    const std::int64_t from = h->snapshot()["checkpoint_offset"].get<std::int64_t>();
    h->advance(500ms);
    const std::int64_t head = h->snapshot()["offset"].get<std::int64_t>();
    h->take_sent();
    h->deliver("o1", "hello", {{"incarnation", 1}});   // a repeat: nothing happens
    EXPECT_TRUE(h->take_sent().empty());
    h->deliver("o1", "hello", {{"incarnation", 2}});   // o1 restarted
    const auto sent = h->take_sent();
    const auto restores = of_type(sent, "restore");
    ASSERT_EQ(restores.size(), 2u);
    EXPECT_EQ(restores[0].body, (Json{{"checkpoint", 1}, {"attempt", 2}, {"seq", 1}}));
    const auto replay = of_type(sent, "record");
    ASSERT_EQ(std::ssize(replay), head - from);
    EXPECT_EQ(replay.front().body["offset"], from);
    EXPECT_EQ(h->phase(), "recovering");
    EXPECT_EQ(h->snapshot()["replayed"], head - from);
    // A late acknowledgement of the old attempt completes nothing.
    h->advance(1050ms);
    h->deliver("out", "checkpoint_ack", {{"attempt", 1}, {"checkpoint", 2}});
    EXPECT_EQ(h->snapshot()["checkpoint"], 1);
    h->deliver("out", "checkpoint_ack", {{"attempt", 2}, {"checkpoint", 2}});
    EXPECT_EQ(h->snapshot()["checkpoint"], 2);
    EXPECT_EQ(h->phase(), "running");
}

TEST(StreamSource, ARestartedSourceResumesItsLogAndRestartsTheJob) {
    auto h = source({{"checkpoint_interval", "1s"}});
    hellos(*h);
    h->advance(1050ms);
    h->deliver("out", "checkpoint_ack", {{"attempt", 1}, {"checkpoint", 1}});
    h->advance(300ms);
    const Json before = h->snapshot();
    h->take_sent();
    h->restart();
    const Json after = h->snapshot();
    EXPECT_EQ(after["attempt"], 2);
    EXPECT_EQ(after["checkpoint"], 1);
    EXPECT_EQ(after["offset"], before["offset"]);
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "restore").size(), 2u);
    EXPECT_EQ(std::ssize(of_type(sent, "record")),
              before["offset"].get<std::int64_t>() - before["checkpoint_offset"].get<std::int64_t>());
}

TEST(StreamSource, TheInputEndsWithAFinalCheckpoint) {
    auto h = source({{"checkpoint_interval", "10s"}, {"stop_at", "500ms"}});
    hellos(*h);
    h->advance(600ms);
    const auto sent = h->take_sent();
    EXPECT_EQ(of_type(sent, "end_of_input").size(), 2u);
    const auto barriers = of_type(sent, "barrier");
    ASSERT_EQ(barriers.size(), 2u);
    h->deliver("out", "checkpoint_ack", {{"attempt", 1}, {"checkpoint", barriers[0].body["checkpoint"]}});
    EXPECT_EQ(h->phase(), "finished");
    EXPECT_EQ(h->snapshot()["since_checkpoint"], 0);
    h->advance(1s);
    EXPECT_TRUE(of_type(h->take_sent(), "barrier").empty());   // nothing more to checkpoint
}

TEST(StreamSource, AbandonsACheckpointAfterItsTimeout) {
    auto h = source({{"checkpoint_interval", "1s"}, {"checkpoint_timeout", "2s"}});
    hellos(*h);
    h->advance(1050ms);
    h->advance(2100ms);
    EXPECT_EQ(h->counter("checkpoints_expired"), 1);
    const auto barriers = of_type(h->take_sent(), "barrier");
    ASSERT_EQ(barriers.size(), 4u);   // checkpoint 1 to both, then checkpoint 2 to both
    EXPECT_EQ(barriers.back().body["checkpoint"], 2);
}

TEST(StreamSource, TheNonePresetWaitsForACheckpointAsLongAsItTakes) {
    auto h = source({{"checkpoint_interval", "1s"}, {"preset", "none"}});
    hellos(*h);
    h->advance(20min);
    EXPECT_EQ(h->counter("checkpoints_expired"), 0);
    EXPECT_EQ(h->snapshot()["pending_checkpoint"], 1);
}

TEST(StreamSource, RefusesBadHellosAndAcks) {
    auto h = source();
    h->deliver("o1", "hello", Json::object());
    h->deliver("x", "hello", {{"incarnation", 1}});
    h->deliver("o1", "hello", {{"incarnation", "one"}});
    EXPECT_EQ(h->counter("malformed"), 3);
    h->deliver("out", "checkpoint_ack", {{"checkpoint", 1}});
    EXPECT_EQ(h->counter("malformed"), 4);
    h->deliver("o1", "record", Json::array());
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_EQ(h->phase(), "waiting");
    EXPECT_EQ(h->violations(), 0u);
}

// ---- stream-operator ----

std::unique_ptr<RoleHarness> op(Json params = Json::object()) {
    params["source"] = "src";
    params["sink"] = "out";
    auto h = std::make_unique<RoleHarness>(
        HarnessSetup{.role = "stream-operator", .params = std::move(params), .self = "o1", .peers = {"src", "out"}});
    h->start();
    return h;
}

// Sends records (key, t) from `seq` on; returns the next seq.
std::int64_t records(RoleHarness& h, std::int64_t attempt, std::int64_t seq, std::int64_t& offset,
                     const std::vector<std::pair<const char*, std::int64_t>>& events) {
    for (const auto& [key, t] : events)
        h.deliver("src", "record", at({{"offset", offset++}, {"key", key}, {"t", t}}, attempt, seq++));
    return seq;
}

TEST(StreamOperator, SaysHelloUntilARestoreComes) {
    auto h = op();
    EXPECT_EQ(of_type(h->take_sent(), "hello").size(), 1u);
    h->advance(1s);
    EXPECT_EQ(of_type(h->take_sent(), "hello").size(), 2u);
    h->deliver("src", "restore", at({{"checkpoint", 0}}, 1, 1));
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].to, "out");
    EXPECT_EQ(sent[0].body, (Json{{"checkpoint", 0}, {"attempt", 1}, {"seq", 1}}));
    h->advance(2s);
    EXPECT_TRUE(h->take_sent().empty());
    EXPECT_EQ(h->phase(), "running");
}

TEST(StreamOperator, CountsPerKeyAndWindowAndDropsOrSidelinesLateEvents) {
    for (const char* policy : {"drop", "side_output"}) {
        SCOPED_TRACE(policy);
        auto h = op({{"late_data", policy}});
        h->deliver("src", "restore", at({{"checkpoint", 0}}, 1, 1));
        h->take_sent();
        std::int64_t offset = 0;
        records(*h, 1, 2, offset, {{"k0", 100}, {"k0", 700}, {"k1", 400}, {"k0", 1600}, {"k0", 300}});
        const auto sent = h->take_sent();
        const auto results = of_type(sent, "result");
        ASSERT_EQ(results.size(), 2u);   // [0, 1s) fired at watermark 1100 for k0 and k1
        EXPECT_EQ(results[0].body["key"], "k0");
        EXPECT_EQ(results[0].body["count"], 2);
        EXPECT_EQ(results[1].body["key"], "k1");
        const auto late = of_type(sent, "late");
        if (std::string(policy) == "drop") {
            EXPECT_TRUE(late.empty());
            EXPECT_EQ(h->snapshot()["tally"]["late_dropped"], 1);
        } else {
            ASSERT_EQ(late.size(), 1u);
            EXPECT_EQ(late[0].body["offset"], 4);
            EXPECT_EQ(h->snapshot()["tally"]["side_output"], 1);
        }
        EXPECT_EQ(h->snapshot()["watermark"], 1100);
    }
}

TEST(StreamOperator, HandlesItsChannelInOrderWhateverOrderItArrivesIn) {
    auto h = op();
    h->deliver("src", "record", at({{"offset", 1}, {"key", "k0"}, {"t", 1600}}, 1, 3));
    h->deliver("src", "record", at({{"offset", 0}, {"key", "k0"}, {"t", 100}}, 1, 2));
    EXPECT_EQ(h->snapshot()["held"], 2);
    h->deliver("src", "restore", at({{"checkpoint", 0}}, 1, 1));
    EXPECT_EQ(h->snapshot()["held"], 0);
    EXPECT_EQ(h->snapshot()["tally"]["events"], 2);
    EXPECT_EQ(h->snapshot()["tally"]["late_dropped"], 0);   // in order, t=100 came first
}

TEST(StreamOperator, StoresItsStateAtABarrierAndRestoresItAfterARestart) {
    auto h = op();
    h->deliver("src", "restore", at({{"checkpoint", 0}}, 1, 1));
    std::int64_t offset = 0;
    std::int64_t seq = records(*h, 1, 2, offset, {{"k0", 100}, {"k0", 200}});
    h->take_sent();
    h->deliver("src", "barrier", at({{"checkpoint", 1}}, 1, seq++));
    const auto forwarded = of_type(h->take_sent(), "barrier");
    ASSERT_EQ(forwarded.size(), 1u);
    EXPECT_EQ(forwarded[0].body["checkpoint"], 1);
    auto stored = h->storage().read("stream_checkpoint_1");
    ASSERT_TRUE(stored && *stored);
    records(*h, 1, seq, offset, {{"k0", 300}});   // after the barrier: not in checkpoint 1

    h->restart();
    EXPECT_EQ(h->phase(), "waiting");
    EXPECT_EQ(of_type(h->take_sent(), "hello")[0].body["incarnation"], 2);
    h->deliver("src", "restore", at({{"checkpoint", 1}}, 2, 1));
    EXPECT_EQ(h->snapshot()["tally"]["events"], 2);
    EXPECT_EQ(h->snapshot()["checkpoint"], 1);
    std::int64_t replay_offset = 2;
    records(*h, 2, 2, replay_offset, {{"k0", 300}, {"k0", 2000}});
    const auto results = of_type(h->take_sent(), "result");
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].body["count"], 3);   // 2 from the checkpoint, 1 replayed: counted once
    EXPECT_EQ(results[0].body["attempt"], 2);
}

TEST(StreamOperator, AMissingCheckpointIsAViolationNotACrash) {
    auto h = op();
    h->deliver("src", "restore", at({{"checkpoint", 7}}, 1, 1));
    EXPECT_EQ(h->violations(), 1u);
    EXPECT_EQ(h->phase(), "running");
}

TEST(StreamOperator, RefusesBadMessages) {
    auto h = op();
    h->deliver("src", "record", {{"offset", 0}, {"key", "k0"}, {"t", 1}});                  // no place
    h->deliver("x", "record", at({{"offset", 0}, {"key", "k0"}, {"t", 1}}, 1, 2));         // a stranger
    h->deliver("src", "record", at({{"offset", 0}, {"key", "k0"}, {"t", 1}}, 1, 1));       // not a restore
    EXPECT_EQ(h->counter("malformed"), 2);
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    h->deliver("src", "restore", at({{"checkpoint", 0}}, 2, 1));
    h->deliver("src", "record", at({{"offset", "zero"}, {"key", "k0"}, {"t", 1}}, 2, 2));
    h->deliver("src", "barrier", at({{"checkpoint", 0}}, 2, 3));
    EXPECT_EQ(h->counter("malformed"), 4);
    EXPECT_EQ(h->violations(), 0u);
}

// ---- stream-sink ----

std::unique_ptr<RoleHarness> sink(const char* mode) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "stream-sink",
                                                        .params = {{"operators", {"o1", "o2"}}, {"source", "src"}, {"mode", mode}},
                                                        .self = "out",
                                                        .peers = {"src", "o1", "o2"}});
    h->start();
    return h;
}

void open(RoleHarness& h, std::int64_t attempt, std::int64_t checkpoint) {
    for (const char* node : {"o1", "o2"})
        h.deliver(node, "restore", at({{"checkpoint", checkpoint}}, attempt, 1));
}

void result(RoleHarness& h, const char* from, std::int64_t attempt, std::int64_t seq, const char* key,
            std::int64_t start, std::int64_t count, std::int64_t firing = 0) {
    h.deliver(from, "result",
              at({{"key", key}, {"start", start}, {"end", start + 1000}, {"count", count}, {"firing", firing}}, attempt, seq));
}

std::int64_t count_of(const RoleHarness& h, const char* key, const char* start) {
    const Json snap = h.snapshot();
    if (!snap["counts"].contains(key) || !snap["counts"][key].contains(start))
        return 0;
    return snap["counts"][key][start].get<std::int64_t>();
}

TEST(StreamSink, AlignsBarriersBeforeItAcknowledgesACheckpoint) {
    auto h = sink("transactional");
    open(*h, 1, 0);
    h->take_sent();
    h->deliver("o1", "barrier", at({{"checkpoint", 1}}, 1, 2));
    result(*h, "o1", 1, 3, "k0", 0, 5);   // after o1's barrier: held back
    EXPECT_EQ(h->phase(), "aligning");
    EXPECT_EQ(h->snapshot()["aligning"], 1);
    EXPECT_EQ(h->snapshot()["pending"], 0);
    result(*h, "o2", 1, 2, "k1", 0, 4);   // before o2's barrier: part of checkpoint 1
    EXPECT_TRUE(of_type(h->take_sent(), "checkpoint_ack").empty());
    h->deliver("o2", "barrier", at({{"checkpoint", 1}}, 1, 3));
    const auto acks = of_type(h->take_sent(), "checkpoint_ack");
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].body, (Json{{"attempt", 1}, {"checkpoint", 1}}));
    EXPECT_EQ(h->phase(), "running");
    EXPECT_EQ(h->snapshot()["pending"], 2);   // k1 pre-committed in 1, k0 in the next one
    EXPECT_EQ(count_of(*h, "k1", "0"), 0);    // nothing visible before the commit
    h->deliver("src", "checkpoint_complete", {{"checkpoint", 1}});
    EXPECT_EQ(count_of(*h, "k1", "0"), 4);
    EXPECT_EQ(count_of(*h, "k0", "0"), 0);
    EXPECT_EQ(h->snapshot()["committed"], 1);
}

TEST(StreamSink, TransactionalAbortsWhatARestartReplaysAndCountsItOnce) {
    auto h = sink("transactional");
    open(*h, 1, 0);
    result(*h, "o1", 1, 2, "k0", 0, 5);
    h->deliver("o1", "barrier", at({{"checkpoint", 1}}, 1, 3));
    h->deliver("o2", "barrier", at({{"checkpoint", 1}}, 1, 2));
    result(*h, "o1", 1, 4, "k0", 1000, 7);   // after checkpoint 1
    h->restart();                            // the sink crashes before checkpoint 1 completes
    open(*h, 2, 1);                          // the job restarts from checkpoint 1: it completed
    result(*h, "o1", 2, 2, "k0", 1000, 7);   // replayed
    h->deliver("o1", "barrier", at({{"checkpoint", 2}}, 2, 3));
    h->deliver("o2", "barrier", at({{"checkpoint", 2}}, 2, 2));
    h->deliver("src", "checkpoint_complete", {{"checkpoint", 2}});
    EXPECT_EQ(count_of(*h, "k0", "0"), 5);
    EXPECT_EQ(count_of(*h, "k0", "1000"), 7);
    EXPECT_EQ(h->snapshot()["committed"], 2);
}

TEST(StreamSink, AtLeastOnceAddsAReplayedResultAgainAndIdempotentDoesNot) {
    for (const char* mode : {"at_least_once", "idempotent"}) {
        SCOPED_TRACE(mode);
        auto h = sink(mode);
        open(*h, 1, 0);
        result(*h, "o1", 1, 2, "k0", 0, 5);
        EXPECT_EQ(count_of(*h, "k0", "0"), 5);   // visible at once
        h->deliver("o1", "late", at({{"key", "k0"}, {"t", 10}, {"offset", 9}}, 1, 3));
        open(*h, 2, 0);                           // the job restarts from the start
        result(*h, "o1", 2, 2, "k0", 0, 5);
        h->deliver("o1", "late", at({{"key", "k0"}, {"t", 10}, {"offset", 9}}, 2, 3));
        const bool idempotent = std::string(mode) == "idempotent";
        EXPECT_EQ(count_of(*h, "k0", "0"), idempotent ? 5 : 10);
        EXPECT_EQ(h->snapshot()["late"]["k0"], idempotent ? 1 : 2);
        EXPECT_EQ(h->snapshot()["duplicates"], idempotent ? 2 : 0);
    }
}

TEST(StreamSink, ItsTableSurvivesARestart) {
    auto h = sink("at_least_once");
    open(*h, 1, 0);
    result(*h, "o2", 1, 2, "k1", 3000, 9);
    h->take_sent();
    h->restart();
    EXPECT_EQ(count_of(*h, "k1", "3000"), 9);
    EXPECT_EQ(of_type(h->take_sent(), "hello")[0].body["incarnation"], 2);
}

TEST(StreamSink, RefusesBadMessages) {
    auto h = sink("transactional");
    open(*h, 1, 0);
    h->deliver("o1", "result", at({{"key", "k0"}, {"start", "zero"}, {"count", 1}, {"firing", 0}}, 1, 2));
    h->deliver("o1", "result", at({{"start", 0}, {"count", 1}, {"firing", 0}}, 1, 3));
    h->deliver("o1", "late", at({{"key", "k0"}}, 1, 4));
    h->deliver("o2", "barrier", at(Json::object(), 1, 2));
    h->deliver("src", "checkpoint_complete", Json::object());
    EXPECT_EQ(h->counter("malformed"), 5);
    h->deliver("x", "result", at({{"key", "k0"}}, 1, 2));
    EXPECT_EQ(h->counter("unexpected_messages"), 1);
    EXPECT_EQ(h->snapshot()["pending"], 0);
    EXPECT_EQ(h->violations(), 0u);
}

}  // namespace
}  // namespace distlab::test_support
