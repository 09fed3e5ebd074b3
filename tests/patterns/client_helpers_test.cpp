#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/host/memory_storage.h"
#include "core/patterns/common/client.h"
#include "core/patterns/common/workload.h"
#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::CallEnd;
using core::CallOutcome;
using core::CallResult;
using core::CallTally;
using core::Duration;
using core::Json;
using core::LoadMode;
using core::OpenLoopWorkload;
using core::WorkloadDriver;
using namespace std::chrono_literals;

// A Context that records what the helpers do with it: the clock is set by the test, timers are
// only remembered, phases, counters, samples and logs are kept in order.
class RecordingContext final : public core::Context {
public:
    const core::NodeId& self() const override { return self_; }
    const std::vector<core::NodeId>& peers() const override { return peers_; }
    std::string_view role_of(const core::NodeId&) const override { return {}; }
    Duration now() const override { return now_; }
    std::mt19937_64& rng() override { return rng_; }
    core::MessageId send(const core::NodeId&, std::string, Json) override { return 0; }
    void reply(const core::Message&, Json, std::string) override {}
    core::MessageId call(const core::NodeId&, std::string, Json, Duration, core::ReplyHandler) override {
        return 0;
    }
    void set_timer(core::TimerId id, Duration after) override { timers[static_cast<int>(id)] = now_ + after; }
    void cancel_timer(core::TimerId id) override { timers.erase(static_cast<int>(id)); }
    void log(core::LogLevel, std::string text) override { logs.push_back(std::move(text)); }
    void phase(std::string_view name, core::Text reason) override {
        phases.emplace_back(name);
        reasons.push_back(std::move(reason.en));
    }
    void violation(core::Text) override {}
    void count(std::string_view name, double delta) override { counters[std::string(name)] += delta; }
    void gauge(std::string_view, double) override {}
    void observe(std::string_view name, double value) override { samples[std::string(name)].push_back(value); }
    core::OpId op_invoke(std::string_view, Json) override { return 0; }
    void op_complete(core::OpId, core::OpStatus, Json) override {}
    core::Storage& storage() override { return storage_; }

    Duration now_{0};
    std::map<int, Duration> timers;
    std::vector<std::string> phases;
    std::vector<std::string> reasons;
    std::vector<std::string> logs;
    std::map<std::string, double> counters;
    std::map<std::string, std::vector<double>> samples;

private:
    core::NodeId self_ = "c1";
    std::vector<core::NodeId> peers_{"s1"};
    std::mt19937_64 rng_{1};
    core::MemoryStorage storage_;
};

constexpr core::TimerId kArrival{1};

OpenLoopWorkload fixed(double rate, Duration stop_at) {
    return {.target = "s1", .arrival = core::Arrival::Fixed, .rate = rate, .stop_at = stop_at};
}

TEST(WorkloadDriver, OpenLoopBeginsOnScheduleAndStopsAtStopAt) {
    RecordingContext ctx;
    WorkloadDriver driver(fixed(10, 250ms), {.arrival_timer = kArrival});
    int begun = 0;
    auto begin = [&](core::Context&) { ++begun; };
    driver.start(ctx, begin);
    EXPECT_EQ(ctx.phases, std::vector<std::string>{"running"});
    EXPECT_EQ(ctx.timers.at(1), 100ms);
    EXPECT_EQ(begun, 0);
    EXPECT_EQ(driver.state(), "running");

    EXPECT_FALSE(driver.on_timer(ctx, core::TimerId{7}, begin));   // not the arrival timer
    for (Duration t : {100ms, 200ms}) {
        ctx.now_ = t;
        EXPECT_TRUE(driver.on_timer(ctx, kArrival, begin));
        EXPECT_EQ(ctx.timers.at(1), t + 100ms);
    }
    EXPECT_EQ(begun, 2);
    ctx.timers.clear();
    ctx.now_ = 300ms;
    EXPECT_TRUE(driver.on_timer(ctx, kArrival, begin));
    EXPECT_EQ(begun, 2);
    EXPECT_TRUE(ctx.timers.empty());                                // no next arrival
    EXPECT_TRUE(driver.stopped());
    EXPECT_EQ(driver.state(), "stopped");
    EXPECT_EQ(ctx.phases, (std::vector<std::string>{"running", "stopped"}));
    EXPECT_EQ(ctx.reasons.back(), "stop_at 250ms reached");
}

TEST(WorkloadDriver, ALateTimerBeginsTheOverdueArrivalsWithTheirIntendedStarts) {
    RecordingContext ctx;
    WorkloadDriver driver(fixed(10, 0s), {.arrival_timer = kArrival});
    std::vector<Duration> intended;
    auto begin = [&](core::Context&) { intended.push_back(driver.intended()); };
    driver.start(ctx, begin);
    ctx.now_ = 350ms;                                                // the host was busy
    EXPECT_TRUE(driver.on_timer(ctx, kArrival, begin));
    EXPECT_EQ(intended, (std::vector<Duration>{100ms, 200ms, 300ms}));
    EXPECT_EQ(ctx.timers.at(1), 400ms);                             // the schedule is kept, not shifted
    ctx.now_ = 500ms;
    driver.record_latency(ctx, intended.front());                   // the wait for the late start counts
    EXPECT_EQ(ctx.samples.at(std::string(core::client_metric::kOpLatency)), std::vector<double>{400.0});

    // A client far behind its schedule (itself paused) starts a new one instead of a burst.
    intended.clear();
    ctx.now_ = 5s;
    EXPECT_TRUE(driver.on_timer(ctx, kArrival, begin));
    EXPECT_EQ(intended, std::vector<Duration>{5s});
    EXPECT_EQ(ctx.timers.at(1), 5100ms);
}

TEST(WorkloadDriver, TheClosedLoopIntendsToStartNow) {
    RecordingContext ctx;
    ctx.now_ = 2s;
    WorkloadDriver driver(fixed(10, 0s), {.mode = LoadMode::Closed, .concurrency = 1});
    std::vector<Duration> intended;
    auto begin = [&](core::Context&) { intended.push_back(driver.intended()); };
    driver.start(ctx, begin);
    ctx.now_ = 3s;
    driver.operation_ended(ctx, begin);
    EXPECT_EQ(intended, (std::vector<Duration>{2s, 3s}));
}

TEST(WorkloadDriver, ClosedLoopKeepsConcurrencyOutstandingUntilStopAt) {
    RecordingContext ctx;
    WorkloadDriver driver(fixed(10, 1s), {.mode = LoadMode::Closed, .concurrency = 3, .arrival_timer = kArrival});
    int begun = 0;
    auto begin = [&](core::Context&) { ++begun; };
    driver.start(ctx, begin);
    EXPECT_EQ(begun, 3);
    EXPECT_TRUE(ctx.timers.empty());                                // no arrival schedule
    EXPECT_FALSE(driver.on_timer(ctx, kArrival, begin));
    ctx.now_ = 500ms;
    driver.operation_ended(ctx, begin);
    EXPECT_EQ(begun, 4);
    ctx.now_ = 1s;
    driver.operation_ended(ctx, begin);
    driver.operation_ended(ctx, begin);
    EXPECT_EQ(begun, 4);
    EXPECT_EQ(ctx.phases, (std::vector<std::string>{"running", "stopped"}));
}

TEST(WorkloadDriver, ClosedLoopStartedAfterStopAtBeginsNothing) {
    RecordingContext ctx;
    ctx.now_ = 2s;                                                   // a restart after the stop
    WorkloadDriver driver(fixed(10, 1s), {.mode = LoadMode::Closed, .concurrency = 3});
    int begun = 0;
    driver.start(ctx, [&](core::Context&) { ++begun; });
    EXPECT_EQ(begun, 0);
    EXPECT_EQ(ctx.phases, (std::vector<std::string>{"running", "stopped"}));
}

TEST(WorkloadDriver, ARoleWithPhasesOfItsOwnHearsNone) {
    RecordingContext ctx;
    WorkloadDriver driver(fixed(10, 150ms), {.announce_phases = false});
    auto begin = [](core::Context&) {};
    driver.start(ctx, begin);
    ctx.now_ = 200ms;
    driver.on_timer(ctx, kArrival, begin);
    EXPECT_TRUE(driver.stopped());
    EXPECT_TRUE(ctx.phases.empty());
}

TEST(WorkloadDriver, StopIsForGoodAndAnnouncedOnce) {
    RecordingContext ctx;
    WorkloadDriver driver(fixed(10, 0ms), {});
    driver.stop(ctx, core::Text{"no targets", "没有目标节点"});
    driver.stop(ctx, core::Text{"again", "又一次"});
    EXPECT_EQ(ctx.phases, std::vector<std::string>{"stopped"});
    EXPECT_EQ(ctx.reasons, std::vector<std::string>{"no targets"});
    int begun = 0;
    EXPECT_TRUE(driver.on_timer(ctx, kArrival, [&](core::Context&) { ++begun; }));
    EXPECT_EQ(begun, 0);
}

TEST(ClientPhases, RunningThenStopped) {
    const auto phases = core::client_phases();
    ASSERT_EQ(phases.size(), 2u);
    EXPECT_EQ(phases[0].name, "running");
    EXPECT_EQ(phases[0].tone, core::Tone::Healthy);
    EXPECT_EQ(phases[1].name, "stopped");
    EXPECT_EQ(phases[1].tone, core::Tone::Neutral);
    EXPECT_FALSE(phases[1].zh.empty());
}

TEST(ReadAnswer, OkFailedOrMalformed) {
    EXPECT_EQ(core::read_answer({{"ok", true}}, "failed").end, CallEnd::Ok);
    const CallResult failed = core::read_answer({{"ok", false}, {"error", "overloaded"}}, "failed");
    EXPECT_EQ(failed.end, CallEnd::Failed);
    EXPECT_EQ(failed.error, "overloaded");
    EXPECT_EQ(failed.status(), core::OpStatus::Fail);
    EXPECT_EQ(failed.op_value(), (Json{{"error", "overloaded"}}));
    EXPECT_EQ(core::read_answer({{"ok", false}}, "refused").error, "refused");
    for (const Json& body : {Json(nullptr), Json::array({1}), Json{{"ok", "yes"}}, Json{{"value", 1}}}) {
        const CallResult r = core::read_answer(body, "failed");
        EXPECT_EQ(r.end, CallEnd::Malformed) << body.dump();
        EXPECT_EQ(r.status(), core::OpStatus::Info);
        EXPECT_EQ(r.error, "malformed reply");
    }
    EXPECT_EQ(core::read_answer({{"ok", true}}, "failed").op_value(), Json(nullptr));
}

CallOutcome answered(Json body) {
    CallOutcome outcome;
    outcome.reply.id = 42;
    outcome.reply.from = "s1";
    outcome.reply.body = std::move(body);
    return outcome;
}

CallResult read(const Json& body) { return core::read_answer(body, "failed"); }

TEST(CallTally, CountsEachEndUnderTheStandardNames) {
    RecordingContext ctx;
    CallTally tally;
    for (int i = 0; i < 4; ++i)
        tally.call(ctx);
    ctx.now_ = 30ms;
    EXPECT_EQ(tally.ended(ctx, answered({{"ok", true}}), 10ms, read).end, CallEnd::Ok);
    EXPECT_EQ(tally.ended(ctx, answered({{"ok", false}}), 20ms, read).end, CallEnd::Failed);
    const CallResult timed_out = tally.ended(ctx, CallOutcome{.timed_out = true, .reply = {}}, 0ms, read);
    EXPECT_EQ(timed_out.end, CallEnd::TimedOut);
    EXPECT_EQ(timed_out.status(), core::OpStatus::Info);       // a timeout is unknown, never fail
    EXPECT_EQ(timed_out.op_value(), (Json{{"error", "timeout"}}));
    EXPECT_EQ(tally.ended(ctx, answered({{"no", "ok"}}), 25ms, read).end, CallEnd::Malformed);
    tally.retry(ctx);

    EXPECT_EQ(ctx.counters["calls"], 4);
    EXPECT_EQ(ctx.counters["successes"], 1);
    EXPECT_EQ(ctx.counters["failures"], 1);
    EXPECT_EQ(ctx.counters["timeouts"], 1);
    EXPECT_EQ(ctx.counters["malformed_replies"], 1);
    EXPECT_EQ(ctx.counters["retries"], 1);
    // Latency of answered calls only: 20, 10 and 5 ms; the timeout adds none.
    EXPECT_EQ(ctx.samples["latency_ms"], (std::vector<double>{20.0, 10.0, 5.0}));
    ASSERT_EQ(ctx.logs.size(), 1u);
    EXPECT_EQ(ctx.logs[0], "reply 42 from s1 has no boolean 'ok'");

    Json snap = Json::object();
    tally.write(snap);
    EXPECT_EQ(snap, (Json{{"calls", 4}, {"successes", 1}, {"failures", 1}, {"timeouts", 1}}));
    EXPECT_EQ(tally.retries(), 1u);
}

TEST(IgnoreStrayMessage, ALateReplyIsCountedAnythingElseLogged) {
    RecordingContext ctx;
    core::Message late;
    late.type = "request_reply";
    late.from = "s1";
    core::ignore_stray_message(ctx, late, "request_reply");
    core::Message odd;
    odd.type = "gossip";
    odd.from = "n9";
    core::ignore_stray_message(ctx, odd, "request_reply");
    EXPECT_EQ(ctx.counters["late_replies"], 1);
    EXPECT_EQ(ctx.counters["unexpected_messages"], 1);
    EXPECT_EQ(ctx.logs, std::vector<std::string>{"ignored a 'gossip' message from n9"});
}

// Every client role on the helpers announces its phases: running from the start, stopped once
// its workload stopped.
TEST(ClientRoles, AnnounceRunningThenStopped) {
    const std::vector<std::pair<std::string, Json>> roles = {
        {"client", {{"target", "s1"}, {"arrival", "fixed"}, {"stop_at", "1s"}}},
        {"retry-client", {{"target", "s1"}, {"arrival", "fixed"}, {"stop_at", "1s"}}},
        {"kv-client", {{"targets", Json::array({"s1"})}, {"arrival", "fixed"}, {"stop_at", "1s"}}},
        {"producer", {{"target", "s1"}, {"arrival", "fixed"}, {"stop_at", "1s"}}},
    };
    for (const auto& [role, params] : roles) {
        RoleHarness h(HarnessSetup{.role = role, .params = params, .self = "c1", .peers = {"s1"}});
        EXPECT_NE(h.info().find_phase("running"), nullptr) << role;
        EXPECT_NE(h.info().find_phase("stopped"), nullptr) << role;
        h.start();
        EXPECT_EQ(h.phase(), "running") << role;
        EXPECT_EQ(h.snapshot()["state"], "running") << role;
        h.advance(1200ms);
        EXPECT_EQ(h.phase(), "stopped") << role;
        EXPECT_EQ(h.snapshot()["state"], "stopped") << role;
    }
}

TEST(ClientRoles, AKvClientWithoutTargetsIsStoppedAtOnce) {
    RoleHarness h(HarnessSetup{.role = "kv-client", .params = {{"targets", Json::array()}}, .self = "c1",
                               .peers = {"s1"}});
    h.start();
    EXPECT_EQ(h.phase(), "stopped");
    EXPECT_EQ(h.snapshot()["state"], "stopped");
}

}  // namespace
}  // namespace distlab::test_support
