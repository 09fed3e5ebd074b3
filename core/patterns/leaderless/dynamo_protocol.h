#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/result.h"

namespace distlab::core::leaderless {

// Between dynamo-nodes. Any node coordinates the kv-client's operations (kv_protocol.h) for any
// key: it sends them to the key's replicas and answers once R (reads) or W (writes) replied.
//
//   coordinator -> replica  "dy_write"   {"key", "version": Version, "hint": ID (optional)}
//                                        with a hint, a fallback keeps the version for the home
//                                        node named, to hand it over later
//   replica -> coordinator  "dy_write_reply"  {"ok": true}
//   coordinator -> replica  "dy_writes"  {"writes": [dy_write body...]}   the writes of one turn
//   replica -> coordinator  "dy_writes_reply" {"results": [{"ok": true} | {"ok": false, "error"}...]}
//                                        one per write, in order, once all are on disk
//   coordinator -> replica  "dy_read"    {"key"}
//   replica -> coordinator  "dy_read_reply"   {"version": Version|null}   its newest, hints included
//   fallback -> home        "dy_handoff" {"entries": [{"key", "version"}...]}   hinted handoff
//   home -> fallback        "dy_handoff_reply" {"ok": true}
//   node -> down peer       "dy_ping"    {}   answered "dy_ping_reply" {}
//   node -> peer            "dy_tree"    {"hashes": {"<index>": "<16 hex digits>"...}}
//                                        anti-entropy: Merkle tree nodes (heap indexes, root 1) over
//                                        the keys both replicate; the peer answers with the children
//                                        of the nodes that differ, or with dy_leaves for leaves
//   node -> peer            "dy_leaves"  {"leaves": [index...], "entries": [{"key", "version"}...],
//                                        "answer": bool}   the sender's entries in those leaves;
//                                        with answer, the receiver sends back its own
//
// A kv request may carry "consistency": LEVEL (ONE, TWO, THREE, QUORUM, ALL) to override the
// node's read or write level for that request, as Cassandra sets a level per statement, and
// "n": N (an integer from 1 to the node's own n; kv-client's `replicas`) to send it to the
// first N home replicas of the key only, the level counted among those N (QUORUM = N / 2 + 1).
// The node's n stays the key's home set: anti-entropy still brings the other homes up to date.
inline constexpr const char* kWrite = "dy_write";
inline constexpr const char* kWrites = "dy_writes";
inline constexpr const char* kRead = "dy_read";
inline constexpr const char* kHandoff = "dy_handoff";
inline constexpr const char* kPing = "dy_ping";
inline constexpr const char* kTree = "dy_tree";
inline constexpr const char* kLeaves = "dy_leaves";

inline constexpr const char* kNodeRole = "dynamo-node";

// One version of a key. The newest wins (last writer wins): the higher timestamp, then the
// coordinator's id, then the value, so every replica picks the same one.
struct Version {
    std::string value;
    std::int64_t ts = 0;          // the coordinator's clock in microseconds when it took the write
    NodeId writer;                // the coordinator

    bool newer_than(const Version& other) const;
    bool operator==(const Version&) const = default;
    Json to_json() const;
    // An error names the field that is missing or of the wrong type. Never throws.
    static Result<Version> from_json(const Json& json);
};

// Whether `candidate` should replace `current` (absent: anything replaces it).
bool replaces(const Version& candidate, const std::optional<Version>& current);

// Consistency levels, named as Cassandra names them.
enum class Level { One, Two, Three, Quorum, All };

std::string_view to_string(Level level);
std::optional<Level> parse_level(std::string_view name);
// The replies a level waits for among n replicas: QUORUM is n / 2 + 1; never more than n.
int replies_needed(Level level, int n);

// A key and one of its versions, as dy_handoff and dy_leaves carry them.
struct KeyVersion {
    std::string key;
    Version version;
};

Json to_json(const std::vector<KeyVersion>& entries);
// An error names the entry and what is wrong with it.
Result<std::vector<KeyVersion>> entries_from_json(const Json& json);

// The nodes of a hash ring (consistent hashing's MD5 ring, `vnodes` points per member), and a
// key's preference list on it: every member once, clockwise from the key's point. Its first N
// are the key's home replicas; the rest, in order, stand in for them under a sloppy quorum.
class Ring {
public:
    Ring(std::vector<NodeId> members, std::int64_t vnodes);
    std::vector<NodeId> preference_list(std::string_view key) const;
    const std::vector<NodeId>& members() const { return members_; }

private:
    std::vector<NodeId> members_;
    std::vector<std::pair<std::uint32_t, std::size_t>> points_;   // point, member index; sorted
};

}  // namespace distlab::core::leaderless
