#include "core/patterns/placement/replica_store_role.h"

#include <algorithm>

namespace distlab::core::placement {

void ReplicaStoreRole::start(Context& ctx) {
    for (const auto& [name, value] : ctx.labels_of(ctx.self()))
        labels_[name] = value;
    std::string where;
    for (const auto& [name, value] : labels_.items())
        where += (where.empty() ? "" : ", ") + name + " " + value.get<std::string>();
    ctx.phase("serving", where.empty() ? Text{"no labels", "没有标签"} : Text{where, where});
}

void ReplicaStoreRole::on_message(Context& ctx, const Message& msg) {
    const Json* key = msg.body.is_object() && msg.body.contains("key") ? &msg.body["key"] : nullptr;
    if (msg.type == kPing) {
        ctx.reply(msg, {{"ok", true}, {"keys", data_.size()}});
        return;
    }
    if (msg.type == kReplicaPut) {
        const Json* value = msg.body.is_object() && msg.body.contains("value") ? &msg.body["value"] : nullptr;
        const Json* version = msg.body.is_object() && msg.body.contains("version") ? &msg.body["version"] : nullptr;
        if (!key || !key->is_string() || !value || !value->is_string() || !version || !version->is_number_integer() ||
            version->get<std::int64_t>() < 1) {
            ctx.reply(msg, {{"ok", false},
                            {"error", "replica_put needs {\"key\": K, \"value\": V, \"version\": a positive integer}"}});
            return;
        }
        Stored& s = data_[key->get<std::string>()];
        if (version->get<std::int64_t>() > s.version)
            s = {value->get<std::string>(), version->get<std::int64_t>()};
        ++puts_;
        ctx.count("puts");
        ctx.reply(msg, {{"ok", true}});
        return;
    }
    if (msg.type == kReplicaGet) {
        if (!key || !key->is_string()) {
            ctx.reply(msg, {{"ok", false}, {"error", "replica_get needs {\"key\": K}"}});
            return;
        }
        ++gets_;
        ctx.count("gets");
        const auto it = data_.find(key->get<std::string>());
        ctx.reply(msg, {{"ok", true},
                        {"value", it == data_.end() ? Json(nullptr) : Json(it->second.value)},
                        {"version", it == data_.end() ? 0 : it->second.version}});
        return;
    }
    ctx.log(LogLevel::Warn, "replica-store ignores a message of type \"" + msg.type + "\" from " + msg.from);
}

Json ReplicaStoreRole::snapshot() const {
    const auto keys = static_cast<std::int64_t>(data_.size());
    return {{"state", "serving"},
            {"labels", labels_},
            {"keys", keys},
            {"keys_scale", std::max<std::int64_t>(500, (keys / 500 + 1) * 500)},
            {"puts", puts_},
            {"gets", gets_}};
}

}  // namespace distlab::core::placement
