// The config center on real processes: config-gray-rollback with every node a distlab-node over
// loopback. The bad gray release reaches s1 alone, its error report rolls it back, and every
// service runs version 1 at the end.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/model/json.h"
#include "tests/support/real_run.h"

namespace distlab::netlab {
namespace {

TEST(ConfigReal, ABadGrayReleaseIsRolledBackOnRealProcesses) {
    const auto outcome = test_support::run_real_shipped("discovery/config-gray-rollback.yaml");
    ASSERT_TRUE(outcome);
    test_support::expect_checks_pass(outcome->checks);

    std::set<std::string> ran_v2, failed;
    for (const Event& e : outcome->events) {
        if (e.kind == EventKind::OpInvoked && e.type == "apply" &&
            core::Json::parse(e.data, nullptr, false).value("version", 0) == 2)
            ran_v2.insert(e.node);
        // Work that failed on the bad config (not work begun before the first config arrived,
        // which a loaded machine can delay past the first arrival).
        if (e.kind == EventKind::OpCompleted && e.type == "fail" &&
            core::Json::parse(e.data, nullptr, false).value("error", "") == "bad config")
            failed.insert(e.node);
    }
    EXPECT_EQ(ran_v2, (std::set<std::string>{"s1"})) << "the gray release reached its group only";
    EXPECT_EQ(failed, (std::set<std::string>{"s1"}));
}

}  // namespace
}  // namespace distlab::netlab
