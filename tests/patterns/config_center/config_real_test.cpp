// The config center on real processes: config-gray-rollback with every node a distlab-node over
// loopback. The bad gray release reaches s1 alone, its error report rolls it back, and every
// service runs version 1 at the end.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "tests/support/scratch_dir.h"

namespace distlab::netlab {
namespace {

TEST(ConfigReal, ABadGrayReleaseIsRolledBackOnRealProcesses) {
    auto scenario = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/discovery/config-gray-rollback.yaml",
                                       core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(scenario) << scenario.error().front().str();
    test_support::ScratchDir dir{"distlab-config-real"};
    RunRequest request;
    request.scenario = *scenario;
    request.node_binary = DISTLAB_NODE_BINARY;
    request.run_dir = dir.path().string();
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_EQ(outcome->checks.size(), scenario->checks.size());
    for (const CheckResult& c : outcome->checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;

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
