#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/time.h"

// The rpc pattern's protocol: typed methods, status codes, deadlines that travel with the call
// and cancellation.
//
//   rpc          {call: int, method: string, args: {...}, attempt: int, hedge?: bool,
//                 timeout_ns?: int, origin?: {node, op, deadline_ns}}
//   rpc_reply    {ok: bool, status: "ok|cancelled|invalid_argument|deadline_exceeded|
//                 unimplemented|unavailable", code: int, message?: string, reply?: {...},
//                 origin?: {...}, started_ns?: int, ended_ns?: int}
//   rpc_cancel   {call: int}
//
// `call` names one attempt at its caller (unique per caller), so an `rpc_cancel` from the same
// caller names the attempt it gives up on. `timeout_ns` is the remaining budget, a duration and
// not an instant (grpc-timeout, Dubbo's timeout-countdown): the receiver's deadline is its own
// clock at arrival plus it, so no clock is compared across nodes. It is present only when the
// caller propagates deadlines.
//
// `origin` is trace context (like a trace id in baggage), copied unchanged down the chain and
// onto every reply: the edge client's node, its operation and when that operation stops waiting
// (deadline_ns, the edge's role time; absent when it set no deadline). No role decides anything by it; the checks read it to
// count work done for a caller that has already given up ("orphan work"). `started_ns` and
// `ended_ns` on a reply are the replier's clock when its work on the call began and ended (absent
// when no work began: rejected, expired or cancelled while queued).
namespace distlab::core::rpc {

inline constexpr std::string_view kCall = "rpc";
inline constexpr std::string_view kReply = "rpc_reply";
inline constexpr std::string_view kCancel = "rpc_cancel";

// A call's outcome, with gRPC's codes (grpc.io, "Status Codes").
enum class Status {
    Ok,                 // 0
    Cancelled,          // 1: the caller gave up (a hedge lost, the caller's caller cancelled)
    InvalidArgument,    // 3: the request does not fit the method's declared fields
    DeadlineExceeded,   // 4: the deadline passed before the work completed
    Unimplemented,      // 12: the server does not serve this method
    Unavailable,        // 14: the server failed or is overloaded; safe to retry
};

inline constexpr Status kAllStatuses[] = {Status::Ok,           Status::Cancelled,     Status::InvalidArgument,
                                          Status::DeadlineExceeded, Status::Unimplemented, Status::Unavailable};

std::string_view to_string(Status status);
std::optional<Status> status_from_string(std::string_view name);
int grpc_code(Status status);

enum class FieldType { Int, Number, String, Bool };

std::string_view to_string(FieldType type);

struct Field {
    std::string name;
    FieldType type = FieldType::Int;
};

// A method with its declared request and reply fields. Every field is required; no other field
// is allowed.
struct Method {
    std::string name;
    std::vector<Field> request;
    std::vector<Field> reply;
};

// The methods the lab's services offer: an order chain (PlaceOrder -> ReserveStock -> ReadStock)
// and a price lookup for replicated services.
const std::vector<Method>& methods();
const Method* find_method(std::string_view name);
// Their names, for a parameter's choices.
std::vector<std::string> method_names();
// "ReadStock(item: string) -> (available: int)".
std::string signature(const Method& method);

// What is wrong with `value` as a body of `fields` ("args.qty: expected int, got string"), or
// nothing when it fits. `where` prefixes the field names ("args").
std::optional<std::string> check_fields(const std::vector<Field>& fields, const Json& value, std::string_view where);

// A request that fits `method`, with made-up values.
Json make_args(const Method& method, std::mt19937_64& rng);
// A request with one field of the wrong type (for a caller that sends broken bodies on purpose).
Json make_bad_args(const Method& method, std::mt19937_64& rng);
// A reply that fits `method`.
Json make_reply(const Method& method, std::mt19937_64& rng);

// The edge client's operation a call serves, carried unchanged down the chain.
struct Origin {
    NodeId node;
    std::int64_t op = 0;
    std::optional<Duration> deadline;   // the edge's role time; none: the edge set no deadline

    Json to_json() const;
    static std::optional<Origin> from_json(const Json& value);
};

// An rpc body as the server reads it. `problem` names the first field that is wrong: such a
// call is answered invalid_argument (unimplemented when only the method is unknown).
struct CallFields {
    std::int64_t call = 0;
    std::string method;
    Json args;
    std::int64_t attempt = 1;
    bool hedge = false;
    std::optional<Duration> timeout;   // the propagated budget
    std::optional<Origin> origin;
    std::optional<std::string> problem;
};

CallFields decode_call(const Json& body);

// A reply as the caller reads it. A body without a known status is malformed (nothing can be
// concluded from it).
struct ReplyFields {
    Status status = Status::Unavailable;
    std::string message;
    Json reply;
    bool malformed = false;
};

ReplyFields decode_reply(const Json& body);

// A reply body: {ok, status, code, message?}.
Json reply_body(Status status, std::string_view message = {});

// Whether a caller may try again after `status` (a failed or overloaded server, an attempt that
// ran out of time); never after a broken request or a cancellation.
bool retryable(Status status);

}  // namespace distlab::core::rpc
