#include "core/patterns/saga/saga_protocol.h"

namespace distlab::core::saga {

std::optional<std::string> string_field(const Json& body, std::string_view name) {
    if (!body.is_object())
        return std::nullopt;
    const auto it = body.find(name);
    if (it == body.end() || !it->is_string() || it->get<std::string>().empty())
        return std::nullopt;
    return it->get<std::string>();
}

}  // namespace distlab::core::saga
