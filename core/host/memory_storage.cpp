#include "core/host/memory_storage.h"

namespace distlab::core {

Result<void> MemoryStorage::write(std::string_view key, std::string_view value, bool) {
    values_.insert_or_assign(std::string(key), std::string(value));
    return {};
}

Result<void> MemoryStorage::append(std::string_view key, std::string_view value, bool) {
    auto it = values_.find(key);
    if (it == values_.end())
        values_.emplace(std::string(key), std::string(value));
    else
        it->second.append(value);
    return {};
}

Result<std::optional<std::string>> MemoryStorage::read(std::string_view key) const {
    const auto it = values_.find(key);
    if (it == values_.end())
        return std::optional<std::string>{};
    return std::optional<std::string>{it->second};
}

std::size_t MemoryStorage::bytes() const {
    std::size_t total = 0;
    for (const auto& [key, value] : values_)
        total += key.size() + value.size();
    return total;
}

}  // namespace distlab::core
