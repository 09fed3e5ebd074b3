#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/patterns/caching/bloom_filter.h"
#include "core/patterns/caching/local_cache.h"
#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::caching {

// Who keeps the cache and the database in step.
enum class Strategy {
    CacheAside,     // the service reads the cache, loads a miss from the database and fills the
                    // cache; a write updates the database, then deletes the cached key
    ReadThrough,    // the cache node loads its own misses from the database; writes as cache-aside
    WriteThrough,   // a write goes to the cache node, which writes the database, then the cache
    WriteBehind,    // a write goes to the cache node, which writes the database later, in batches
};

// How a key that expired is rebuilt (the defence against cache breakdown, 缓存击穿).
enum class Rebuild {
    None,           // every reader that misses queries the database
    SingleFlight,   // the readers of one key in this service share one database query
    Mutex,          // a lock on the cache node (SETNX): its holder rebuilds, the others retry
    LogicalExpiry,  // keys never expire in the cache: past its logical expiry a key is served
                    // stale while one reader rebuilds it in the background
};

enum class LocalLevel { None, Lru, Lfu };

std::string_view to_string(Strategy strategy);
std::string_view to_string(Rebuild rebuild);

struct CachedServiceConfig {
    NodeId database;
    std::vector<NodeId> caches;           // the cache nodes, on a consistent-hash ring
    std::int64_t vnodes = 160;
    std::int64_t keys = 100;              // the database's key space, for the Bloom filter
    Strategy strategy = Strategy::CacheAside;
    Duration ttl{10s};
    Duration ttl_jitter{0};
    Duration null_ttl{0};                 // 0: a missing key is not cached
    bool bloom = false;
    double bloom_fpp = 0.01;
    Rebuild rebuild = Rebuild::None;
    Duration lock_ttl{10s};
    Duration lock_retry{50ms};
    LocalLevel l1 = LocalLevel::None;
    std::int64_t l1_max_keys = 1000;
    Duration l1_ttl{1s};
    Duration double_delete{0};            // 0: off
    bool warm = false;
    Duration cache_timeout{50ms};
    Duration db_timeout{2s};

    static const ParamList<CachedServiceConfig>& params();
    static CachedServiceConfig from(const Params& resolved) { return params().bind(resolved); }
};

// The `cached-service` role: answers its clients' get and put (cache_protocol.h) from a local
// first-level cache (LRU or LFU with a TTL, optional), the distributed cache (the cache nodes,
// each key on the node a consistent-hash ring with virtual nodes gives it, the ring code of the
// consistent-hashing pattern) and the database behind, under one of four strategies (cache-aside,
// read-through, write-through, write-behind) and the defences against the three cache failures:
//
// - penetration (缓存穿透: keys that do not exist always miss): a Bloom filter of the database's
//   keys answers them at once, and null_ttl caches the null for a short while;
// - breakdown (缓存击穿: a hot key expires under many readers): single-flight, a mutex on the
//   cache node, or logical expiry, so one query rebuilds it;
// - avalanche (缓存雪崩: many keys expire at once, or a cache node dies): ttl_jitter spreads the
//   expiries, and the local cache (l1) keeps serving while a cache node is down.
//
// Cache-aside writes delete the cached key after updating the database; a reader that loaded the
// old value before the write can put it back after the delete (the stale-value race);
// double_delete deletes the key once more after that delay.
//
// It counts, per rebuild of a key (from the first miss to the database's answer), the database
// queries issued for that key: rebuild_queries (the last) and max_rebuild_queries.
//
// Snapshot: strategy, rebuild, requests, hits_l1, hits_cache, misses, hit_ratio (percent of the
// reads of the last second served without the database), db_reads, db_writes, bloom_rejects,
// null_hits, stale_served, cache_errors, rebuilds, rebuild_queries, max_rebuild_queries,
// l1_keys, in_flight, bloom_bits, bloom_hashes. Metrics: the same counters; histogram
// rebuild_queries.
//
// Owned by the role driver; single-threaded like every role.
class CachedServiceRole final : public Role {
public:
    explicit CachedServiceRole(CachedServiceConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    using Action = std::function<void(Context&)>;

    void get(Context& ctx, const Message& msg, const std::string& key);
    void put(Context& ctx, const Message& msg, const std::string& key);
    void lookup(Context& ctx, const Message& msg, const std::string& key);
    void load(Context& ctx, const Message& msg, const std::string& key, bool cache_up);
    void load_locked(Context& ctx, const Message& msg, const std::string& key);
    // Queries the database for `key` and answers the readers waiting on it (flights_[key] when
    // `flight`, else `msg` alone); fills the cache when `cache_up`; `then` runs after.
    void query(Context& ctx, const std::optional<Message>& msg, const std::string& key, bool cache_up, bool flight,
               Action then = {});
    void fill(Context& ctx, const std::string& key, const Json& value);
    void answer(Context& ctx, const Message& msg, const Json& value, std::string_view source);
    void delete_cached(Context& ctx, const std::string& key, Action then);
    void warm(Context& ctx);
    void later(Context& ctx, Duration after, Action action);
    Duration jittered_ttl(Context& ctx);
    const NodeId& owner(const std::string& key) const;
    void served(Context& ctx, bool without_db);

    CachedServiceConfig config_;
    std::vector<consistent_hashing::RingPoint> ring_;
    std::optional<BloomFilter> bloom_;
    std::optional<LocalCache> l1_;
    std::map<std::string, std::vector<Message>> flights_;   // single-flight: key -> waiting readers
    std::map<std::string, std::int64_t> episodes_;          // key -> queries in its current rebuild
    std::multimap<Duration, Action> later_;
    RatioWindow window_;
    std::int64_t requests_ = 0, hits_l1_ = 0, hits_cache_ = 0, misses_ = 0, db_reads_ = 0, db_writes_ = 0,
                 bloom_rejects_ = 0, null_hits_ = 0, stale_served_ = 0, cache_errors_ = 0, rebuilds_ = 0,
                 rebuild_queries_ = 0, max_rebuild_queries_ = 0, in_flight_ = 0;
};

}  // namespace distlab::core::caching
