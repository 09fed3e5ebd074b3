// The local cache's eviction policies and TTLs, and the Bloom filter's sizing and errors.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/patterns/caching/bloom_filter.h"
#include "core/patterns/caching/local_cache.h"

namespace distlab::core::caching {
namespace {

using namespace std::chrono_literals;

CacheEntry entry(std::int64_t version, Duration expires = Duration(0)) { return {.value = version, .expires = expires}; }

TEST(LocalCache, LruEvictsTheLeastRecentlyUsed) {
    LocalCache cache(2, Eviction::Lru);
    ASSERT_TRUE(cache.put("a", entry(1), 0ms));
    ASSERT_TRUE(cache.put("b", entry(1), 0ms));
    ASSERT_TRUE(cache.get("a", 0ms));   // b is now the least recently used
    ASSERT_TRUE(cache.put("c", entry(1), 0ms));
    EXPECT_TRUE(cache.get("a", 0ms));
    EXPECT_FALSE(cache.get("b", 0ms));
    EXPECT_TRUE(cache.get("c", 0ms));
    EXPECT_EQ(cache.evictions(), 1);
}

TEST(LocalCache, LfuEvictsTheLeastFrequentlyUsedEvenIfRecent) {
    LocalCache cache(2, Eviction::Lfu);
    cache.put("a", entry(1), 0ms);
    for (int i = 0; i < 5; ++i)
        cache.get("a", 0ms);
    cache.put("b", entry(1), 0ms);   // used once, and the most recent
    cache.put("c", entry(1), 0ms);
    EXPECT_TRUE(cache.get("a", 0ms));
    EXPECT_FALSE(cache.get("b", 0ms));
    EXPECT_TRUE(cache.get("c", 0ms));
}

TEST(LocalCache, NoEvictionRefusesANewKeyWhenFull) {
    LocalCache cache(1, Eviction::None);
    EXPECT_TRUE(cache.put("a", entry(1), 0ms));
    EXPECT_FALSE(cache.put("b", entry(1), 0ms));
    EXPECT_TRUE(cache.put("a", entry(2), 0ms));   // an update needs no room
    EXPECT_EQ(cache.get("a", 0ms)->value, 2);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(LocalCache, AnEntryExpiresAtItsTtlAndExpiredOnesMakeRoomFirst) {
    LocalCache cache(2, Eviction::Lru);
    cache.put("a", entry(1, 100ms), 0ms);
    cache.put("b", entry(1), 0ms);
    EXPECT_TRUE(cache.get("a", 99ms));
    cache.get("a", 99ms);
    // At 100 ms a has expired: it goes, not b, though b is the least recently used.
    cache.put("c", entry(1), 100ms);
    EXPECT_FALSE(cache.get("a", 100ms));
    EXPECT_TRUE(cache.get("b", 100ms));
    EXPECT_EQ(cache.evictions(), 0);
    EXPECT_EQ(cache.expirations(), 1);
}

TEST(RatioWindow, CountsOnlyTheLastSecond) {
    RatioWindow w;
    w.add(0ms, true);
    w.add(500ms, false);
    EXPECT_DOUBLE_EQ(w.percent(900ms), 50.0);
    EXPECT_DOUBLE_EQ(w.percent(1200ms), 0.0);   // the hit at 0 ms has left the window
    EXPECT_DOUBLE_EQ(w.percent(2000ms), 0.0);
}

TEST(BloomFilter, SizedByTheTextbookFormula) {
    const BloomFilter million(1'000'000, 0.01);
    EXPECT_NEAR(static_cast<double>(million.bits()) / 1e6, 9.59, 0.01);
    EXPECT_EQ(million.hashes(), 7u);
    const BloomFilter guava(1'000'000, 0.03);
    EXPECT_NEAR(static_cast<double>(guava.bits()) / 1e6, 7.30, 0.01);
    EXPECT_EQ(guava.hashes(), 5u);
}

TEST(BloomFilter, NeverMissesAnAddedKeyAndErrsNearItsRate) {
    BloomFilter bloom(10'000, 0.01);
    for (int i = 0; i < 10'000; ++i)
        bloom.add("k" + std::to_string(i));
    for (int i = 0; i < 10'000; ++i)
        ASSERT_TRUE(bloom.may_contain("k" + std::to_string(i))) << i;
    int false_positives = 0;
    for (int i = 0; i < 100'000; ++i)
        false_positives += bloom.may_contain("m" + std::to_string(i)) ? 1 : 0;
    EXPECT_GT(false_positives, 500);    // about 1000 expected
    EXPECT_LT(false_positives, 1500);
}

}  // namespace
}  // namespace distlab::core::caching
