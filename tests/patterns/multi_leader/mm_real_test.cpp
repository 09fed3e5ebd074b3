// Multi-leader carts as real distlab-node processes over loopback: the shipped OR-Set cart
// scenario (two regions, a partition, concurrent edits) passes its checks, and both shoppers
// end with the cart that keeps both regions' edits.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/support/real_run.h"
#include "tests/support/shipped_sim.h"

namespace distlab {
namespace {

using core::Json;

TEST(MultiLeaderReal, AnOrSetCartKeepsBothRegionsEditsOnRealProcesses) {
    const auto outcome = test_support::run_real_shipped("replication/mm-cart-crdt.yaml");
    ASSERT_TRUE(outcome);
    test_support::expect_checks_pass(outcome->checks);

    std::map<std::string, Json> final_reads = test_support::final_reads(outcome->events);
    EXPECT_EQ(final_reads["alice"], Json::array({"bread", "eggs"}));
    EXPECT_EQ(final_reads["bob"], Json::array({"bread", "eggs"}));
}

}  // namespace
}  // namespace distlab
