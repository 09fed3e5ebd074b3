#include "netlab/checks/run_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace distlab::netlab {
namespace {

constexpr std::int64_t kMs = 1'000'000;

Event ev(std::int64_t t_ms, EventKind kind, std::string node, std::string peer = {}, std::uint64_t id = 0,
         std::string type = {}) {
    Event e;
    e.t_ns = t_ms * kMs;
    e.kind = kind;
    e.node = std::move(node);
    e.peer = std::move(peer);
    e.msg_id = id;
    e.type = std::move(type);
    return e;
}

// Three nodes; 4 sent, 3 delivered, 1 dropped, 1 duplicated; ops: ok after 10ms and 30ms,
// one fail, one info, one never completed; one fault.
std::vector<Event> known_stream() {
    return {
        ev(0, EventKind::NodeStarted, "c1"),
        ev(0, EventKind::NodeStarted, "s1"),
        ev(0, EventKind::NodeStarted, "s2"),
        ev(10, EventKind::OpInvoked, "c1", {}, 1, "write"),
        ev(11, EventKind::MessageSent, "c1", "s1", 1, "put"),
        ev(12, EventKind::MessageDelivered, "c1", "s1", 1, "put"),
        ev(13, EventKind::MessageSent, "s1", "c1", 1, "put_reply"),
        ev(14, EventKind::MessageDuplicated, "s1", "c1", 1, "put_reply"),
        ev(15, EventKind::MessageDelivered, "s1", "c1", 1, "put_reply"),
        ev(20, EventKind::OpCompleted, "c1", {}, 1, "ok"),
        ev(100, EventKind::OpInvoked, "c1", {}, 2, "read"),
        ev(101, EventKind::MessageSent, "c1", "s2", 2, "get"),
        ev(102, EventKind::MessageDelivered, "c1", "s2", 2, "get"),
        ev(103, EventKind::MessageSent, "s2", "c1", 2, "get_reply"),
        ev(104, EventKind::MessageDropped, "s2", "c1", 2, "get_reply"),
        ev(130, EventKind::OpCompleted, "c1", {}, 2, "ok"),
        ev(200, EventKind::OpInvoked, "c1", {}, 3, "write"),
        ev(210, EventKind::OpCompleted, "c1", {}, 3, "fail"),
        ev(300, EventKind::FaultInjected, "s1", {}, 0, "kill"),
        ev(400, EventKind::OpInvoked, "c1", {}, 4, "write"),
        ev(900, EventKind::OpCompleted, "c1", {}, 4, "info"),
        ev(1000, EventKind::OpInvoked, "c1", {}, 5, "read"),
    };
}

TEST(RunStats, KnownStream) {
    const RunStats s = compute_stats(known_stream(), std::chrono::seconds(2));
    EXPECT_DOUBLE_EQ(s.duration_s, 2.0);
    EXPECT_EQ(s.nodes, 3);
    EXPECT_EQ(s.messages.sent, 4u);
    EXPECT_EQ(s.messages.delivered, 3u);
    EXPECT_EQ(s.messages.dropped, 1u);
    EXPECT_EQ(s.messages.duplicated, 1u);
    EXPECT_EQ(s.ops.invoked, 5u);
    EXPECT_EQ(s.ops.ok, 2u);
    EXPECT_EQ(s.ops.failed, 1u);
    EXPECT_EQ(s.ops.unknown, 2u);
    EXPECT_DOUBLE_EQ(s.throughput_ops_s, 1.0);
    EXPECT_DOUBLE_EQ(s.latency_ms.p50, 10.0);
    EXPECT_DOUBLE_EQ(s.latency_ms.p90, 30.0);
    EXPECT_DOUBLE_EQ(s.latency_ms.p99, 30.0);
    EXPECT_DOUBLE_EQ(s.latency_ms.max, 30.0);
}

TEST(RunStats, JsonHasTheSummaryShape) {
    const RunStats s = compute_stats(known_stream(), std::chrono::seconds(2));
    const core::Json expected = core::Json::parse(R"({
        "duration_s": 2.0, "nodes": 3,
        "messages": {"sent": 4, "delivered": 3, "dropped": 1, "duplicated": 1},
        "ops": {"invoked": 5, "ok": 2, "failed": 1, "unknown": 2},
        "throughput_ops_s": 1.0,
        "latency_ms": {"p50": 10.0, "p90": 30.0, "p99": 30.0, "max": 30.0},
        "latency_by_op": {"read": {"ops": 1, "p50": 30.0, "p90": 30.0, "p99": 30.0, "max": 30.0},
                          "write": {"ops": 1, "p50": 10.0, "p90": 10.0, "p99": 10.0, "max": 10.0}}})");
    EXPECT_EQ(s.to_json(), expected);
}

// A protected client beside a stalled one: the overall p99 is the stalled one's, so each client
// gets its own figures. One client (or one operation) adds no group: it would repeat the total.
TEST(RunStats, LatencyPerClientAndPerOperationWhenThereAreSeveral) {
    std::vector<Event> events;
    for (std::uint64_t i = 1; i <= 100; ++i) {
        const auto t = static_cast<std::int64_t>(i * 10);
        events.push_back(ev(t, EventKind::OpInvoked, "c1", {}, i, "call"));
        events.push_back(ev(t + 5, EventKind::OpCompleted, "c1", {}, i, "ok"));
        events.push_back(ev(t, EventKind::OpInvoked, "c2", {}, i, "call"));
        events.push_back(ev(t + (i % 10 == 0 ? 900 : 5), EventKind::OpCompleted, "c2", {}, i, "ok"));
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
    const RunStats s = compute_stats(events, std::chrono::seconds(2));
    EXPECT_DOUBLE_EQ(s.latency_ms.p99, 900.0);
    ASSERT_EQ(s.latency_by_client.size(), 2u);
    EXPECT_EQ(s.latency_by_client.at("c1").ops, 100u);
    EXPECT_DOUBLE_EQ(s.latency_by_client.at("c1").latency.p99, 5.0);
    EXPECT_DOUBLE_EQ(s.latency_by_client.at("c2").latency.p99, 900.0);
    EXPECT_DOUBLE_EQ(s.latency_by_client.at("c2").latency.p50, 5.0);
    EXPECT_TRUE(s.latency_by_op.empty());
    const core::Json j = s.to_json();
    EXPECT_EQ(j["latency_by_client"]["c1"]["ops"], 100);
    EXPECT_DOUBLE_EQ(j["latency_by_client"]["c2"]["p99"].get<double>(), 900.0);
    EXPECT_FALSE(j.contains("latency_by_op"));

    const RunStats one = compute_stats(known_stream(), std::chrono::seconds(2));
    EXPECT_TRUE(one.latency_by_client.empty());
}

TEST(RunStats, EmptyRun) {
    const RunStats s = compute_stats({}, std::chrono::seconds(0));
    EXPECT_EQ(s.nodes, 0);
    EXPECT_EQ(s.ops.invoked, 0u);
    EXPECT_DOUBLE_EQ(s.throughput_ops_s, 0.0);
    EXPECT_DOUBLE_EQ(s.latency_ms.max, 0.0);
}

TEST(RunStats, PercentilesUseNearestRank) {
    std::vector<Event> events;
    for (std::uint64_t i = 1; i <= 200; ++i) {
        events.push_back(ev(0, EventKind::OpInvoked, "c1", {}, i, "read"));
        events.push_back(ev(static_cast<std::int64_t>(i), EventKind::OpCompleted, "c1", {}, i, "ok"));
    }
    const RunStats s = compute_stats(events, std::chrono::seconds(10));
    EXPECT_DOUBLE_EQ(s.latency_ms.p50, 100.0);
    EXPECT_DOUBLE_EQ(s.latency_ms.p90, 180.0);
    EXPECT_DOUBLE_EQ(s.latency_ms.p99, 198.0);
    EXPECT_DOUBLE_EQ(s.latency_ms.max, 200.0);
    EXPECT_DOUBLE_EQ(s.throughput_ops_s, 20.0);
}

TEST(RunStats, SummaryJson) {
    const RunStats s = compute_stats(known_stream(), std::chrono::seconds(2));
    CheckResult pass{"no_violations", Verdict::Pass, "no violations", std::nullopt};
    CheckResult unknown{"recovers", Verdict::Unknown, "no fault was injected during the run", std::nullopt};
    unknown.detail_zh = "运行期间没有注入故障";
    unknown.nodes = {"s1", "c1"};
    const core::Json j = summary_json("raft-leader-failover", false, {pass, unknown}, s, "OUT.distlab");
    const core::Json expected = {
        {"scenario", "raft-leader-failover"},
        {"passed", false},
        {"checks",
         {{{"name", "no_violations"},
           {"passed", true},
           {"detail", "no violations"},
           {"detail_zh", "no violations"},   // not translated: the English
           {"nodes", core::Json::array()}},
          {{"name", "recovers"},
           {"passed", false},
           {"detail", "no fault was injected during the run"},
           {"detail_zh", "运行期间没有注入故障"},
           {"nodes", {"s1", "c1"}}}}},
        {"stats", s.to_json()},
        {"recording", "OUT.distlab"}};
    EXPECT_EQ(j, expected);
    EXPECT_TRUE(summary_json("x", true, {}, s, "")["recording"].is_null());
}

TEST(LiveCounters, AccumulatesAcrossBatches) {
    const auto events = known_stream();
    LiveCounters live;
    live.update(std::span<const Event>(events.data(), 10));
    EXPECT_EQ(live.sent, 2u);
    EXPECT_EQ(live.ops_ok, 1u);
    live.update(std::span<const Event>(events.data() + 10, events.size() - 10));
    EXPECT_EQ(live.sent, 4u);
    EXPECT_EQ(live.delivered, 3u);
    EXPECT_EQ(live.dropped, 1u);
    EXPECT_EQ(live.ops_invoked, 5u);
    EXPECT_EQ(live.ops_ok, 2u);
    EXPECT_EQ(live.faults, 1u);
    EXPECT_EQ(live.last_t_ns, 1000 * kMs);
    EXPECT_EQ(live.line(), "1.0s  sent 4  delivered 3  dropped 1  ops 2/5 ok  faults 1");
}

}  // namespace
}  // namespace distlab::netlab
