#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/model/json.h"
#include "core/model/result.h"

// The messages of the caching pattern. A value is a key's version in the database (an integer
// that grows with every write), or null for a key the database does not have. Every answer is
// {"ok": true, ...} or {"ok": false, "error": ...}.
//
//   cache-client  -> cached-service  "get" {"key"}            -> {"ok", "value", "source"}
//                                    source: l1 | cache | db | null-cache | bloom | stale
//                                    "put" {"key"}            -> {"ok", "value": the new version}
//   service/cache -> database        "db_get" {"key"}         -> {"ok", "value"}
//                                    "db_mget" {"keys": [..]} -> {"ok", "values": {K: V}} (one query)
//                                    "db_put" {"key", "value"?} -> {"ok", "value"}: the next
//                                    version, or "value" when it is newer (a write-behind flush)
//   cached-service -> cache-node     "cache_get" {"key"}      -> {"ok", "hit", "value"?, "logical_expire_ms"?}
//                                    "cache_set" {"key", "value", "ttl_ms", "logical_expire_ms"?}
//                                    "cache_del" {"key"}      -> {"ok", "deleted"}
//                                    "cache_lock" {"key", "ttl_ms"} -> {"ok", "acquired"} (SETNX)
//                                    "cache_unlock" {"key"}
//                                    "cache_load" {"key", "ttl_ms"} -> {"ok", "hit", "value"}:
//                                    read-through, the cache node loads a miss from its database
//                                    "cache_write" {"key", "mode": through|behind, "ttl_ms"}
//                                    -> {"ok", "value"}: write-through or write-behind
namespace distlab::core::caching {

inline constexpr std::string_view kGet = "get";
inline constexpr std::string_view kPut = "put";
inline constexpr std::string_view kDbGet = "db_get";
inline constexpr std::string_view kDbMget = "db_mget";
inline constexpr std::string_view kDbPut = "db_put";
inline constexpr std::string_view kCacheGet = "cache_get";
inline constexpr std::string_view kCacheSet = "cache_set";
inline constexpr std::string_view kCacheDel = "cache_del";
inline constexpr std::string_view kCacheLock = "cache_lock";
inline constexpr std::string_view kCacheUnlock = "cache_unlock";
inline constexpr std::string_view kCacheLoad = "cache_load";
inline constexpr std::string_view kCacheWrite = "cache_write";

// The "key" of a request body: a non-empty string, or an error naming what is wrong.
Result<std::string> read_key(const Json& body, std::string_view type);
// A value: a non-negative integer version or null.
bool is_value(const Json& value);
// An optional non-negative integer field in milliseconds (0 when absent), or an error.
Result<std::int64_t> read_ms(const Json& body, std::string_view field, std::string_view type);

}  // namespace distlab::core::caching
