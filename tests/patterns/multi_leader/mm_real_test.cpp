// Multi-leader carts as real distlab-node processes over loopback: the shipped OR-Set cart
// scenario (two regions, a partition, concurrent edits) passes its checks, and both shoppers
// end with the cart that keeps both regions' edits.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

using core::Json;

TEST(MultiLeaderReal, AnOrSetCartKeepsBothRegionsEditsOnRealProcesses) {
    const std::string file = std::string(DISTLAB_SOURCE_DIR) + "/scenarios/replication/mm-cart-crdt.yaml";
    auto scenario = netlab::load_scenario_file(file, core::RoleRegistry::builtin(),
                                               netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    ASSERT_TRUE(scenario) << scenario.error().front().str();
    test_support::ScratchDir dir("distlab-mm-real");
    netlab::RunRequest request;
    request.scenario = *scenario;
    request.node_binary = DISTLAB_NODE_BINARY;
    request.run_dir = dir.path().string();
    auto outcome = netlab::run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_EQ(outcome->checks.size(), scenario->checks.size());
    for (const netlab::CheckResult& c : outcome->checks)
        EXPECT_EQ(c.verdict, netlab::Verdict::Pass) << c.name << ": " << c.detail;

    std::map<std::string, Json> final_reads = test_support::final_reads(outcome->events);
    EXPECT_EQ(final_reads["alice"], Json::array({"bread", "eggs"}));
    EXPECT_EQ(final_reads["bob"], Json::array({"bread", "eggs"}));
}

}  // namespace
}  // namespace distlab
