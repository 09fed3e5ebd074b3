// The shipped load balancing scenarios in the simulator, each under a few seeds: the lesson each
// one teaches holds for every seed (peak EWMA routes around a slow backend and round robin does
// not; a backend failing fast swallows least connections' traffic unless outlier detection
// ejects it; slow start spares a cold newcomer), and the outlier_ejection check catches a
// balancer that ejects too late.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "tests/support/pattern_seeds.h"

namespace distlab::netlab {
namespace {

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

struct Outcome {
    std::vector<CheckResult> checks;
    std::vector<Event> events;
};

Scenario load(const std::string& file) {
    auto loaded = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/scheduling/" + file,
                                     core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << file;
    return loaded ? *loaded : Scenario{};
}

Outcome simulate(Scenario scenario, std::uint64_t seed) {
    scenario.seed = seed;
    Collector collector;
    SimRun run(scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    Outcome out;
    out.checks = run_checks(RunView{scenario, collector.events}, CheckRegistry::builtin());
    out.events = std::move(collector.events);
    return out;
}

void expect_checks_pass(const Outcome& out, std::uint64_t seed) {
    EXPECT_FALSE(out.checks.empty());
    for (const CheckResult& c : out.checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << "seed " << seed << ": " << c.name << ": " << c.detail;
}

// Requests the balancer forwarded to each backend at or after `from_s`.
std::map<std::string, int> forwarded(const Outcome& out, double from_s) {
    std::map<std::string, int> to;
    for (const Event& e : out.events)
        if (e.kind == EventKind::MessageSent && e.node == "lb" && e.type == "request" &&
            e.t_ns >= static_cast<std::int64_t>(from_s * 1e9))
            ++to[e.peer];
    return to;
}

double share(const std::map<std::string, int>& to, const std::string& backend) {
    int total = 0;
    for (const auto& [id, n] : to)
        total += n;
    const auto it = to.find(backend);
    return total == 0 || it == to.end() ? 0.0 : static_cast<double>(it->second) / total;
}

constexpr std::uint64_t kSeeds = test_support::kPatternSeeds;

TEST(LoadBalancingSim, PeakEwmaRoutesAroundTheSlowBackendForEverySeed) {
    const Scenario scenario = load("lb-slow-backend.yaml");
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome out = simulate(scenario, seed);
        expect_checks_pass(out, seed);
        EXPECT_LT(share(forwarded(out, 6), "b5"), 0.01) << "seed " << seed;
    }
}

TEST(LoadBalancingSim, RoundRobinKeepsFeedingTheSlowBackendForEverySeed) {
    const Scenario scenario = load("lb-slow-backend-round-robin.yaml");
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome out = simulate(scenario, seed);
        expect_checks_pass(out, seed);   // the latency bound fails, as expect_fail says
        EXPECT_NEAR(share(forwarded(out, 6), "b5"), 0.2, 0.005) << "seed " << seed;
    }
}

TEST(LoadBalancingSim, AFastFailingBackendSwallowsLeastConnectionsTrafficForEverySeed) {
    const Scenario scenario = load("lb-black-hole.yaml");
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome out = simulate(scenario, seed);
        expect_checks_pass(out, seed);
        EXPECT_GT(share(forwarded(out, 4.5), "b3"), 0.3) << "seed " << seed << ": far more than its fifth";
    }
}

TEST(LoadBalancingSim, OutlierDetectionEjectsItAfterFiveErrorsForEverySeed) {
    const Scenario scenario = load("lb-black-hole-outlier.yaml");
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome out = simulate(scenario, seed);
        expect_checks_pass(out, seed);
        EXPECT_EQ(forwarded(out, 4.5)["b3"], 0) << "seed " << seed << ": ejected for 30 s";
        int errors = 0;
        for (const Event& e : out.events)
            if (e.kind == EventKind::OpCompleted && e.node == "c1" && e.type == "fail")
                ++errors;
        EXPECT_GE(errors, 5) << "seed " << seed;
        EXPECT_LE(errors, 8) << "seed " << seed << ": the five, and the few in flight as the fifth came back";
    }
}

TEST(LoadBalancingSim, SlowStartSparesTheColdNewcomerForEverySeed) {
    const Scenario with = load("lb-slow-start.yaml");
    const Scenario without = load("lb-slow-start-off.yaml");
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome ramped = simulate(with, seed);
        const Outcome abrupt = simulate(without, seed);
        expect_checks_pass(ramped, seed);
        expect_checks_pass(abrupt, seed);   // its p99 bound fails, as expect_fail says
        // Over the first second after it joins: about a fortieth of the requests against a fifth.
        const auto first_second = [](const Outcome& out) {
            std::map<std::string, int> to;
            for (const Event& e : out.events)
                if (e.kind == EventKind::MessageSent && e.node == "lb" && e.type == "request" &&
                    e.t_ns >= 5'000'000'000 && e.t_ns < 6'000'000'000)
                    ++to[e.peer];
            return share(to, "b5");
        };
        EXPECT_LT(first_second(ramped), 0.05) << "seed " << seed;
        EXPECT_NEAR(first_second(abrupt), 0.2, 0.01) << "seed " << seed;
    }
}

// A balancer that ejects too late (its threshold above the one the check reads, by editing the
// recorded scenario the check judges) is caught sending to the backend it should have ejected.
TEST(LoadBalancingSim, TheOutlierCheckCatchesALateEjection) {
    Scenario ran = load("lb-black-hole-outlier.yaml");
    for (NodeSpec& node : ran.nodes)
        if (node.id == "lb") {
            core::Json params = node.resolved.json();
            params["consecutive_errors"] = 50;
            node.resolved = core::Params(std::move(params));
        }
    ran.seed = 5;
    Collector collector;
    SimRun run(ran, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    const Scenario judged = load("lb-black-hole-outlier.yaml");   // says 5
    for (const CheckResult& c : run_checks(RunView{judged, collector.events}, CheckRegistry::builtin()))
        if (c.name == "outlier_ejection") {
            EXPECT_EQ(c.verdict, Verdict::Fail);
            EXPECT_NE(c.detail.find("lb sent a request to b3 at"), std::string::npos) << c.detail;
            EXPECT_NE(c.detail.find("had answered 5 errors in a row"), std::string::npos) << c.detail;
        }
}

}  // namespace
}  // namespace distlab::netlab
