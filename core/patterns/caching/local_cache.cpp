#include "core/patterns/caching/local_cache.h"

#include <limits>

namespace distlab::core::caching {

std::string_view to_string(Eviction eviction) {
    switch (eviction) {
    case Eviction::None:
        return "noeviction";
    case Eviction::Lru:
        return "allkeys-lru";
    case Eviction::Lfu:
        return "allkeys-lfu";
    }
    return "?";
}

LocalCache::Rank LocalCache::rank(const std::string& key, const Slot& slot) const {
    if (eviction_ == Eviction::Lfu)
        return {slot.uses, slot.last_use, key};
    return {slot.last_use, 0, key};
}

void LocalCache::touch(const std::string& key, Slot& slot) {
    order_.erase(rank(key, slot));
    ++slot.uses;
    slot.last_use = ++tick_;
    order_.insert(rank(key, slot));
}

void LocalCache::drop(std::map<std::string, Slot>::iterator it) {
    order_.erase(rank(it->first, it->second));
    entries_.erase(it);
}

std::optional<CacheEntry> LocalCache::get(const std::string& key, Duration now) {
    auto it = entries_.find(key);
    if (it == entries_.end())
        return std::nullopt;
    if (expired(it->second, now)) {
        ++expirations_;
        drop(it);
        return std::nullopt;
    }
    touch(key, it->second);
    return it->second.entry;
}

bool LocalCache::put(const std::string& key, CacheEntry entry, Duration now) {
    if (auto it = entries_.find(key); it != entries_.end()) {
        it->second.entry = std::move(entry);
        touch(key, it->second);
        return true;
    }
    if (max_keys_ > 0 && entries_.size() >= max_keys_) {
        for (auto it = entries_.begin(); it != entries_.end();) {
            auto next = std::next(it);
            if (expired(it->second, now)) {
                ++expirations_;
                drop(it);
            }
            it = next;
        }
    }
    if (max_keys_ > 0 && entries_.size() >= max_keys_) {
        if (eviction_ == Eviction::None)
            return false;
        const std::string victim = std::get<2>(*order_.begin());
        drop(entries_.find(victim));
        ++evictions_;
    }
    Slot& slot = entries_[key];
    slot.entry = std::move(entry);
    slot.uses = 1;
    slot.last_use = ++tick_;
    order_.insert(rank(key, slot));
    return true;
}

bool LocalCache::erase(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end())
        return false;
    drop(it);
    return true;
}

void RatioWindow::prune(Duration now) {
    while (!events_.empty() && events_.front().first <= now - span_) {
        hits_ -= events_.front().second ? 1 : 0;
        events_.pop_front();
    }
}

void RatioWindow::add(Duration now, bool hit) {
    events_.emplace_back(now, hit);
    hits_ += hit ? 1 : 0;
    percent(now);
}

double RatioWindow::percent(Duration now) {
    prune(now);
    last_percent_ = events_.empty() ? 0.0
                                    : 100.0 * static_cast<double>(hits_) / static_cast<double>(events_.size());
    return last_percent_;
}

}  // namespace distlab::core::caching
