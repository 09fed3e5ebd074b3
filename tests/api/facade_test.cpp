// The engine facade (netlab/api) as the GUI uses it: runs paced, stopped and recorded, recordings
// read back by window, judging, report files and scenario files.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>

#include "netlab/api/judge.h"
#include "netlab/api/lab_run.h"
#include "netlab/api/metrics_endpoint.h"
#include "netlab/api/recording.h"
#include "netlab/api/report_files.h"
#include "netlab/api/scenario_files.h"
#include "tests/support/scratch_dir.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;

std::string scenario_yaml(const std::string& duration) {
    return R"(
version: 1
name: facade-test
family: communication
title: {en: "Facade test", zh: "门面测试"}
summary: {en: "A test.", zh: "测试。"}
duration: )" + duration + R"(
seed: 7
network: {preset: lan}
nodes:
  - {id: s1, role: server}
  - {id: c1, role: client, params: {target: s1, rate: 20}}
links: full
checks:
  - all_ops_complete: true
  - no_violations: true
)";
}

Scenario load(const std::string& duration) {
    auto loaded = read_scenario_text(scenario_yaml(duration), "facade-test.yaml");
    EXPECT_TRUE(loaded) << (loaded ? std::string() : loaded.error().front().str());
    return loaded ? *loaded : Scenario{};
}

// What a run reported, gathered across its thread.
struct Observed {
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t events = 0;
    std::size_t ticks = 0;
    Duration last_elapsed{0};
    std::optional<RunEnd> end;

    void attach(RunSetup& setup) {
        setup.on_events = [this](std::span<const Event> batch) {
            const std::lock_guard lock(mutex);
            events += batch.size();
        };
        setup.on_progress = [this](const RunTick& tick) {
            const std::lock_guard lock(mutex);
            ++ticks;
            last_elapsed = tick.elapsed;
            changed.notify_all();
        };
        setup.on_finished = [this](const RunEnd& e) {
            const std::lock_guard lock(mutex);
            end = e;
            changed.notify_all();
        };
    }
    // Waits (up to `deadline`) until the run has ticked at least once.
    bool wait_for_tick(std::chrono::seconds deadline) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, deadline, [this] { return ticks > 0; });
    }
};

TEST(Facade, APacedSimulationKeepsToTheWallClockTimesItsSlowdown) {
    RunSetup setup;
    setup.scenario = load("500ms");
    setup.simulate = true;
    setup.paced = true;
    setup.slowdown = 2.0;
    Observed seen;
    seen.attach(setup);
    const auto started = std::chrono::steady_clock::now();
    auto run = LabRun::start(std::move(setup));
    run->wait();
    const auto wall = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(seen.end);
    EXPECT_TRUE(seen.end->error.empty()) << seen.end->error;
    const Duration reached = seen.last_elapsed;
    EXPECT_GE(reached, 500ms);
    // Pacing only ever waits, so the wall time is at least the virtual time times the slowdown;
    // a generous upper bound shows the pacing does not wait more than asked.
    EXPECT_GE(wall, reached * 2 * 0.99);
    EXPECT_LE(wall, reached * 2 * 4);
}

TEST(Facade, AStoppedPacedSimulationEndsAtOnceWhereItIs) {
    RunSetup setup;
    setup.scenario = load("2s");
    setup.simulate = true;
    setup.paced = true;
    setup.slowdown = 1000;   // 2000 s of wall time if it kept pace to the end
    Observed seen;
    seen.attach(setup);
    auto run = LabRun::start(std::move(setup));
    ASSERT_TRUE(seen.wait_for_tick(30s));
    const auto stopped = std::chrono::steady_clock::now();
    run->stop();
    run->wait();
    // A tick at 1000x is 100 s of wall time: the stop ends the wait in progress.
    EXPECT_LT(std::chrono::steady_clock::now() - stopped, 50s);
    ASSERT_TRUE(seen.end);
    EXPECT_TRUE(seen.end->error.empty()) << seen.end->error;
    // It ends where it was, like a real run, and is judged "stopped": not passed, not failed.
    EXPECT_LT(seen.last_elapsed, 2s);
    EXPECT_EQ(seen.end->judgement.verdict, "stopped");
    EXPECT_FALSE(seen.end->judgement.passed);
    ASSERT_TRUE(seen.end->judgement.stopped_at_ns);
    EXPECT_LT(*seen.end->judgement.stopped_at_ns, std::chrono::nanoseconds(2s).count());
}

TEST(Facade, ARecordedRunReadsBackByWindowAndIsJudgedTheSame) {
    const test_support::ScratchDir dir("distlab-facade-test");
    ASSERT_FALSE(dir.path().empty());
    RunSetup setup;
    setup.scenario = load("1s");
    setup.source = "facade-test.yaml";
    setup.simulate = true;
    setup.paced = false;
    setup.runs_folder = dir.path() / "runs";
    setup.runs_cap_bytes = 1 << 30;
    Observed seen;
    seen.attach(setup);
    auto run = LabRun::start(setup);
    ASSERT_TRUE(run->recording());
    EXPECT_EQ(run->recording()->parent_path(), dir.path() / "runs");
    run->wait();
    ASSERT_TRUE(seen.end);
    ASSERT_TRUE(seen.end->error.empty()) << seen.end->error;
    EXPECT_TRUE(seen.end->recording_problem.empty()) << seen.end->recording_problem;
    ASSERT_EQ(seen.end->judgement.checks.size(), 2u);

    auto reader = RecordingReader::open(*run->recording());
    ASSERT_TRUE(reader) << reader.error().message;
    EXPECT_FALSE(reader->damage());
    EXPECT_EQ(reader->meta().seed, 7u);
    EXPECT_NE(reader->meta().command_line.find("facade-test.yaml --sim --seed 7"), std::string::npos);
    const EventWindow all = reader->read_all();
    EXPECT_FALSE(all.problem);
    EXPECT_EQ(all.events.size(), reader->event_count());
    EXPECT_EQ(all.events.size(), seen.events);

    const std::int64_t from = 200'000'000, to = 400'000'000;
    const EventWindow window = reader->read(from, to);
    ASSERT_FALSE(window.events.empty());
    EXPECT_LT(window.events.size(), all.events.size());
    for (const Event& e : window.events) {
        EXPECT_GE(e.t_ns, from);
        EXPECT_LT(e.t_ns, to);
    }

    auto scenario = reader->scenario("recorded");
    ASSERT_TRUE(scenario) << scenario.error().front().str();
    EXPECT_EQ(scenario->name, "facade-test");
    const Judgement again = judge(*scenario, all.events);
    EXPECT_EQ(again.passed, seen.end->judgement.passed);
    ASSERT_EQ(again.checks.size(), seen.end->judgement.checks.size());
    for (std::size_t i = 0; i < again.checks.size(); ++i) {
        EXPECT_EQ(again.checks[i].name, seen.end->judgement.checks[i].name);
        EXPECT_EQ(again.checks[i].verdict, seen.end->judgement.checks[i].verdict);
    }

    const std::vector<PastRun> listed = list_recordings(dir.path() / "runs");
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].path, *run->recording());
    ASSERT_TRUE(listed[0].passed);   // the verdict was stored at the end
    EXPECT_EQ(*listed[0].passed, seen.end->judgement.passed);
    EXPECT_TRUE(list_recordings(dir.path() / "missing").empty());

    // The report of that run: every file but the PDF, whose document comes back.
    auto doc = write_report_files({*scenario, all.events, run->recording()->string()}, dir.path() / "report");
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_TRUE(*doc);
    for (const char* file : {"report.html", "ops.csv", "timeseries.csv", "summary.json", "trace.json"})
        EXPECT_TRUE(std::filesystem::exists(dir.path() / "report" / file)) << file;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "report" / "report.pdf"));
    ReportFiles only_json;
    only_json.html = only_json.csv = only_json.trace = false;
    ASSERT_TRUE(write_report_files({*scenario, all.events, {}}, dir.path() / "json", only_json));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "json" / "summary.json"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "json" / "report.html"));

    // The window's report in the window's language: Chinese headings and the scenario's Chinese title.
    ASSERT_TRUE(write_report_files({*scenario, all.events, {}, "zh_CN"}, dir.path() / "zh"));
    std::ifstream page(dir.path() / "zh" / "report.html");
    const std::string html{std::istreambuf_iterator<char>(page), std::istreambuf_iterator<char>()};
    for (const char* text : {"<h1>门面测试</h1>", "<h2>拓扑</h2>", "<h2>检查器结论</h2>"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
    EXPECT_EQ(html.find("<h2>Topology</h2>"), std::string::npos);
}

TEST(Facade, AMissingRecordingIsAClearError) {
    auto reader = RecordingReader::open("/nonexistent/run.distlab");
    ASSERT_FALSE(reader);
    EXPECT_NE(reader.error().message.find("run.distlab"), std::string::npos) << reader.error().message;
}

TEST(Facade, ScenarioFilesAreValidatedWithTheirChecks) {
    auto unknown_check = read_scenario_text(scenario_yaml("1s") + "  - no_such_check: true\n", "bad.yaml");
    ASSERT_FALSE(unknown_check);
    EXPECT_NE(unknown_check.error().front().str().find("no_such_check"), std::string::npos)
        << unknown_check.error().front().str();
    EXPECT_EQ(unknown_check.error().front().file, "bad.yaml");

    auto missing = read_scenario_file("/nonexistent/lab.yaml");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().front().str().find("lab.yaml"), std::string::npos);

    // Written and read back, a scenario is the same lab.
    const Scenario scenario = load("1s");
    auto again = read_scenario_text(scenario_text(scenario), "again.yaml");
    ASSERT_TRUE(again) << again.error().front().str();
    EXPECT_EQ(again->name, scenario.name);
    EXPECT_EQ(again->nodes.size(), scenario.nodes.size());
    EXPECT_EQ(again->checks.size(), scenario.checks.size());
}

TEST(Facade, AMetricsEndpointServesOnLoopback) {
    MetricsEndpoint endpoint;
    auto url = endpoint.serve(0);
    ASSERT_TRUE(url) << url.error().message;
    EXPECT_TRUE(url->starts_with("http://127.0.0.1:")) << *url;
    auto again = endpoint.serve(0);   // serving again replaces the listener
    ASSERT_TRUE(again) << again.error().message;
}

}  // namespace
}  // namespace distlab::netlab
