#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/model/json.h"

// Maelstrom's error codes (0-999 are Maelstrom's own): an `error` body carries `code` and `text`.
// A definite error means the operation certainly did not happen; after an indefinite one it may
// have, and a history records the outcome as unknown. docs/bring-your-own-node.md.
namespace distlab::core::maelstrom {

enum class ErrorCode : std::int64_t {
    Timeout = 0,
    NodeNotFound = 1,
    NotSupported = 10,
    TemporarilyUnavailable = 11,
    MalformedRequest = 12,
    Crash = 13,
    Abort = 14,
    KeyDoesNotExist = 20,
    KeyAlreadyExists = 21,
    PreconditionFailed = 22,
    TxnConflict = 30,
};

// The code's name as Maelstrom writes it ("key-does-not-exist"); "" for a code it does not define.
std::string_view error_code_name(std::int64_t code);
// Whether the code is definite; a code Maelstrom does not define is indefinite.
bool error_code_definite(std::int64_t code);

// {"type": "error", "code", "text", "in_reply_to": the request's msg_id (omitted when it has none)}.
Json error_body(ErrorCode code, std::string text, const Json& request);

}  // namespace distlab::core::maelstrom
