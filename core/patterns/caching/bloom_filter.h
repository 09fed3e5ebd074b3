#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace distlab::core::caching {

// A Bloom filter sized for `n` keys at false-positive rate `p`, with the textbook sizing:
// m = -n ln p / (ln 2)^2 bits and k = (m / n) ln 2 hash functions (n = 1 000 000 at p = 1 %
// gives 9.59 bits a key and k = 7). Keys are hashed with FNV-1a (64 bits, mixed by SplitMix64) and the k positions
// drawn by double hashing (Kirsch & Mitzenmacher). A key added is always found; a key never
// added is found with probability about p.
class BloomFilter {
public:
    // Requires: n >= 1, 0 < p < 1.
    BloomFilter(std::int64_t n, double p);

    void add(std::string_view key);
    bool may_contain(std::string_view key) const;

    std::uint64_t bits() const { return bits_.size(); }
    std::uint32_t hashes() const { return k_; }

private:
    std::vector<bool> bits_;
    std::uint32_t k_ = 1;
};

}  // namespace distlab::core::caching
