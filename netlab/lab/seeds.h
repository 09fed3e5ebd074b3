#pragma once

#include <cstdint>
#include <string_view>

namespace distlab::netlab {

// Derives an independent seed for one random stream of a run ("node:n1", "network", "nemesis")
// from the scenario seed: FNV-1a of the stream name mixed into the seed, then SplitMix64.
// The real lab and the simulator use the same streams, so a node's role sees the same seed in both.
constexpr std::uint64_t derive_seed(std::uint64_t seed, std::string_view stream) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : stream) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    std::uint64_t z = seed ^ h;
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace distlab::netlab
