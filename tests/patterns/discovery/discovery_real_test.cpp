// Registration and discovery on real processes: registry-kill-9 with every node a distlab-node
// over loopback. s2 is SIGKILLed; the registry delists it within its bounds, the client's calls
// to it stop within the window, and there were some (the partner's lesson).

#include <gtest/gtest.h>

#include <string>

#include "core/model/json.h"
#include "tests/support/real_run.h"

namespace distlab::netlab {
namespace {

TEST(DiscoveryReal, AKilledInstanceIsDelistedAndItsCallsStopWithinTheWindow) {
    const auto outcome = test_support::run_real_shipped("discovery/registry-kill-9.yaml");
    ASSERT_TRUE(outcome);
    test_support::expect_checks_pass(outcome->checks);

    std::int64_t killed_ns = -1;
    int to_s2_after = 0, s2_pushes_out = 0;
    for (const Event& e : outcome->events) {
        if (e.kind == EventKind::NodeExited && e.node == "s2" && killed_ns < 0)
            killed_ns = e.t_ns;
        if (e.kind == EventKind::OpInvoked && killed_ns >= 0 &&
            core::Json::parse(e.data, nullptr, false).value("instance", "") == "s2")
            ++to_s2_after;
        if (e.kind == EventKind::MessageSent && e.node == "r1" && e.type == "reg_push" && killed_ns >= 0)
            ++s2_pushes_out;
    }
    ASSERT_GE(killed_ns, 0) << "s2 was never killed";
    EXPECT_GT(to_s2_after, 0) << "the client never called the dead instance: nothing was measured";
    EXPECT_GE(s2_pushes_out, 1) << "the registry never pushed the list without s2";
}

}  // namespace
}  // namespace distlab::netlab
