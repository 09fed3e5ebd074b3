#pragma once

#include <chrono>
#include <cstdint>

// What the history searches share (linearizable.cpp, and the sequential model in
// consistency.cpp): a time budget cheap enough to ask at every step, and the mixer their memo
// hashes use.
namespace distlab::netlab::history_search {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// Looks at the clock every 1024 steps only.
class Budget {
public:
    explicit Budget(Deadline deadline) : deadline_(deadline) {}
    bool expired() {
        if (expired_)
            return true;
        if ((++steps_ & 1023) == 0 && Clock::now() > deadline_)
            expired_ = true;
        return expired_;
    }
    std::uint64_t steps() const { return steps_; }

private:
    Deadline deadline_;
    std::uint64_t steps_ = 0;
    bool expired_ = false;
};

// SplitMix64's finaliser: every bit of `x` stirs every bit of the result.
inline std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

}  // namespace distlab::netlab::history_search
