// Publish-subscribe in the simulator: one publisher at 100 msg/s, two subscribers killed from 2 s
// to 4 s, one at-most-once and one at-least-once.

#include <gtest/gtest.h>

#include <string>

#include "core/model/role_registry.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab {
namespace {

std::string scenario_yaml(const std::string& faults) {
    return "version: 1\nname: pubsub-test\nfamily: communication\n"
           "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\nduration: 9s\nseed: 1\n"
           "nodes:\n"
           "  - {id: b, role: broker, params: {ack_wait: 500ms, buffer_limit: 1000}}\n"
           "  - {id: p1, role: publisher, params: {target: b, rate: 100, arrival: fixed, subject: orders.eu.created,"
           " stop_at: 7s}}\n"
           "  - {id: s1, role: subscriber, params: {broker: b, pattern: orders.>, delivery: at_most_once}}\n"
           "  - {id: s2, role: subscriber, params: {broker: b, pattern: orders.*.created, delivery: at_least_once}}\n"
           "  - {id: s3, role: subscriber, params: {broker: b, pattern: payments.>, delivery: at_least_once}}\n" +
           faults;
}

struct Outcome {
    std::int64_t published = 0;   // acknowledged to the publisher
    Json s1, s2, s3;
};

Outcome simulate(const std::string& faults, std::uint64_t seed) {
    auto scenario = load_scenario_text(scenario_yaml(faults), "test.yaml", core::RoleRegistry::builtin(), {});
    EXPECT_TRUE(scenario) << (scenario ? "" : scenario.error().front().str());
    if (!scenario)
        return {};
    scenario->seed = seed;
    SimRun run(*scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.run();
    EXPECT_EQ(run.violations(), 0u);
    Outcome out;
    const Json p1 = *run.snapshot("p1");
    EXPECT_EQ(p1["successes"], p1["seq"]);                 // every publish was acknowledged
    out.published = p1["successes"].get<std::int64_t>();
    out.s1 = *run.snapshot("s1");
    out.s2 = *run.snapshot("s2");
    out.s3 = *run.snapshot("s3");
    return out;
}

TEST(PubsubSim, WithoutFaultsEveryMatchingSubscriberGetsEveryMessageOnce) {
    const Outcome out = simulate("", 1);
    EXPECT_EQ(out.published, 699);                          // every 10 ms from 10 ms, none at 7 s
    for (const Json* s : {&out.s1, &out.s2}) {
        EXPECT_EQ((*s)["unique"], out.published);
        EXPECT_EQ((*s)["received"], out.published);
        EXPECT_EQ((*s)["duplicates"], 0);
        EXPECT_EQ((*s)["state"], "subscribed");
    }
    EXPECT_EQ(out.s3["received"], 0);                      // payments.> matches nothing published
}

TEST(PubsubSim, ASubscriberAwayLosesMessagesAtMostOnceAndGetsThemAllAtLeastOnce) {
    for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("faults:\n  - {at: 2s, until: 4s, kill: [s1, s2]}\n", seed);
        ASSERT_EQ(out.published, 699);

        // At-most-once: about two seconds of messages (200) are gone; nothing comes twice.
        const std::int64_t lost = out.published - out.s1["unique"].get<std::int64_t>();
        EXPECT_GE(lost, 190);
        EXPECT_LE(lost, 230);
        EXPECT_EQ(out.s1["duplicates"], 0);
        EXPECT_EQ(out.s1["last_seq"]["p1"], out.published);

        // At-least-once: every message, some more than once (redelivered while it was away, or
        // acknowledged just before the kill), each processed once.
        EXPECT_EQ(out.s2["unique"], out.published);
        EXPECT_EQ(out.s2["last_seq"]["p1"], out.published);
        EXPECT_EQ(out.s2["state"], "subscribed");
    }
}

}  // namespace
}  // namespace distlab::netlab
