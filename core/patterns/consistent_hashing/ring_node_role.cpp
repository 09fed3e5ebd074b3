#include "core/patterns/consistent_hashing/ring_node_role.h"

#include <algorithm>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/consistent_hashing/ring_protocol.h"
#include "core/patterns/kv/kv_protocol.h"

namespace distlab::core::consistent_hashing {

namespace {

constexpr TimerId kRetryTimer{1};
constexpr const char* kMembersKey = "ring/members";

std::string storage_key(const std::string& key) { return "ring/key/" + key; }

Json id_or_null(const std::string& id) { return id.empty() ? Json(nullptr) : Json(id); }

}  // namespace

const ParamList<RingNodeConfig>& RingNodeConfig::params() {
    using C = RingNodeConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::placement, PlacementSettings::params())
        .duration("handoff_timeout", &C::handoff_timeout, "2s",
                  "How long a handoff of keys waits for the receiver's answer; then the keys stay here and "
                  "the handoff is retried",
                  "移交键时等待接收方应答的时长；超时后键留在本节点，稍后重试移交", {.min = 1});
    return list;
}

RingNodeRole::RingNodeRole(RingNodeConfig config) : config_(std::move(config)) {}

void RingNodeRole::start(Context& ctx) {
    self_ = ctx.self();
    members_ = config_.placement.members;
    // After a restart: the ring and the keys as this node last knew them.
    if (auto stored = ctx.storage().read(kMembersKey); stored && *stored) {
        const Json list = Json::parse(**stored, nullptr, false);
        if (list.is_array()) {
            members_.clear();
            for (const Json& m : list)
                if (m.is_string())
                    members_.push_back(m.get<std::string>());
        }
    }
    for (std::int64_t i = 0; i < config_.placement.keys; ++i) {
        const std::string key = key_name(i);
        auto stored = ctx.storage().read(storage_key(key));
        if (!stored || !*stored)
            continue;
        const Json value = Json::parse(**stored, nullptr, false);
        if (value.is_string())
            held_[key] = value.get<std::string>();
    }
    owners_ = owners(config_.placement, members_);
    announce(ctx, is_member(self_) ? Text{"a member of the ring of ", "环的成员，环上共 "} + std::to_string(members_.size()) + Text{"", " 个节点"}
                                   : Text{"not a member yet: waiting to join", "还不是成员：等待加入"});
    hand_off(ctx);
}

void RingNodeRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        handle_lab(ctx, msg);
        return;
    }
    if (msg.type == kv::kRequestType) {
        handle_kv(ctx, msg);
        return;
    }
    if (msg.type == kHandoff) {
        handle_handoff(ctx, msg);
        return;
    }
    ctx.log(LogLevel::Warn, "ring-node ignores a message of type \"" + msg.type + "\" from " + msg.from);
}

void RingNodeRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kRetryTimer)
        return;
    retry_armed_ = false;
    hand_off(ctx);
}

Json RingNodeRole::snapshot() const {
    const bool member = is_member(self_);
    const double fair = members_.empty() ? static_cast<double>(config_.placement.keys)
                                         : static_cast<double>(config_.placement.keys) / static_cast<double>(members_.size());
    std::size_t pending = 0;
    for (const auto& [to, n] : pending_)
        pending += n;
    return {{"state", phase_name()},
            {"member", member},
            {"members", members_.size()},
            {"ring", members_},
            {"strategy", to_string(config_.placement.strategy)},
            {"vnodes", config_.placement.vnodes},
            {"key_space", config_.placement.keys},
            {"load_factor", config_.placement.load_factor},
            {"keys", held_.size()},
            // Twice the fair share, so an even ring shows half full; a node holding more is full.
            {"keys_scale", std::max({1.0, 2.0 * fair, static_cast<double>(held_.size())})},
            {"keys_in", keys_in_},
            {"keys_out", keys_out_},
            {"handoffs_pending", pending},
            {"gets", gets_},
            {"puts", puts_},
            {"refused", refused_}};
}

void RingNodeRole::handle_lab(Context& ctx, const Message& msg) {
    const bool join = msg.type == kJoin;
    if (!join && msg.type != kLeave) {
        ctx.reply(msg, {{"ok", false}, {"error", "unknown command \"" + msg.type + "\"; expected join or leave"}});
        return;
    }
    const Json* id_field = msg.body.is_object() && msg.body.contains("id") ? &msg.body["id"] : nullptr;
    if (!id_field || !id_field->is_string()) {
        ctx.reply(msg, {{"ok", false}, {"error", msg.type + " needs {\"id\": a ring-node's id}"}});
        return;
    }
    const std::string id = id_field->get<std::string>();
    if (id != self_ && ctx.role_of(id) != "ring-node") {
        ctx.reply(msg, {{"ok", false}, {"error", "\"" + id + "\" is not a ring-node of this scenario"}});
        return;
    }
    std::vector<NodeId> next = members_;
    if (join == is_member(id)) {
        ctx.reply(msg, {{"ok", true}, {"members", members_}});
        return;
    }
    if (join) {
        next.push_back(id);
    } else {
        std::erase(next, id);
        if (next.empty()) {
            ctx.reply(msg, {{"ok", false}, {"error", "the ring cannot lose its last member"}});
            return;
        }
    }
    if (!join && id == self_)
        left_ = true;
    if (join && id == self_)
        left_ = false;
    apply_members(ctx, std::move(next), id + (join ? Text{" joins", " 加入"} : Text{" leaves", " 离开"}));
    ctx.reply(msg, {{"ok", true}, {"members", members_}});
}

void RingNodeRole::apply_members(Context& ctx, std::vector<NodeId> members, const Text& why) {
    members_ = std::move(members);
    if (auto written = ctx.storage().write(kMembersKey, Json(members_).dump(), false); !written)
        ctx.log(LogLevel::Error, "cannot store the ring: " + written.error().message);
    owners_ = owners(config_.placement, members_);
    ctx.log(LogLevel::Info, why.en + ": the ring has " + std::to_string(members_.size()) + " nodes");
    ctx.count("membership_changes");
    hand_off(ctx);
    announce(ctx, why);
}

void RingNodeRole::handle_kv(Context& ctx, const Message& msg) {
    auto request = kv::decode_request(msg.body);
    if (!request) {
        ctx.reply(msg, {{"ok", false}, {"error", request.error().message}}, kv::kReplyType);
        return;
    }
    const auto index = key_index(request->key, config_.placement.keys);
    if (!index) {
        ctx.reply(msg,
                  {{"ok", false},
                   {"error", "unknown_key"},
                   {"detail", "\"" + request->key + "\" is not in the key space k0 .. k" +
                                  std::to_string(config_.placement.keys - 1)}},
                  kv::kReplyType);
        return;
    }
    const NodeId owner = owner_of(*index);
    if (owner != self_ || !is_member(self_)) {
        ++refused_;
        ctx.count("refused");
        ctx.reply(msg, {{"ok", false}, {"error", kNotOwner}, {"owner", id_or_null(owner)}}, kv::kReplyType);
        return;
    }
    switch (request->op) {
    case kv::Op::Get: {
        ++gets_;
        ctx.count("gets");
        const auto it = held_.find(request->key);
        ctx.reply(msg, {{"ok", true}, {"value", it == held_.end() ? Json(nullptr) : Json(it->second)}},
                  kv::kReplyType);
        return;
    }
    case kv::Op::Put:
        ++puts_;
        ctx.count("puts");
        store(ctx, request->key, request->value);
        ctx.reply(msg, {{"ok", true}}, kv::kReplyType);
        return;
    case kv::Op::Cas:
        break;
    }
    ctx.reply(msg, {{"ok", false}, {"error", "unsupported"}, {"detail", "a ring-node answers get and put"}},
              kv::kReplyType);
}

void RingNodeRole::handle_handoff(Context& ctx, const Message& msg) {
    const Json* keys = msg.body.is_object() && msg.body.contains("keys") ? &msg.body["keys"] : nullptr;
    if (!keys || !keys->is_object()) {
        ctx.reply(msg, {{"ok", false}, {"error", "a handoff needs {\"keys\": {key: value, ...}}"}});
        return;
    }
    std::int64_t stored = 0;
    for (const auto& [key, value] : keys->items()) {
        if (!value.is_string() || !key_index(key, config_.placement.keys)) {
            ctx.reply(msg, {{"ok", false}, {"error", "handoff key \"" + key + "\": expected a key of the key space "
                                                     "with a string value"}});
            return;
        }
    }
    for (const auto& [key, value] : keys->items()) {
        // A copy held already was written here as the new owner: newer than the one handed over.
        if (held_.contains(key))
            continue;
        store(ctx, key, value.get<std::string>());
        ++stored;
    }
    keys_in_ += stored;
    ctx.count("keys_in", static_cast<double>(stored));
    ctx.reply(msg, {{"ok", true}, {"stored", stored}}, std::string(kHandoffReply));
    // Keys that reached a node whose ring has not changed yet go on once it has.
    hand_off(ctx);
}

void RingNodeRole::hand_off(Context& ctx) {
    std::map<NodeId, Json> batches;
    for (const auto& [key, value] : held_) {
        const auto index = key_index(key, config_.placement.keys);
        if (!index)
            continue;
        const NodeId owner = owner_of(*index);
        if (owner.empty() || owner == self_ || pending_.contains(owner))
            continue;
        batches[owner][key] = value;
    }
    for (auto& [to, keys] : batches) {
        std::vector<std::string> names;
        for (const auto& [key, value] : keys.items())
            names.push_back(key);
        pending_[to] = names.size();
        ctx.count("handoffs");
        ctx.call(to, std::string(kHandoff), {{"keys", std::move(keys)}}, config_.handoff_timeout,
                 [this, to, names = std::move(names)](Context& c, const CallOutcome& outcome) {
                     const bool ok = !outcome.timed_out && outcome.reply.body.is_object() &&
                                     outcome.reply.body.value("ok", false);
                     handoff_done(c, to, names, ok);
                 });
    }
    announce(ctx, batches.empty() ? Text{"nothing to hand over", "没有需要移交的键"}
                                  : Text{"handing keys over to ", "把键移交给 "} + std::to_string(batches.size()) + Text{" nodes", " 个节点"});
}

void RingNodeRole::handoff_done(Context& ctx, const NodeId& to, const std::vector<std::string>& keys, bool ok) {
    pending_.erase(to);
    if (!ok) {
        ctx.count("handoff_failures");
        ctx.log(LogLevel::Warn, "handoff of " + std::to_string(keys.size()) + " keys to " + to +
                                    " was not acknowledged; the keys stay here and the handoff is retried");
        if (!retry_armed_) {
            retry_armed_ = true;
            ctx.set_timer(kRetryTimer, config_.handoff_timeout);
        }
        announce(ctx, Text{"a handoff to ", "向 "} + to + Text{" failed", " 的移交失败"});
        return;
    }
    std::int64_t moved = 0;
    for (const std::string& key : keys) {
        const auto index = key_index(key, config_.placement.keys);
        if (!index || owner_of(*index) == self_ || !held_.contains(key))
            continue;
        store(ctx, key, std::nullopt);
        ++moved;
    }
    keys_out_ += moved;
    ctx.count("keys_out", static_cast<double>(moved));
    // The ring may have changed again while this handoff was out.
    hand_off(ctx);
}

void RingNodeRole::store(Context& ctx, const std::string& key, const std::optional<std::string>& value) {
    if (value)
        held_[key] = *value;
    else
        held_.erase(key);
    const std::string text = value ? Json(*value).dump() : std::string("null");
    if (auto written = ctx.storage().write(storage_key(key), text, false); !written)
        ctx.log(LogLevel::Error, "cannot store " + key + ": " + written.error().message);
}

bool RingNodeRole::is_member(const NodeId& node) const {
    return std::find(members_.begin(), members_.end(), node) != members_.end();
}

NodeId RingNodeRole::owner_of(std::int64_t index) const {
    return index >= 0 && static_cast<std::size_t>(index) < owners_.size() ? owners_[static_cast<std::size_t>(index)]
                                                                          : NodeId();
}

void RingNodeRole::announce(Context& ctx, const Text& reason) {
    ctx.phase(phase_name(), reason);
}

std::string_view RingNodeRole::phase_name() const {
    if (!pending_.empty())
        return "handing-off";
    if (left_)
        return "left";
    return is_member(self_) ? "serving" : "waiting";
}

}  // namespace distlab::core::consistent_hashing
