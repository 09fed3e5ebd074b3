#include "core/patterns/replication/lf_protocol.h"

namespace distlab::core::replication {

Json Entry::to_json() const {
    return {{"epoch", epoch}, {"key", key}, {"value", value}, {"at_ms", at_ms}};
}

Result<std::int64_t> int_field(const Json& body, const char* name, std::int64_t min) {
    if (!body.is_object())
        return fail(std::string("expected an object with \"") + name + "\"");
    const auto it = body.find(name);
    if (it == body.end() || !it->is_number_integer() || it->get<std::int64_t>() < min)
        return fail(std::string("\"") + name + "\" must be an integer of at least " + std::to_string(min));
    return it->get<std::int64_t>();
}

Result<Entry> Entry::from_json(const Json& json) {
    if (!json.is_object())
        return fail("an entry must be an object");
    Entry e;
    auto epoch = int_field(json, "epoch", 1);
    if (!epoch)
        return fail("entry: " + epoch.error().message);
    auto at = int_field(json, "at_ms", 0);
    if (!at)
        return fail("entry: " + at.error().message);
    const auto key = json.find("key");
    const auto value = json.find("value");
    if (key == json.end() || !key->is_string())
        return fail("entry: \"key\" must be a string");
    if (value == json.end() || !value->is_string())
        return fail("entry: \"value\" must be a string");
    e.epoch = *epoch;
    e.at_ms = *at;
    e.key = key->get<std::string>();
    e.value = value->get<std::string>();
    return e;
}

}  // namespace distlab::core::replication
