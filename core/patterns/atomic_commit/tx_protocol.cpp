#include "core/patterns/atomic_commit/tx_protocol.h"

#include <algorithm>

namespace distlab::core::atomic_commit {

std::string_view to_string(Protocol protocol) {
    return protocol == Protocol::ThreePhase ? "3pc" : "2pc";
}

std::optional<Protocol> protocol_from_string(std::string_view name) {
    if (name == "2pc")
        return Protocol::TwoPhase;
    if (name == "3pc")
        return Protocol::ThreePhase;
    return std::nullopt;
}

std::string_view to_string(Decision decision) {
    return decision == Decision::Commit ? "commit" : "abort";
}

std::optional<Decision> decision_from_string(std::string_view name) {
    if (name == "commit")
        return Decision::Commit;
    if (name == "abort")
        return Decision::Abort;
    return std::nullopt;
}

std::optional<std::string> string_field(const Json& body, std::string_view name) {
    if (!body.is_object())
        return std::nullopt;
    const auto it = body.find(name);
    if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        return std::nullopt;
    return it->get<std::string>();
}

std::optional<std::vector<Write>> writes_from_json(const Json& list) {
    if (!list.is_array() || list.empty())
        return std::nullopt;
    std::vector<Write> out;
    for (const Json& w : list) {
        auto key = string_field(w, "key");
        const auto value = w.is_object() ? w.find("value") : w.end();
        if (!key || value == w.end() || !value->is_string())
            return std::nullopt;
        out.push_back({std::move(*key), value->get<std::string>()});
    }
    return out;
}

Json to_json(const std::vector<Write>& writes) {
    Json list = Json::array();
    for (const Write& w : writes)
        list.push_back({{"key", w.key}, {"value", w.value}});
    return list;
}

std::optional<BeginRequest> begin_from_json(const Json& body, std::string* error) {
    const auto fail = [&](std::string why) -> std::optional<BeginRequest> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    BeginRequest request;
    auto tx = string_field(body, "tx");
    if (!tx)
        return fail("begin needs a non-empty string \"tx\"");
    request.tx = std::move(*tx);
    const auto writes = body.find("writes");
    if (writes == body.end() || !writes->is_array() || writes->empty())
        return fail("begin needs a non-empty list \"writes\"");
    for (std::size_t i = 0; i < writes->size(); ++i) {
        const Json& w = (*writes)[i];
        auto participant = string_field(w, "participant");
        auto key = string_field(w, "key");
        const auto value = w.is_object() ? w.find("value") : w.end();
        if (!participant || !key || value == w.end() || !value->is_string())
            return fail("writes[" + std::to_string(i) + "] needs string fields participant, key and value");
        auto share = std::find_if(request.shares.begin(), request.shares.end(),
                                  [&](const ParticipantWrites& s) { return s.participant == *participant; });
        if (share == request.shares.end()) {
            request.shares.push_back({*participant, {}});
            share = request.shares.end() - 1;
        }
        share->writes.push_back({std::move(*key), value->get<std::string>()});
    }
    return request;
}

}  // namespace distlab::core::atomic_commit
