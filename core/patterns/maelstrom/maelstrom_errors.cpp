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

namespace distlab::core::maelstrom {

CallResult read_reply(const Json& body, std::string_view ok_type, std::int64_t msg_id) {
    if (!body.is_object() || body.value("in_reply_to", std::int64_t{-1}) != msg_id)
        return {CallEnd::Malformed, "malformed reply"};
    const std::string type = body.value("type", std::string());
    if (type == ok_type)
        return {CallEnd::Ok, {}};
    if (type != "error" || !body.contains("code") || !body["code"].is_number_integer())
        return {CallEnd::Malformed, "malformed reply"};
    const std::int64_t code = body["code"].get<std::int64_t>();
    const std::string_view name = error_code_name(code);
    std::string text = "error " + std::to_string(code);
    if (!name.empty())
        text += " (" + std::string(name) + ")";
    if (body.contains("text") && body["text"].is_string())
        text += ": " + body["text"].get<std::string>();
    // An indefinite error leaves the outcome unknown, as a timeout does.
    return {error_code_definite(code) ? CallEnd::Failed : CallEnd::TimedOut, std::move(text)};
}

}  // namespace distlab::core::maelstrom
