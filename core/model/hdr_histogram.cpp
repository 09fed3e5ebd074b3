#include "core/model/hdr_histogram.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <string>

namespace distlab::core {

namespace {

constexpr std::int64_t kLargestHighest = std::int64_t{1} << 62;

}  // namespace

HdrHistogram::HdrHistogram(std::int64_t highest_trackable, int significant_digits)
    : highest_(highest_trackable), digits_(significant_digits) {
    assert(highest_trackable >= 2 && highest_trackable <= kLargestHighest);
    assert(significant_digits >= 1 && significant_digits <= 5);
    std::int64_t needed = 2;
    for (int i = 0; i < digits_; ++i)
        needed *= 10;
    sub_bucket_count_ = static_cast<std::int64_t>(std::bit_ceil(static_cast<std::uint64_t>(needed)));
    sub_bucket_mask_ = sub_bucket_count_ - 1;
    sub_bucket_half_magnitude_ = std::countr_zero(static_cast<std::uint64_t>(sub_bucket_count_)) - 1;
    counts_.assign(index_of(highest_) + 1, 0);
}

Result<HdrHistogram> HdrHistogram::create(std::int64_t highest_trackable, int significant_digits) {
    if (significant_digits < 1 || significant_digits > 5)
        return fail(Text{"significant digits must be 1 to 5, not " + std::to_string(significant_digits),
                         "有效数字位数必须为 1 到 5，而不是 " + std::to_string(significant_digits)});
    if (highest_trackable < 2 || highest_trackable > kLargestHighest)
        return fail(Text{"the highest trackable value must be 2 to 2^62, not " + std::to_string(highest_trackable),
                         "可记录的最大值必须为 2 到 2^62，而不是 " + std::to_string(highest_trackable)});
    return HdrHistogram(highest_trackable, significant_digits);
}

std::size_t HdrHistogram::index_of(std::int64_t value) const {
    const auto v = static_cast<std::uint64_t>(value);
    // The bucket: how many doublings of S/2 lie below the value (0 for values below S).
    const int bucket = (63 - std::countl_zero(v | static_cast<std::uint64_t>(sub_bucket_mask_))) - sub_bucket_half_magnitude_;
    const auto sub = static_cast<std::int64_t>(v >> bucket);
    const std::int64_t half = sub_bucket_count_ / 2;
    return static_cast<std::size_t>(((static_cast<std::int64_t>(bucket) + 1) << sub_bucket_half_magnitude_) + sub - half);
}

std::int64_t HdrHistogram::value_at_index(std::size_t index) const {
    const std::int64_t half = sub_bucket_count_ / 2;
    std::int64_t bucket = (static_cast<std::int64_t>(index) >> sub_bucket_half_magnitude_) - 1;
    std::int64_t sub = (static_cast<std::int64_t>(index) & (half - 1)) + half;
    if (bucket < 0) {
        sub -= half;
        bucket = 0;
    }
    return sub << bucket;
}

std::int64_t HdrHistogram::step_at(std::int64_t value) const {
    const auto v = static_cast<std::uint64_t>(value);
    const int bucket = (63 - std::countl_zero(v | static_cast<std::uint64_t>(sub_bucket_mask_))) - sub_bucket_half_magnitude_;
    return std::int64_t{1} << bucket;
}

void HdrHistogram::record(std::int64_t value, std::int64_t count) {
    if (count <= 0)
        return;
    if (value < 0 || value > highest_) {
        value = std::clamp<std::int64_t>(value, 0, highest_);
        clamped_ += count;
    }
    counts_[index_of(value)] += count;
    min_ = total_ > 0 ? std::min(min_, value) : value;
    max_ = std::max(max_, value);
    total_ += count;
    sum_ += static_cast<double>(value) * static_cast<double>(count);
}

void HdrHistogram::add(const HdrHistogram& other) {
    assert(other.highest_ == highest_ && other.digits_ == digits_);
    if (other.total_ == 0)
        return;
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] += other.counts_[i];
    min_ = total_ > 0 ? std::min(min_, other.min_) : other.min_;
    max_ = std::max(max_, other.max_);
    total_ += other.total_;
    clamped_ += other.clamped_;
    sum_ += other.sum_;
}

void HdrHistogram::reset() {
    std::fill(counts_.begin(), counts_.end(), 0);
    total_ = clamped_ = min_ = max_ = 0;
    sum_ = 0;
}

double HdrHistogram::mean() const {
    return total_ > 0 ? sum_ / static_cast<double>(total_) : 0.0;
}

std::int64_t HdrHistogram::value_at_percentile(double p) const {
    if (total_ == 0)
        return 0;
    // The rank, forgiving the rounding of p (99.9 / 100 * 1000 is a hair above 999 in binary).
    const double exact = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(total_);
    const auto rank = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(exact - 1e-9 * std::max(1.0, exact))));
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= rank)
            return std::clamp(highest_equivalent(value_at_index(i)), min_, max_);
    }
    return max_;
}

std::int64_t HdrHistogram::lowest_equivalent(std::int64_t value) const {
    return value_at_index(index_of(std::clamp<std::int64_t>(value, 0, highest_)));
}

std::int64_t HdrHistogram::highest_equivalent(std::int64_t value) const {
    const std::int64_t lowest = lowest_equivalent(value);
    return lowest + step_at(lowest) - 1;
}

}  // namespace distlab::core
