// The leaderless pattern's pieces: versions (last writer wins), Cassandra's consistency levels,
// preference lists on the ring, the Merkle tree, and bad wire bodies.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/patterns/leaderless/dynamo_protocol.h"
#include "core/patterns/leaderless/merkle_tree.h"
#include "core/patterns/leaderless/replica_store.h"

namespace distlab::core::leaderless {
namespace {

TEST(DynamoProtocol, TheNewestVersionWinsByTimestampThenWriterThenValue) {
    const Version a{"x", 10, "n1"};
    EXPECT_TRUE((Version{"x", 11, "n1"}).newer_than(a));
    EXPECT_TRUE((Version{"x", 10, "n2"}).newer_than(a));
    EXPECT_TRUE((Version{"y", 10, "n1"}).newer_than(a));
    EXPECT_FALSE(a.newer_than(a));
    EXPECT_TRUE(replaces(a, std::nullopt));
    EXPECT_FALSE(replaces(a, Version{"x", 11, "n1"}));
}

TEST(DynamoProtocol, LevelsAreCassandrasAndNeverAskForMoreThanN) {
    EXPECT_EQ(replies_needed(Level::One, 3), 1);
    EXPECT_EQ(replies_needed(Level::Quorum, 3), 2);
    EXPECT_EQ(replies_needed(Level::Quorum, 5), 3);
    EXPECT_EQ(replies_needed(Level::Quorum, 4), 3);
    EXPECT_EQ(replies_needed(Level::All, 5), 5);
    EXPECT_EQ(replies_needed(Level::Three, 2), 2);
    EXPECT_EQ(parse_level("QUORUM"), Level::Quorum);
    EXPECT_EQ(parse_level("quorum"), std::nullopt);
    EXPECT_EQ(to_string(Level::Two), "TWO");
}

TEST(DynamoProtocol, BadVersionsAndEntriesSayWhatIsWrong) {
    EXPECT_FALSE(Version::from_json(Json::array()));
    auto v = Version::from_json({{"value", "x"}, {"ts", -1}, {"writer", "n1"}});
    ASSERT_FALSE(v);
    EXPECT_NE(v.error().message.find("ts"), std::string::npos);
    auto e = entries_from_json(Json::array({{{"key", "k0"}, {"version", {{"value", 3}}}}}));
    ASSERT_FALSE(e);
    EXPECT_NE(e.error().message.find("entry 0"), std::string::npos);
    EXPECT_NE(e.error().message.find("value"), std::string::npos);
    const std::vector<KeyVersion> good{{"k0", {"c1-1", 5, "n2"}}};
    auto back = entries_from_json(to_json(good));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->front().version, good.front().version);
}

TEST(DynamoProtocol, APreferenceListHoldsEveryMemberOnceAndDependsOnlyOnTheKey) {
    const std::vector<NodeId> members{"n1", "n2", "n3", "n4", "n5"};
    const Ring ring(members, 16);
    const Ring again(members, 16);
    std::set<NodeId> first_homes;
    for (int k = 0; k < 50; ++k) {
        const std::string key = "k" + std::to_string(k);
        const auto pref = ring.preference_list(key);
        ASSERT_EQ(pref.size(), members.size());
        EXPECT_EQ(std::set<NodeId>(pref.begin(), pref.end()).size(), members.size());
        EXPECT_EQ(pref, again.preference_list(key));
        first_homes.insert(pref.front());
    }
    // 50 keys spread over the ring: every node is first for some key.
    EXPECT_EQ(first_homes.size(), members.size());
}

TEST(MerkleTree, EqualContentsGiveEqualRootsAndOneChangeShowsInItsLeafAndPathOnly) {
    std::map<std::string, Version, std::less<>> a;
    for (int k = 0; k < 40; ++k)
        a["k" + std::to_string(k)] = Version{"v" + std::to_string(k), k, "n1"};
    auto b = a;
    const MerkleTree ta(a, 4), tb(b, 4);
    EXPECT_EQ(ta.root(), tb.root());
    EXPECT_NE(ta.root(), 0u);

    b["k7"] = Version{"newer", 100, "n2"};
    const MerkleTree tc(b, 4);
    EXPECT_NE(ta.root(), tc.root());
    const std::size_t leaf = tc.first_leaf() + MerkleTree::leaf_of("k7", 4);
    std::size_t differing = 0;
    for (std::size_t i = tc.first_leaf(); i < 2 * tc.first_leaf(); ++i)
        differing += ta.hash(i) != tc.hash(i) ? 1 : 0;
    EXPECT_EQ(differing, 1u);
    EXPECT_NE(ta.hash(leaf), tc.hash(leaf));
    // Every ancestor of that leaf differs; its sibling does not.
    for (std::size_t i = leaf; i >= 1; i /= 2)
        EXPECT_NE(ta.hash(i), tc.hash(i)) << i;
    EXPECT_EQ(ta.hash(leaf ^ 1u), tc.hash(leaf ^ 1u));

    const MerkleTree empty({}, 4);
    EXPECT_EQ(empty.root(), 0u);
    EXPECT_EQ(from_hex(hex(tc.root())), tc.root());
    EXPECT_EQ(from_hex("12"), std::nullopt);
    EXPECT_EQ(from_hex("zzzzzzzzzzzzzzzz"), std::nullopt);
}

// A store builds every peer's tree in one pass over its keys: each must be the tree of exactly
// the keys it shares with that peer, and follow a change.
TEST(ReplicaStore, EachPeersTreeCoversTheKeysBothAreHomesFor) {
    const std::vector<NodeId> members = {"n1", "n2", "n3", "n4", "n5"};
    ReplicaStore store("n1", Ring(members, 16), 3, 4, false);
    for (int k = 0; k < 200; ++k) {
        const std::string key = "k" + std::to_string(k);
        if (store.is_home(key))
            store.apply(key, Version{"v" + std::to_string(k), k + 1, "n1"}, "n1");
    }
    ASSERT_GT(store.versions().size(), 50u);
    std::set<std::uint64_t> roots;
    for (const NodeId peer : {"n2", "n3", "n4", "n5"}) {
        const auto shared = store.shared_with(peer);
        EXPECT_FALSE(shared.empty()) << peer;
        EXPECT_EQ(store.tree_with(peer).root(), MerkleTree(shared, 4).root()) << peer;
        roots.insert(store.tree_with(peer).root());
    }
    EXPECT_EQ(roots.size(), 4u);   // four different sets of keys
    EXPECT_EQ(store.tree_with("n9").root(), 0u);   // not a member: nothing shared

    const std::string key = store.versions().begin()->first;
    const NodeId peer = store.homes_of(key)[0] == "n1" ? store.homes_of(key)[1] : store.homes_of(key)[0];
    const std::uint64_t before = store.tree_with(peer).root();
    store.apply(key, Version{"newer", 1000, "n2"}, "n1");
    EXPECT_NE(store.tree_with(peer).root(), before);
    EXPECT_EQ(store.tree_with(peer).root(), MerkleTree(store.shared_with(peer), 4).root());
}

}  // namespace
}  // namespace distlab::core::leaderless
