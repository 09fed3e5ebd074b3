#include "core/patterns/maelstrom/maelstrom_errors.h"

namespace distlab::core::maelstrom {

namespace {

struct Known {
    ErrorCode code;
    std::string_view name;
    bool definite;
};

// As Maelstrom's protocol document lists them.
constexpr Known kKnown[] = {
    {ErrorCode::Timeout, "timeout", false},
    {ErrorCode::NodeNotFound, "node-not-found", true},
    {ErrorCode::NotSupported, "not-supported", true},
    {ErrorCode::TemporarilyUnavailable, "temporarily-unavailable", true},
    {ErrorCode::MalformedRequest, "malformed-request", true},
    {ErrorCode::Crash, "crash", false},
    {ErrorCode::Abort, "abort", true},
    {ErrorCode::KeyDoesNotExist, "key-does-not-exist", true},
    {ErrorCode::KeyAlreadyExists, "key-already-exists", true},
    {ErrorCode::PreconditionFailed, "precondition-failed", true},
    {ErrorCode::TxnConflict, "txn-conflict", true},
};

const Known* find(std::int64_t code) {
    for (const Known& k : kKnown)
        if (static_cast<std::int64_t>(k.code) == code)
            return &k;
    return nullptr;
}

}  // namespace

std::string_view error_code_name(std::int64_t code) {
    const Known* k = find(code);
    return k ? k->name : std::string_view{};
}

bool error_code_definite(std::int64_t code) {
    const Known* k = find(code);
    return k && k->definite;
}

Json error_body(ErrorCode code, std::string text, const Json& request) {
    Json body{{"type", "error"}, {"code", static_cast<std::int64_t>(code)}, {"text", std::move(text)}};
    if (request.is_object())
        if (const auto id = request.find("msg_id"); id != request.end() && id->is_number_integer())
            body["in_reply_to"] = *id;
    return body;
}

}  // namespace distlab::core::maelstrom
