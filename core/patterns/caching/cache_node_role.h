#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/caching/local_cache.h"

namespace distlab::core::caching {

struct CacheNodeConfig {
    std::int64_t max_keys = 0;               // 0: unbounded
    Eviction eviction = Eviction::None;
    NodeId database;                         // read-through and write-through / write-behind only
    Duration db_timeout{2s};
    Duration flush_interval{1s};             // write-behind: dirty keys go to the database this often

    static const ParamList<CacheNodeConfig>& params();
    static CacheNodeConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `cache-node` role: one node of the distributed cache (a Redis in the lab), holding the
// keys the services' ring gives it with a TTL each, bounded by max_keys under Redis's eviction
// policies. It answers cache_get / cache_set / cache_del, a SETNX-style lock (cache_lock /
// cache_unlock, with a TTL so a dead holder cannot keep it), and, when it has a database,
// read-through loads (cache_load: a miss is loaded from the database, concurrent loads of one key
// share one query) and write-through / write-behind writes (cache_write; write-behind keeps the
// newest version of each written key dirty and flushes them every flush_interval, so a cache
// node killed before a flush loses them). Its memory does not survive a kill.
//
// Snapshot: keys, max_keys, eviction, hits, misses, hit_ratio (percent of the gets and loads of
// the last second that hit), sets, deletes, evictions, expired, locks_granted, locks_refused,
// loads, dirty, flushed. Metrics: hits, misses, evictions, loads, flushed.
//
// Owned by the role driver; single-threaded like every role.
class CacheNodeRole final : public Role {
public:
    explicit CacheNodeRole(CacheNodeConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    void handle(Context& ctx, const Message& msg, const std::string& key);
    void load(Context& ctx, const Message& msg, const std::string& key, std::int64_t ttl_ms);
    void write(Context& ctx, const Message& msg, const std::string& key, bool behind, std::int64_t ttl_ms);
    void write_behind(Context& ctx, const Message& msg, const std::string& key, std::int64_t current,
                      std::int64_t ttl_ms);
    void store(Context& ctx, const std::string& key, Json value, std::int64_t ttl_ms, std::int64_t logical_ms = 0);
    void flush(Context& ctx);
    void note(Context& ctx, bool hit);

    CacheNodeConfig config_;
    LocalCache cache_;
    std::map<std::string, Duration> locks_;                  // key -> lock expiry
    std::map<std::string, std::vector<Message>> loading_;    // read-through loads in flight
    std::map<std::string, std::int64_t> dirty_;              // write-behind: key -> version to flush
    RatioWindow window_;
    std::int64_t hits_ = 0, misses_ = 0, sets_ = 0, deletes_ = 0, locks_granted_ = 0, locks_refused_ = 0,
                 loads_ = 0, flushed_ = 0;
};

}  // namespace distlab::core::caching
