// The figures of a report, on a hand-built event stream whose answers are known.
#include <gtest/gtest.h>

#include "netlab/report/report_data.h"
#include "report_fixture.h"

namespace distlab::netlab {
namespace {

using test::kMs;

TEST(ReportData, RunFactsAndTopology) {
    const ReportData d = test::KnownRun().data();
    EXPECT_EQ(d.name, "known-run");
    EXPECT_EQ(d.seed, 9u);
    EXPECT_EQ(d.duration_ns, 6000 * kMs);
    EXPECT_FALSE(d.passed);
    ASSERT_EQ(d.nodes.size(), 4u);
    EXPECT_EQ(d.links.size(), 6u);   // full mesh of four nodes
    ASSERT_EQ(d.steps.size(), 2u);
    EXPECT_EQ(d.steps[1].t_ns, 2000 * kMs);
    EXPECT_EQ(d.steps[1].say.zh, "领导者宕机");
}

TEST(ReportData, FaultIntervalPairsInjectionWithHealById) {
    const ReportData d = test::KnownRun().data();
    ASSERT_EQ(d.faults.size(), 1u);
    EXPECT_EQ(d.faults[0].kind, "kill");
    EXPECT_EQ(d.faults[0].label, "kill [n1]");
    EXPECT_EQ(d.faults[0].start_ns, 2000 * kMs);
    EXPECT_EQ(d.faults[0].end_ns, 4000 * kMs);
    EXPECT_TRUE(d.faults[0].healed);
    EXPECT_FALSE(d.faults[0].instant);
}

TEST(ReportData, OperationsAndLatencyPercentiles) {
    const ReportData d = test::KnownRun().data();
    EXPECT_EQ(d.ops_invoked, 6u);
    EXPECT_EQ(d.ops_ok, 3u);
    EXPECT_EQ(d.ops_failed, 1u);
    EXPECT_EQ(d.ops_unknown, 2u);
    ASSERT_EQ(d.latency.size(), 2u);   // "all" and "write"
    const LatencyRow& all = d.latency[0];
    EXPECT_EQ(all.function, "all");
    EXPECT_EQ(all.count, 3u);
    EXPECT_DOUBLE_EQ(all.p50, 20.0);
    EXPECT_DOUBLE_EQ(all.p90, 40.0);
    EXPECT_DOUBLE_EQ(all.p99, 40.0);
    EXPECT_DOUBLE_EQ(all.p999, 40.0);
    EXPECT_DOUBLE_EQ(all.max, 40.0);
    EXPECT_EQ(d.latency[1].function, "write");
}

TEST(ReportData, AvailabilityBeforeDuringAfterTheFault) {
    const ReportData d = test::KnownRun().data();
    ASSERT_EQ(d.availability.size(), 1u);
    const FaultAvailability& a = d.availability[0];
    EXPECT_EQ(a.before.ops, 2u);
    EXPECT_EQ(a.before.ok, 2u);
    EXPECT_DOUBLE_EQ(*a.before.share, 1.0);
    EXPECT_EQ(a.during.ops, 2u);   // the failed one and the one that never completed
    EXPECT_DOUBLE_EQ(*a.during.share, 0.0);
    EXPECT_EQ(a.after.ops, 2u);    // one ok, one info
    EXPECT_DOUBLE_EQ(*a.after.share, 0.5);
}

TEST(ReportData, MessagesPerType) {
    const ReportData d = test::KnownRun().data();
    ASSERT_EQ(d.messages.size(), 3u);
    EXPECT_EQ(d.messages[0].type, "append_entries");
    EXPECT_EQ(d.messages[0].sent, 2u);
    EXPECT_EQ(d.messages[0].delivered, 1u);
    EXPECT_EQ(d.messages[0].dropped, 1u);
    EXPECT_EQ(d.messages[1].type, "request_vote");
    EXPECT_EQ(d.messages[1].delivered, 2u);
    EXPECT_EQ(d.messages[1].duplicated, 1u);
    const MessageCounts& all = d.messages[2];
    EXPECT_EQ(all.type, "all");
    EXPECT_EQ(all.sent, 3u);
    EXPECT_EQ(all.delivered, 3u);
    EXPECT_EQ(all.dropped, 1u);
    EXPECT_EQ(all.duplicated, 1u);
}

TEST(ReportData, RaftTermsElectionsAndFailover) {
    const ReportData d = test::KnownRun().data();
    const FigureSection* raft = d.section("raft");
    ASSERT_NE(raft, nullptr);
    EXPECT_EQ(raft->title.en, "Raft");
    const core::Json& j = raft->json;
    EXPECT_EQ(j["max_term"], 2);
    ASSERT_EQ(j["leaders"].size(), 2u);
    EXPECT_EQ(j["leaders"][0]["node"], "n1");
    EXPECT_EQ(j["leaders"][0]["t_ns"], 200 * kMs);
    EXPECT_EQ(j["leaders"][1]["node"], "n2");
    ASSERT_EQ(j["failovers"].size(), 1u);
    const core::Json& f = j["failovers"][0];
    EXPECT_EQ(f["old_leader"], "n1");
    EXPECT_EQ(f["lost_ns"], 2000 * kMs);
    EXPECT_EQ(f["new_leader"], "n2");
    EXPECT_EQ(f["new_term"], 2);
    EXPECT_NEAR(f["seconds"].get<double>(), 0.75, 1e-9);
    // Its figures are grouped under its title, and it offers its sweep charts.
    ASSERT_FALSE(raft->figures.empty());
    EXPECT_EQ(raft->figures.front().group, "Raft");
    EXPECT_FALSE(raft->charts.empty());
    EXPECT_EQ(d.section("breaker"), nullptr);
}

TEST(ReportData, GenericFigures) {
    const ReportData d = test::KnownRun().data();
    EXPECT_EQ(d.generic.node_starts, 4u);   // three starts and a restart
    EXPECT_EQ(d.generic.node_exits, 1u);
    EXPECT_EQ(d.generic.state_changes, 4u);
    EXPECT_EQ(d.generic.log_lines, 1u);
    EXPECT_EQ(d.generic.warnings, 1u);
}

TEST(ReportData, TimeSeriesBuckets) {
    const ReportData d = test::KnownRun().data();
    EXPECT_EQ(d.bucket_ns, 100 * kMs);   // 6 s in at most 120 buckets of a round size
    ASSERT_EQ(d.buckets.size(), 61u);
    const TimeBucket& b = d.buckets[10];   // [1.0 s, 1.1 s): the 10 ms op completed at 1.01 s
    EXPECT_EQ(b.ok, 1u);
    EXPECT_DOUBLE_EQ(b.throughput_ops_s, 10.0);
    ASSERT_TRUE(b.p50_ms);
    EXPECT_DOUBLE_EQ(*b.p50_ms, 10.0);
    EXPECT_FALSE(d.buckets[11].p50_ms);
    EXPECT_EQ(d.buckets[28].failed, 1u);  // the failure at 2.8 s
    EXPECT_EQ(d.buckets[3].sent, 3u);
}

// A breaker client's snapshots as the role writes them, after its NodeStarted (the catalog says
// which role the node runs).
std::vector<Event> breaker_run(std::initializer_list<const char*> states) {
    std::vector<Event> ev{{0, EventKind::NodeStarted, "c1", "", 0, "", R"({"role":"breaker-client"})", ""}};
    int t = 0;
    for (const char* s : states)
        ev.push_back({++t * kMs, EventKind::State, "c1", "", 0, "", std::string(R"({"state":")") + s + "\"}", ""});
    return ev;
}

TEST(ReportData, BreakerTransitions) {
    Scenario sc;
    sc.name = "breaker";
    const std::vector<Event> ev = breaker_run({"closed", "closed", "open", "half-open", "closed"});
    const std::vector<CheckResult> none;
    const ReportData d = build_report_data({sc, ev, none, 1, "", "", {}});
    const FigureSection* breaker = d.section("breaker");
    ASSERT_NE(breaker, nullptr);
    const core::Json& t = breaker->json["transitions"];
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0]["from"], "closed");
    EXPECT_EQ(t[0]["to"], "open");
    EXPECT_EQ(t[2]["to"], "closed");
    // The table labels states as the role's descriptor does, in both languages.
    ASSERT_EQ(breaker->tables.size(), 1u);
    EXPECT_EQ(breaker->tables[0].rows[0][3].en, "open");
    EXPECT_EQ(breaker->tables[0].rows[0][3].zh, "断开");
    EXPECT_EQ(d.section("raft"), nullptr);
}

TEST(ReportData, SnapshotsOfAnotherRoleAreNotTakenForABreaker) {
    Scenario sc;
    std::vector<Event> ev = breaker_run({"closed", "open"});
    ev[0].data = R"({"role":"server"})";   // a "state" field alone says nothing
    const std::vector<CheckResult> none;
    EXPECT_EQ(build_report_data({sc, ev, none, 1, "", "", {}}).section("breaker"), nullptr);
    // A breaker switched off gives no section either.
    EXPECT_EQ(build_report_data({sc, breaker_run({"disabled", "disabled"}), none, 1, "", "", {}}).section("breaker"),
              nullptr);
}

TEST(ReportData, EmptyAndUnreadableInputNeverFail) {
    Scenario sc;
    const std::vector<Event> none;
    const std::vector<CheckResult> checks;
    const ReportData empty = build_report_data({sc, none, checks, 0, "", "", {}});
    EXPECT_EQ(empty.duration_ns, 0);
    EXPECT_EQ(empty.buckets.size(), 1u);
    const std::vector<Event> junk{{5, EventKind::State, "n1", "", 0, "", "{not json", ""},
                                  {6, EventKind::FaultInjected, "", "", 0, "partition", "[1,", ""},
                                  {7, EventKind::FaultHealed, "", "", 0, "partition", "", ""}};
    const ReportData d = build_report_data({sc, junk, checks, 0, "", "", {"truncated"}});
    ASSERT_EQ(d.faults.size(), 1u);
    EXPECT_EQ(d.faults[0].end_ns, 7);   // never healed: lasts to the end
    EXPECT_FALSE(d.faults[0].healed);
    EXPECT_EQ(d.problems.size(), 1u);
}

TEST(ReportData, BucketWidthIsRound) {
    EXPECT_EQ(choose_bucket_ns(0), 10 * kMs);
    EXPECT_EQ(choose_bucket_ns(1000 * kMs), 10 * kMs);
    EXPECT_EQ(choose_bucket_ns(6000 * kMs), 100 * kMs);
    EXPECT_EQ(choose_bucket_ns(600'000 * kMs), 10'000 * kMs);
}

}  // namespace
}  // namespace distlab::netlab

namespace distlab::netlab {
namespace {

// Gauges peak over every node; counters total across a restart of the node that reports them.
TEST(ReportData, RoleMetricPeaksAndTotals) {
    test::KnownRun run;
    auto metric = [&](std::int64_t ms, const char* node, const char* data) {
        run.events.push_back({ms * test::kMs, EventKind::Metric, node, "", 0, "", data, ""});
    };
    metric(100, "c1", R"({"counters":{"retries":3},"gauges":{"queue_depth":4}})");
    metric(200, "n2", R"({"counters":{"retries":1},"gauges":{"queue_depth":9}})");
    metric(300, "c1", R"({"counters":{"retries":5},"gauges":{"queue_depth":2}})");
    metric(400, "c1", R"({"counters":{"retries":2},"gauges":{"queue_depth":1}})");   // restarted
    metric(500, "c1", "not json");
    std::stable_sort(run.events.begin(), run.events.end(),
                     [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
    const ReportData d = run.data();
    EXPECT_EQ(d.role_metrics.gauge_peaks.at("queue_depth"), 9.0);
    EXPECT_EQ(d.role_metrics.counter_totals.at("retries"), 5.0 + 2.0 + 1.0);
}

}  // namespace
}  // namespace distlab::netlab
