#include "core/patterns/caching/bloom_filter.h"

#include <algorithm>
#include <cmath>

namespace distlab::core::caching {

namespace {

std::uint64_t fnv1a(std::string_view key, std::uint64_t basis) {
    std::uint64_t h = basis;
    for (const char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

}  // namespace

BloomFilter::BloomFilter(std::int64_t n, double p) {
    const double keys = static_cast<double>(std::max<std::int64_t>(n, 1));
    const double rate = std::clamp(p, 1e-9, 0.999);
    const double ln2 = std::log(2.0);
    const double m = std::ceil(-keys * std::log(rate) / (ln2 * ln2));
    bits_.assign(static_cast<std::size_t>(std::max(m, 8.0)), false);
    k_ = static_cast<std::uint32_t>(std::max(1.0, std::round(static_cast<double>(bits_.size()) / keys * ln2)));
}

void BloomFilter::add(std::string_view key) {
    const std::uint64_t h1 = fnv1a(key, 0xcbf29ce484222325ULL), h2 = fnv1a(key, 0x84222325cbf29ce4ULL) | 1;
    for (std::uint32_t i = 0; i < k_; ++i)
        bits_[(h1 + i * h2) % bits_.size()] = true;
}

bool BloomFilter::may_contain(std::string_view key) const {
    const std::uint64_t h1 = fnv1a(key, 0xcbf29ce484222325ULL), h2 = fnv1a(key, 0x84222325cbf29ce4ULL) | 1;
    for (std::uint32_t i = 0; i < k_; ++i)
        if (!bits_[(h1 + i * h2) % bits_.size()])
            return false;
    return true;
}

}  // namespace distlab::core::caching
