#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/patterns/consistent_hashing/md5.h"
#include "core/patterns/consistent_hashing/placement.h"
#include "core/patterns/consistent_hashing/ring_protocol.h"

namespace distlab::core::consistent_hashing {
namespace {

std::string hex(const std::array<std::uint8_t, 16>& d) {
    std::string out;
    char buf[3];
    for (std::uint8_t b : d) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        out += buf;
    }
    return out;
}

std::vector<NodeId> nodes(int n) {
    std::vector<NodeId> out;
    for (int i = 1; i <= n; ++i)
        out.push_back("n" + std::to_string(i));
    return out;
}

PlacementSettings settings(Strategy strategy, std::int64_t vnodes = 160, std::int64_t keys = 2000) {
    PlacementSettings s;
    s.strategy = strategy;
    s.vnodes = vnodes;
    s.keys = keys;
    return s;
}

std::vector<std::int64_t> loads(const std::vector<std::size_t>& owners, std::size_t members) {
    std::vector<std::int64_t> out(members, 0);
    for (std::size_t o : owners)
        ++out[o];
    return out;
}

double moved_fraction(const PlacementSettings& s, const std::vector<NodeId>& before, const std::vector<NodeId>& after) {
    const auto a = owners(s, before), b = owners(s, after);
    std::size_t moved = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        moved += a[i] != b[i];
    return static_cast<double>(moved) / static_cast<double>(a.size());
}

TEST(Md5, MatchesTheRfcTestVectors) {
    EXPECT_EQ(hex(md5("")), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hex(md5("abc")), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(hex(md5("message digest")), "f96b697d7cb7938d525a2f31aaf161d0");
    EXPECT_EQ(hex(md5("12345678901234567890123456789012345678901234567890123456789012345678901234567890")),
              "57edf4a22be3c955ac49da2e2107b67a");
    EXPECT_EQ(le32(md5("abc"), 0), 0x98500190u);   // bytes 90 01 50 98, little-endian
}

TEST(Placement, TheRingHasVnodesPointsPerMemberFourPerDigest) {
    const auto ring = ring_points(nodes(3), 160);
    EXPECT_EQ(ring.size(), 480u);
    std::map<std::size_t, int> per;
    for (const RingPoint& p : ring)
        ++per[p.member];
    EXPECT_EQ(per[0], 160);
    // Dubbo's construction: the first four points of n1 are the four words of md5("n10").
    const auto digest = md5("n10");
    std::vector<std::uint32_t> expected{le32(digest, 0), le32(digest, 4), le32(digest, 8), le32(digest, 12)};
    for (std::uint32_t point : expected) {
        const bool found = std::any_of(ring.begin(), ring.end(),
                                       [&](const RingPoint& p) { return p.point == point && p.member == 0; });
        EXPECT_TRUE(found) << point;
    }
    EXPECT_TRUE(std::is_sorted(ring.begin(), ring.end(),
                               [](const RingPoint& a, const RingPoint& b) { return a.point < b.point; }));
    // vnodes not a multiple of four: the first points of the last digest.
    EXPECT_EQ(ring_points(nodes(2), 6).size(), 12u);
}

TEST(Placement, AKeyBelongsToTheFirstPointAtOrAfterIt) {
    const auto s = settings(Strategy::Ring, 4, 500);
    const auto members = nodes(4);
    const auto ring = ring_points(members, 4);
    const auto owner = place(s, members);
    for (std::int64_t i = 0; i < s.keys; ++i) {
        const std::uint32_t h = key_point(key_name(i));
        const auto it = std::find_if(ring.begin(), ring.end(), [&](const RingPoint& p) { return p.point >= h; });
        EXPECT_EQ(owner[static_cast<std::size_t>(i)], it == ring.end() ? ring.front().member : it->member);
    }
}

TEST(Placement, JumpHashMatchesThePapersReferenceValues) {
    // Monotone in the buckets, every key in range, and key 0 always in bucket 0.
    for (std::int32_t n = 1; n < 50; ++n)
        EXPECT_EQ(jump_hash(0, n), 0);
    for (std::uint64_t key = 1; key < 2000; ++key) {
        std::int32_t last = 0;
        for (std::int32_t n = 1; n <= 20; ++n) {
            const std::int32_t b = jump_hash(key, n);
            ASSERT_GE(b, 0);
            ASSERT_LT(b, n);
            // A key moves only to the new bucket.
            if (b != last)
                EXPECT_EQ(b, n - 1);
            last = b;
        }
    }
}

TEST(Placement, AJoinMovesAboutOneEleventhOnConsistentStrategiesAndTenEleventhsModN) {
    const auto ten = nodes(10), eleven = nodes(11);
    const double ideal = ideal_moved_fraction(10, 11);
    EXPECT_NEAR(ideal, 1.0 / 11.0, 1e-12);
    for (Strategy s : {Strategy::Ring, Strategy::Rendezvous, Strategy::Jump}) {
        SCOPED_TRACE(std::string(to_string(s)));
        const double moved = moved_fraction(settings(s), ten, eleven);
        EXPECT_NEAR(moved, ideal, 0.03);
        // Monotone: keys move only to the new node.
        const auto a = owners(settings(s), ten), b = owners(settings(s), eleven);
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i])
                EXPECT_EQ(b[i], "n11");
    }
    EXPECT_NEAR(moved_fraction(settings(Strategy::ModN), ten, eleven), 10.0 / 11.0, 0.03);
    // Bounded loads move more than the ring (full nodes pass keys on), far less than mod N.
    const double bounded = moved_fraction(settings(Strategy::Bounded), ten, eleven);
    EXPECT_GT(bounded, 0.05);
    EXPECT_LT(bounded, 0.5);
}

TEST(Placement, ALeaveMovesTheLeaversShareOnTheRing) {
    auto nine = nodes(10);
    nine.erase(nine.begin() + 3);   // n4 leaves
    const auto s = settings(Strategy::Ring);
    const auto before = owners(s, nodes(10)), after = owners(s, nine);
    std::size_t moved = 0, n4 = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
        moved += before[i] != after[i];
        n4 += before[i] == "n4";
        if (before[i] != after[i])
            EXPECT_EQ(before[i], "n4");   // only the leaver's keys move
    }
    EXPECT_EQ(moved, n4);
}

TEST(Placement, MoreVirtualNodesSpreadKeysMoreEvenly) {
    const auto members = nodes(10);
    const Spread few = spread(loads(place(settings(Strategy::Ring, 4, 20000), members), 10));
    const Spread many = spread(loads(place(settings(Strategy::Ring, 160, 20000), members), 10));
    const Spread lots = spread(loads(place(settings(Strategy::Ring, 1000, 20000), members), 10));
    EXPECT_GT(few.cv, 0.25);
    EXPECT_LT(many.cv, 0.15);
    EXPECT_LT(lots.cv, many.cv);
    EXPECT_GT(few.max_over_mean, 1.4);
    EXPECT_LT(many.max_over_mean, 1.3);
}

TEST(Placement, BoundedLoadsCapEveryNode) {
    auto s = settings(Strategy::Bounded, 4, 2000);
    s.load_factor = 1.25;
    const auto l = loads(place(s, nodes(10)), 10);
    for (std::int64_t n : l)
        EXPECT_LE(n, 250);   // ceil(1.25 x 200)
    // The same ring unbounded overloads some node.
    const auto unbounded = loads(place(settings(Strategy::Ring, 4, 2000), nodes(10)), 10);
    EXPECT_GT(*std::max_element(unbounded.begin(), unbounded.end()), 250);
}

TEST(Placement, SpreadAndIdealFractions) {
    const Spread s = spread({100, 100, 200});
    EXPECT_NEAR(s.mean, 400.0 / 3.0, 1e-9);
    EXPECT_NEAR(s.max_over_mean, 1.5, 1e-9);
    EXPECT_GT(s.cv, 0.3);
    EXPECT_EQ(spread({}).cv, 0);
    EXPECT_EQ(spread({0, 0}).max_over_mean, 0);
    EXPECT_NEAR(ideal_moved_fraction(10, 9), 0.1, 1e-12);
    EXPECT_EQ(ideal_moved_fraction(5, 5), 0);
}

TEST(Placement, EmptyMembersOwnNothing) { EXPECT_TRUE(place(settings(Strategy::Ring), {}).empty()); }

TEST(RingProtocol, KeyIndexAcceptsOnlyTheKeySpace) {
    EXPECT_EQ(key_index("k0", 10), 0);
    EXPECT_EQ(key_index("k9", 10), 9);
    EXPECT_EQ(key_index("k10", 10), std::nullopt);
    EXPECT_EQ(key_index("k01", 10), std::nullopt);
    EXPECT_EQ(key_index("k-1", 10), std::nullopt);
    EXPECT_EQ(key_index("x1", 10), std::nullopt);
    EXPECT_EQ(key_index("k", 10), std::nullopt);
    EXPECT_EQ(key_index("k1a", 10), std::nullopt);
}

}  // namespace
}  // namespace distlab::core::consistent_hashing
