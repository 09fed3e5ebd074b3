#include "netlab/telemetry/telemetry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "netlab/telemetry/event_log.h"

namespace distlab::netlab {
namespace {

using core::Json;

core::Envelope frame(core::FrameKind kind, std::string body, std::string type = {}) {
    core::Envelope env;
    env.kind = kind;
    env.src = "n1";
    env.type = std::move(type);
    env.body = std::move(body);
    return env;
}

// Feeds frames through a Telemetry and returns what its sink received.
class TelemetryTest : public ::testing::Test {
protected:
    TelemetryTest() { telemetry_.add_sink(log_); }

    const std::vector<Event>& feed(const core::NodeId& node, core::FrameKind kind, std::string body,
                                   std::string type = {}, std::int64_t t_ns = 1) {
        telemetry_.on_node_frame(node, frame(kind, std::move(body), std::move(type)), t_ns);
        telemetry_.flush();
        return log_.events();
    }

    Telemetry telemetry_;
    EventLog log_;
};

TEST_F(TelemetryTest, StateEventsCarryTheCanonicalSnapshotAndAPatchAgainstThePreviousOne) {
    std::vector<std::pair<core::NodeId, Json>> seen;
    telemetry_.on_state = [&](const core::NodeId& node) { seen.emplace_back(node, *telemetry_.latest_state(node)); };

    feed("n1", core::FrameKind::State, R"({ "term": 1, "role": "follower" })", {}, 10);
    feed("n1", core::FrameKind::State, R"({"term": 2, "role": "candidate", "votes": ["n1"]})", {}, 20);
    ASSERT_EQ(log_.events().size(), 2u);

    const Event& first = log_.events()[0];
    EXPECT_EQ(first.kind, EventKind::State);
    EXPECT_EQ(first.node, "n1");
    EXPECT_EQ(first.t_ns, 10);
    EXPECT_EQ(first.data, R"({"role":"follower","term":1})");
    EXPECT_EQ(Json::parse(first.aux), Json::diff(Json::object(), Json::parse(first.data)));

    const Event& second = log_.events()[1];
    const Json s1 = Json::parse(first.data);
    const Json s2 = Json::parse(second.data);
    EXPECT_EQ(s2, Json::parse(R"({"term": 2, "role": "candidate", "votes": ["n1"]})"));
    EXPECT_EQ(Json::parse(second.aux), Json::diff(s1, s2));
    EXPECT_EQ(s1.patch(Json::parse(second.aux)), s2);

    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].second, s2);
    ASSERT_NE(telemetry_.latest_state("n1"), nullptr);
    EXPECT_EQ(*telemetry_.latest_state("n1"), s2);
    EXPECT_EQ(telemetry_.latest_state("n2"), nullptr);
}

// The simulator's nodes are in-process role drivers, whose text is already canonical: it is
// recorded as it came (and still parsed for the selectors and state views).
TEST_F(TelemetryTest, TrustedStateTextIsRecordedAsItCame) {
    telemetry_.trusted_state_text = true;
    feed("n1", core::FrameKind::State, R"({"role":"follower","term":1})", {}, 10);
    feed("n1", core::FrameKind::State, R"({ "term": 2 })", {}, 20);   // as sent, trusted
    ASSERT_EQ(log_.events().size(), 2u);
    EXPECT_EQ(log_.events()[0].data, R"({"role":"follower","term":1})");
    EXPECT_EQ(log_.events()[1].data, R"({ "term": 2 })");
    ASSERT_NE(telemetry_.latest_state("n1"), nullptr);
    EXPECT_EQ(*telemetry_.latest_state("n1"), Json::parse(R"({"term":2})"));
    feed("n1", core::FrameKind::State, "not json", {}, 30);   // still refused
    ASSERT_EQ(log_.events().size(), 3u);
    EXPECT_EQ(log_.events().back().kind, EventKind::Log);   // the lab's error line, no state event
    EXPECT_EQ(log_.events().back().type, "error");
}

// A chaos run neither diffs nor rewrites snapshots: a trusted one is kept as text and parsed only
// when something reads it (the leader selector, a narrative condition).
TEST_F(TelemetryTest, TrustedSnapshotsWithoutPatchesAreParsedWhenRead) {
    telemetry_.trusted_state_text = true;
    telemetry_.state_patches = false;
    std::vector<core::NodeId> told;
    telemetry_.on_state = [&](const core::NodeId& node) { told.push_back(node); };
    feed("n1", core::FrameKind::State, R"({"role":"follower","term":1})", {}, 10);
    feed("n1", core::FrameKind::State, R"({"role":"leader","term":2})", {}, 20);
    ASSERT_EQ(log_.events().size(), 2u);
    EXPECT_TRUE(log_.events()[1].aux.empty());
    EXPECT_EQ(told, (std::vector<core::NodeId>{"n1", "n1"}));
    ASSERT_NE(telemetry_.latest_state("n1"), nullptr);
    EXPECT_EQ(*telemetry_.latest_state("n1"), Json::parse(R"({"role":"leader","term":2})"));
    feed("n1", core::FrameKind::State, R"({"role":"follower","term":3})", {}, 30);
    EXPECT_EQ(telemetry_.latest_state("n1")->at("term"), 3);   // the cached parse is not kept
    telemetry_.forget_state("n1");
    EXPECT_EQ(telemetry_.latest_state("n1"), nullptr);
}

TEST_F(TelemetryTest, ForgetStateMakesTheNextPatchStartFromEmpty) {
    feed("n1", core::FrameKind::State, R"({"a": 1, "b": 2})");
    telemetry_.forget_state("n1");
    EXPECT_EQ(telemetry_.latest_state("n1"), nullptr);
    feed("n1", core::FrameKind::State, R"({"a": 1})");
    ASSERT_EQ(log_.events().size(), 2u);
    EXPECT_EQ(Json::parse(log_.events()[1].aux), Json::diff(Json::object(), Json{{"a", 1}}));
}

TEST_F(TelemetryTest, PhaseFramesBecomePhaseEventsNamingThePhaseLeft) {
    std::vector<std::pair<core::NodeId, std::string>> seen;
    telemetry_.on_phase = [&](const core::NodeId& node, const std::string& phase) { seen.emplace_back(node, phase); };
    EXPECT_EQ(telemetry_.phase_of("n1"), "");
    feed("n1", core::FrameKind::Phase, R"({"reason": "starts closed"})", "closed", 3);
    feed("n1", core::FrameKind::Phase, R"({"reason": "12 of 20 calls failed"})", "open", 8);
    ASSERT_EQ(log_.events().size(), 2u);
    const Event& open = log_.events()[1];
    EXPECT_EQ(open.kind, EventKind::Phase);
    EXPECT_EQ(open.node, "n1");
    EXPECT_EQ(open.type, "open");
    EXPECT_EQ(open.t_ns, 8);
    EXPECT_EQ(Json::parse(open.data), (Json{{"from", "closed"}, {"reason", "12 of 20 calls failed"}}));
    EXPECT_EQ(Json::parse(log_.events()[0].data)["from"], "");
    EXPECT_EQ(telemetry_.phase_of("n1"), "open");
    EXPECT_EQ(seen, (std::vector<std::pair<core::NodeId, std::string>>{{"n1", "closed"}, {"n1", "open"}}));

    // A dead node forgets its phase: the restarted role announces its first one again.
    telemetry_.forget_state("n1");
    EXPECT_EQ(telemetry_.phase_of("n1"), "");
}

TEST_F(TelemetryTest, MalformedPhaseFramesBecomeErrors) {
    feed("n1", core::FrameKind::Phase, R"({"reason": "x"})", "");
    feed("n1", core::FrameKind::Phase, "not json", "open");
    ASSERT_EQ(log_.events().size(), 2u);
    for (const Event& e : log_.events()) {
        EXPECT_EQ(e.kind, EventKind::Log);
        EXPECT_EQ(e.type, "error");
        EXPECT_NE(e.data.find("malformed phase frame from n1"), std::string::npos) << e.data;
    }
    EXPECT_EQ(telemetry_.phase_of("n1"), "");
}

TEST_F(TelemetryTest, OpFramesBecomeInvocationsAndCompletions) {
    feed("c1", core::FrameKind::Op, R"({"op": 7, "phase": "invoke", "f": "write", "value": {"k": "x", "v": 1}})", {}, 5);
    feed("c1", core::FrameKind::Op, R"({"op": 7, "phase": "ok", "value": null})", {}, 9);
    feed("c1", core::FrameKind::Op, R"({"op": 8, "phase": "info"})", {}, 11);
    ASSERT_EQ(log_.events().size(), 3u);

    const Event& inv = log_.events()[0];
    EXPECT_EQ(inv.kind, EventKind::OpInvoked);
    EXPECT_EQ(inv.node, "c1");
    EXPECT_EQ(inv.msg_id, 7u);
    EXPECT_EQ(inv.type, "write");
    EXPECT_EQ(Json::parse(inv.data), (Json{{"k", "x"}, {"v", 1}}));

    const Event& ok = log_.events()[1];
    EXPECT_EQ(ok.kind, EventKind::OpCompleted);
    EXPECT_EQ(ok.msg_id, 7u);
    EXPECT_EQ(ok.type, "ok");
    EXPECT_EQ(ok.data, "null");
    EXPECT_EQ(ok.t_ns, 9);

    EXPECT_EQ(log_.events()[2].type, "info");
    EXPECT_EQ(log_.events()[2].msg_id, 8u);
}

TEST_F(TelemetryTest, LogMetricAndViolationFrames) {
    feed("n1", core::FrameKind::Log, R"({"level": "warn", "text": "slow disk"})");
    feed("n1", core::FrameKind::Metric, R"({"counters": {"sent": 3}})");
    feed("n1", core::FrameKind::Control, "two leaders in term 4", "violation");
    feed("n1", core::FrameKind::Control, R"({"text": "lost write"})", "violation");
    feed("n1", core::FrameKind::Control, "{}", "hello");
    ASSERT_EQ(log_.events().size(), 4u);
    EXPECT_EQ(log_.events()[0].kind, EventKind::Log);
    EXPECT_EQ(log_.events()[0].type, "warn");
    EXPECT_EQ(log_.events()[0].data, "slow disk");
    EXPECT_EQ(log_.events()[1].kind, EventKind::Metric);
    EXPECT_EQ(Json::parse(log_.events()[1].data)["counters"]["sent"], 3);
    EXPECT_EQ(log_.events()[2].kind, EventKind::Violation);
    EXPECT_EQ(log_.events()[2].data, "two leaders in term 4");
    EXPECT_EQ(log_.events()[3].data, "lost write");
}

TEST_F(TelemetryTest, MalformedBodiesBecomeErrorLogsAndNeverThrow) {
    const std::vector<std::pair<core::FrameKind, std::string>> bad = {
        {core::FrameKind::Log, "not json"},
        {core::FrameKind::Log, R"({"level": 3, "text": "x"})"},
        {core::FrameKind::Log, R"(["level", "text"])"},
        {core::FrameKind::State, R"({"term": )"},
        {core::FrameKind::State, "\xff\xfe"},
        {core::FrameKind::Metric, "[1, 2]"},
        {core::FrameKind::Op, R"({"phase": "ok"})"},
        {core::FrameKind::Op, R"({"op": -1, "phase": "ok"})"},
        {core::FrameKind::Op, R"({"op": 1, "phase": "done"})"},
        {core::FrameKind::Op, R"({"op": 1, "phase": "invoke"})"},
        {core::FrameKind::Op, ""},
    };
    for (const auto& [kind, body] : bad) {
        SCOPED_TRACE(body);
        const std::size_t before = log_.events().size();
        ASSERT_NO_THROW(feed("n7", kind, body));
        ASSERT_EQ(log_.events().size(), before + 1);
        const Event& e = log_.events().back();
        EXPECT_EQ(e.kind, EventKind::Log);
        EXPECT_EQ(e.type, "error");
        EXPECT_EQ(e.node, "n7");
        EXPECT_NE(e.data.find("malformed"), std::string::npos);
    }
    EXPECT_EQ(telemetry_.latest_state("n7"), nullptr);
}

TEST_F(TelemetryTest, EventsReachSinksInBatches) {
    Event e;
    e.kind = EventKind::Step;
    for (std::size_t i = 0; i + 1 < Telemetry::kBatchSize; ++i) {
        e.t_ns = static_cast<std::int64_t>(i);
        telemetry_.emit(e);
    }
    EXPECT_TRUE(log_.events().empty());
    telemetry_.emit(e);
    EXPECT_EQ(log_.events().size(), Telemetry::kBatchSize);
    telemetry_.emit(e);
    EXPECT_EQ(log_.events().size(), Telemetry::kBatchSize);
    telemetry_.flush();
    EXPECT_EQ(log_.events().size(), Telemetry::kBatchSize + 1);
    for (std::size_t i = 0; i + 1 < Telemetry::kBatchSize; ++i) {
        ASSERT_EQ(log_.events()[i].t_ns, static_cast<std::int64_t>(i));
    }
    EXPECT_EQ(log_.take().size(), Telemetry::kBatchSize + 1);
    EXPECT_TRUE(log_.events().empty());
}

TEST(EventKindNames, RoundTrip) {
    for (int k = static_cast<int>(EventKind::RunStarted); k <= static_cast<int>(kLastEventKind); ++k) {
        const auto kind = static_cast<EventKind>(k);
        EXPECT_EQ(event_kind_from_string(to_string(kind)), kind);
    }
    EXPECT_EQ(to_string(EventKind::MessageDropped), "message_dropped");
    EXPECT_FALSE(event_kind_from_string("bogus").has_value());
}

}  // namespace
}  // namespace distlab::netlab
