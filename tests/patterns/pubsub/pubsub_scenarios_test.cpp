// The shipped publish-subscribe scenarios in the simulator over 20 seeds: each lesson holds with
// the figures its narrative promises, read through the pattern's checks and its history.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "core/patterns/pubsub/subscriber_role.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/pubsub/pubsub_history.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab {
namespace {

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

Scenario load_shipped(const std::string& relative) {
    const std::filesystem::path file = std::filesystem::path(DISTLAB_SOURCE_DIR) / "scenarios" / relative;
    auto loaded =
        load_scenario_file(file.string(), core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded.has_value()) << relative << ": " << (loaded ? "" : loaded.error().front().str());
    return loaded ? *loaded : Scenario{};
}

struct Judged {
    pubsub::History history;
    std::vector<CheckResult> checks;
};

Judged run_seed(Scenario scenario, std::uint64_t seed) {
    scenario.seed = seed;
    Collector collector;
    SimRun run(scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    EXPECT_EQ(run.violations(), 0u);
    std::map<std::string, pubsub::SubscriberInfo> subscribers;
    std::vector<std::string> publishers;
    for (const NodeSpec& node : scenario.nodes) {
        if (node.role == "publisher")
            publishers.push_back(node.id);
        if (node.role == "subscriber") {
            const auto c = core::pubsub::SubscriberConfig::from(node.resolved);
            subscribers[node.id] = {c.pattern, c.queue, c.delivery};
        }
    }
    Judged out;
    out.history = pubsub::read_history(collector.events, subscribers, publishers, 1'000'000'000);
    out.checks = run_checks(RunView{scenario, collector.events}, CheckRegistry::builtin());
    return out;
}

const pubsub::SubscriptionResult& subscription(const pubsub::History& h, const std::string& name) {
    for (const auto& s : h.subscriptions)
        if (s.name == name)
            return s;
    ADD_FAILURE() << "no subscription " << name;
    static const pubsub::SubscriptionResult none;
    return none;
}

void expect_all_pass(const std::vector<CheckResult>& checks) {
    for (const CheckResult& c : checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;
}

TEST(PubsubScenarios, ADurableSubscriberAwayFiveSecondsLosesNothing) {
    const Scenario scenario = load_shipped("communication/pubsub-offline-subscriber.yaml");
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Judged j = run_seed(scenario, seed);
        expect_all_pass(j.checks);
        const auto& s1 = subscription(j.history, "s1");
        EXPECT_EQ(j.history.publishes_acked, 999);          // every 10 ms to 10 s
        EXPECT_EQ(s1.expected, 999);                        // durable: subscribed while away too
        EXPECT_TRUE(s1.lost.empty());
        EXPECT_TRUE(s1.reordered.empty());
        EXPECT_LE(s1.duplicated.size(), 64u);               // at most its window of unacknowledged ones
        EXPECT_TRUE(subscription(j.history, "s2").lost.empty());
    }
}

TEST(PubsubScenarios, AnAtMostOnceSubscriberAwayFiveSecondsLosesAboutFiveHundred) {
    const Scenario scenario = load_shipped("communication/pubsub-offline-subscriber-off.yaml");
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Judged j = run_seed(scenario, seed);
        expect_all_pass(j.checks);                           // the expect_fail on s1's losses included
        const auto& s1 = subscription(j.history, "s1");
        EXPECT_GE(s1.lost.size(), 450u);
        EXPECT_LE(s1.lost.size(), 560u);
        EXPECT_EQ(s1.lost_runs, 1);                          // one gap: the five seconds away
        EXPECT_TRUE(s1.duplicated.empty());
        EXPECT_TRUE(subscription(j.history, "s2").lost.empty());
    }
}

}  // namespace
}  // namespace distlab::netlab
