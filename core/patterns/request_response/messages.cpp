#include "core/patterns/request_response/messages.h"

namespace distlab::core::request_response {

RequestFields decode_request(const Json& body) {
    RequestFields fields;
    if (body.is_null())
        return fields;
    if (!body.is_object()) {
        fields.malformed = true;
        return fields;
    }
    if (auto it = body.find("deadline_ns"); it != body.end()) {
        if (it->is_number_integer())
            fields.deadline = Duration(it->get<std::int64_t>());
        else
            fields.malformed = true;
    }
    if (auto it = body.find("seq"); it != body.end()) {
        if (it->is_number_integer())
            fields.seq = it->get<std::int64_t>();
        else
            fields.malformed = true;
    }
    return fields;
}

ReplyFields decode_reply(const Json& body) {
    ReplyFields fields;
    if (!body.is_object())
        return fields;
    auto ok = body.find("ok");
    if (ok == body.end() || !ok->is_boolean())
        return fields;
    if (ok->get<bool>()) {
        fields.kind = ReplyKind::Ok;
        return fields;
    }
    fields.kind = ReplyKind::Fail;
    auto error = body.find("error");
    fields.error = error != body.end() && error->is_string() ? error->get<std::string>()
                                                             : std::string(kFailed);
    return fields;
}

}  // namespace distlab::core::request_response
