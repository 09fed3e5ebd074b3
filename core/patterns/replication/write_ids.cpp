#include "core/patterns/replication/write_ids.h"

#include <charconv>
#include <sstream>

namespace distlab::core::replication {

std::optional<std::pair<std::string, std::int64_t>> split_write_id(std::string_view value) {
    const auto dash = value.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == value.size())
        return std::nullopt;
    std::int64_t n = 0;
    const char* first = value.data() + dash + 1;
    const char* last = value.data() + value.size();
    const auto [end, ec] = std::from_chars(first, last, n);
    if (ec != std::errc() || end != last || n < 1)
        return std::nullopt;
    return std::pair{std::string(value.substr(0, dash)), n};
}

void WriteIds::add_number(const std::string& client, std::int64_t n) {
    auto& ranges = ranges_[client];
    auto next = ranges.upper_bound(n);
    if (next != ranges.begin()) {
        auto prev = std::prev(next);
        if (n <= prev->second)
            return;   // already held
        if (prev->second + 1 == n) {
            prev->second = n;
            if (next != ranges.end() && next->first == n + 1) {
                prev->second = next->second;
                ranges.erase(next);
            }
            ++size_;
            return;
        }
    }
    if (next != ranges.end() && next->first == n + 1) {
        const std::int64_t last = next->second;
        ranges.erase(next);
        ranges.emplace(n, last);
    } else {
        ranges.emplace(n, n);
    }
    ++size_;
}

void WriteIds::add(std::string_view value) {
    if (const auto id = split_write_id(value)) {
        add_number(id->first, id->second);
        return;
    }
    if (other_.emplace(value).second)
        ++size_;
}

bool WriteIds::contains(std::string_view value) const {
    if (const auto id = split_write_id(value)) {
        const auto client = ranges_.find(id->first);
        if (client == ranges_.end())
            return false;
        auto next = client->second.upper_bound(id->second);
        return next != client->second.begin() && std::prev(next)->second >= id->second;
    }
    return other_.contains(value);
}

Json WriteIds::to_json() const {
    Json by_client = Json::object();
    for (const auto& [client, ranges] : ranges_) {
        std::string text;
        for (const auto& [first, last] : ranges) {
            if (!text.empty())
                text += ',';
            text += std::to_string(first);
            if (last != first)
                text += '-' + std::to_string(last);
        }
        by_client[client] = text;
    }
    Json other = Json::array();
    for (const std::string& v : other_)
        other.push_back(v);
    return {{"by_client", std::move(by_client)}, {"other", std::move(other)}};
}

std::optional<WriteIds> WriteIds::from_json(const Json& json) {
    if (!json.is_object() || !json.contains("by_client") || !json["by_client"].is_object())
        return std::nullopt;
    WriteIds ids;
    for (const auto& [client, text] : json["by_client"].items()) {
        if (!text.is_string())
            return std::nullopt;
        std::istringstream parts(text.get<std::string>());
        std::string part;
        while (std::getline(parts, part, ',')) {
            const auto dash = part.find('-');
            std::int64_t first = 0, last = 0;
            const std::string a = part.substr(0, dash);
            const std::string b = dash == std::string::npos ? a : part.substr(dash + 1);
            if (std::from_chars(a.data(), a.data() + a.size(), first).ec != std::errc() ||
                std::from_chars(b.data(), b.data() + b.size(), last).ec != std::errc() || first < 1 || last < first)
                return std::nullopt;
            for (std::int64_t n = first; n <= last; ++n)
                ids.add_number(client, n);
        }
    }
    if (const auto other = json.find("other"); other != json.end()) {
        if (!other->is_array())
            return std::nullopt;
        for (const Json& v : *other) {
            if (!v.is_string())
                return std::nullopt;
            ids.add(v.get<std::string>());
        }
    }
    return ids;
}

}  // namespace distlab::core::replication
