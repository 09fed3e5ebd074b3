#include "core/patterns/caching/cached_service_role.h"

#include <algorithm>
#include <random>
#include <utility>

#include "core/patterns/caching/cache_protocol.h"

namespace distlab::core::caching {

namespace {

constexpr TimerId kLaterTimer{1};
constexpr std::int64_t kWarmBatch = 100;

std::int64_t ms_of(Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

bool answered_ok(const CallOutcome& outcome) {
    return !outcome.timed_out && outcome.reply.body.is_object() && outcome.reply.body.value("ok", false);
}

}  // namespace

std::string_view to_string(Strategy strategy) {
    switch (strategy) {
    case Strategy::CacheAside:
        return "cache-aside";
    case Strategy::ReadThrough:
        return "read-through";
    case Strategy::WriteThrough:
        return "write-through";
    case Strategy::WriteBehind:
        return "write-behind";
    }
    return "?";
}

std::string_view to_string(Rebuild rebuild) {
    switch (rebuild) {
    case Rebuild::None:
        return "none";
    case Rebuild::SingleFlight:
        return "single-flight";
    case Rebuild::Mutex:
        return "mutex";
    case Rebuild::LogicalExpiry:
        return "logical-expiry";
    }
    return "?";
}

const ParamList<CachedServiceConfig>& CachedServiceConfig::params() {
    using C = CachedServiceConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("database", &C::database, nullptr, "The database behind the caches", "缓存背后的数据库")
        .nodes("caches", &C::caches, Json::array(),
               "The cache nodes; each key lives on the node a consistent-hash ring gives it (empty: no distributed "
               "cache)",
               "缓存节点；每个键存放在一致性哈希环指定的节点上（为空表示没有分布式缓存）")
        .integer("vnodes", &C::vnodes, 160, "Virtual nodes per cache node on the ring",
                 "哈希环上每个缓存节点的虚拟节点数", {.min = 1, .max = 10000})
        .integer("keys", &C::keys, 100,
                 "The database's keys, k0 .. k(keys-1): what the Bloom filter is built from",
                 "数据库中的键 k0 .. k(keys-1)：布隆过滤器据此构建", {.min = 1, .max = 1000000})
        .choice("strategy", &C::strategy, "cache-aside",
                {{"cache-aside", Strategy::CacheAside},
                 {"read-through", Strategy::ReadThrough},
                 {"write-through", Strategy::WriteThrough},
                 {"write-behind", Strategy::WriteBehind}},
                "cache-aside: the service loads misses and deletes the key after a write; read-through: the cache "
                "node loads its misses; write-through: writes go through the cache node to the database; "
                "write-behind: the cache node writes the database later, in batches",
                "cache-aside（旁路缓存）：服务自己加载未命中的键，写后删除缓存；read-through（读穿透）：由缓存节点"
                "加载未命中的键；write-through（写穿透）：写经缓存节点同步写入数据库；write-behind（写回）：缓存节点"
                "稍后批量写入数据库")
        .duration("ttl", &C::ttl, "10s",
                  "How long a cached key lives (time-compressed: the hm-dianping course project keeps a shop for "
                  "30 min)",
                  "缓存键的存活时间（已压缩时间：黑马点评课程项目缓存店铺 30 min）", {.min = 1})
        .duration("ttl_jitter", &C::ttl_jitter, "0ms",
                  "Each TTL is drawn from [ttl - jitter, ttl + jitter], so keys cached together do not expire "
                  "together (the defence against an avalanche)",
                  "每个 TTL 在 [ttl - jitter, ttl + jitter] 中随机取值，使同时缓存的键不会同时过期（防缓存雪崩）",
                  {.min = 0})
        .duration("null_ttl", &C::null_ttl, "0ms",
                  "Cache a key the database does not have, as null, for this long (0: never): a defence against "
                  "penetration; keep it short, a key created later stays invisible meanwhile (the hm-dianping "
                  "course project caches nulls for 2 min; scenarios compress it to seconds)",
                  "把数据库中不存在的键以空值缓存这么久（0 表示不缓存）：防缓存穿透；应当设短，"
                  "因为期间新建的同名键不可见（黑马点评课程项目缓存空值 2 min；场景中压缩为数秒）", {.min = 0})
        .boolean("bloom", &C::bloom, false,
                 "Answer keys the Bloom filter of the database's keys rules out at once, without the cache or the "
                 "database (the defence against penetration by random keys)",
                 "布隆过滤器判定不存在的键直接返回，不查缓存也不查数据库（防随机键造成的缓存穿透）")
        .probability("bloom_fpp", &C::bloom_fpp, 0.01,
                     "The Bloom filter's false-positive rate: m = -n ln p / (ln 2)^2 bits and k = (m / n) ln 2 "
                     "hashes (1 %: 9.59 bits a key, k = 7)",
                     "布隆过滤器的误判率：m = -n ln p / (ln 2)^2 位，k = (m / n) ln 2 个哈希函数（1 %：每键 9.59 位，"
                     "k = 7）")
        .choice("rebuild", &C::rebuild, "none",
                {{"none", Rebuild::None},
                 {"single-flight", Rebuild::SingleFlight},
                 {"mutex", Rebuild::Mutex},
                 {"logical-expiry", Rebuild::LogicalExpiry}},
                "How an expired key is rebuilt: none (every reader that misses queries the database), "
                "single-flight (the readers share one query), mutex (a lock on the cache node, the others retry), "
                "logical-expiry (served stale while one reader rebuilds it): the defences against breakdown",
                "过期键如何重建：none（每个未命中的读者都查数据库）、single-flight（读者共享一次查询）、mutex"
                "（在缓存节点上加互斥锁，其余读者重试）、logical-expiry（逻辑过期：先返回旧值，由一个读者在后台"
                "重建）：防缓存击穿")
        .duration("lock_ttl", &C::lock_ttl, "10s",
                  "Mutex rebuild: the lock's TTL, so a dead holder cannot keep it (10 s, as the hm-dianping course "
                  "project sets it)",
                  "互斥锁重建：锁的 TTL，持有者宕机后锁也会释放（10 s，与黑马点评课程项目相同）", {.min = 1})
        .duration("lock_retry", &C::lock_retry, "50ms",
                  "Mutex rebuild: how long a reader that did not get the lock waits before reading the cache again",
                  "互斥锁重建：未拿到锁的读者等待多久后再次读缓存", {.min = 1})
        .choice("l1", &C::l1, "none", {{"none", LocalLevel::None}, {"lru", LocalLevel::Lru}, {"lfu", LocalLevel::Lfu}},
                "A local first-level cache in the service: none, LRU or LFU eviction; it keeps serving while a "
                "cache node is down (a second cache level against an avalanche)",
                "服务内的本地一级缓存：none、LRU 或 LFU 淘汰；缓存节点宕机时它仍能提供服务（防雪崩的多级缓存）")
        .integer("l1_max_keys", &C::l1_max_keys, 1000, "Most keys the local cache holds",
                 "本地缓存最多持有的键数", {.min = 1, .max = 1000000})
        .duration("l1_ttl", &C::l1_ttl, "1s", "How long a key lives in the local cache", "本地缓存中键的存活时间",
                  {.min = 1})
        .duration("double_delete", &C::double_delete, "0ms",
                  "Cache-aside writes: delete the key again this long after the first delete (0: off), longer than "
                  "a database read, so a reader that put back the old value meanwhile is undone",
                  "旁路缓存写：第一次删除后过这么久再删除一次（0 表示关闭）；应长于一次数据库读，"
                  "以撤销期间读者写回的旧值（延迟双删）", {.min = 0})
        .boolean("warm", &C::warm, false,
                 "Load every key into the cache at the start (cache warm-up), in batches of 100 keys",
                 "启动时把所有键载入缓存（缓存预热），每批 100 个键")
        .duration("cache_timeout", &C::cache_timeout, "50ms",
                  "How long a call to a cache node waits; past it the cache counts as missing",
                  "调用缓存节点的等待时长；超时后按未命中处理", {.min = 1})
        .duration("db_timeout", &C::db_timeout, "2s", "How long a database query waits; past it the read fails",
                  "数据库查询的等待时长；超时后该读取失败", {.min = 1});
    return list;
}

CachedServiceRole::CachedServiceRole(CachedServiceConfig config) : config_(std::move(config)) {
    ring_ = consistent_hashing::ring_points(config_.caches, config_.vnodes);
    if (config_.bloom) {
        bloom_.emplace(config_.keys, config_.bloom_fpp);
        for (std::int64_t i = 0; i < config_.keys; ++i)
            bloom_->add(consistent_hashing::key_name(i));
    }
    if (config_.l1 != LocalLevel::None)
        l1_.emplace(static_cast<std::size_t>(config_.l1_max_keys),
                    config_.l1 == LocalLevel::Lru ? Eviction::Lru : Eviction::Lfu);
}

void CachedServiceRole::start(Context& ctx) {
    ctx.log(LogLevel::Info, std::string(to_string(config_.strategy)) + ", rebuild " +
                                std::string(to_string(config_.rebuild)) + ", " + std::to_string(config_.caches.size()) +
                                " cache nodes" + (bloom_ ? ", Bloom filter of " + std::to_string(bloom_->bits()) +
                                                               " bits, k = " + std::to_string(bloom_->hashes())
                                                         : std::string()));
    if (config_.warm && !config_.caches.empty())
        warm(ctx);
}

const NodeId& CachedServiceRole::owner(const std::string& key) const {
    const std::uint32_t point = consistent_hashing::key_point(key);
    auto it = std::lower_bound(ring_.begin(), ring_.end(), point,
                               [](const consistent_hashing::RingPoint& p, std::uint32_t v) { return p.point < v; });
    if (it == ring_.end())
        it = ring_.begin();
    return config_.caches[it->member];
}

Duration CachedServiceRole::jittered_ttl(Context& ctx) {
    if (config_.ttl_jitter <= Duration(0))
        return config_.ttl;
    std::uniform_int_distribution<std::int64_t> spread(-config_.ttl_jitter.count(), config_.ttl_jitter.count());
    return std::max(Duration(std::chrono::milliseconds(1)), config_.ttl + Duration(spread(ctx.rng())));
}

void CachedServiceRole::later(Context& ctx, Duration after, Action action) {
    const Duration due = ctx.now() + after;
    const bool first = later_.empty() || due < later_.begin()->first;
    later_.emplace(due, std::move(action));
    if (first)
        ctx.set_timer(kLaterTimer, after);
}

void CachedServiceRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kLaterTimer)
        return;
    while (!later_.empty() && later_.begin()->first <= ctx.now()) {
        Action action = std::move(later_.begin()->second);
        later_.erase(later_.begin());
        action(ctx);
    }
    if (!later_.empty())
        ctx.set_timer(kLaterTimer, later_.begin()->first - ctx.now());
}

void CachedServiceRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type != kGet && msg.type != kPut) {
        ctx.log(LogLevel::Warn, "cached-service ignores a message of type \"" + msg.type + "\" from " + msg.from);
        return;
    }
    auto key = read_key(msg.body, msg.type);
    if (!key) {
        ctx.reply(msg, {{"ok", false}, {"error", key.error().message}});
        return;
    }
    ++requests_;
    ++in_flight_;
    ctx.count("requests");
    if (msg.type == kGet)
        get(ctx, msg, *key);
    else
        put(ctx, msg, *key);
}

void CachedServiceRole::served(Context& ctx, bool without_db) { window_.add(ctx.now(), without_db); }

void CachedServiceRole::answer(Context& ctx, const Message& msg, const Json& value, std::string_view source) {
    --in_flight_;
    const bool without_db = source != "db";
    served(ctx, without_db);
    ctx.reply(msg, {{"ok", true}, {"value", value}, {"source", source}});
}

void CachedServiceRole::get(Context& ctx, const Message& msg, const std::string& key) {
    if (bloom_ && !bloom_->may_contain(key)) {
        ++bloom_rejects_;
        ctx.count("bloom_rejects");
        answer(ctx, msg, nullptr, "bloom");
        return;
    }
    if (l1_) {
        if (auto entry = l1_->get(key, ctx.now())) {
            ++hits_l1_;
            ctx.count("hits_l1");
            null_hits_ += entry->value.is_null() ? 1 : 0;
            answer(ctx, msg, entry->value, entry->value.is_null() ? "null-cache" : "l1");
            return;
        }
    }
    if (config_.caches.empty()) {
        ++misses_;
        load(ctx, msg, key, false);
        return;
    }
    if (config_.strategy != Strategy::ReadThrough) {
        lookup(ctx, msg, key);
        return;
    }
    const Duration ttl = jittered_ttl(ctx);
    ctx.call(owner(key), std::string(kCacheLoad), {{"key", key}, {"ttl_ms", ms_of(ttl)}},
             config_.cache_timeout + config_.db_timeout,
             [this, msg, key](Context& c, const CallOutcome& outcome) {
                 const Json& body = outcome.reply.body;
                 if (!answered_ok(outcome) || !body.contains("value") || !is_value(body["value"])) {
                     ++cache_errors_;
                     ++misses_;
                     c.count("cache_errors");
                     load(c, msg, key, false);
                     return;
                 }
                 const bool hit = body.value("hit", false);
                 (hit ? hits_cache_ : misses_)++;
                 if (l1_ && !body["value"].is_null())
                     l1_->put(key, {.value = body["value"], .expires = c.now() + config_.l1_ttl}, c.now());
                 answer(c, msg, body["value"], hit ? "cache" : "db");
             });
}

void CachedServiceRole::lookup(Context& ctx, const Message& msg, const std::string& key) {
    ctx.call(owner(key), std::string(kCacheGet), {{"key", key}}, config_.cache_timeout,
             [this, msg, key](Context& c, const CallOutcome& outcome) {
                 const Json& body = outcome.reply.body;
                 if (!answered_ok(outcome)) {
                     ++cache_errors_;
                     ++misses_;
                     c.count("cache_errors");
                     load(c, msg, key, false);
                     return;
                 }
                 if (!body.value("hit", false) || !body.contains("value") || !is_value(body["value"])) {
                     ++misses_;
                     c.count("misses");
                     load(c, msg, key, true);
                     return;
                 }
                 const Json& value = body["value"];
                 ++hits_cache_;
                 c.count("hits_cache");
                 if (value.is_null()) {
                     ++null_hits_;
                     answer(c, msg, value, "null-cache");
                     return;
                 }
                 const std::int64_t logical = body.value("logical_expire_ms", std::int64_t{0});
                 if (config_.rebuild == Rebuild::LogicalExpiry && logical > 0 && ms_of(c.now()) >= logical) {
                     // Logically expired: serve the old value now, rebuild once in the background.
                     ++stale_served_;
                     c.count("stale_served");
                     if (!flights_.contains(key)) {
                         episodes_.try_emplace(key, 0);
                         flights_[key];
                         query(c, std::nullopt, key, true, true);
                     }
                     answer(c, msg, value, "stale");
                     return;
                 }
                 if (l1_)
                     l1_->put(key, {.value = value, .expires = c.now() + config_.l1_ttl}, c.now());
                 answer(c, msg, value, "cache");
             });
}

void CachedServiceRole::load(Context& ctx, const Message& msg, const std::string& key, bool cache_up) {
    episodes_.try_emplace(key, 0);
    switch (config_.rebuild) {
    case Rebuild::None:
        query(ctx, msg, key, cache_up, false);
        return;
    case Rebuild::Mutex:
        if (cache_up) {
            load_locked(ctx, msg, key);
            return;
        }
        query(ctx, msg, key, cache_up, false);
        return;
    case Rebuild::SingleFlight:
    case Rebuild::LogicalExpiry: {
        auto [it, fresh] = flights_.try_emplace(key);
        it->second.push_back(msg);
        if (fresh)
            query(ctx, std::nullopt, key, cache_up, true);
        return;
    }
    }
}

void CachedServiceRole::load_locked(Context& ctx, const Message& msg, const std::string& key) {
    const std::string lock = "lock:" + key;
    ctx.call(owner(key), std::string(kCacheLock), {{"key", lock}, {"ttl_ms", ms_of(config_.lock_ttl)}},
             config_.cache_timeout, [this, msg, key, lock](Context& c, const CallOutcome& outcome) {
                 if (!answered_ok(outcome) || !outcome.reply.body.value("acquired", false)) {
                     // Another reader rebuilds it (or the lock could not be asked for): read the
                     // cache again in a moment, never the database without the lock.
                     if (!answered_ok(outcome)) {
                         ++cache_errors_;
                         c.count("cache_errors");
                     }
                     later(c, config_.lock_retry, [this, msg, key](Context& c2) { lookup(c2, msg, key); });
                     return;
                 }
                 // The holder reads the cache once more: the key may have been rebuilt just now.
                 c.call(owner(key), std::string(kCacheGet), {{"key", key}}, config_.cache_timeout,
                        [this, msg, key, lock](Context& c2, const CallOutcome& again) {
                            const auto unlock = [this, key, lock](Context& c3) {
                                c3.call(owner(key), std::string(kCacheUnlock), {{"key", lock}}, config_.cache_timeout,
                                        [](Context&, const CallOutcome&) {});
                            };
                            const Json& body = again.reply.body;
                            if (answered_ok(again) && body.value("hit", false) && body.contains("value") &&
                                is_value(body["value"])) {
                                episodes_.erase(key);
                                unlock(c2);
                                answer(c2, msg, body["value"], "cache");
                                return;
                            }
                            query(c2, msg, key, true, false, unlock);
                        });
             });
}

void CachedServiceRole::query(Context& ctx, const std::optional<Message>& msg, const std::string& key, bool cache_up,
                              bool flight, Action then) {
    ++db_reads_;
    ctx.count("db_reads");
    if (auto it = episodes_.find(key); it != episodes_.end())
        ++it->second;
    ctx.call(config_.database, std::string(kDbGet), {{"key", key}}, config_.db_timeout,
             [this, msg, key, cache_up, flight, then = std::move(then)](Context& c, const CallOutcome& outcome) {
                 std::vector<Message> readers;
                 if (flight) {
                     if (auto it = flights_.find(key); it != flights_.end()) {
                         readers = std::move(it->second);
                         flights_.erase(it);
                     }
                 } else if (msg) {
                     readers.push_back(*msg);
                 }
                 if (auto it = episodes_.find(key); it != episodes_.end()) {
                     rebuild_queries_ = it->second;
                     max_rebuild_queries_ = std::max(max_rebuild_queries_, it->second);
                     ++rebuilds_;
                     c.observe("rebuild_queries", static_cast<double>(it->second));
                     episodes_.erase(it);
                 }
                 const Json& body = outcome.reply.body;
                 if (!answered_ok(outcome) || !body.contains("value") || !is_value(body["value"])) {
                     for (const Message& m : readers) {
                         --in_flight_;
                         c.reply(m, {{"ok", false}, {"error", "database_unavailable"}});
                     }
                     if (then)
                         then(c);
                     return;
                 }
                 const Json& value = body["value"];
                 if (cache_up)
                     fill(c, key, value);
                 if (l1_ && (!value.is_null() || config_.null_ttl > Duration(0)))
                     l1_->put(key,
                              {.value = value,
                               .expires = c.now() + (value.is_null() ? std::min(config_.null_ttl, config_.l1_ttl)
                                                                     : config_.l1_ttl)},
                              c.now());
                 for (const Message& m : readers)
                     answer(c, m, value, "db");
                 if (then)
                     then(c);
             });
}

void CachedServiceRole::fill(Context& ctx, const std::string& key, const Json& value) {
    Json set = {{"key", key}, {"value", value}};
    if (value.is_null()) {
        if (config_.null_ttl <= Duration(0))
            return;
        set["ttl_ms"] = std::max<std::int64_t>(1, ms_of(config_.null_ttl));
    } else if (config_.rebuild == Rebuild::LogicalExpiry) {
        set["ttl_ms"] = 0;
        set["logical_expire_ms"] = ms_of(ctx.now() + jittered_ttl(ctx));
    } else {
        set["ttl_ms"] = std::max<std::int64_t>(1, ms_of(jittered_ttl(ctx)));
    }
    ctx.call(owner(key), std::string(kCacheSet), std::move(set), config_.cache_timeout,
             [](Context&, const CallOutcome&) {});
}

void CachedServiceRole::delete_cached(Context& ctx, const std::string& key, Action then) {
    if (l1_)
        l1_->erase(key);
    if (config_.caches.empty()) {
        if (then)
            then(ctx);
        return;
    }
    ctx.call(owner(key), std::string(kCacheDel), {{"key", key}}, config_.cache_timeout,
             [then = std::move(then)](Context& c, const CallOutcome&) {
                 if (then)
                     then(c);
             });
}

void CachedServiceRole::put(Context& ctx, const Message& msg, const std::string& key) {
    const auto done = [this, msg](Context& c, const CallOutcome& outcome) -> std::optional<Json> {
        const Json& body = outcome.reply.body;
        if (!answered_ok(outcome) || !body.contains("value") || !body["value"].is_number_integer()) {
            --in_flight_;
            const std::string error = outcome.timed_out ? "timeout"
                                      : body.is_object() ? body.value("error", std::string("failed"))
                                                         : std::string("failed");
            c.reply(msg, {{"ok", false}, {"error", error}});
            return std::nullopt;
        }
        return body["value"];
    };
    if (!config_.caches.empty() &&
        (config_.strategy == Strategy::WriteThrough || config_.strategy == Strategy::WriteBehind)) {
        const bool behind = config_.strategy == Strategy::WriteBehind;
        ctx.call(owner(key), std::string(kCacheWrite),
                 {{"key", key}, {"mode", behind ? "behind" : "through"}, {"ttl_ms", ms_of(jittered_ttl(ctx))}},
                 config_.cache_timeout + config_.db_timeout,
                 [this, msg, key, done](Context& c, const CallOutcome& outcome) {
                     auto value = done(c, outcome);
                     if (!value)
                         return;
                     if (l1_)
                         l1_->erase(key);
                     --in_flight_;
                     c.reply(msg, {{"ok", true}, {"value", *value}});
                 });
        return;
    }
    ++db_writes_;
    ctx.count("db_writes");
    ctx.call(config_.database, std::string(kDbPut), {{"key", key}}, config_.db_timeout,
             [this, msg, key, done](Context& c, const CallOutcome& outcome) {
                 auto value = done(c, outcome);
                 if (!value)
                     return;
                 // Cache-aside: the database first, then the cached key goes.
                 delete_cached(c, key, [this, msg, value = *value](Context& c2) {
                     --in_flight_;
                     c2.reply(msg, {{"ok", true}, {"value", value}});
                 });
                 if (config_.double_delete > Duration(0))
                     later(c, config_.double_delete, [this, key](Context& c2) {
                         c2.count("second_deletes");
                         delete_cached(c2, key, {});
                     });
             });
}

void CachedServiceRole::warm(Context& ctx) {
    for (std::int64_t first = 0; first < config_.keys; first += kWarmBatch) {
        Json keys = Json::array();
        for (std::int64_t i = first; i < std::min(config_.keys, first + kWarmBatch); ++i)
            keys.push_back(consistent_hashing::key_name(i));
        ++db_reads_;
        ctx.call(config_.database, std::string(kDbMget), {{"keys", std::move(keys)}}, config_.db_timeout,
                 [this](Context& c, const CallOutcome& outcome) {
                     const Json& body = outcome.reply.body;
                     if (!answered_ok(outcome) || !body.contains("values") || !body["values"].is_object()) {
                         c.log(LogLevel::Warn, "cache warm-up: a batch was not loaded");
                         return;
                     }
                     for (const auto& [key, value] : body["values"].items())
                         if (is_value(value))
                             fill(c, key, value);
                 });
    }
    ctx.log(LogLevel::Info, "warming the cache with " + std::to_string(config_.keys) + " keys");
}

Json CachedServiceRole::snapshot() const {
    return {{"strategy", to_string(config_.strategy)},
            {"rebuild", to_string(config_.rebuild)},
            {"requests", requests_},
            {"hits_l1", hits_l1_},
            {"hits_cache", hits_cache_},
            {"misses", misses_},
            {"hit_ratio", window_.last_percent()},
            {"db_reads", db_reads_},
            {"db_writes", db_writes_},
            {"bloom_rejects", bloom_rejects_},
            {"null_hits", null_hits_},
            {"stale_served", stale_served_},
            {"cache_errors", cache_errors_},
            {"rebuilds", rebuilds_},
            {"rebuild_queries", rebuild_queries_},
            {"max_rebuild_queries", max_rebuild_queries_},
            {"l1_keys", l1_ ? l1_->size() : 0},
            {"in_flight", in_flight_},
            {"bloom_bits", bloom_ ? bloom_->bits() : 0},
            {"bloom_hashes", bloom_ ? bloom_->hashes() : 0}};
}

}  // namespace distlab::core::caching
