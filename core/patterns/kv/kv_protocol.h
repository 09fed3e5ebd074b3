#pragma once

#include <optional>
#include <string>

#include "core/model/json.h"
#include "core/model/result.h"

namespace distlab::core::kv {

// The key-value protocol between `kv-client` and any replicated store role (Raft today; the
// replication patterns later). Keys and values are strings.
//
//   client -> store   "kv"        {"op": "put", "key": K, "value": V}
//                                 {"op": "get", "key": K}
//                                 {"op": "cas", "key": K, "from": V|null, "to": V}
//                                 any of them with "consistency": LEVEL (kv-client's parameter),
//                                 for stores that take a level per request; others ignore it
//   store -> client   "kv_reply"  {"ok": true}                              put, cas applied
//                                 {"ok": true, "value": V|null}             get (null: absent)
//                                 {"ok": false, "error": "not_leader", "leader": ID|null}
//                                 {"ok": false, "error": "cas_mismatch", "value": V|null}
//                                 {"ok": false, "error": "unavailable"}
//
// A store answers ok: false only when the operation certainly had no effect (a follower that
// never proposed it, a compare that did not match). When it cannot know (a leader that lost
// leadership after proposing), it does not answer: the client's timeout makes the outcome
// unknown, which is the truth.
inline constexpr const char* kRequestType = "kv";
inline constexpr const char* kReplyType = "kv_reply";

enum class Op { Put, Get, Cas };

struct Request {
    Op op = Op::Get;
    std::string key;
    std::optional<std::string> value;     // put: the value; cas: the new value ("to")
    std::optional<std::string> from;      // cas: the expected current value (nullopt: absent)

    Json to_json() const;
};

// Decodes a "kv" body; an error names what is wrong. Never throws.
Result<Request> decode_request(const Json& body);

std::string_view to_string(Op op);

}  // namespace distlab::core::kv
