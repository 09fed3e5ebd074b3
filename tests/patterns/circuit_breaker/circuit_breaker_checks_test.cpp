// The circuit breaker checks: on simulated runs of small breaker scenarios (the breaker against a
// server that dies and comes back), and on hand-made event streams for what a correct breaker
// never does.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab {
namespace {

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

// s1 dies from 2 s to 5 s; c1 calls it 20 times a second through a breaker (count window of
// 10, minimum 6, 50 %, 1 s open, 2 trials). `client_params` and `checks` are YAML flow text.
std::string scenario_yaml(const std::string& client_params, const std::string& checks) {
    return "version: 1\nname: breaker-test\nfamily: resilience\n"
           "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\nduration: 8s\nseed: 5\n"
           "nodes:\n"
           "  - {id: s1, role: server, params: {service_time: 2ms}}\n"
           "  - id: c1\n    role: breaker-client\n"
           "    params: {target: s1, rate: 20, arrival: fixed, timeout: 100ms, stop_at: 7s, window: count,"
           " window_size: 10, minimum_calls: 6, wait_in_open: 1s, half_open_calls: 2" +
           client_params + "}\n"
           "faults:\n  - {at: 2s, until: 5s, kill: s1}\n"
           "checks:\n" + checks;
}

std::expected<Scenario, std::vector<Diagnostic>> load(const std::string& yaml) {
    return load_scenario_text(yaml, "test.yaml", core::RoleRegistry::builtin(),
                              make_check_validator(CheckRegistry::builtin()));
}

struct SimResult {
    std::vector<Event> events;
    std::vector<CheckResult> checks;
};

SimResult simulate(const Scenario& scenario) {
    Collector collector;
    SimRun run(scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    EXPECT_EQ(run.violations(), 0u);
    SimResult result{collector.events, {}};
    result.checks = run_checks(RunView{scenario, result.events}, CheckRegistry::builtin());
    return result;
}

const char* kAllChecks =
    "  - breaker_isolates: true\n"
    "  - breaker_opens: {within: 1s}\n"
    "  - breaker_recovers: {within: 2s, after: last_heal}\n";

TEST(BreakerChecks, ABreakerAgainstADyingServerPassesAllThree) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        auto scenario = load(scenario_yaml("", kAllChecks));
        ASSERT_TRUE(scenario) << scenario.error().front().str();
        scenario->seed = seed;
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimResult run = simulate(*scenario);
        ASSERT_EQ(run.checks.size(), 3u);
        for (const CheckResult& c : run.checks)
            EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;

        // The story itself: it started closed, opened, tried, and closed again.
        std::vector<std::string> phases;
        for (const Event& e : run.events)
            if (e.kind == EventKind::Phase && e.node == "c1")
                phases.push_back(e.type);
        ASSERT_GE(phases.size(), 4u);
        EXPECT_EQ(phases[0], "closed");
        EXPECT_EQ(phases[1], "open");
        EXPECT_EQ(phases[2], "half-open");
        EXPECT_EQ(phases.back(), "closed");
    }
}

TEST(BreakerChecks, ADisabledBreakerNeverOpens) {
    auto scenario = load(scenario_yaml(", enabled: false",
                                       "  - breaker_isolates: true\n  - breaker_opens: {within: 1s}\n"
                                       "  - breaker_recovers: {within: 2s}\n"));
    ASSERT_TRUE(scenario) << scenario.error().front().str();
    const SimResult run = simulate(*scenario);
    ASSERT_EQ(run.checks.size(), 3u);
    EXPECT_EQ(run.checks[0].verdict, Verdict::Pass) << run.checks[0].detail;   // nothing to hold back
    EXPECT_EQ(run.checks[1].verdict, Verdict::Fail);
    EXPECT_NE(run.checks[1].detail.find("c1 never open after the first fault (at 2.000s); its last phase was disabled"),
              std::string::npos)
        << run.checks[1].detail;
    EXPECT_EQ(run.checks[1].nodes, (std::vector<std::string>{"c1"}));
    EXPECT_EQ(run.checks[2].verdict, Verdict::Pass) << run.checks[2].detail;   // nothing held calls back
    EXPECT_NE(run.checks[2].detail.find("c1 was disabled at the last heal"), std::string::npos)
        << run.checks[2].detail;
}

TEST(BreakerChecks, ATooShortDeadlineFailsBreakerOpens) {
    // The first failures are timeouts 100 ms after the kill; six are needed: it cannot open
    // within 50 ms.
    auto scenario = load(scenario_yaml("", "  - breaker_opens: {within: 50ms}\n"));
    ASSERT_TRUE(scenario);
    const SimResult run = simulate(*scenario);
    ASSERT_EQ(run.checks.size(), 1u);
    EXPECT_EQ(run.checks[0].verdict, Verdict::Fail) << run.checks[0].detail;
}

TEST(BreakerChecks, ValidationRefusesScenariosWithoutABreakerAndBadArguments) {
    const std::string no_breaker =
        "version: 1\nname: t\nfamily: resilience\ntitle: {en: t, zh: t}\nsummary: {en: s, zh: s}\n"
        "nodes:\n  - {id: s1, role: server}\n  - {id: c1, role: client, params: {target: s1}}\n"
        "faults:\n  - {at: 1s, until: 2s, kill: s1}\n"
        "checks:\n  - breaker_isolates: true\n";
    auto refused = load(no_breaker);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().front().str().find("no node has the role breaker-client"), std::string::npos)
        << refused.error().front().str();

    for (const char* bad : {"  - breaker_isolates: false\n", "  - breaker_opens: {within: 0ms}\n",
                            "  - breaker_opens: {within: 1s, after: last_heal}\n",
                            "  - breaker_recovers: {after: last_heal}\n",
                            "  - breaker_recovers: {within: 1s, colour: red}\n"}) {
        auto loaded = load(scenario_yaml("", bad));
        EXPECT_FALSE(loaded) << bad;
    }
    auto fine = load(scenario_yaml("", "  - breaker_opens: {within: 1s, after: 2s}\n"
                                       "  - breaker_recovers: {within: 1s, after: 5s}\n"));
    EXPECT_TRUE(fine) << fine.error().front().str();
}

// Hand-made streams: what the checks say about a breaker that misbehaves.
class BreakerStreamTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto loaded = load(scenario_yaml("", kAllChecks));
        ASSERT_TRUE(loaded);
        scenario_ = *loaded;
        phase(0, "closed");
    }
    // c1 enters `name`; a breaker-client announces closed when it starts (SetUp does).
    void phase(std::int64_t ms, std::string name) {
        events_.push_back({.t_ns = ms * 1'000'000, .kind = EventKind::Phase, .node = "c1", .type = std::move(name),
                           .data = R"({"from":"","reason":""})"});
    }
    void send(std::int64_t ms) {
        events_.push_back({.t_ns = ms * 1'000'000, .kind = EventKind::MessageSent, .node = "c1", .peer = "s1",
                           .msg_id = ++next_id_, .type = "request", .data = "{}"});
    }
    CheckResult isolates() {
        return run_checks(RunView{scenario_, events_}, CheckRegistry::builtin()).front();
    }

    Scenario scenario_;
    std::vector<Event> events_;
    std::uint64_t next_id_ = 0;
};

TEST_F(BreakerStreamTest, ARequestWhileOpenFailsIsolation) {
    send(100);
    phase(200, "open");
    send(300);
    const CheckResult r = isolates();
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("c1 sent request 2 to s1 at 0.300s while open"), std::string::npos) << r.detail;
}

TEST_F(BreakerStreamTest, MoreTrialsThanPermitsFailIsolation) {
    phase(200, "open");
    phase(1200, "half-open");
    send(1200);
    send(1250);
    EXPECT_EQ(isolates().verdict, Verdict::Pass);
    send(1300);
    const CheckResult r = isolates();
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("(trial 3 of 2)"), std::string::npos) << r.detail;
}

TEST_F(BreakerStreamTest, EachHalfOpenSpellHasItsOwnPermits) {
    phase(200, "open");
    phase(1200, "half-open");
    send(1200);
    send(1250);
    phase(1300, "open");
    phase(2300, "half-open");
    send(2300);
    send(2350);
    EXPECT_EQ(isolates().verdict, Verdict::Pass) << isolates().detail;
}

TEST_F(BreakerStreamTest, ARestartedClientStartsClosed) {
    phase(200, "open");
    events_.push_back({.t_ns = 500'000'000, .kind = EventKind::NodeExited, .node = "c1"});
    events_.push_back({.t_ns = 550'000'000, .kind = EventKind::NodeStarted, .node = "c1"});
    send(600);   // before the new process announces its phase: no breaker holds it
    phase(600, "closed");
    send(650);
    EXPECT_EQ(isolates().verdict, Verdict::Pass) << isolates().detail;
}

TEST_F(BreakerStreamTest, ATransitionThatDoesNotFollowFails) {
    phase(200, "half-open");
    const CheckResult r = isolates();
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("at 0.200s c1 went from closed to half-open, which a breaker never does"), std::string::npos)
        << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"c1"}));
}

}  // namespace
}  // namespace distlab::netlab
