#include "core/patterns/caching/cache_node_role.h"

#include <utility>

#include "core/patterns/caching/cache_protocol.h"

namespace distlab::core::caching {

namespace {

constexpr TimerId kFlushTimer{1};

Duration ms(std::int64_t v) { return std::chrono::milliseconds(v); }

bool answered_ok(const CallOutcome& outcome) {
    return !outcome.timed_out && outcome.reply.body.is_object() && outcome.reply.body.value("ok", false) &&
           outcome.reply.body.contains("value") && is_value(outcome.reply.body["value"]);
}

}  // namespace

const ParamList<CacheNodeConfig>& CacheNodeConfig::params() {
    using C = CacheNodeConfig;
    static const ParamList<C> list = ParamList<C>{}
        .integer("max_keys", &C::max_keys, 0, "Most keys it holds (0: no limit)",
                 "最多持有的键数（0 表示不限）", {.min = 0, .max = 10000000})
        .choice("eviction", &C::eviction, "noeviction",
                {{"noeviction", Eviction::None}, {"allkeys-lru", Eviction::Lru}, {"allkeys-lfu", Eviction::Lfu}},
                "What a full cache does (Redis's maxmemory-policy; noeviction is Redis's default): refuse new keys, "
                "or evict the least recently / least frequently used",
                "缓存满时的做法（Redis 的 maxmemory-policy，默认 noeviction）：拒绝新键，或淘汰最近最少使用 / "
                "使用频率最低的键")
        .optional_node("database", &C::database,
                       "The database behind it, for read-through loads and write-through / write-behind writes",
                       "其后的数据库，用于读穿透加载（read-through）和写穿透 / 写回（write-through / write-behind）")
        .duration("db_timeout", &C::db_timeout, "2s", "How long a load or write waits for the database",
                  "加载或写入等待数据库的时长", {.min = 1})
        .duration("flush_interval", &C::flush_interval, "1s",
                  "Write-behind: dirty keys are written to the database this often (several writes of a key in "
                  "between become one)",
                  "写回（write-behind）：每隔这么久把脏键写入数据库（期间同一个键的多次写合并为一次）",
                  {.min = 1});
    return list;
}

CacheNodeRole::CacheNodeRole(CacheNodeConfig config)
    : config_(std::move(config)), cache_(static_cast<std::size_t>(config_.max_keys), config_.eviction) {}

void CacheNodeRole::start(Context& ctx) {
    ctx.log(LogLevel::Info, "cache node up: " +
                                (config_.max_keys > 0 ? std::to_string(config_.max_keys) + " keys at most, " +
                                                            std::string(to_string(config_.eviction))
                                                      : std::string("no key limit")));
    if (!config_.database.empty())
        ctx.set_timer(kFlushTimer, config_.flush_interval);
}

void CacheNodeRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kFlushTimer)
        return;
    flush(ctx);
    ctx.set_timer(kFlushTimer, config_.flush_interval);
}

void CacheNodeRole::on_message(Context& ctx, const Message& msg) {
    auto key = read_key(msg.body, msg.type);
    const bool known = msg.type == kCacheGet || msg.type == kCacheSet || msg.type == kCacheDel ||
                       msg.type == kCacheLock || msg.type == kCacheUnlock || msg.type == kCacheLoad ||
                       msg.type == kCacheWrite;
    if (!known) {
        ctx.log(LogLevel::Warn, "cache-node ignores a message of type \"" + msg.type + "\" from " + msg.from);
        return;
    }
    if (!key) {
        ctx.reply(msg, {{"ok", false}, {"error", key.error().message}});
        return;
    }
    handle(ctx, msg, *key);
}

void CacheNodeRole::note(Context& ctx, bool hit) {
    (hit ? hits_ : misses_)++;
    ctx.count(hit ? "hits" : "misses");
    window_.add(ctx.now(), hit);
}

void CacheNodeRole::store(Context& ctx, const std::string& key, Json value, std::int64_t ttl_ms,
                          std::int64_t logical_ms) {
    const Duration now = ctx.now();
    const std::int64_t evictions = cache_.evictions();
    const bool stored = cache_.put(
        key, {.value = std::move(value), .expires = ttl_ms > 0 ? now + ms(ttl_ms) : Duration(0),
              .logical_expire = ms(logical_ms)},
        now);
    ++sets_;
    if (cache_.evictions() > evictions)
        ctx.count("evictions", static_cast<double>(cache_.evictions() - evictions));
    if (!stored)
        ctx.log(LogLevel::Warn, "full (" + std::to_string(cache_.size()) + " keys, noeviction): " + key + " not stored");
}

void CacheNodeRole::handle(Context& ctx, const Message& msg, const std::string& key) {
    const Duration now = ctx.now();
    const auto refuse = [&](const std::string& error) { ctx.reply(msg, {{"ok", false}, {"error", error}}); };
    auto ttl = read_ms(msg.body, "ttl_ms", msg.type);
    if (!ttl) {
        refuse(ttl.error().message);
        return;
    }
    if (msg.type == kCacheGet) {
        const auto entry = cache_.get(key, now);
        note(ctx, entry.has_value());
        Json answer = {{"ok", true}, {"hit", entry.has_value()}};
        if (entry) {
            answer["value"] = entry->value;
            if (entry->logical_expire > Duration(0))
                answer["logical_expire_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  entry->logical_expire).count();
        }
        ctx.reply(msg, std::move(answer));
        return;
    }
    if (msg.type == kCacheSet) {
        auto logical = read_ms(msg.body, "logical_expire_ms", msg.type);
        if (!logical || !msg.body.contains("value") || !is_value(msg.body["value"])) {
            refuse(logical ? "a cache_set needs {\"value\": a version (integer >= 0) or null}" : logical.error().message);
            return;
        }
        store(ctx, key, msg.body["value"], *ttl, *logical);
        ctx.reply(msg, {{"ok", true}});
        return;
    }
    if (msg.type == kCacheDel) {
        const bool deleted = cache_.erase(key);
        deletes_ += deleted ? 1 : 0;
        ctx.reply(msg, {{"ok", true}, {"deleted", deleted}});
        return;
    }
    if (msg.type == kCacheLock) {
        auto it = locks_.find(key);
        const bool free = it == locks_.end() || it->second <= now;
        if (free)
            locks_[key] = now + (*ttl > 0 ? ms(*ttl) : std::chrono::seconds(10));
        (free ? locks_granted_ : locks_refused_)++;
        ctx.reply(msg, {{"ok", true}, {"acquired", free}});
        return;
    }
    if (msg.type == kCacheUnlock) {
        locks_.erase(key);
        ctx.reply(msg, {{"ok", true}});
        return;
    }
    if (config_.database.empty()) {
        refuse("no_database: this cache-node has no database for " + msg.type + " (set its database parameter)");
        return;
    }
    if (msg.type == kCacheLoad) {
        load(ctx, msg, key, *ttl);
        return;
    }
    const std::string mode = msg.body.value("mode", std::string());
    if (mode != "through" && mode != "behind") {
        refuse("a cache_write needs {\"mode\": \"through\" or \"behind\"}");
        return;
    }
    write(ctx, msg, key, mode == "behind", *ttl);
}

void CacheNodeRole::load(Context& ctx, const Message& msg, const std::string& key, std::int64_t ttl_ms) {
    if (const auto entry = cache_.get(key, ctx.now())) {
        note(ctx, true);
        ctx.reply(msg, {{"ok", true}, {"hit", true}, {"value", entry->value}});
        return;
    }
    note(ctx, false);
    auto& waiting = loading_[key];
    waiting.push_back(msg);
    if (waiting.size() > 1)
        return;   // one load per key: the others wait for it
    ++loads_;
    ctx.count("loads");
    ctx.call(config_.database, std::string(kDbGet), {{"key", key}}, config_.db_timeout,
             [this, key, ttl_ms](Context& c, const CallOutcome& outcome) {
                 const bool ok = answered_ok(outcome);
                 if (ok && !outcome.reply.body["value"].is_null())
                     store(c, key, outcome.reply.body["value"], ttl_ms);
                 std::vector<Message> readers = std::move(loading_[key]);
                 loading_.erase(key);
                 for (const Message& m : readers) {
                     if (ok)
                         c.reply(m, {{"ok", true}, {"hit", false}, {"value", outcome.reply.body["value"]}});
                     else
                         c.reply(m, {{"ok", false}, {"error", "database_unavailable"}});
                 }
             });
}

void CacheNodeRole::write(Context& ctx, const Message& msg, const std::string& key, bool behind, std::int64_t ttl_ms) {
    if (!behind) {
        ctx.call(config_.database, std::string(kDbPut), {{"key", key}}, config_.db_timeout,
                 [this, msg, key, ttl_ms](Context& c, const CallOutcome& outcome) {
                     if (!answered_ok(outcome) || outcome.reply.body["value"].is_null()) {
                         c.reply(msg, {{"ok", false}, {"error", "database_unavailable"}});
                         return;
                     }
                     store(c, key, outcome.reply.body["value"], ttl_ms);
                     c.reply(msg, {{"ok", true}, {"value", outcome.reply.body["value"]}});
                 });
        return;
    }
    if (auto it = dirty_.find(key); it != dirty_.end()) {
        write_behind(ctx, msg, key, it->second, ttl_ms);
        return;
    }
    if (const auto entry = cache_.get(key, ctx.now()); entry && entry->value.is_number_integer()) {
        write_behind(ctx, msg, key, entry->value.get<std::int64_t>(), ttl_ms);
        return;
    }
    // The version this write follows is not cached: read it first.
    ctx.call(config_.database, std::string(kDbGet), {{"key", key}}, config_.db_timeout,
             [this, msg, key, ttl_ms](Context& c, const CallOutcome& outcome) {
                 if (!answered_ok(outcome) || outcome.reply.body["value"].is_null()) {
                     c.reply(msg, {{"ok", false},
                                   {"error", answered_ok(outcome) ? "unknown_key" : "database_unavailable"}});
                     return;
                 }
                 const std::int64_t current = outcome.reply.body["value"].get<std::int64_t>();
                 auto it = dirty_.find(key);
                 write_behind(c, msg, key, it != dirty_.end() ? std::max(it->second, current) : current, ttl_ms);
             });
}

void CacheNodeRole::write_behind(Context& ctx, const Message& msg, const std::string& key, std::int64_t current,
                                 std::int64_t ttl_ms) {
    const std::int64_t next = current + 1;
    dirty_[key] = next;
    store(ctx, key, next, ttl_ms);
    ctx.reply(msg, {{"ok", true}, {"value", next}});
}

void CacheNodeRole::flush(Context& ctx) {
    std::map<std::string, std::int64_t> batch = std::move(dirty_);
    dirty_.clear();
    for (const auto& [key, version] : batch) {
        ctx.call(config_.database, std::string(kDbPut), {{"key", key}, {"value", version}}, config_.db_timeout,
                 [this, key, version](Context& c, const CallOutcome& outcome) {
                     if (answered_ok(outcome)) {
                         ++flushed_;
                         c.count("flushed");
                         return;
                     }
                     // Not written: dirty again unless a newer write already is.
                     auto [it, fresh] = dirty_.emplace(key, version);
                     if (!fresh)
                         it->second = std::max(it->second, version);
                 });
    }
}

Json CacheNodeRole::snapshot() const {
    return {{"keys", cache_.size()},
            {"max_keys", config_.max_keys},
            {"eviction", to_string(config_.eviction)},
            {"hits", hits_},
            {"misses", misses_},
            {"hit_ratio", window_.last_percent()},
            {"sets", sets_},
            {"deletes", deletes_},
            {"evictions", cache_.evictions()},
            {"expired", cache_.expirations()},
            {"locks_granted", locks_granted_},
            {"locks_refused", locks_refused_},
            {"loads", loads_},
            {"dirty", dirty_.size()},
            {"flushed", flushed_}};
}

}  // namespace distlab::core::caching
