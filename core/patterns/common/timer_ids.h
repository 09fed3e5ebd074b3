#pragma once

#include <cstdint>

#include "core/model/ids.h"

namespace distlab::core {

// Hands out distinct TimerIds for per-request timers, above the fixed ids a role names itself
// (kArrivalTimer = 1, ...). 2^32 ids last a role days at ten thousand timers a second; after
// that the ids wrap back to `first`, long after those timers fired.
//
// Owned by one role; not thread-safe (roles are single-threaded).
class TimerIdSource {
public:
    explicit TimerIdSource(std::uint32_t first) : first_(first), next_(first) {}

    TimerId next() {
        const std::uint32_t id = next_;
        next_ = next_ == UINT32_MAX ? first_ : next_ + 1;
        return static_cast<TimerId>(id);
    }

private:
    std::uint32_t first_;
    std::uint32_t next_;
};

}  // namespace distlab::core
