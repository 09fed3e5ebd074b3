#include "core/patterns/caching/cache_protocol.h"

namespace distlab::core::caching {

Result<std::string> read_key(const Json& body, std::string_view type) {
    if (!body.is_object() || !body.contains("key") || !body["key"].is_string() ||
        body["key"].get_ref<const std::string&>().empty())
        return fail("a " + std::string(type) + " needs {\"key\": a non-empty string}");
    return body["key"].get<std::string>();
}

bool is_value(const Json& value) {
    return value.is_null() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

Result<std::int64_t> read_ms(const Json& body, std::string_view field, std::string_view type) {
    if (!body.is_object() || !body.contains(field))
        return std::int64_t{0};
    const Json& v = body[std::string(field)];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
        return fail(std::string(type) + ": \"" + std::string(field) + "\" must be a non-negative integer (ms)");
    return v.get<std::int64_t>();
}

}  // namespace distlab::core::caching
