// The shipped sidecar scenarios in the simulator, each under a few seeds: the sidecar and the same
// logic in the service both keep the client's calls available and the plain services do not;
// only the sidecar refuses the intruder; the retries are the sidecar's or the service's.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "netlab/checks/check.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

using Outcome = test_support::ShippedSimRun;

Outcome simulate(const std::string& file, std::uint64_t seed) {
    return test_support::simulate_shipped("discovery/" + file, seed);
}

// The intruder's operations that ended ok, and all that ended.
std::pair<int, int> intruder_ok(const Outcome& out) {
    int ok = 0, all = 0;
    for (const Event& e : out.events)
        if (e.kind == EventKind::OpCompleted && e.node == "intruder") {
            ++all;
            ok += e.type == "ok";
        }
    return {ok, all};
}

// Retried attempts `sender` sent (a request whose "attempt" is above 1).
int retries_from(const Outcome& out, const std::string& sender) {
    int n = 0;
    for (const Event& e : out.events)
        if (e.kind == EventKind::MessageSent && e.node == sender && e.type == "request") {
            const core::Json body = core::Json::parse(e.data, nullptr, false);
            n += body.is_object() && body.value("attempt", 1) > 1;
        }
    return n;
}

TEST(SidecarSim, EachScenariosLessonHoldsForEverySeed) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome with = simulate("sidecar.yaml", seed);
        const Outcome inside = simulate("sidecar-in-service.yaml", seed);
        const Outcome off = simulate("sidecar-off.yaml", seed);
        test_support::expect_checks_pass(with.checks);
        test_support::expect_checks_pass(inside.checks);
        test_support::expect_checks_pass(off.checks);

        const auto [refused_ok, refused_all] = intruder_ok(with);
        EXPECT_GT(refused_all, 50);
        EXPECT_EQ(refused_ok, 0) << "seed " << seed << ": the backend's sidecar refuses the intruder";
        const auto [served_ok, served_all] = intruder_ok(inside);
        EXPECT_GT(served_ok, served_all / 2) << "seed " << seed << ": without a sidecar nobody checks";

        // The same retries, done by the sidecar while the service makes one plain call, or by
        // the service itself.
        EXPECT_EQ(retries_from(with, "fe"), 0) << "seed " << seed;
        EXPECT_GT(retries_from(with, "fe-sc"), 10) << "seed " << seed;
        EXPECT_GT(retries_from(inside, "fe"), 10) << "seed " << seed;
    }
}

}  // namespace
}  // namespace distlab::netlab
