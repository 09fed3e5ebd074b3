#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "core/model/json.h"
#include "core/model/time.h"

namespace distlab::core::caching {

// Which entry a full cache gives up to make room.
enum class Eviction {
    None,   // refuse the new entry (Redis's maxmemory-policy noeviction)
    Lru,    // the least recently used (allkeys-lru)
    Lfu,    // the least frequently used, ties to the least recently used (allkeys-lfu)
};

std::string_view to_string(Eviction eviction);

// One cached value: a version number, or null for a key the database does not have (a cached
// null). `expires` is the hard TTL (0: never); `logical_expire` the logical expiry a service
// stored with the value (0: none), which the cache itself never acts on.
struct CacheEntry {
    Json value;
    Duration expires{0};
    Duration logical_expire{0};
};

// A bounded key-value cache with a TTL per entry and LRU or LFU eviction, as the lab's cache
// nodes and the services' local (first-level) caches keep their entries. Expired entries are
// dropped when they are read (lazily, as Redis does between its active-expiry sweeps) or when
// room is needed. O(log n) per operation. Owned by its role; single-threaded.
class LocalCache {
public:
    // max_keys 0: unbounded (eviction never runs).
    LocalCache(std::size_t max_keys, Eviction eviction) : max_keys_(max_keys), eviction_(eviction) {}

    // The live entry of `key` at `now` (one more use of it), or nullopt: absent or expired.
    std::optional<CacheEntry> get(const std::string& key, Duration now);
    // Stores `entry` under `key`; false when the cache is full and its policy is None (the
    // entry is not stored). Makes room by dropping expired entries first, then by the policy.
    bool put(const std::string& key, CacheEntry entry, Duration now);
    // True when there was a live or expired entry.
    bool erase(const std::string& key);

    std::size_t size() const { return entries_.size(); }
    std::int64_t evictions() const { return evictions_; }
    std::int64_t expirations() const { return expirations_; }

private:
    struct Slot {
        CacheEntry entry;
        std::uint64_t uses = 0;
        std::uint64_t last_use = 0;
    };
    // The eviction order: the first element goes first.
    using Rank = std::tuple<std::uint64_t, std::uint64_t, std::string>;
    Rank rank(const std::string& key, const Slot& slot) const;
    void touch(const std::string& key, Slot& slot);
    void drop(std::map<std::string, Slot>::iterator it);
    bool expired(const Slot& slot, Duration now) const {
        return slot.entry.expires > Duration(0) && now >= slot.entry.expires;
    }

    std::size_t max_keys_;
    Eviction eviction_;
    std::map<std::string, Slot> entries_;
    std::set<Rank> order_;
    std::uint64_t tick_ = 0;
    std::int64_t evictions_ = 0, expirations_ = 0;
};

// The share of recent events that were hits, over a sliding window of role time: what the
// hit-ratio and staleness gauges draw, so a chart shows the ratio now rather than since the start.
class RatioWindow {
public:
    explicit RatioWindow(Duration span = std::chrono::seconds(1)) : span_(span) {}
    void add(Duration now, bool hit);
    // Percent of the events within the span before `now` that were hits; 0 with none.
    double percent(Duration now);
    // The same for the last add()'s time (for a const snapshot).
    double last_percent() const { return last_percent_; }

private:
    void prune(Duration now);
    Duration span_;
    std::deque<std::pair<Duration, bool>> events_;
    std::size_t hits_ = 0;
    double last_percent_ = 0;
};

}  // namespace distlab::core::caching
