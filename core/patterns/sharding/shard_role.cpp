#include "core/patterns/sharding/shard_role.h"

#include <algorithm>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/kv/kv_protocol.h"

namespace distlab::core::sharding {

namespace {

constexpr TimerId kBatchTimer{1};
constexpr TimerId kCommitRetryTimer{2};

std::string_view state_name(int state) {
    switch (state) {
    case 0: return "owned";
    case 1: return "incoming";
    case 2: return "outgoing";
    default: return "handing";
    }
}

const Json* field(const Json& body, const char* name) {
    return body.is_object() && body.contains(name) ? &body[name] : nullptr;
}

std::int64_t bytes_of(std::int64_t id, const std::string& value) {
    return static_cast<std::int64_t>(key_of(id).size() + value.size());
}

Json ms_or_null(const std::optional<Duration>& d) { return d ? Json(to_ms(*d)) : Json(nullptr); }

}  // namespace

const ParamList<ShardConfig>& ShardConfig::params() {
    using C = ShardConfig;
    static const ParamList<C> list = ParamList<C>{}
        .choice("move_protocol", &C::move_protocol, "catch_up",
                {{"catch_up", MoveProtocol::CatchUp}, {"copy_then_switch", MoveProtocol::CopyThenSwitch}},
                "How a region moves to another shard: catch_up copies it in batches while serving, then sends "
                "the keys written meanwhile with the commit; copy_then_switch (the naive partner) copies and "
                "switches, so writes made during the copy are lost",
                "分片（Region）迁移到另一分片节点的方式：catch_up 边服务边分批复制，提交时再补发复制期间写入的键；"
                "copy_then_switch（朴素对照）复制后直接切换，复制期间的写入会丢失")
        .integer("move_batch", &C::move_batch, 25, "Keys per batch when a region moves",
                 "迁移分片时每批发送的键数", {.min = 1, .max = 100000})
        .duration("move_interval", &C::move_interval, "50ms",
                  "Pause between two batches of a move: the copy is throttled, as real stores limit snapshot "
                  "traffic, so a move takes a while and writes arrive during it",
                  "迁移时两批之间的间隔：复制被限速（真实系统也限制快照流量），因此迁移需要一段时间，期间仍有写入",
                  {.min = 0})
        .duration("move_timeout", &C::move_timeout, "1s",
                  "How long a batch or the commit of a move waits for the receiver's answer",
                  "迁移的一批或提交等待接收方应答的时长", {.min = 1});
    return list;
}

ShardRole::ShardRole(ShardConfig config) : config_(std::move(config)) {}

void ShardRole::start(Context& ctx) { announce(ctx, Text{"waiting for the router to assign regions", "等待路由器分配区域"}); }

void ShardRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kAssign)
        handle_assign(ctx, msg);
    else if (msg.type == kv::kRequestType)
        handle_kv(ctx, msg);
    else if (msg.type == kMultiGet)
        handle_multi_get(ctx, msg);
    else if (msg.type == kStats)
        handle_stats(ctx, msg);
    else if (msg.type == kSplit)
        handle_split(ctx, msg);
    else if (msg.type == kMove)
        handle_move(ctx, msg);
    else if (msg.type == kMoveBatch || msg.type == kMoveCommit)
        handle_move_part(ctx, msg, msg.type == kMoveCommit);
    else if (msg.type == kMoveAbort)
        handle_move_abort(ctx, msg);
    else
        ctx.log(LogLevel::Warn, "shard ignores a message of type \"" + msg.type + "\" from " + msg.from);
}

void ShardRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kBatchTimer)
        send_batch(ctx);
    else if (timer == kCommitRetryTimer)
        commit(ctx);
}

Json ShardRole::snapshot() const {
    Json regions = Json::array();
    std::int64_t keys = 0;
    for (const auto& [id, h] : regions_) {
        regions.push_back({{"id", id},
                           {"lo", h.region.lo},
                           {"hi", h.region.hi},
                           {"version", h.region.version},
                           {"state", state_name(static_cast<int>(h.state))},
                           {"keys", h.data.size()}});
        if (h.state != State::Incoming)
            keys += static_cast<std::int64_t>(h.data.size());
    }
    Json claims = Json::array();
    for (const Claim& c : claims_)
        claims.push_back({{"region", c.region},
                          {"lo", c.lo},
                          {"hi", c.hi},
                          {"version", c.version},
                          {"from_ms", to_ms(c.from)},
                          {"serving_until_ms", ms_or_null(c.serving_until)},
                          {"until_ms", ms_or_null(c.until)}});
    return {{"state", outgoing_ || std::any_of(regions_.begin(), regions_.end(),
                                               [](const auto& r) { return r.second.state == State::Incoming; })
                          ? "moving"
                          : (assigned_ ? "serving" : "waiting")},
            {"mode", to_string(mode_)},
            {"regions", std::move(regions)},
            {"keys", keys},
            // The gauge's full scale: the next multiple of 500 keys above what is held.
            {"keys_scale", std::max<std::int64_t>(500, (keys / 500 + 1) * 500)},
            {"puts", puts_},
            {"gets", gets_},
            {"redirects", redirects_},
            {"not_ready", not_ready_},
            {"splits", splits_},
            {"keys_in", keys_in_},
            {"keys_out", keys_out_},
            {"bytes_in", bytes_in_},
            {"bytes_out", bytes_out_},
            {"claims", std::move(claims)}};
}

void ShardRole::handle_assign(Context& ctx, const Message& msg) {
    const Json* mode = field(msg.body, "mode");
    const Json* list = field(msg.body, "regions");
    const auto parsed = mode && mode->is_string() ? mode_from(mode->get<std::string>()) : std::nullopt;
    if (!parsed || !list || !list->is_array()) {
        ctx.reply(msg, {{"ok", false}, {"error", "assign needs {\"mode\": \"range\"|\"hash\", \"regions\": [...]}"}});
        return;
    }
    std::vector<Region> regions;
    for (const Json& r : *list) {
        std::string error;
        auto region = Region::from_json(r, &error);
        if (!region) {
            ctx.reply(msg, {{"ok", false}, {"error", "assign: " + error}});
            return;
        }
        regions.push_back(*region);
    }
    if (assigned_) {   // a repeated assign (the first answer was lost): the regions are held already
        ctx.reply(msg, {{"ok", true}});
        return;
    }
    mode_ = *parsed;
    assigned_ = true;
    for (Region& r : regions) {
        r.node = ctx.self();
        Held h{.region = r};
        h.claim = open_claim(r, ctx.now());
        regions_.emplace(r.id, std::move(h));
    }
    ctx.reply(msg, {{"ok", true}});
    announce(ctx, Text{"holds ", "持有 "} + std::to_string(regions.size()) + Text{" regions", " 个区域"});
}

ShardRole::Held* ShardRole::serving_region(std::uint64_t pos) {
    for (auto& [id, h] : regions_)
        if ((h.state == State::Owned || h.state == State::Outgoing) && h.region.contains(pos))
            return &h;
    return nullptr;
}

Json ShardRole::refusal(std::uint64_t pos) const {
    for (const auto& [id, h] : regions_) {
        if (!h.region.contains(pos))
            continue;
        if (h.state == State::Incoming)
            return {{"ok", false}, {"error", kNotReady}};
        if (h.state == State::Handing && outgoing_) {
            Region r = h.region;
            r.node = outgoing_->to;
            r.version = outgoing_->version;
            return {{"ok", false}, {"error", kWrongShard}, {"owner", r.node}, {"region", r.to_json()}};
        }
    }
    for (auto it = forwards_.rbegin(); it != forwards_.rend(); ++it)
        if (it->region.contains(pos))
            return {{"ok", false}, {"error", kWrongShard}, {"owner", it->region.node}, {"region", it->region.to_json()}};
    return {{"ok", false}, {"error", kWrongShard}, {"owner", nullptr}};
}

void ShardRole::handle_kv(Context& ctx, const Message& msg) {
    auto request = kv::decode_request(msg.body);
    if (!request) {
        ctx.reply(msg, {{"ok", false}, {"error", request.error().message}}, kv::kReplyType);
        return;
    }
    const auto id = id_of(request->key);
    if (!id) {
        ctx.reply(msg, {{"ok", false}, {"error", "unknown_key"}, {"detail", "\"" + request->key + "\" is not k<id>"}},
                  kv::kReplyType);
        return;
    }
    const std::uint64_t pos = position(mode_, *id);
    Held* h = serving_region(pos);
    if (!h) {
        Json answer = refusal(pos);
        if (answer["error"] == kNotReady) {
            ++not_ready_;
        } else {
            ++redirects_;
            ctx.count("redirects");
        }
        ctx.reply(msg, std::move(answer), kv::kReplyType);
        return;
    }
    switch (request->op) {
    case kv::Op::Get: {
        ++gets_;
        ctx.count("gets");
        const auto it = h->data.find(*id);
        ctx.reply(msg, {{"ok", true}, {"value", it == h->data.end() ? Json(nullptr) : Json(it->second)}},
                  kv::kReplyType);
        return;
    }
    case kv::Op::Put:
        ++puts_;
        ++h->writes;
        ctx.count("puts");
        h->data[*id] = request->value.value_or("");
        if (outgoing_ && outgoing_->region == h->region.id && config_.move_protocol == MoveProtocol::CatchUp)
            outgoing_->dirty.insert(*id);
        ctx.reply(msg, {{"ok", true}}, kv::kReplyType);
        return;
    case kv::Op::Cas:
        break;
    }
    ctx.reply(msg, {{"ok", false}, {"error", "unsupported"}, {"detail", "a shard answers get and put"}},
              kv::kReplyType);
}

void ShardRole::handle_multi_get(Context& ctx, const Message& msg) {
    const Json* keys = field(msg.body, "keys");
    if (!keys || !keys->is_array()) {
        ctx.reply(msg, {{"ok", false}, {"error", "multi_get needs {\"keys\": [key, ...]}"}});
        return;
    }
    Json values = Json::object();
    for (const Json& k : *keys) {
        const auto id = k.is_string() ? id_of(k.get<std::string>()) : std::nullopt;
        if (!id) {
            ctx.reply(msg, {{"ok", false}, {"error", "multi_get: every key must be k<id>"}});
            return;
        }
        Held* h = serving_region(position(mode_, *id));
        if (!h) {
            ctx.reply(msg, refusal(position(mode_, *id)));
            return;
        }
        ++gets_;
        if (const auto it = h->data.find(*id); it != h->data.end())
            values[key_of(*id)] = it->second;
    }
    ctx.reply(msg, {{"ok", true}, {"values", std::move(values)}});
}

void ShardRole::handle_stats(Context& ctx, const Message& msg) {
    Json regions = Json::array();
    for (auto& [id, h] : regions_) {
        if (h.state != State::Owned && h.state != State::Outgoing)
            continue;
        std::int64_t bytes = 0;
        for (const auto& [key, value] : h.data)
            bytes += bytes_of(key, value);
        Json r = h.region.to_json();
        r["keys"] = h.data.size();
        r["bytes"] = bytes;
        r["writes"] = h.writes;
        h.writes = 0;
        regions.push_back(std::move(r));
    }
    ctx.reply(msg, {{"ok", true}, {"regions", std::move(regions)}});
}

void ShardRole::handle_split(Context& ctx, const Message& msg) {
    const Json* region = field(msg.body, "region");
    const Json* left = field(msg.body, "left");
    const Json* right = field(msg.body, "right");
    const Json* version = field(msg.body, "version");
    for (const Json* f : {region, left, right, version})
        if (!f || !f->is_number_integer()) {
            ctx.reply(msg, {{"ok", false}, {"error", "split needs integer region, left, right and version"}});
            return;
        }
    const auto it = regions_.find(region->get<std::int64_t>());
    if (it == regions_.end() || it->second.state != State::Owned) {
        ctx.reply(msg, {{"ok", false}, {"error", "region " + std::to_string(region->get<std::int64_t>()) +
                                                 " is not owned here (or is moving)"}});
        return;
    }
    Held& old = it->second;
    std::vector<std::uint64_t> positions;
    for (const auto& [id, value] : old.data)
        positions.push_back(position(mode_, id));
    std::sort(positions.begin(), positions.end());
    const std::uint64_t at = positions.size() < 2 ? 0 : positions[positions.size() / 2];
    if (at <= old.region.lo) {
        ctx.reply(msg, {{"ok", false}, {"error", "too_small"},
                        {"detail", "region " + std::to_string(old.region.id) + " has too few keys to split"}});
        return;
    }
    const Duration now = ctx.now();
    claims_[old.claim].serving_until = now;
    claims_[old.claim].until = now;
    Held l{.region = old.region}, r{.region = old.region};
    l.region.id = left->get<std::int64_t>();
    r.region.id = right->get<std::int64_t>();
    l.region.hi = at;
    r.region.lo = at;
    l.region.version = r.region.version = version->get<std::int64_t>();
    for (auto& [id, value] : old.data)
        (position(mode_, id) < at ? l : r).data.emplace(id, std::move(value));
    l.writes = old.writes / 2;
    r.writes = old.writes - l.writes;
    const std::size_t lk = l.data.size(), rk = r.data.size();
    regions_.erase(it);
    l.claim = open_claim(l.region, now);
    r.claim = open_claim(r.region, now);
    const std::int64_t lid = l.region.id, rid = r.region.id;
    regions_.emplace(lid, std::move(l));
    regions_.emplace(rid, std::move(r));
    ++splits_;
    ctx.count("splits");
    ctx.log(LogLevel::Info, "split region " + std::to_string(region->get<std::int64_t>()) + " at " +
                                std::to_string(at) + ": " + std::to_string(lk) + " + " + std::to_string(rk) + " keys");
    ctx.reply(msg, {{"ok", true}, {"at", at}, {"left_keys", lk}, {"right_keys", rk}});
}

void ShardRole::handle_move(Context& ctx, const Message& msg) {
    const Json* region = field(msg.body, "region");
    const Json* to = field(msg.body, "to");
    const Json* version = field(msg.body, "version");
    if (!region || !region->is_number_integer() || !to || !to->is_string() || !version ||
        !version->is_number_integer()) {
        ctx.reply(msg, {{"ok", false}, {"error", "move needs {\"region\": ID, \"to\": NODE, \"version\": V}"}});
        return;
    }
    const std::string target = to->get<std::string>();
    if (target == ctx.self() || ctx.role_of(target) != "shard") {
        ctx.reply(msg, {{"ok", false}, {"error", "\"" + target + "\" is not another shard of this scenario"}});
        return;
    }
    if (outgoing_) {
        ctx.reply(msg, {{"ok", false}, {"error", "busy"}, {"detail", "a region is moving already"}});
        return;
    }
    const auto it = regions_.find(region->get<std::int64_t>());
    if (it == regions_.end() || it->second.state != State::Owned) {
        ctx.reply(msg, {{"ok", false}, {"error", "region " + std::to_string(region->get<std::int64_t>()) +
                                                 " is not owned here"}});
        return;
    }
    Outgoing out{.region = it->first, .to = target, .version = version->get<std::int64_t>(), .request = msg};
    for (const auto& [id, value] : it->second.data)
        out.to_send.push_back(id);
    it->second.state = State::Outgoing;
    outgoing_ = std::move(out);
    ctx.log(LogLevel::Info, "moving region " + std::to_string(it->first) + " (" +
                                std::to_string(it->second.data.size()) + " keys) to " + target);
    announce(ctx, Text{"moving region " + std::to_string(it->first) + " to " + target, "把区域 " + std::to_string(it->first) + " 迁往 " + target});
    send_batch(ctx);
}

void ShardRole::send_batch(Context& ctx) {
    if (!outgoing_)
        return;
    Held& h = regions_.at(outgoing_->region);
    if (outgoing_->to_send.empty()) {
        commit(ctx);
        return;
    }
    const std::size_t n = std::min(outgoing_->to_send.size(), static_cast<std::size_t>(config_.move_batch));
    Json keys = Json::object();
    std::vector<std::int64_t> sent(outgoing_->to_send.begin(), outgoing_->to_send.begin() + static_cast<long>(n));
    for (std::int64_t id : sent) {
        const auto v = h.data.find(id);
        if (v == h.data.end())
            continue;
        keys[key_of(id)] = v->second;
        ++outgoing_->keys;
        outgoing_->bytes += bytes_of(id, v->second);
    }
    outgoing_->to_send.erase(outgoing_->to_send.begin(), outgoing_->to_send.begin() + static_cast<long>(n));
    Region r = h.region;
    r.node = outgoing_->to;
    ctx.call(outgoing_->to, std::string(kMoveBatch), {{"region", r.to_json()}, {"keys", std::move(keys)}},
             config_.move_timeout, [this](Context& c, const CallOutcome& outcome) {
                 if (!outgoing_)
                     return;
                 if (outcome.timed_out || !outcome.reply.body.value("ok", false)) {
                     abort_move(c, "a batch to " + outgoing_->to + " was not acknowledged");
                     return;
                 }
                 if (outgoing_->to_send.empty())
                     commit(c);
                 else
                     c.set_timer(kBatchTimer, config_.move_interval);
             });
}

void ShardRole::commit(Context& ctx) {
    if (!outgoing_)
        return;
    Held& h = regions_.at(outgoing_->region);
    if (h.state == State::Outgoing) {   // the switch: from here on the target answers for the region
        h.state = State::Handing;
        claims_[h.claim].serving_until = ctx.now();
    }
    Json keys = Json::object();
    for (std::int64_t id : outgoing_->dirty) {
        const auto v = h.data.find(id);
        if (v == h.data.end())
            continue;
        keys[key_of(id)] = v->second;
    }
    Region r = h.region;
    r.node = outgoing_->to;
    r.version = outgoing_->version;
    const std::int64_t extra = static_cast<std::int64_t>(keys.size());
    ctx.call(outgoing_->to, std::string(kMoveCommit), {{"region", r.to_json()}, {"keys", std::move(keys)}},
             config_.move_timeout, [this, extra](Context& c, const CallOutcome& outcome) {
                 if (!outgoing_)
                     return;
                 if (outcome.timed_out || !outcome.reply.body.value("ok", false)) {
                     c.log(LogLevel::Warn, "the commit of region " + std::to_string(outgoing_->region) +
                                               " was not acknowledged; retrying");
                     c.set_timer(kCommitRetryTimer, config_.move_timeout);
                     return;
                 }
                 const auto it = regions_.find(outgoing_->region);
                 std::int64_t bytes = outgoing_->bytes;
                 for (std::int64_t id : outgoing_->dirty)
                     if (const auto v = it->second.data.find(id); v != it->second.data.end())
                         bytes += bytes_of(id, v->second);
                 const std::int64_t keys = outgoing_->keys + extra;
                 claims_[it->second.claim].until = c.now();
                 Region moved = it->second.region;
                 moved.node = outgoing_->to;
                 moved.version = outgoing_->version;
                 forwards_.push_back({.region = moved});
                 regions_.erase(it);
                 keys_out_ += keys;
                 bytes_out_ += bytes;
                 c.count("keys_out", static_cast<double>(keys));
                 c.count("bytes_out", static_cast<double>(bytes));
                 const Message request = outgoing_->request;
                 const NodeId to = outgoing_->to;
                 const std::int64_t region = outgoing_->region;
                 outgoing_.reset();
                 c.reply(request, {{"ok", true}, {"keys", keys}, {"bytes", bytes}});
                 announce(c, Text{"region ", "区域 "} + std::to_string(region) + Text{" now lives on ", " 现在位于 "} + to);
             });
}

void ShardRole::abort_move(Context& ctx, const std::string& why) {
    Held& h = regions_.at(outgoing_->region);
    h.state = State::Owned;
    ctx.send(outgoing_->to, std::string(kMoveAbort), {{"region", outgoing_->region}});
    ctx.log(LogLevel::Warn, "move of region " + std::to_string(outgoing_->region) + " aborted: " + why);
    const Message request = outgoing_->request;
    outgoing_.reset();
    ctx.reply(request, {{"ok", false}, {"error", "move_failed"}, {"detail", why}});
    announce(ctx, Text{"a move was aborted", "一次迁移被中止"});
}

void ShardRole::handle_move_part(Context& ctx, const Message& msg, bool commit) {
    const Json* region = field(msg.body, "region");
    const Json* keys = field(msg.body, "keys");
    std::string error;
    auto r = region ? Region::from_json(*region, &error) : std::nullopt;
    if (!r || !keys || !keys->is_object()) {
        ctx.reply(msg, {{"ok", false}, {"error", msg.type + " needs {\"region\": REGION, \"keys\": {key: value}}" +
                                                 (error.empty() ? "" : ": " + error)}});
        return;
    }
    for (const auto& [key, value] : keys->items())
        if (!id_of(key) || !value.is_string()) {
            ctx.reply(msg, {{"ok", false}, {"error", msg.type + ": key \"" + key + "\" must be k<id> with a string value"}});
            return;
        }
    auto it = regions_.find(r->id);
    if (it != regions_.end() && it->second.state != State::Incoming) {
        // A repeated commit whose answer was lost: the region is ours already.
        ctx.reply(msg, {{"ok", commit && it->second.state == State::Owned && it->second.region.version == r->version}});
        return;
    }
    if (it == regions_.end()) {
        r->node = ctx.self();
        it = regions_.emplace(r->id, Held{.region = *r, .state = State::Incoming}).first;
    }
    Held& h = it->second;
    for (const auto& [key, value] : keys->items()) {
        const std::int64_t id = *id_of(key);
        h.data[id] = value.get<std::string>();
        bytes_in_ += bytes_of(id, value.get<std::string>());
    }
    if (commit) {
        keys_in_ += static_cast<std::int64_t>(h.data.size());
        h.region = *r;
        h.region.node = ctx.self();
        h.state = State::Owned;
        h.claim = open_claim(h.region, ctx.now());
        ctx.count("keys_in", static_cast<double>(h.data.size()));
        ctx.reply(msg, {{"ok", true}});
        announce(ctx, Text{"region " + std::to_string(r->id) + " arrived from " + msg.from, "区域 " + std::to_string(r->id) + " 已从 " + msg.from + " 迁来"});
        return;
    }
    ctx.reply(msg, {{"ok", true}});
    announce(ctx, Text{"region " + std::to_string(r->id) + " arriving from " + msg.from, "区域 " + std::to_string(r->id) + " 正从 " + msg.from + " 迁来"});
}

void ShardRole::handle_move_abort(Context& ctx, const Message& msg) {
    const Json* region = field(msg.body, "region");
    if (!region || !region->is_number_integer())
        return;
    const auto it = regions_.find(region->get<std::int64_t>());
    if (it != regions_.end() && it->second.state == State::Incoming)
        regions_.erase(it);
    announce(ctx, Text{"a move from ", "来自 "} + msg.from + Text{" was aborted", " 的迁移被中止"});
}

std::size_t ShardRole::open_claim(const Region& region, Duration now) {
    claims_.push_back({.region = region.id, .lo = region.lo, .hi = region.hi, .version = region.version, .from = now});
    return claims_.size() - 1;
}

void ShardRole::announce(Context& ctx, const Text& reason) {
    const bool incoming = std::any_of(regions_.begin(), regions_.end(),
                                      [](const auto& r) { return r.second.state == State::Incoming; });
    ctx.phase(outgoing_ || incoming ? "moving" : (assigned_ ? "serving" : "waiting"), reason);
}

}  // namespace distlab::core::sharding
