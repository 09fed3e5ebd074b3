#include "core/patterns/crdt/crdt_replica_role.h"

#include <algorithm>
#include <utility>

namespace distlab::core::crdt {

namespace {

constexpr TimerId kGossipTimer{1};
constexpr const char* kStateKey = "crdt_objects";

std::string_view merge_name(MergeMode mode) { return mode == MergeMode::Crdt ? "crdt" : "lww_whole_value"; }

}  // namespace

const ParamList<CrdtReplicaConfig>& CrdtReplicaConfig::params() {
    using C = CrdtReplicaConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("replicas", &C::replicas, nullptr,
               "The crdt-replicas this one gossips with (it may list itself)",
               "与本副本互相传播状态的 crdt-replica 节点（可以包括本节点）")
        .duration("gossip_interval", &C::gossip_interval, "100ms",
                  "Every this often, the replica sends the others the deltas of its operations since the last round",
                  "副本按此间隔把上一轮以来本地操作产生的增量（delta）发送给其他副本", {.min = 1})
        .integer("full_state_every", &C::full_state_every, 10,
                 "Every n-th gossip round sends the whole state instead of the deltas, repairing deltas a "
                 "partition lost: after a heal the replicas agree within n rounds (1: whole state every round)",
                 "每第 n 轮传播发送完整状态而不是增量，以修复分区期间丢失的增量：分区恢复后各副本在 n 轮内达成一致"
                 "（1 表示每轮都发送完整状态）",
                 {.min = 1, .max = 1000})
        .choice("merge", &C::merge, "crdt", {{"crdt", MergeMode::Crdt}, {"lww_whole_value", MergeMode::LwwWholeValue}},
                "crdt: merge with the type's join (nothing any replica did is lost); lww_whole_value: the whole "
                "value last written replaces the other, as a plain replicated store does (concurrent updates "
                "on the other side are lost)",
                "crdt：以该类型的合并（join）运算合并，任何副本上的操作都不会丢失；lww_whole_value：最后写入的"
                "整个值取代另一个，如普通的复制存储（另一侧的并发更新会丢失）");
    return list;
}

CrdtReplicaRole::CrdtReplicaRole(CrdtReplicaConfig config) : config_(std::move(config)) {}

void CrdtReplicaRole::start(Context& ctx) {
    self_ = ctx.self();
    const auto stored = ctx.storage().read(kStateKey);
    if (!stored) {
        ctx.log(LogLevel::Error, "cannot read the replica's state from disk: " + stored.error().message);
    } else if (*stored) {
        const Json saved = Json::parse(**stored, nullptr, false);
        if (!saved.is_object()) {
            ctx.log(LogLevel::Error, "the replica's state on disk is not a JSON object: starting empty");
        } else {
            for (const auto& [key, entry] : saved.items()) {
                const auto type = entry.is_object() ? type_from_string(entry.value("type", "")) : std::nullopt;
                auto object = type ? object_from_json(*type, entry.value("state", Json(nullptr)))
                                   : Result<Object>(fail("no known type"));
                if (!object) {
                    ctx.log(LogLevel::Error, "object \"" + key + "\" on disk unreadable (" + object.error().message +
                                                 "): dropped");
                    continue;
                }
                Held held{.object = std::move(*object)};
                if (const auto s = entry.find("stamp"); s != entry.end() && s->is_array() && s->size() == 2 &&
                                                        (*s)[0].is_number_integer() && (*s)[1].is_string())
                    held.stamp = {(*s)[0].get<std::int64_t>(), (*s)[1].get<std::string>()};
                last_ts_ = std::max(last_ts_, held.stamp.second == self_ ? held.stamp.first : -1);
                objects_.emplace(key, std::move(held));
            }
            ctx.log(LogLevel::Info, "restarted with " + std::to_string(objects_.size()) +
                                        (objects_.size() == 1 ? " object" : " objects") + " from disk");
        }
    }
    for (const NodeId& r : config_.replicas)
        if (r != self_)
            heard_at_[r] = ctx.now();
    update_phase(ctx);
    ctx.set_timer(kGossipTimer, config_.gossip_interval);
}

void CrdtReplicaRole::update_phase(Context& ctx) {
    const Duration silence = 2 * config_.full_state_every * config_.gossip_interval;
    std::string silent;
    for (const auto& [node, at] : heard_at_)
        if (ctx.now() - at > silence)
            silent += (silent.empty() ? "" : ", ") + node;
    const std::string next = silent.empty() ? "connected" : "cut-off";
    if (next == phase_)
        return;
    phase_ = next;
    const std::string within = format_duration(silence);
    ctx.phase(next, silent.empty() ? Text{"every replica heard within " + within, within + " 内收到了每个副本的消息"}
                                   : Text{"nothing from " + silent + " for " + within + ": serving alone",
                                          within + " 内没有 " + silent + " 的消息：独自提供服务"});
}

std::int64_t CrdtReplicaRole::next_ts(Context& ctx) {
    // The node's clock (skewed by a clock_skew fault), kept strictly rising on this node so that
    // two of its writes in the same instant still have an order.
    last_ts_ = std::max(last_ts_ + 1, static_cast<std::int64_t>(ctx.now().count()));
    return last_ts_;
}

void CrdtReplicaRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kRequestType)
        handle_request(ctx, msg);
    else if (msg.type == kGossipType)
        handle_gossip(ctx, msg);
    else
        ctx.count("unexpected_messages");
}

void CrdtReplicaRole::handle_request(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    const auto refuse = [&](const std::string& error) {
        ctx.count("refused");
        ctx.reply(msg, {{"ok", false}, {"error", error}}, kReplyType);
    };
    if (!b.is_object() || !b.contains("op") || !b["op"].is_string() || !b.contains("key") || !b["key"].is_string() ||
        !b.contains("type") || !b["type"].is_string()) {
        ctx.count("malformed");
        refuse("a crdt request must be an object {op, type, key, value?} of strings");
        return;
    }
    const auto type = type_from_string(b["type"].get<std::string>());
    if (!type) {
        ctx.count("malformed");
        refuse("unknown type \"" + b["type"].get<std::string>() + "\"");
        return;
    }
    const std::string key = b["key"].get<std::string>();
    const std::string op = b["op"].get<std::string>();
    auto it = objects_.find(key);
    if (it != objects_.end() && type_of(it->second.object) != *type) {
        refuse("key \"" + key + "\" holds a " + std::string(to_string(type_of(it->second.object))));
        return;
    }
    if (op == "read") {
        ctx.count("reads");
        ctx.reply(msg, {{"ok", true}, {"value", value_of(it == objects_.end() ? empty_object(*type) : it->second.object)}},
                  kReplyType);
        return;
    }
    Object scratch = it == objects_.end() ? empty_object(*type) : it->second.object;
    const std::int64_t ts = next_ts(ctx);
    auto delta = apply(scratch, op, b.value("value", Json(nullptr)), Origin{.node = self_, .ts = ts});
    if (!delta) {
        refuse(delta.error().message);
        return;
    }
    if (it == objects_.end())
        it = objects_.emplace(key, Held{.object = empty_object(*type)}).first;
    Held& held = it->second;
    held.object = std::move(scratch);
    held.stamp = {ts, self_};
    if (held.delta)
        merge(*held.delta, *delta);
    else
        held.delta = std::move(*delta);
    ctx.count("updates");
    persist(ctx, true);
    ctx.reply(msg, {{"ok", true}, {"value", value_of(held.object)}}, kReplyType);
}

void CrdtReplicaRole::handle_gossip(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    if (auto heard = heard_at_.find(msg.from); heard != heard_at_.end()) {
        heard->second = ctx.now();
        update_phase(ctx);
    }
    if (!b.is_object() || !b.contains("objects") || !b["objects"].is_array()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "crdt_gossip from " + msg.from + ": \"objects\" must be an array");
        return;
    }
    bool changed_any = false;
    std::size_t index = 0;
    for (const Json& entry : b["objects"]) {
        const std::string where = "crdt_gossip from " + msg.from + ", objects[" + std::to_string(index++) + "]";
        const auto type = entry.is_object() && entry.contains("type") && entry["type"].is_string()
                              ? type_from_string(entry["type"].get<std::string>())
                              : std::nullopt;
        if (!type || !entry.contains("key") || !entry["key"].is_string()) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, where + ": needs a known \"type\" and a string \"key\"");
            continue;
        }
        auto incoming = object_from_json(*type, entry.value("state", Json(nullptr)));
        if (!incoming) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, where + ": " + incoming.error().message);
            continue;
        }
        const std::string key = entry["key"].get<std::string>();
        auto it = objects_.find(key);
        if (it != objects_.end() && type_of(it->second.object) != *type) {
            ++type_conflicts_;
            ctx.count("type_conflicts");
            ctx.log(LogLevel::Warn, where + ": key \"" + key + "\" is a " +
                                        std::string(to_string(type_of(it->second.object))) + " here, not a " +
                                        std::string(to_string(*type)));
            continue;
        }
        Stamp stamp;
        if (config_.merge == MergeMode::LwwWholeValue) {
            const auto s = entry.find("stamp");
            if (s == entry.end() || !s->is_array() || s->size() != 2 || !(*s)[0].is_number_integer() ||
                !(*s)[1].is_string()) {
                ctx.count("malformed");
                ctx.log(LogLevel::Warn, where + ": lww_whole_value needs \"stamp\": [time, node]");
                continue;
            }
            stamp = {(*s)[0].get<std::int64_t>(), (*s)[1].get<std::string>()};
        }
        if (it == objects_.end())
            it = objects_.emplace(key, Held{.object = empty_object(*type)}).first;
        Held& held = it->second;
        const Json before = state_of(held.object);
        if (config_.merge == MergeMode::Crdt) {
            merge(held.object, *incoming);
        } else {
            if (held.stamp < stamp) {
                held.object = std::move(*incoming);
                held.stamp = stamp;
                held.delta.reset();
            }
        }
        const Json after = state_of(held.object);
        if (after == before)
            continue;
        changed_any = true;
        ++merges_;
        ctx.count("merges");
        last_merge_ = {{"from", msg.from},
                       {"key", key},
                       {"full", b.value("full", false)},
                       {"before", before},
                       {"received", entry.value("state", Json(nullptr))},
                       {"after", after}};
    }
    if (changed_any)
        persist(ctx, false);
}

Json CrdtReplicaRole::entry_json(const std::string& key, const Held& held, bool whole) const {
    Json e = {{"key", key},
              {"type", to_string(type_of(held.object))},
              {"state", state_of(whole || !held.delta ? held.object : *held.delta)}};
    if (config_.merge == MergeMode::LwwWholeValue)
        e["stamp"] = Json::array({held.stamp.first, held.stamp.second});
    return e;
}

void CrdtReplicaRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kGossipTimer)
        return;
    ctx.set_timer(kGossipTimer, config_.gossip_interval);
    ++rounds_;
    // lww_whole_value has no deltas: the whole value travels with its stamp every round.
    const bool full = config_.merge == MergeMode::LwwWholeValue ||
                      rounds_ % static_cast<std::uint64_t>(config_.full_state_every) == 0;
    Json objects = Json::array();
    for (auto& [key, held] : objects_) {
        if (full || held.delta)
            objects.push_back(entry_json(key, held, full));
        held.delta.reset();
    }
    update_phase(ctx);
    // A full round goes out even empty: it tells the others this replica is there.
    if (objects.empty() && !full)
        return;
    for (const NodeId& peer : config_.replicas) {
        if (peer == self_)
            continue;
        ctx.send(peer, kGossipType, {{"full", full}, {"objects", objects}});
        if (full)
            ++full_states_sent_;
        else
            ++deltas_sent_;
    }
    ctx.count(full ? "full_states_sent" : "deltas_sent", static_cast<double>(config_.replicas.size()));
}

void CrdtReplicaRole::persist(Context& ctx, bool sync) {
    Json saved = Json::object();
    for (const auto& [key, held] : objects_)
        saved[key] = {{"type", to_string(type_of(held.object))},
                      {"state", state_of(held.object)},
                      {"stamp", Json::array({held.stamp.first, held.stamp.second})}};
    if (auto written = ctx.storage().write(kStateKey, saved.dump(), sync); !written)
        ctx.log(LogLevel::Error, "cannot write the replica's state to disk: " + written.error().message);
}

Json CrdtReplicaRole::snapshot() const {
    Json objects = Json::object();
    for (const auto& [key, held] : objects_) {
        Json o = {{"type", to_string(type_of(held.object))},
                  {"value", value_of(held.object)},
                  {"state", state_of(held.object)}};
        if (config_.merge == MergeMode::LwwWholeValue)
            o["stamp"] = Json::array({held.stamp.first, held.stamp.second});
        objects[key] = std::move(o);
    }
    return {{"merge", merge_name(config_.merge)},
            {"objects", std::move(objects)},
            {"deltas_sent", deltas_sent_},
            {"full_states_sent", full_states_sent_},
            {"merges", merges_},
            {"type_conflicts", type_conflicts_},
            {"last_merge", last_merge_}};
}

}  // namespace distlab::core::crdt
