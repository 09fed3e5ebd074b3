#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/ids.h"
#include "core/model/json.h"

// The messages of the sharding pattern. Keys are "k<id>" with id in [0, 2^32); a key's position
// decides its region: the id itself under range sharding, the key's MD5 point (the consistent
// hashing pattern's key_point) under hash sharding. A region owns the positions [lo, hi).
//
//   shard-client -> router   "kv" / "kv_reply"   the kv protocol (core/patterns/kv/kv_protocol.h),
//                            put and get; the router answers {"ok": false, "error": "unavailable"}
//                            before its shards hold their regions
//                            "scan" {"from": ID, "to": ID}  every key with an id in [from, to]
//                            answered {"ok": true, "values": {K: V}, "shards": N (shards asked)}
//   router -> shard          "assign" {"mode": "range"|"hash", "regions": [REGION, ...]}
//                            "kv" with "region" and "version": the router's map entry
//                            "multi_get" {"keys": [K, ...]}  answered {"ok": true, "values": {K: V}}
//                            "stats" {}  answered {"ok": true, "regions": [REGION + keys, bytes, writes]}
//                            "split" {"region": ID, "left": ID, "right": ID, "version": V}
//                            answered {"ok": true, "at": POSITION} (the right half starts there)
//                            "move" {"region": ID, "to": NODE, "version": V}  answered when the
//                            target holds the region: {"ok": true, "keys": N, "bytes": N}
//   shard -> shard           "move_batch" {"region": REGION, "keys": {K: V}}  a part of a region
//                            "move_commit" {"region": REGION, "keys": {K: V}}  the last part:
//                            the receiver owns the region from now on
//                            "move_abort" {"region": ID}
//   shard -> router          {"ok": false, "error": "wrong_shard", "owner": NODE|null, "region": REGION}
//                            (the region moved away: a stale router puts REGION in its map and
//                            follows "owner"),
//                            {"ok": false, "error": "not_ready"} (a region arriving, not yet owned)
//
// REGION is {"id", "lo", "hi", "version", "node"}.
namespace distlab::core::sharding {

enum class Mode { Range, Hash };

std::string_view to_string(Mode mode);
std::optional<Mode> mode_from(std::string_view name);

// Positions lie in [0, kSpaceEnd).
inline constexpr std::uint64_t kSpaceEnd = std::uint64_t{1} << 32;

inline constexpr std::string_view kAssign = "assign";
inline constexpr std::string_view kScan = "scan";
inline constexpr std::string_view kMultiGet = "multi_get";
inline constexpr std::string_view kStats = "stats";
inline constexpr std::string_view kSplit = "split";
inline constexpr std::string_view kMove = "move";
inline constexpr std::string_view kMoveBatch = "move_batch";
inline constexpr std::string_view kMoveCommit = "move_commit";
inline constexpr std::string_view kMoveAbort = "move_abort";
inline constexpr std::string_view kWrongShard = "wrong_shard";
inline constexpr std::string_view kNotReady = "not_ready";

// "k<id>"; the id of such a key, or nullopt for any other name or an id past kSpaceEnd.
std::string key_of(std::int64_t id);
std::optional<std::int64_t> id_of(std::string_view key);

// Where a key lies: the id (range) or the key's ring point (hash).
std::uint64_t position(Mode mode, std::int64_t id);

struct Region {
    std::int64_t id = 0;
    std::uint64_t lo = 0, hi = kSpaceEnd;   // [lo, hi)
    std::int64_t version = 1;               // the shard map's version when the region last changed
    NodeId node;

    bool contains(std::uint64_t pos) const { return pos >= lo && pos < hi; }
    Json to_json() const;
    // Decodes a REGION; an error names what is wrong.
    static std::optional<Region> from_json(const Json& body, std::string* error = nullptr);
};

}  // namespace distlab::core::sharding
