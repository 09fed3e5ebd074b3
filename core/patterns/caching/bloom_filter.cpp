#include "core/patterns/caching/bloom_filter.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace distlab::core::caching {

namespace {

std::uint64_t fnv1a(std::string_view key) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

// SplitMix64's finaliser: spreads FNV's similar hashes of similar keys over all 64 bits.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// The two hashes double hashing combines; the second is odd, so it never repeats a position early.
std::pair<std::uint64_t, std::uint64_t> hashes_of(std::string_view key) {
    const std::uint64_t h1 = mix(fnv1a(key));
    return {h1, mix(h1) | 1};
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
    const auto [h1, h2] = hashes_of(key);
    for (std::uint32_t i = 0; i < k_; ++i)
        bits_[(h1 + i * h2) % bits_.size()] = true;
}

bool BloomFilter::may_contain(std::string_view key) const {
    const auto [h1, h2] = hashes_of(key);
    for (std::uint32_t i = 0; i < k_; ++i)
        if (!bits_[(h1 + i * h2) % bits_.size()])
            return false;
    return true;
}

}  // namespace distlab::core::caching
