#include "netlab/scenario/yaml_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <regex>

namespace distlab::netlab::yaml_text {

namespace {

bool is_null_text(std::string_view t) {
    return t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL";
}

// Characters that never need quoting inside a plain scalar that starts with a letter or digit.
bool plain_safe_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/' ||
           c == '+';
}

}  // namespace

core::Json plain_scalar(std::string_view text) {
    if (is_null_text(text))
        return nullptr;
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;

    static const std::regex kInteger("[-+]?[0-9]+");
    static const std::regex kDecimal("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    const std::string s(text);
    if (std::regex_match(s, kInteger)) {
        const char* first = s.data() + (s.front() == '+' ? 1 : 0);
        const char* last = s.data() + s.size();
        std::int64_t signed_value = 0;
        if (auto [end, ec] = std::from_chars(first, last, signed_value); ec == std::errc{} && end == last)
            return signed_value;
        std::uint64_t unsigned_value = 0;
        if (auto [end, ec] = std::from_chars(first, last, unsigned_value); ec == std::errc{} && end == last)
            return unsigned_value;
    }
    if (std::regex_match(s, kInteger) || std::regex_match(s, kDecimal)) {
        const char* first = s.data() + (s.front() == '+' ? 1 : 0);
        double value = 0;
        auto [end, ec] = std::from_chars(first, s.data() + s.size(), value);
        if (ec == std::errc{} && end == s.data() + s.size() && std::isfinite(value))
            return value;
    }
    return std::string(text);
}

std::string quoted_if_needed(std::string_view text) {
    const bool plain = !text.empty() && (std::isalnum(static_cast<unsigned char>(text.front())) ||
                                         text.front() == '_') &&
                       std::all_of(text.begin(), text.end(), plain_safe_char) &&
                       plain_scalar(text).is_string();
    if (plain)
        return std::string(text);
    return core::Json(std::string(text)).dump(-1, ' ', false, core::Json::error_handler_t::replace);
}

std::string flow(const core::Json& value) {
    switch (value.type()) {
        case core::Json::value_t::object: {
            if (value.empty())
                return "{}";
            std::string out = "{ ";
            bool first = true;
            for (const auto& [key, item] : value.items()) {
                out += (first ? "" : ", ") + quoted_if_needed(key) + ": " + flow(item);
                first = false;
            }
            return out + " }";
        }
        case core::Json::value_t::array: {
            std::string out = "[";
            for (std::size_t i = 0; i < value.size(); ++i)
                out += (i ? ", " : "") + flow(value[i]);
            return out + "]";
        }
        case core::Json::value_t::string:
            return quoted_if_needed(value.get_ref<const std::string&>());
        case core::Json::value_t::null:
            return "null";
        default:
            return value.dump();
    }
}

}  // namespace distlab::netlab::yaml_text
