#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/json.h"
#include "core/model/time.h"
#include "core/patterns/common/client.h"

// The request-response protocol shared by `server`, `client` and `retry-client`.
//
//   request        {seq?: int, attempt?: int, deadline_ns?: int}
//   request_reply  {ok: true, seq?} | {ok: false, error: "overloaded|unavailable|failed", seq?}
//
// deadline_ns is the caller's deadline for the whole operation in role time (nanoseconds since
// the run started): past it, nobody waits for the answer any more (gRPC deadline propagation).
namespace distlab::core::request_response {

inline constexpr std::string_view kRequest = "request";
inline constexpr std::string_view kReply = "request_reply";

// Error strings of a failed reply.
inline constexpr std::string_view kOverloaded = "overloaded";     // queue full: rejected at once
inline constexpr std::string_view kUnavailable = "unavailable";   // the server is in an outage
inline constexpr std::string_view kFailed = "failed";             // the request itself failed

// What the server reads from a request body. Any JSON is a valid request; a field of the
// wrong type is ignored and reported as `malformed`.
struct RequestFields {
    std::optional<Duration> deadline;
    std::optional<std::int64_t> seq;
    bool malformed = false;
};

RequestFields decode_request(const Json& body);

enum class ReplyKind {
    Ok,          // {ok: true}: the request was served
    Fail,        // {ok: false, ...}: definitely not served
    Malformed,   // no boolean "ok": nothing can be concluded
};

struct ReplyFields {
    ReplyKind kind = ReplyKind::Malformed;
    std::string error;            // Fail: the server's reason ("failed" when it gave none)
};

ReplyFields decode_reply(const Json& body);

// A reply as a caller's call result (ok, failed with the server's error, or malformed).
inline CallResult read_reply(const Json& body) { return read_answer(body, kFailed); }

}  // namespace distlab::core::request_response
