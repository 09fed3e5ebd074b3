// The three placement policies over labelled stores: ring ignores labels, HDFS's default puts the
// second and third replicas on one other rack, spread isolates zones first.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/patterns/consistent_hashing/placement.h"
#include "core/patterns/placement/replica_policy.h"

namespace distlab::core::placement {
namespace {

// Nine stores, three per zone; racks: two per zone.
std::vector<StoreLabels> nine_stores() {
    return {{"s1", {"z1", "r1", "h1"}}, {"s2", {"z1", "r1", "h2"}}, {"s3", {"z1", "r2", "h3"}},
            {"s4", {"z2", "r3", "h4"}}, {"s5", {"z2", "r3", "h5"}}, {"s6", {"z2", "r4", "h6"}},
            {"s7", {"z3", "r5", "h7"}}, {"s8", {"z3", "r5", "h8"}}, {"s9", {"z3", "r6", "h9"}}};
}

std::map<NodeId, StoreLabels> by_id(const std::vector<StoreLabels>& stores) {
    std::map<NodeId, StoreLabels> out;
    for (const auto& s : stores)
        out[s.id] = s;
    return out;
}

TEST(ReplicaPolicy, SpreadPutsOneReplicaInEachZone) {
    const auto stores = nine_stores();
    const auto labels = by_id(stores);
    for (std::int64_t i = 0; i < 300; ++i) {
        const auto replicas = replicas_of(consistent_hashing::key_name(i), stores, Policy::Spread, 3, 1);
        ASSERT_EQ(replicas.size(), 3u);
        std::set<std::string> zones;
        for (const NodeId& r : replicas)
            zones.insert(labels.at(r).values[0]);
        EXPECT_EQ(zones.size(), 3u) << "k" << i;
    }
}

TEST(ReplicaPolicy, RingIgnoresLabelsAndSometimesStacksAZone) {
    const auto stores = nine_stores();
    const auto labels = by_id(stores);
    int stacked = 0;
    std::map<NodeId, int> load;
    for (std::int64_t i = 0; i < 400; ++i) {
        const auto replicas = replicas_of(consistent_hashing::key_name(i), stores, Policy::Ring, 3, 1);
        ASSERT_EQ(std::set<NodeId>(replicas.begin(), replicas.end()).size(), 3u);
        std::set<std::string> zones;
        for (const NodeId& r : replicas) {
            zones.insert(labels.at(r).values[0]);
            ++load[r];
        }
        stacked += zones.size() < 3;
    }
    EXPECT_GT(stacked, 100);
    EXPECT_EQ(load.size(), 9u);
}

TEST(ReplicaPolicy, HdfsDefaultUsesTwoRacksWithTheLastTwoReplicasSharingOne) {
    // The second replica on another rack than the first, the third beside the second when its
    // rack has another store (racks r2, r4 and r6 have one store each: then any other store).
    const auto stores = nine_stores();
    const auto labels = by_id(stores);
    const auto rack = [&](const NodeId& id) { return labels.at(id).values[1]; };
    int shared = 0, alone = 0;
    for (std::int64_t i = 0; i < 200; ++i) {
        const auto replicas = replicas_of(consistent_hashing::key_name(i), stores, Policy::HdfsDefault, 3, 1);
        ASSERT_EQ(replicas.size(), 3u);
        EXPECT_NE(rack(replicas[0]), rack(replicas[1]));
        const auto room = std::count_if(stores.begin(), stores.end(), [&](const StoreLabels& s) {
            return s.values[1] == rack(replicas[1]) && s.id != replicas[0] && s.id != replicas[1];
        });
        if (room > 0) {
            EXPECT_EQ(rack(replicas[1]), rack(replicas[2])) << consistent_hashing::key_name(i);
            ++shared;
        } else {
            EXPECT_NE(replicas[2], replicas[1]);
            ++alone;
        }
    }
    EXPECT_GT(shared, 50);
    EXPECT_GT(alone, 20);
}

TEST(ReplicaPolicy, FewerStoresThanReplicasGiveEveryStoreOnce) {
    const std::vector<StoreLabels> two = {{"a", {"z1"}}, {"b", {"z1"}}};
    EXPECT_EQ(replicas_of("k1", two, Policy::Spread, 3, 0).size(), 2u);
    EXPECT_TRUE(replicas_of("k1", {}, Policy::Spread, 3, 0).empty());
}

TEST(ReplicaPolicy, LabelListsAndSharedPrefixes) {
    EXPECT_EQ(split_labels(" zone, rack ,,host"), (std::vector<std::string>{"zone", "rack", "host"}));
    EXPECT_EQ(shared_prefix({"a", {"z1", "r1", "h1"}}, {"b", {"z1", "r1", "h2"}}), 2u);
    EXPECT_EQ(shared_prefix({"a", {"z1", "r1"}}, {"b", {"z2", "r1"}}), 0u);
    EXPECT_EQ(shared_prefix({"a", {"", ""}}, {"b", {"", ""}}), 0u);   // no labels: nothing shared
}

}  // namespace
}  // namespace distlab::core::placement
