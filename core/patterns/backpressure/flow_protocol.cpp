#include "core/patterns/backpressure/flow_protocol.h"

#include <iterator>

namespace distlab::core::backpressure {

std::string_view to_string(Flow flow) {
    switch (flow) {
    case Flow::Free: return "free";
    case Flow::Block: return "block";
    case Flow::Credits: return "credits";
    }
    return "free";
}

std::optional<Flow> flow_from_string(std::string_view name) {
    if (name == "free")
        return Flow::Free;
    if (name == "block")
        return Flow::Block;
    if (name == "credits")
        return Flow::Credits;
    return std::nullopt;
}

Json Item::to_json() const {
    return {{"origin", origin}, {"id", id}, {"priority", priority}, {"size", size}};
}

std::optional<Item> Item::from_json(const Json& body) {
    if (!body.is_object())
        return std::nullopt;
    auto origin = body.find("origin");
    auto id = body.find("id");
    auto priority = body.find("priority");
    auto size = body.find("size");
    if (origin == body.end() || !origin->is_string() || id == body.end() || !id->is_number_integer() ||
        priority == body.end() || !priority->is_number_integer() || size == body.end() ||
        !size->is_number_integer())
        return std::nullopt;
    return Item{origin->get<std::string>(), id->get<std::int64_t>(), priority->get<std::int64_t>(),
                size->get<std::int64_t>()};
}

Json item_reply(const Item& item, std::string_view error) {
    Json body = {{"ok", error.empty()}, {"origin", item.origin}, {"id", item.id}};
    if (!error.empty())
        body["error"] = error;
    return body;
}

void IdRanges::insert(std::int64_t id) {
    if (contains(id))
        return;
    ++count_;
    auto next = ranges_.upper_bound(id);
    const bool joins_next = next != ranges_.end() && next->first == id + 1;
    if (next != ranges_.begin()) {
        auto prev = std::prev(next);
        if (prev->second == id - 1) {
            prev->second = joins_next ? next->second : id;
            if (joins_next)
                ranges_.erase(next);
            return;
        }
    }
    if (joins_next) {
        const std::int64_t hi = next->second;
        ranges_.erase(next);
        ranges_.emplace(id, hi);
        return;
    }
    ranges_.emplace(id, id);
}

void IdRanges::erase(std::int64_t id) {
    auto it = ranges_.upper_bound(id);
    if (it == ranges_.begin())
        return;
    --it;
    const auto [lo, hi] = *it;
    if (id > hi)
        return;
    --count_;
    ranges_.erase(it);
    if (lo < id)
        ranges_.emplace(lo, id - 1);
    if (id < hi)
        ranges_.emplace(id + 1, hi);
}

bool IdRanges::contains(std::int64_t id) const {
    auto it = ranges_.upper_bound(id);
    if (it == ranges_.begin())
        return false;
    return std::prev(it)->second >= id;
}

Json IdRanges::to_json() const {
    Json out = Json::array();
    for (const auto& [lo, hi] : ranges_)
        out.push_back(Json::array({lo, hi}));
    return out;
}

std::optional<IdRanges> IdRanges::from_json(const Json& json) {
    if (!json.is_array())
        return std::nullopt;
    IdRanges set;
    std::optional<std::int64_t> previous_hi;
    for (const Json& range : json) {
        if (!range.is_array() || range.size() != 2 || !range[0].is_number_integer() || !range[1].is_number_integer())
            return std::nullopt;
        const auto lo = range[0].get<std::int64_t>();
        const auto hi = range[1].get<std::int64_t>();
        // Ascending and apart, as to_json() writes them.
        if (hi < lo || (previous_hi && (lo <= *previous_hi || static_cast<std::uint64_t>(lo) - static_cast<std::uint64_t>(*previous_hi) == 1)))
            return std::nullopt;
        set.ranges_.emplace(lo, hi);
        set.count_ += static_cast<std::size_t>(hi - lo) + 1;
        previous_hi = hi;
    }
    return set;
}

}  // namespace distlab::core::backpressure
