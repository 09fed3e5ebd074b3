// The message queue's shipped scenarios in the simulator, each under a few seeds: its checks give
// their verdicts for every seed (the partners' expected failures included), and the history
// says the lesson in numbers.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/api/role_catalog.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/message_queue/mq_history.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct SimOutcome {
    std::vector<CheckResult> checks;
    mq::MqHistory history;
};

std::vector<std::uint64_t> seeds() {
    std::vector<std::uint64_t> out;
    for (std::uint64_t k = 1; k <= test_support::kPatternSeeds; ++k)
        out.push_back(7 * k + 1);
    return out;
}

SimOutcome simulate(const std::string& name, std::uint64_t seed) {
    const test_support::ShippedSimRun sim = test_support::simulate_shipped("communication/" + name + ".yaml", seed);
    if (!sim.loaded)
        return {};
    SimOutcome run;
    run.checks = sim.checks;
    run.history = mq::read_mq_history(sim.events, catalog_of(sim.events, core::RoleRegistry::builtin()));
    for (const CheckResult& c : run.checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << name << " seed " << seed << ": " << c.name << ": " << c.detail;
    return run;
}

std::int64_t lost(const mq::MqHistory& h) {
    std::int64_t n = 0;
    for (const auto& [key, enq] : h.enqueues)
        for (const auto& [group, tracks] : h.groups) {
            const auto t = tracks.find(key);
            n += enq.acked && (t == tracks.end() || t->second.consumed == 0) && !h.in_dlq(group, key);
        }
    return n;
}

TEST(MqSim, ThePoisonMessageReachesTheDlqAfterExactly17DeliveriesUnderEverySeed) {
    for (const std::uint64_t seed : seeds()) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome run = simulate("mq-poison-message", seed);
        const mq::MqHistory& h = run.history;
        ASSERT_EQ(h.groups.size(), 1u);
        const auto& tracks = h.groups.at("workers");
        const mq::Track& poison = tracks.at({"p1", 10});
        EXPECT_EQ(poison.deliveries.size(), 17u);
        EXPECT_EQ(poison.failed, 17);
        EXPECT_EQ(poison.consumed, 0);
        EXPECT_EQ(h.dlq_depth(), 1);
        // The others flow: each consumed exactly once, none redelivered.
        for (const auto& [key, t] : tracks)
            if (key != mq::Key{"p1", 10}) {
                EXPECT_EQ(t.consumed, 1) << mq::key_name(key);
                EXPECT_EQ(t.deliveries.size(), 1u) << mq::key_name(key);
            }
        EXPECT_EQ(h.redeliveries, 16);
        EXPECT_EQ(h.redeliveries_by_reason.at("retry"), 16);
    }
}

TEST(MqSim, AKilledConsumersMessagesAreRedeliveredNotLostUnderEverySeed) {
    for (const std::uint64_t seed : seeds()) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome run = simulate("mq-consumer-crash", seed);
        EXPECT_EQ(lost(run.history), 0);
        EXPECT_GE(run.history.redeliveries, 1);
        EXPECT_EQ(run.history.redeliveries, run.history.redeliveries_by_reason.at("timeout"));
    }
}

TEST(MqSim, AutoAckLosesTheKilledConsumersMessagesUnderEverySeed) {
    for (const std::uint64_t seed : seeds()) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome run = simulate("mq-consumer-crash-auto-ack", seed);
        EXPECT_GE(lost(run.history), 1);
        // What is delivered again went to c1 after it died, before the queue dropped it from
        // the group: it never arrived, so it was received once.
        for (const auto& [reason, count] : run.history.redeliveries_by_reason)
            EXPECT_EQ(reason, "timeout") << count;
    }
}

TEST(MqSim, ADurableQueueRestartedLosesNothingAcknowledgedUnderEverySeed) {
    for (const std::uint64_t seed : seeds()) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome run = simulate("mq-queue-restart", seed);
        EXPECT_EQ(lost(run.history), 0);
        EXPECT_GE(run.history.redeliveries_by_reason.count("recovered"), 1u);
        EXPECT_GE(run.history.acked(), 70);
    }
}

TEST(MqSim, AQueueInMemoryRestartedLosesAcknowledgedMessagesUnderEverySeed) {
    for (const std::uint64_t seed : seeds()) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const SimOutcome run = simulate("mq-queue-restart-in-memory", seed);
        EXPECT_GE(lost(run.history), 5);
    }
}

}  // namespace
}  // namespace distlab::netlab
