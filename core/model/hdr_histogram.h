#pragma once

#include <cstdint>
#include <vector>

#include "core/model/result.h"

namespace distlab::core {

// A high-dynamic-range histogram of non-negative integer values (latencies in microseconds),
// after Gil Tene's HdrHistogram: log-linear buckets that keep every recorded value to a fixed
// number of significant decimal digits from 1 to the highest trackable value, in a fixed amount
// of memory and with O(1) recording. Bucket 0 holds [0, S) in steps of 1 and bucket k >= 1 holds
// [S/2 * 2^k, S * 2^k) in steps of 2^k, where S is the smallest power of two with
// S >= 2 * 10^digits; so a value's bucket step is never more than 10^-digits of the value.
// With 3 digits and an hour in microseconds that is 23 buckets of 1,024 counters (188 KiB).
//
// Debian 12 has no HdrHistogram library for C or C++ (docs/stress.md), hence this one.
class HdrHistogram {
public:
    // Requires: highest_trackable >= 2, 1 <= significant_digits <= 5 (use create() for input).
    HdrHistogram(std::int64_t highest_trackable, int significant_digits);

    // The same, with an error naming the bad argument instead of a precondition.
    static Result<HdrHistogram> create(std::int64_t highest_trackable, int significant_digits);

    // Records `value` `count` times. A negative value records as 0 and a value above the highest
    // trackable one as that value; both are counted in clamped().
    void record(std::int64_t value, std::int64_t count = 1);
    // Adds every count of `other`, which must have the same range and digits.
    void add(const HdrHistogram& other);
    void reset();

    std::int64_t count() const { return total_; }
    std::int64_t clamped() const { return clamped_; }
    // The exact smallest and largest values recorded (after clamping); 0 when empty.
    std::int64_t min() const { return total_ > 0 ? min_ : 0; }
    std::int64_t max() const { return max_; }
    double mean() const;

    // The value at percentile `p` in [0, 100]: the highest value equivalent to the recorded value
    // at rank ceil(p/100 * count) (nearest rank, at least 1), so the true value lies within the
    // digits' precision below it; and never above max(). 0 when empty.
    std::int64_t value_at_percentile(double p) const;

    // The values that count as the same as `value` (its bucket step): lowest and highest.
    std::int64_t lowest_equivalent(std::int64_t value) const;
    std::int64_t highest_equivalent(std::int64_t value) const;

    std::int64_t highest_trackable() const { return highest_; }
    int significant_digits() const { return digits_; }
    std::size_t counters() const { return counts_.size(); }

private:
    std::size_t index_of(std::int64_t value) const;
    std::int64_t value_at_index(std::size_t index) const;
    std::int64_t step_at(std::int64_t value) const;

    std::int64_t highest_ = 0;
    int digits_ = 0;
    int sub_bucket_half_magnitude_ = 0;   // log2(S / 2)
    std::int64_t sub_bucket_count_ = 0;   // S
    std::int64_t sub_bucket_mask_ = 0;    // S - 1
    std::vector<std::int64_t> counts_;
    std::int64_t total_ = 0;
    std::int64_t clamped_ = 0;
    std::int64_t min_ = 0;
    std::int64_t max_ = 0;
    double sum_ = 0;
};

}  // namespace distlab::core
