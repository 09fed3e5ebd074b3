// scenarios/cases/iot-telemetry.yaml in the simulator over a few seeds: 100 devices publish to a
// broker, a stream job counts per device and window, its sink forwards to a database under
// backpressure, and a third of the devices are cut off for 6 s. For every seed: nothing
// acknowledged is lost, the cut-off devices catch up (every publish acknowledged, none given
// up), the counts equal the truth, and the database queue never exceeds its bound while every
// committed row reaches the database.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/stream/stream_truth.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

constexpr std::uint64_t kSeeds = test_support::kPatternSeeds;

TEST(IotTelemetrySim, NothingLostCountsMatchAndTheDatabaseIsNeverFloodedForEverySeed) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const test_support::ShippedSimRun run = test_support::simulate_shipped("cases/iot-telemetry.yaml", seed);
        ASSERT_TRUE(run.loaded);
        for (const CheckResult& r : run.checks)
            EXPECT_EQ(r.verdict, Verdict::Pass) << r.name << ": " << r.detail;
        EXPECT_EQ(run.violations, 0u);

        std::map<std::string, core::Json> last;   // each node's last snapshot
        std::int64_t published = 0, acked = 0, given_up = 0, outbox_peak = 0;
        for (const Event& e : run.events) {
            if (e.kind == EventKind::State)
                last[e.node] = core::Json::parse(e.data, nullptr, false);
            if (e.kind == EventKind::State && e.node == "out")
                outbox_peak = std::max(outbox_peak, last[e.node].value("outbox", std::int64_t{0}));
            if (e.node.starts_with("d") && e.type == "publish" && e.kind == EventKind::OpInvoked)
                ++published;
            if (e.node.starts_with("d") && e.kind == EventKind::OpCompleted)
                (e.type == "ok" ? acked : given_up) += 1;
        }
        EXPECT_EQ(acked, published);   // every reading acknowledged, the cut-off ones after the heal
        EXPECT_EQ(given_up, 0);
        EXPECT_GT(last["d100"]["timeouts"].get<std::int64_t>(), 0);   // it really was cut off
        EXPECT_EQ(last["d1"]["timeouts"], 0);

        const auto truth = stream_truth(run.events, catalog_of(run.events, core::RoleRegistry::builtin()));
        ASSERT_TRUE(truth);
        EXPECT_EQ(truth->events, published);
        EXPECT_EQ(truth->over, 0);
        EXPECT_EQ(truth->under, 0);

        // Every committed row reached the database, at its pace: a commit's rows waited in the
        // sink's outbox beyond the 50 the database queue grants.
        EXPECT_GT(outbox_peak, 50);
        EXPECT_EQ(last["out"]["outbox"], 0);
        EXPECT_GT(last["out"]["forwarded"].get<std::int64_t>(), 1000);
        EXPECT_EQ(last["db"]["consumed"], last["out"]["forwarded"]);
    }
}

}  // namespace
}  // namespace distlab::netlab
