#include <gtest/gtest.h>

#include "core/patterns/common/backoff.h"

namespace distlab::core::retry {
namespace {

std::vector<Duration> waits(const Backoff& b, int retries, std::uint64_t seed = 1) {
    std::mt19937_64 rng(seed);
    std::vector<Duration> out;
    for (int n = 1; n <= retries; ++n)
        out.push_back(b.delay(n, rng));
    return out;
}

TEST(Backoff, NoneRetriesAtOnce) {
    EXPECT_EQ(waits({BackoffKind::None, 100ms, 1s, 2.0}, 3), (std::vector<Duration>{0ms, 0ms, 0ms}));
}

TEST(Backoff, FixedWaitsBaseEveryTime) {
    EXPECT_EQ(waits({BackoffKind::Fixed, 100ms, 1s, 2.0}, 3),
              (std::vector<Duration>{100ms, 100ms, 100ms}));
}

TEST(Backoff, ExponentialGrowsByTheMultiplierUntilTheCap) {
    EXPECT_EQ(waits({BackoffKind::Exponential, 100ms, 1s, 2.0}, 6),
              (std::vector<Duration>{100ms, 200ms, 400ms, 800ms, 1s, 1s}));
    EXPECT_EQ(waits({BackoffKind::Exponential, 10ms, 1s, 3.0}, 4),
              (std::vector<Duration>{10ms, 30ms, 90ms, 270ms}));
}

TEST(Backoff, ExponentialSaturatesInsteadOfOverflowing) {
    const Backoff b{BackoffKind::Exponential, 1s, 30s, 10.0};
    std::mt19937_64 rng(1);
    EXPECT_EQ(b.delay(100, rng), 30s);
    EXPECT_EQ(b.delay(1000000, rng), 30s);
}

TEST(Backoff, FullJitterIsUniformBetweenZeroAndTheExponentialWait) {
    const Backoff b{BackoffKind::ExponentialJitter, 100ms, 1s, 2.0};
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        const auto w = waits(b, 6, seed);
        for (int n = 1; n <= 6; ++n) {
            EXPECT_GE(w[n - 1], 0ms);
            EXPECT_LE(w[n - 1], b.ceiling(n)) << "seed " << seed << " retry " << n;
        }
    }
    // Averaged over many draws, the wait is half the ceiling.
    std::mt19937_64 rng(9);
    double sum_ms = 0;
    for (int i = 0; i < 10000; ++i)
        sum_ms += to_ms(b.delay(4, rng));
    EXPECT_NEAR(sum_ms / 10000, 400.0, 15.0);
}

TEST(Backoff, FullJitterRepeatsForASeedAndDiffersAcrossSeeds) {
    const Backoff b{BackoffKind::ExponentialJitter, 100ms, 1s, 2.0};
    EXPECT_EQ(waits(b, 8, 42), waits(b, 8, 42));
    EXPECT_NE(waits(b, 8, 42), waits(b, 8, 43));
}

TEST(Backoff, NamesRoundTrip) {
    for (auto kind : {BackoffKind::None, BackoffKind::Fixed, BackoffKind::Exponential,
                      BackoffKind::ExponentialJitter})
        EXPECT_EQ(backoff_from_string(to_string(kind)), kind);
    EXPECT_EQ(backoff_from_string("linear"), std::nullopt);
}

}  // namespace
}  // namespace distlab::core::retry
