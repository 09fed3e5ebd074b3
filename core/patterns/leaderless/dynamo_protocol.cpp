#include "core/patterns/leaderless/dynamo_protocol.h"

#include <algorithm>
#include <tuple>

#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::leaderless {

bool Version::newer_than(const Version& other) const {
    return std::tie(ts, writer, value) > std::tie(other.ts, other.writer, other.value);
}

Json Version::to_json() const { return {{"value", value}, {"ts", ts}, {"writer", writer}}; }

Result<Version> Version::from_json(const Json& json) {
    if (!json.is_object())
        return fail("a version must be an object");
    const auto value = json.find("value");
    const auto ts = json.find("ts");
    const auto writer = json.find("writer");
    if (value == json.end() || !value->is_string())
        return fail("version: \"value\" must be a string");
    if (ts == json.end() || !ts->is_number_integer() || ts->get<std::int64_t>() < 0)
        return fail("version: \"ts\" must be an integer of at least 0");
    if (writer == json.end() || !writer->is_string())
        return fail("version: \"writer\" must be a string");
    return Version{value->get<std::string>(), ts->get<std::int64_t>(), writer->get<std::string>()};
}

bool replaces(const Version& candidate, const std::optional<Version>& current) {
    return !current || candidate.newer_than(*current);
}

std::string_view to_string(Level level) {
    switch (level) {
    case Level::One: return "ONE";
    case Level::Two: return "TWO";
    case Level::Three: return "THREE";
    case Level::Quorum: return "QUORUM";
    case Level::All: return "ALL";
    }
    return "QUORUM";
}

std::optional<Level> parse_level(std::string_view name) {
    for (Level l : {Level::One, Level::Two, Level::Three, Level::Quorum, Level::All})
        if (to_string(l) == name)
            return l;
    return std::nullopt;
}

int replies_needed(Level level, int n) {
    int need = 1;
    switch (level) {
    case Level::One: need = 1; break;
    case Level::Two: need = 2; break;
    case Level::Three: need = 3; break;
    case Level::Quorum: need = n / 2 + 1; break;
    case Level::All: need = n; break;
    }
    return std::clamp(need, 1, std::max(n, 1));
}

Json to_json(const std::vector<KeyVersion>& entries) {
    Json out = Json::array();
    for (const KeyVersion& e : entries)
        out.push_back({{"key", e.key}, {"version", e.version.to_json()}});
    return out;
}

Result<std::vector<KeyVersion>> entries_from_json(const Json& json) {
    if (!json.is_array())
        return fail("\"entries\" must be an array");
    std::vector<KeyVersion> out;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const Json& e = json[i];
        const std::string where = "entry " + std::to_string(i) + ": ";
        if (!e.is_object() || !e.contains("key") || !e["key"].is_string())
            return fail(where + "\"key\" must be a string");
        auto version = Version::from_json(e.value("version", Json(nullptr)));
        if (!version)
            return fail(where + version.error().message);
        out.push_back({e["key"].get<std::string>(), std::move(*version)});
    }
    return out;
}

Ring::Ring(std::vector<NodeId> members, std::int64_t vnodes) : members_(std::move(members)) {
    for (const consistent_hashing::RingPoint& p : consistent_hashing::ring_points(members_, vnodes))
        points_.emplace_back(p.point, p.member);
}

std::vector<NodeId> Ring::preference_list(std::string_view key) const {
    std::vector<NodeId> out;
    if (points_.empty())
        return out;
    const std::uint32_t h = consistent_hashing::key_point(key);
    auto it = std::lower_bound(points_.begin(), points_.end(), h,
                               [](const auto& p, std::uint32_t v) { return p.first < v; });
    const std::size_t start = it == points_.end() ? 0 : static_cast<std::size_t>(it - points_.begin());
    std::vector<bool> seen(members_.size(), false);
    for (std::size_t step = 0; step < points_.size() && out.size() < members_.size(); ++step) {
        const std::size_t m = points_[(start + step) % points_.size()].second;
        if (!seen[m]) {
            seen[m] = true;
            out.push_back(members_[m]);
        }
    }
    return out;
}

}  // namespace distlab::core::leaderless
