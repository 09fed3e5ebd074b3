#include "netlab/telemetry/export.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "netlab/telemetry/playback.h"
#include "netlab/telemetry/recorder.h"
#include "test_support.h"

namespace distlab::netlab {
namespace {

using core::Json;

constexpr std::int64_t kMs = 1'000'000;

Event op(std::int64_t t, EventKind kind, std::string client, std::uint64_t id, std::string type, std::string data) {
    return Event{t, kind, std::move(client), "", id, std::move(type), std::move(data), ""};
}

Event msg(std::int64_t t, EventKind kind) { return Event{t, kind, "n1", "n2", 1, "ping", "{}", ""}; }

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(Export, CsvFieldsAreQuotedOnlyWhenTheyMustBe) {
    EXPECT_EQ(csv_field(""), "");
    EXPECT_EQ(csv_field("plain text"), "plain text");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
    EXPECT_EQ(csv_field("\""), "\"\"\"\"");
    EXPECT_EQ(csv_field("中文"), "中文");
}

TEST(Export, OpsCsvPairsInvocationsWithCompletions) {
    const std::vector<Event> events = {
        op(1 * kMs, EventKind::OpInvoked, "c1", 1, "write", R"({"k":"x","v":"a,\"b\""})"),
        op(2 * kMs, EventKind::OpInvoked, "c2", 1, "read", "null"),
        op(4 * kMs, EventKind::OpCompleted, "c2", 1, "ok", R"("a,\"b\"")"),
        op(5500 * 1000, EventKind::OpCompleted, "c1", 1, "ok", "null"),
        op(6 * kMs, EventKind::OpInvoked, "c1", 2, "cas", "[1,2]"),
        op(7 * kMs, EventKind::OpInvoked, "c2", 2, "read", "null"),
        op(9 * kMs, EventKind::OpCompleted, "c2", 2, "fail", R"({"error":"no leader"})"),
    };
    std::ostringstream out;
    write_ops_csv(events, out);
    EXPECT_EQ(out.str(),
              "client,op_id,function,invoke_ns,complete_ns,status,latency_ms,value\r\n"
              "c1,1,write,1000000,5500000,ok,4.500,\"{\"\"k\"\":\"\"x\"\",\"\"v\"\":\"\"a,\\\"\"b\\\"\"\"\"}\"\r\n"
              "c2,1,read,2000000,4000000,ok,2.000,\"\"\"a,\\\"\"b\\\"\"\"\"\"\r\n"
              "c1,2,cas,6000000,,pending,,\"[1,2]\"\r\n"
              "c2,2,read,7000000,9000000,fail,2.000,\"{\"\"error\"\":\"\"no leader\"\"}\"\r\n");
}

TEST(Export, TimeSeriesCountsPerSecond) {
    std::vector<Event> events;
    for (int i = 0; i < 3; ++i) events.push_back(msg(100 * kMs, EventKind::MessageSent));
    events.push_back(msg(200 * kMs, EventKind::MessageDelivered));
    events.push_back(msg(300 * kMs, EventKind::MessageDropped));
    // Second 0: ten ok ops with latencies 1..10 ms, one fail. Second 2: one info.
    for (int i = 1; i <= 10; ++i) {
        events.push_back(op(400 * kMs, EventKind::OpInvoked, "c1", static_cast<std::uint64_t>(i), "read", "null"));
        events.push_back(op((400 + i) * kMs, EventKind::OpCompleted, "c1", static_cast<std::uint64_t>(i), "ok", "1"));
    }
    events.push_back(op(500 * kMs, EventKind::OpInvoked, "c2", 1, "write", "1"));
    events.push_back(op(600 * kMs, EventKind::OpCompleted, "c2", 1, "fail", "null"));
    events.push_back(op(1900 * kMs, EventKind::OpInvoked, "c2", 2, "write", "2"));
    events.push_back(op(2100 * kMs, EventKind::OpCompleted, "c2", 2, "info", "null"));
    std::ostringstream out;
    write_timeseries_csv(events, out);
    EXPECT_EQ(out.str(),
              "second,sent,delivered,dropped,ok,fail,info,throughput_ops_s,p50_ms,p99_ms\r\n"
              "0,3,1,1,10,1,0,10,5.000,10.000\r\n"
              "1,0,0,0,0,0,0,0,,\r\n"
              "2,0,0,0,0,0,1,0,,\r\n");
}

TEST(Export, AHugeTimestampListsOnlyTheSecondsWithEvents) {
    const std::vector<Event> events = {msg(2 * 1000 * kMs, EventKind::MessageSent),
                                       msg(std::int64_t{4'000'000'000'000'000'000}, EventKind::MessageSent)};
    std::ostringstream out;
    write_timeseries_csv(events, out);
    EXPECT_EQ(out.str(),
              "second,sent,delivered,dropped,ok,fail,info,throughput_ops_s,p50_ms,p99_ms\r\n"
              "2,1,0,0,0,0,0,0,,\r\n"
              "4000000000,1,0,0,0,0,0,0,,\r\n");
}

TEST(Export, RunFromARecordingMatchesTheEvents) {
    testing::TempDir dir;
    const std::vector<Event> events = {
        op(1 * kMs, EventKind::OpInvoked, "c1", 1, "write", R"({"v":"x\ny"})"),
        Event{2 * kMs, EventKind::State, "n1", "", 0, "", R"({"term":1})", R"([{"op":"add","path":"/term","value":1}])"},
        op(3 * kMs, EventKind::OpCompleted, "c1", 1, "ok", "null"),
        msg(1500 * kMs, EventKind::MessageSent),
    };
    auto recorder = Recorder::open(dir / "run.distlab", RecordingMeta{});
    ASSERT_TRUE(recorder);
    (*recorder)->on_events(events);
    ASSERT_TRUE((*recorder)->close("done"));
    auto playback = Playback::open(dir / "run.distlab");
    ASSERT_TRUE(playback) << playback.error().message;

    const Json summary = {{"scenario", "kv"}, {"checks", {{"linearizable", "pass"}}}, {"note", "逗号, \"quotes\""}};
    ASSERT_TRUE(export_run(*playback, summary, dir / "from-recording"));
    ASSERT_TRUE(export_run(events, summary, dir / "from-events"));
    for (const char* file : {"ops.csv", "timeseries.csv", "summary.json"}) {
        SCOPED_TRACE(file);
        const std::string a = slurp(dir / "from-recording" / file);
        EXPECT_FALSE(a.empty());
        EXPECT_EQ(a, slurp(dir / "from-events" / file));
    }
    EXPECT_EQ(Json::parse(slurp(dir / "from-events" / "summary.json")), summary);
    EXPECT_NE(slurp(dir / "from-events" / "ops.csv").find("c1,1,write,1000000,3000000,ok,2.000,\"{\"\"v\"\":\"\"x\\ny\"\"}\""),
              std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
