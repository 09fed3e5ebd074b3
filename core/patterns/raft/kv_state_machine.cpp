#include "core/patterns/raft/kv_state_machine.h"

#include <charconv>

namespace distlab::core::raft {

namespace {

constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;

std::uint64_t fnv1a(std::uint64_t hash, std::string_view text) {
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= kFnvPrime;
    }
    return hash;
}

Json value_or_null(const std::optional<std::string>& v) {
    return v ? Json(*v) : Json(nullptr);
}

}  // namespace

Json KvStateMachine::apply(Index index, const Entry& entry) {
    applied_ = index;
    hash_ = fnv1a(fnv1a(hash_, entry.text), "\n");
    if (entry.kind != EntryKind::Command)
        return nullptr;
    const kv::Request r = command_request(entry);
    switch (r.op) {
    case kv::Op::Put:
        data_.insert_or_assign(r.key, r.value.value_or(""));
        return {{"ok", true}};
    case kv::Op::Get:
        return {{"ok", true}, {"value", value_or_null(get(r.key))}};
    case kv::Op::Cas: {
        const auto current = get(r.key);
        if (current != r.from)
            return {{"ok", false}, {"error", "cas_mismatch"}, {"value", value_or_null(current)}};
        data_.insert_or_assign(r.key, r.value.value_or(""));
        return {{"ok", true}};
    }
    }
    return nullptr;
}

std::optional<std::string> KvStateMachine::get(std::string_view key) const {
    const auto it = data_.find(key);
    if (it == data_.end())
        return std::nullopt;
    return it->second;
}

Json KvStateMachine::to_json() const {
    Json data = Json::object();
    for (const auto& [k, v] : data_)
        data[k] = v;
    return {{"data", std::move(data)}, {"hash", hash_text(hash_)}};
}

Result<void> KvStateMachine::restore(Index index, const Json& state) {
    if (!state.is_object())
        return fail("a snapshot's state must be an object");
    const auto data = state.find("data");
    const auto hash = state.find("hash");
    if (data == state.end() || !data->is_object() || hash == state.end() || !hash->is_string())
        return fail("a snapshot's state needs \"data\" (object) and \"hash\" (string)");
    const auto parsed_hash = parse_hash(hash->get<std::string>());
    if (!parsed_hash)
        return fail("a snapshot's hash must be 16 hex digits");
    std::map<std::string, std::string, std::less<>> restored;
    for (const auto& [k, v] : data->items()) {
        if (!v.is_string())
            return fail("a snapshot's value for \"" + k + "\" is not a string");
        restored.emplace(k, v.get<std::string>());
    }
    data_ = std::move(restored);
    applied_ = index;
    hash_ = *parsed_hash;
    return {};
}

std::string KvStateMachine::hash_text(std::uint64_t hash) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, hash >>= 4)
        out[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
    return out;
}

std::optional<std::uint64_t> KvStateMachine::parse_hash(std::string_view text) {
    std::uint64_t value = 0;
    if (text.size() != 16)
        return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

}  // namespace distlab::core::raft
