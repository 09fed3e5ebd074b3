#include "core/patterns/kv/kv_protocol.h"

namespace distlab::core::kv {

std::string_view to_string(Op op) {
    switch (op) {
    case Op::Put: return "put";
    case Op::Get: return "get";
    case Op::Cas: return "cas";
    }
    return "get";
}

Json Request::to_json() const {
    Json j = {{"op", to_string(op)}, {"key", key}};
    if (op == Op::Put)
        j["value"] = value.value_or("");
    if (op == Op::Cas) {
        j["from"] = from ? Json(*from) : Json(nullptr);
        j["to"] = value.value_or("");
    }
    return j;
}

Result<Request> decode_request(const Json& body) {
    if (!body.is_object())
        return fail("a kv request must be an object");
    const auto op = body.find("op");
    const auto key = body.find("key");
    if (op == body.end() || !op->is_string())
        return fail("a kv request needs \"op\": put, get or cas");
    if (key == body.end() || !key->is_string())
        return fail("a kv request needs a string \"key\"");
    Request r;
    r.key = key->get<std::string>();
    const std::string name = op->get<std::string>();
    if (name == "get") {
        r.op = Op::Get;
    } else if (name == "put") {
        r.op = Op::Put;
        const auto value = body.find("value");
        if (value == body.end() || !value->is_string())
            return fail("a kv put needs a string \"value\"");
        r.value = value->get<std::string>();
    } else if (name == "cas") {
        r.op = Op::Cas;
        const auto from = body.find("from");
        const auto to = body.find("to");
        if (from == body.end() || !(from->is_string() || from->is_null()))
            return fail("a kv cas needs \"from\": a string or null");
        if (to == body.end() || !to->is_string())
            return fail("a kv cas needs a string \"to\"");
        if (from->is_string())
            r.from = from->get<std::string>();
        r.value = to->get<std::string>();
    } else {
        return fail("unknown kv op \"" + name + "\"; expected put, get or cas");
    }
    return r;
}

}  // namespace distlab::core::kv
