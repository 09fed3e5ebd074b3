// judge_ownership on hand-made claim histories: a clean split and move pass; a gap, two shards
// serving one key, and a space never covered fail.

#include <gtest/gtest.h>

#include "core/patterns/sharding/shard_protocol.h"
#include "netlab/patterns/sharding/shard_outcome.h"

namespace distlab::netlab {
namespace {

using Claim = ShardOutcome::Claim;
constexpr std::uint64_t kEnd = core::sharding::kSpaceEnd;

TEST(ShardOwnership, ASplitAndAMoveKeepOneOwner) {
    const std::vector<Claim> claims = {
        {.shard = "s1", .region = 1, .lo = 0, .hi = kEnd, .version = 1, .from_ms = 1, .serving_until_ms = 10, .until_ms = 10},
        {.shard = "s1", .region = 2, .lo = 0, .hi = 500, .version = 2, .from_ms = 10},
        // Region 3 moves to s2: s1 stops serving at 20, s2 serves from 21, s1 lets go at 22.
        {.shard = "s1", .region = 3, .lo = 500, .hi = kEnd, .version = 2, .from_ms = 10, .serving_until_ms = 20, .until_ms = 22},
        {.shard = "s2", .region = 3, .lo = 500, .hi = kEnd, .version = 3, .from_ms = 21},
    };
    const OwnershipReport r = judge_ownership(claims);
    EXPECT_TRUE(r.covered);
    EXPECT_FALSE(r.fault.has_value());
    EXPECT_EQ(r.moments, 5u);
}

TEST(ShardOwnership, LettingGoBeforeTheReceiverHoldsIsAGap) {
    const std::vector<Claim> claims = {
        {.shard = "s1", .region = 1, .lo = 0, .hi = kEnd, .version = 1, .from_ms = 1, .serving_until_ms = 5, .until_ms = 5},
        {.shard = "s2", .region = 1, .lo = 0, .hi = kEnd, .version = 2, .from_ms = 6},
    };
    const OwnershipReport r = judge_ownership(claims);
    ASSERT_TRUE(r.fault.has_value());
    EXPECT_TRUE(r.fault->gap);
    EXPECT_EQ(r.fault->at_ms, 5);
}

TEST(ShardOwnership, TwoShardsServingOneKeyFail) {
    const std::vector<Claim> claims = {
        {.shard = "s1", .region = 1, .lo = 0, .hi = kEnd, .version = 1, .from_ms = 1, .serving_until_ms = 8, .until_ms = 9},
        {.shard = "s2", .region = 1, .lo = 0, .hi = kEnd, .version = 2, .from_ms = 6},
    };
    const OwnershipReport r = judge_ownership(claims);
    ASSERT_TRUE(r.fault.has_value());
    EXPECT_FALSE(r.fault->gap);
    EXPECT_EQ(r.fault->shards, (std::vector<std::string>{"s1", "s2"}));
}

TEST(ShardOwnership, ASpaceNeverCoveredIsReported) {
    const std::vector<Claim> claims = {{.shard = "s1", .region = 1, .lo = 0, .hi = 100, .version = 1, .from_ms = 1}};
    EXPECT_FALSE(judge_ownership(claims).covered);
}

}  // namespace
}  // namespace distlab::netlab
