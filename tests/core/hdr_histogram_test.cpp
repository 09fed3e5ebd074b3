#include "core/model/hdr_histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace distlab::core {
namespace {

constexpr std::int64_t kHour = 3'600'000'000;   // microseconds

TEST(HdrHistogram, EveryValueKeepsItsSignificantDigits) {
    for (int digits = 1; digits <= 4; ++digits) {
        const HdrHistogram h(kHour, digits);
        const double bound = std::pow(10.0, -digits);
        std::mt19937_64 rng(digits);
        for (int i = 0; i < 20000; ++i) {
            // Log-uniform over the whole range, so every bucket is visited.
            const auto v = static_cast<std::int64_t>(std::exp(std::uniform_real_distribution<double>(0, std::log(double(kHour)))(rng)));
            const std::int64_t lo = h.lowest_equivalent(v);
            const std::int64_t hi = h.highest_equivalent(v);
            ASSERT_LE(lo, v) << "digits " << digits << " value " << v;
            ASSERT_GE(hi, v) << "digits " << digits << " value " << v;
            ASSERT_LE(double(hi - lo), std::max(0.0, bound * double(v))) << "digits " << digits << " value " << v;
        }
    }
}

TEST(HdrHistogram, SmallValuesAreExact) {
    const HdrHistogram h(1000, 3);
    for (std::int64_t v = 0; v < 2048 && v <= 1000; ++v) {
        EXPECT_EQ(h.lowest_equivalent(v), v);
        EXPECT_EQ(h.highest_equivalent(v), v);
    }
}

TEST(HdrHistogram, PercentilesAgreeWithSortingWithinPrecision) {
    HdrHistogram h(kHour, 3);
    std::vector<std::int64_t> values;
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> latency(std::log(5000.0), 1.2);
    for (int i = 0; i < 50000; ++i) {
        const auto v = static_cast<std::int64_t>(latency(rng));
        values.push_back(v);
        h.record(v);
    }
    std::sort(values.begin(), values.end());
    for (double p : {1.0, 50.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
        // Nearest rank in integers (p in hundredths of a percent), free of rounding.
        const auto hundredths = static_cast<std::size_t>(std::llround(p * 100));
        const std::size_t rank = std::max<std::size_t>(1, (hundredths * values.size() + 9999) / 10000);
        const std::int64_t exact = values[rank - 1];
        const std::int64_t got = h.value_at_percentile(p);
        EXPECT_GE(got, exact) << "p" << p;
        EXPECT_LE(double(got - exact), 0.001 * double(exact) + 1) << "p" << p;
    }
    EXPECT_EQ(h.count(), 50000);
    EXPECT_EQ(h.min(), values.front());
    EXPECT_EQ(h.max(), values.back());
    EXPECT_EQ(h.value_at_percentile(100), values.back());
}

TEST(HdrHistogram, OneOutlierInAThousandIsThePercentileAboveIt) {
    HdrHistogram h(kHour, 3);
    h.record(1000, 999);
    h.record(1'000'000);
    EXPECT_EQ(h.value_at_percentile(99), h.highest_equivalent(1000));
    EXPECT_EQ(h.value_at_percentile(99.9), h.highest_equivalent(1000));
    EXPECT_EQ(h.value_at_percentile(99.95), 1'000'000);
    EXPECT_NEAR(h.mean(), (999.0 * 1000 + 1e6) / 1000, 1e-6);
}

TEST(HdrHistogram, AddMergesAndResetEmpties) {
    HdrHistogram a(kHour, 2);
    HdrHistogram b(kHour, 2);
    a.record(10, 3);
    b.record(5'000'000);
    b.record(3);
    a.add(b);
    EXPECT_EQ(a.count(), 5);
    EXPECT_EQ(a.min(), 3);
    EXPECT_EQ(a.max(), 5'000'000);
    a.reset();
    EXPECT_EQ(a.count(), 0);
    EXPECT_EQ(a.value_at_percentile(50), 0);
    EXPECT_EQ(a.max(), 0);
}

TEST(HdrHistogram, OutOfRangeValuesAreClampedAndCounted) {
    HdrHistogram h(1'000'000, 3);
    h.record(-5);
    h.record(5'000'000'000);
    h.record(42);
    EXPECT_EQ(h.count(), 3);
    EXPECT_EQ(h.clamped(), 2);
    EXPECT_EQ(h.min(), 0);
    EXPECT_EQ(h.max(), 1'000'000);
}

TEST(HdrHistogram, MemoryIsLogarithmicInTheRange) {
    // 3 digits: S = 2048, so each doubling beyond S adds 1,024 counters.
    EXPECT_EQ(HdrHistogram(2047, 3).counters(), 2048u);
    EXPECT_LE(HdrHistogram(kHour, 3).counters(), 24u * 1024);
    EXPECT_LE(HdrHistogram(kHour, 1).counters(), 32u * 16);
}

TEST(HdrHistogram, BadArgumentsAreNamed) {
    auto digits = HdrHistogram::create(kHour, 6);
    ASSERT_FALSE(digits);
    EXPECT_NE(digits.error().message.find("significant digits"), std::string::npos);
    auto range = HdrHistogram::create(1, 3);
    ASSERT_FALSE(range);
    EXPECT_NE(range.error().message.find("highest trackable"), std::string::npos);
    EXPECT_TRUE(HdrHistogram::create(kHour, 5));
}

}  // namespace
}  // namespace distlab::core
