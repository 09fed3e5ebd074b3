#include "netlab/stress/stress.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "core/model/role_registry.h"
#include "netlab/report/report_document.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/stress/stress_report.h"

namespace distlab::netlab {
namespace {

using namespace std::chrono_literals;

Scenario load_text(const std::string& yaml) {
    auto loaded = load_scenario_text(yaml, "stress_test.yaml", core::RoleRegistry::builtin(),
                                     [](const CheckSpec&, const Scenario&) { return std::vector<core::Text>{}; });
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return loaded ? *loaded : Scenario{};
}

// One server of `capacity` workers serving each request in exactly 10 ms, and one client.
std::string server_and_client(const std::string& server_params, const std::string& client_params) {
    return "version: 1\nname: stress-test\nfamily: communication\n"
           "title: {en: stress, zh: 压力}\nsummary: {en: stress, zh: 压力}\n"
           "duration: 8s\nseed: 3\nnetwork: { preset: lan }\n"
           "nodes:\n"
           "  - { id: s1, role: server, params: { service_time: 10ms, queue_limit: 5000, " + server_params + " } }\n"
           "  - { id: c1, role: client, params: { target: s1, arrival: fixed, timeout: 10s, " + client_params + " } }\n"
           "links: full\n";
}

LoadMeasure run_and_measure(const Scenario& scenario, Duration hold, double offered) {
    RunRequest request;
    request.scenario = scenario;
    request.simulate = true;
    auto outcome = run_scenario(request);
    EXPECT_TRUE(outcome) << (outcome ? "" : outcome.error().message);
    if (!outcome)
        return {};
    const auto [from, to] = stress_window(hold);
    return measure_load(outcome->events, {"c1"}, from, to, offered);
}

// Gil Tene's demonstration of coordinated omission: a server that stalls for a second under a
// steady 100 requests a second. The open loop measures every request from its intended start, so
// the hundred requests meant for that second carry the stall into the p99; the closed loop with
// one request outstanding waits through the stall once, records one slow request among hundreds,
// and its p99 shows nothing.
TEST(Stress, AStallShowsInTheCorrectedP99AndHidesFromTheClosedLoop) {
    const Scenario base = load_text(server_and_client(
        "capacity: 1, down_mode: stall, down_from: 3s, down_until: 4s", "rate: 100, concurrency: 1"));
    const auto& roles = core::RoleRegistry::builtin();
    const Duration hold = 6s;
    auto open = stress_scenario(base, {"c1"}, {100, false}, hold, roles);
    auto closed = stress_scenario(base, {"c1"}, {0, true}, hold, roles);
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_TRUE(closed) << closed.error().message;

    const LoadMeasure o = run_and_measure(*open, hold, 100);
    const LoadMeasure c = run_and_measure(*closed, hold, 0);
    ASSERT_GT(o.latency_us.count(), 400);
    ASSERT_GT(c.latency_us.count(), 200);
    // The stall happened to both: each saw one request wait about a second.
    EXPECT_GT(o.latency_us.max(), 900'000);
    EXPECT_GT(c.latency_us.max(), 900'000);
    // Open loop: a sixth of the window's requests were meant for the stalled second.
    EXPECT_GT(o.percentile_ms(99), 800.0);
    EXPECT_GT(o.percentile_ms(90), 300.0);
    // Closed loop: the stall is a single sample, below its p99.
    EXPECT_LT(c.percentile_ms(99), 50.0);
}

// Two workers at 10 ms each serve 200 requests a second: the ramp's knee lies there.
TEST(Stress, TheKneeOfAServerWithAKnownCapacityIsFound) {
    const Scenario base = load_text(server_and_client("capacity: 2", "rate: 10"));
    StressOptions options;
    options.from = 100;
    options.to = 300;
    options.step = 25;
    options.hold = 2s;
    options.closed_loop = false;
    // Progress is reported on this thread while the workers run the steps.
    const auto caller = std::this_thread::get_id();
    int reports = 0, last_total = 0;
    options.on_progress = [&](std::string_view phase, int done, int total) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        EXPECT_EQ(phase, "steps");
        EXPECT_LE(done, total);
        ++reports;
        last_total = total;
    };
    auto result = run_stress(base, options);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_GE(reports, 1);
    EXPECT_EQ(last_total, 9);
    ASSERT_EQ(result->steps.size(), 9u);
    ASSERT_TRUE(result->knee);
    ASSERT_TRUE(result->saturation);
    EXPECT_EQ(*result->saturation, *result->knee + 1);
    const double knee = result->steps[*result->knee].offered;
    EXPECT_GE(knee, 175.0);
    EXPECT_LE(knee, 225.0);
    // Below the knee throughput follows the offered rate and latency is the service time.
    const LoadMeasure& first = result->steps.front();
    EXPECT_NEAR(first.throughput, 100, 5);
    EXPECT_LT(first.percentile_ms(99), 15.0);
    // Beyond it throughput stays at the capacity while latency climbs.
    const LoadMeasure& last = result->steps.back();
    EXPECT_NEAR(last.throughput, 200, 10);
    EXPECT_GT(last.percentile_ms(50), 100.0);
    EXPECT_TRUE(result->no_latency.empty());

    // The report section draws both charts with the saturation marked, and the --json names the knee.
    const ReportSection section = stress_section(base, options, *result);
    int charts = 0;
    for (const ReportBlock& block : section.blocks)
        if (block.kind == ReportBlock::Kind::Svg) {
            ++charts;
            EXPECT_NE(block.content.find("saturation"), std::string::npos);
        }
    EXPECT_EQ(charts, 2);
    const core::Json json = stress_json(base, options, *result);
    EXPECT_EQ(json["knee"].get<double>(), knee);
    EXPECT_EQ(json["steps"].size(), 9u);
}

// The same measure on real processes: two steps of distlab-node clients against a server, each
// operation's latency from its intended start sampled over the wire and read back.
TEST(StressReal, StepsOnRealProcessesAreMeasured) {
    const Scenario base = load_text(server_and_client("capacity: 4", "rate: 10"));
    StressOptions options;
    options.from = 20;
    options.to = 40;
    options.step = 20;
    options.hold = 1s;
    options.real = true;
    options.node_binary = DISTLAB_NODE_BINARY;
    auto result = run_stress(base, options);
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_EQ(result->steps.size(), 2u);
    ASSERT_TRUE(result->closed);
    EXPECT_TRUE(result->no_latency.empty());
    for (const LoadMeasure& m : result->steps) {
        // A window of 0.8 s at 20 and 40 per second: about 16 and 32 operations, each near 10 ms.
        EXPECT_GE(m.latency_us.count(), m.offered * 0.8 * 0.5) << m.offered;
        EXPECT_GE(m.latency_us.min(), 10'000) << m.offered;          // never below the service time
        EXPECT_GT(m.throughput, 0) << m.offered;
    }
    EXPECT_GT(result->closed->latency_us.count(), 10);
}

TEST(Stress, TheKneeRuleReadsThroughputAndTheP99) {
    auto step = [](double offered, double throughput, std::int64_t p99_us) {
        LoadMeasure m;
        m.offered = offered;
        m.throughput = throughput;
        m.started = offered;
        m.ok_fraction = 1;
        m.latency_us.record(p99_us, 100);
        return m;
    };
    StressResult flat;
    flat.steps = {step(10, 10, 5000), step(20, 20, 6000), step(30, 30, 7000)};
    find_knee(flat);
    EXPECT_FALSE(flat.saturation);
    EXPECT_FALSE(flat.knee);

    StressResult dropped;   // throughput stops following
    dropped.steps = {step(10, 10, 5000), step(20, 20, 6000), step(30, 24, 7000)};
    find_knee(dropped);
    EXPECT_EQ(dropped.saturation, 2u);
    EXPECT_EQ(dropped.knee, 1u);
    EXPECT_NE(dropped.saturation_reason.en.find("throughput"), std::string::npos);

    StressResult bent;      // latency bends first
    bent.steps = {step(10, 10, 5000), step(20, 20, 16000), step(30, 30, 90000)};
    find_knee(bent);
    EXPECT_EQ(bent.saturation, 1u);
    EXPECT_EQ(bent.knee, 0u);
    EXPECT_NE(bent.saturation_reason.en.find("p99"), std::string::npos);
}

TEST(Stress, OperationsThatNeverEndCountAsLastingToTheEnd) {
    std::vector<Event> events;
    auto ev = [&](std::int64_t t_ms, EventKind kind, std::uint64_t op, std::string type, std::string data = "{}") {
        events.push_back({t_ms * 1'000'000, kind, "c1", "", op, std::move(type), std::move(data), ""});
    };
    ev(100, EventKind::OpInvoked, 1, "request");
    ev(110, EventKind::OpCompleted, 1, "ok");
    ev(200, EventKind::OpInvoked, 2, "request");                     // never ends
    ev(200, EventKind::Metric, 0, "", R"({"samples": {"op_latency_ms": [10.0]}})");
    ev(900, EventKind::OpInvoked, 3, "request");                     // outside the window
    ev(1200, EventKind::RunEnded, 0, "");
    const LoadMeasure m = measure_load(events, {"c1"}, 0, 500'000'000, 2);
    EXPECT_EQ(m.latency_us.count(), 2);
    EXPECT_EQ(m.unfinished, 1);
    EXPECT_EQ(m.latency_us.max(), 1'000'000);                        // 200 ms to 1200 ms
    EXPECT_EQ(m.ended, 1);
    EXPECT_DOUBLE_EQ(m.throughput, 2.0);                              // one ok in half a second
}

TEST(Stress, BadRampsAndScenariosWithoutClientsAreRefused) {
    StressOptions options;
    options.from = 50;
    options.to = 10;
    ASSERT_TRUE(ramp_problem(options));
    options.to = 100;
    options.step = 0;
    ASSERT_TRUE(ramp_problem(options));
    options.step = 0.1;
    EXPECT_NE(ramp_problem(options)->en.find("steps"), std::string::npos);
    options.step = 10;
    EXPECT_FALSE(ramp_problem(options));
    EXPECT_EQ(ramp_rates(options).size(), 6u);

    const Scenario servers = load_text(
        "version: 1\nname: no-clients\nfamily: communication\ntitle: {en: x, zh: x}\nsummary: {en: x, zh: x}\n"
        "duration: 2s\nnodes:\n  - { id: s1, role: server }\n");
    auto clients = stress_clients(servers, core::RoleRegistry::builtin());
    ASSERT_FALSE(clients);
    EXPECT_NE(clients.error().message.find("no node of no-clients generates load"), std::string::npos);

    // A rate beyond what the role accepts is named by the loader.
    const Scenario base = load_text(server_and_client("capacity: 2", "rate: 10"));
    auto too_fast = stress_scenario(base, {"c1"}, {1e9, false}, 2s, core::RoleRegistry::builtin());
    ASSERT_FALSE(too_fast);
    EXPECT_NE(too_fast.error().message.find("rate"), std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
