#include "core/patterns/sharding/shard_protocol.h"

#include "core/patterns/consistent_hashing/placement.h"
#include "core/patterns/consistent_hashing/ring_protocol.h"

namespace distlab::core::sharding {

std::string_view to_string(Mode mode) { return mode == Mode::Hash ? "hash" : "range"; }

std::optional<Mode> mode_from(std::string_view name) {
    if (name == "range")
        return Mode::Range;
    if (name == "hash")
        return Mode::Hash;
    return std::nullopt;
}

std::string key_of(std::int64_t id) { return consistent_hashing::key_name(id); }

std::optional<std::int64_t> id_of(std::string_view key) {
    return consistent_hashing::key_index(key, static_cast<std::int64_t>(kSpaceEnd));
}

std::uint64_t position(Mode mode, std::int64_t id) {
    if (mode == Mode::Hash)
        return consistent_hashing::key_point(key_of(id));
    return static_cast<std::uint64_t>(id);
}

Json Region::to_json() const {
    return {{"id", id}, {"lo", lo}, {"hi", hi}, {"version", version}, {"node", node}};
}

std::optional<Region> Region::from_json(const Json& body, std::string* error) {
    auto fail = [error](std::string what) -> std::optional<Region> {
        if (error)
            *error = std::move(what);
        return std::nullopt;
    };
    if (!body.is_object())
        return fail("a region must be an object {id, lo, hi, version, node}");
    for (const char* field : {"id", "lo", "hi", "version"})
        if (!body.contains(field) || !body[field].is_number_integer())
            return fail(std::string("a region needs an integer \"") + field + "\"");
    if (!body.contains("node") || !body["node"].is_string())
        return fail("a region needs a string \"node\"");
    Region r;
    r.id = body["id"].get<std::int64_t>();
    const std::int64_t lo = body["lo"].get<std::int64_t>(), hi = body["hi"].get<std::int64_t>();
    if (lo < 0 || hi > static_cast<std::int64_t>(kSpaceEnd) || lo >= hi)
        return fail("region " + std::to_string(r.id) + ": [lo, hi) must lie in [0, 2^32) with lo < hi");
    r.lo = static_cast<std::uint64_t>(lo);
    r.hi = static_cast<std::uint64_t>(hi);
    r.version = body["version"].get<std::int64_t>();
    r.node = body["node"].get<std::string>();
    return r;
}

}  // namespace distlab::core::sharding
