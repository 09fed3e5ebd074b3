#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

// The messages of the consistent-hashing pattern.
//
//   ring-client -> ring-node   "kv" / "kv_reply"   the kv protocol (core/patterns/kv/kv_protocol.h),
//                              put and get; a node refuses a key it does not own:
//                              {"ok": false, "error": "not_owner", "owner": ID|null}
//                              and any other op: {"ok": false, "error": "unsupported"}
//   ring-node -> ring-node     "handoff"          {"keys": {K: V, ...}}: keys whose owner is now the receiver
//                              "handoff_reply"    {"ok": true, "stored": N}
//   lab -> both roles          "join"  {"id": ID}  the node joins the ring (appended to the members)
//                              "leave" {"id": ID}  the node leaves the ring (handing its keys over first)
//                              answered {"ok": true, "members": [...]} or {"ok": false, "error": ...}
namespace distlab::core::consistent_hashing {

inline constexpr std::string_view kHandoff = "handoff";
inline constexpr std::string_view kHandoffReply = "handoff_reply";
inline constexpr std::string_view kJoin = "join";
inline constexpr std::string_view kLeave = "leave";
inline constexpr std::string_view kNotOwner = "not_owner";

// The index of key "k<index>" in a key space of `keys`, or nullopt for any other name.
std::optional<std::int64_t> key_index(std::string_view key, std::int64_t keys);

}  // namespace distlab::core::consistent_hashing
