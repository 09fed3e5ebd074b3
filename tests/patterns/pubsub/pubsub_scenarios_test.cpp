// The shipped publish-subscribe scenarios in the simulator over a few seeds: each lesson holds with
// the figures its narrative promises, read through the pattern's checks and its history.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/pubsub/pubsub_figures.h"
#include "netlab/patterns/pubsub/pubsub_history.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct Judged {
    pubsub::History history;
    std::vector<CheckResult> checks;
    std::optional<FigureSection> figures;
};

// A shipped scenario (`relative` to scenarios/) run under `seed`: its history, checks and figures.
Judged run_seed(const std::string& relative, std::uint64_t seed) {
    const test_support::ShippedSimRun run = test_support::simulate_shipped(relative, seed);
    EXPECT_EQ(run.violations, 0u);
    Judged out;
    out.history = pubsub::read_history(run.events, pubsub::participants_of(run.events), 1'000'000'000);
    out.checks = run.checks;
    const RoleCatalog catalog = catalog_of(run.events, core::RoleRegistry::builtin());
    out.figures = pubsub_figure_source()->section(FigureRun{run.events, catalog, run_end_ns(run.events)});
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

TEST(PubsubScenarios, ADurableSubscriberAwayFiveSecondsLosesNothing) {
    const std::string scenario = "communication/pubsub-offline-subscriber.yaml";
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Judged j = run_seed(scenario, seed);
        test_support::expect_checks_pass(j.checks);
        const auto& s1 = subscription(j.history, "s1");
        EXPECT_EQ(j.history.publishes_acked, 999);          // every 10 ms to 10 s
        EXPECT_EQ(s1.expected, 999);                        // durable: subscribed while away too
        EXPECT_TRUE(s1.lost.empty());
        EXPECT_TRUE(s1.reordered.empty());
        EXPECT_LE(s1.duplicated.size(), 5u);                // only what it processed as it was killed
        EXPECT_TRUE(subscription(j.history, "s2").lost.empty());
    }
}

TEST(PubsubScenarios, AnAtMostOnceSubscriberAwayFiveSecondsLosesAboutFiveHundred) {
    const std::string scenario = "communication/pubsub-offline-subscriber-off.yaml";
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Judged j = run_seed(scenario, seed);
        test_support::expect_checks_pass(j.checks);   // the expect_fail on s1's losses included
        const auto& s1 = subscription(j.history, "s1");
        EXPECT_GE(s1.lost.size(), 450u);
        EXPECT_LE(s1.lost.size(), 560u);
        EXPECT_EQ(s1.lost_runs, 1);                          // one gap: the five seconds away
        EXPECT_TRUE(s1.duplicated.empty());
        EXPECT_TRUE(subscription(j.history, "s2").lost.empty());
    }
}

TEST(PubsubScenarios, ASlowSubscriberLosesWhatItsBrokersOverflowPolicyGivesUp) {
    const std::string scenario = "communication/pubsub-slow-subscriber.yaml";
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Judged j = run_seed(scenario, seed);
        test_support::expect_checks_pass(j.checks);
        const auto& oldest = subscription(j.history, "so");
        const auto& newest = subscription(j.history, "sn");
        const auto& disconnect = subscription(j.history, "sd");
        for (const auto* s : {&oldest, &newest, &disconnect}) {
            EXPECT_EQ(s->expected, 799);
            EXPECT_GE(s->lost.size(), 350u);                 // about 45 of every 100 get through
            EXPECT_TRUE(s->duplicated.empty());
        }
        EXPECT_TRUE(oldest.newest_received);                // drop_oldest keeps the newest
        EXPECT_LE(oldest.longest_lost_run, 3);              // ... losing a little everywhere
        EXPECT_GE(newest.received_before_first_loss, 21);  // drop_newest keeps the oldest
        EXPECT_LT(oldest.median_age_ns, newest.median_age_ns);   // so what it delivers is staler
        EXPECT_GE(disconnect.disconnects, 5);               // disconnect loses whole stretches
        EXPECT_GE(disconnect.longest_lost_run, 20);
        EXPECT_GT(disconnect.lost.size(), oldest.lost.size());
    }
}

TEST(PubsubScenarios, AQueueGroupSharesTheMessagesAndLosesNone) {
    const std::string scenario = "communication/pubsub-queue-group.yaml";
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Judged j = run_seed(scenario, seed);
        test_support::expect_checks_pass(j.checks);
        const auto& group = subscription(j.history, "resizers (w1, w2, w3)");
        EXPECT_EQ(group.expected, 799);
        EXPECT_EQ(group.received, 799);
        EXPECT_EQ(group.deliveries, 799);                   // each message to one member, once
        for (const char* w : {"w1", "w2", "w3"}) {
            ASSERT_TRUE(group.received_by.contains(w)) << w;
            EXPECT_NEAR(static_cast<double>(group.received_by.at(w)), 799.0 / 3, 2) << w;   // in turn
        }
        EXPECT_EQ(subscription(j.history, "audit").received, 799);   // fan-out beside the group
    }
}

double figure(const FigureSection& section, const std::string& key) {
    for (const Figure& f : section.figures)
        if (f.key == key)
            return f.value;
    ADD_FAILURE() << "no figure " << key;
    return -1;
}

TEST(PubsubScenarios, TheReportCountsPublishedDeliveredLostAndDuplicatedPerSubscription) {
    const Judged off = run_seed("communication/pubsub-offline-subscriber-off.yaml", 7);
    ASSERT_TRUE(off.figures.has_value());
    const FigureSection& s = *off.figures;
    EXPECT_EQ(figure(s, "pubsub.published"), 999);
    const auto& s1 = subscription(off.history, "s1");
    EXPECT_EQ(figure(s, "pubsub.delivered"), 999 + s1.received);   // s2 got all, s1 some
    EXPECT_EQ(figure(s, "pubsub.lost"), static_cast<double>(s1.lost.size()));
    EXPECT_EQ(figure(s, "pubsub.duplicated"), 0);
    ASSERT_EQ(s.tables.size(), 1u);
    ASSERT_EQ(s.tables[0].rows.size(), 2u);                        // s1, s2
    EXPECT_EQ(s.tables[0].rows[0][0].en, "s1");
    EXPECT_EQ(s.tables[0].rows[0][4].en, std::to_string(s1.lost.size()));
    EXPECT_EQ(s.json["subscriptions"][0]["lost"], s1.lost.size());
}

}  // namespace
}  // namespace distlab::netlab
