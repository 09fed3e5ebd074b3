#include "core/patterns/consistent_hashing/ring_protocol.h"

#include <charconv>

namespace distlab::core::consistent_hashing {

std::optional<std::int64_t> key_index(std::string_view key, std::int64_t keys) {
    if (key.size() < 2 || key.front() != 'k' || (key.size() > 2 && key[1] == '0'))
        return std::nullopt;
    std::int64_t index = 0;
    const char* first = key.data() + 1;
    const char* last = key.data() + key.size();
    const auto [end, ec] = std::from_chars(first, last, index);
    if (ec != std::errc() || end != last || index < 0 || index >= keys)
        return std::nullopt;
    return index;
}

}  // namespace distlab::core::consistent_hashing
