#include "core/patterns/sharding/router_role.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/kv/kv_protocol.h"

namespace distlab::core::sharding {

namespace {

constexpr TimerId kTickTimer{1};
constexpr TimerId kRetryTimer{2};
constexpr Duration kRetryGap{5ms};
constexpr std::int64_t kMaxScan = 1000;

const Json* field(const Json& body, const char* name) {
    return body.is_object() && body.contains(name) ? &body[name] : nullptr;
}

}  // namespace

const ParamList<RouterConfig>& RouterConfig::params() {
    using C = RouterConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("shards", &C::shards, nullptr, "The shard nodes the router deals regions to",
               "路由器把分片（Region）分配给的存储节点")
        .boolean("scheduler", &C::scheduler, true,
                 "On: this router assigns, splits and moves regions (PD's part). Off: it only routes, from the "
                 "start's map, and learns every split and move from the shards' redirects, as a second SQL node or "
                 "mongos does; every router of a scenario needs the same shards, mode, regions and key_span",
                 "开启：此路由器负责分配、分裂和迁移分片（PD 的职责）。关闭：只做路由，从初始路由表出发，"
                 "通过存储节点的重定向得知每次分裂和迁移，如同第二个 SQL 节点或 mongos；"
                 "同一场景中所有路由器的 shards、mode、regions 和 key_span 必须相同")
        .choice("mode", &C::mode, "range", {{"range", Mode::Range}, {"hash", Mode::Hash}},
                "range: a region holds consecutive ids, so a scan asks one or two shards but increasing ids "
                "all land in the last region; hash: a region holds a range of the keys' hashes (MD5 points), so "
                "increasing ids spread over every shard but a scan must ask them all",
                "range：每个分片存放连续的 id，范围扫描只需访问一两个节点，但递增 id 全部落到最后一个分片；"
                "hash：每个分片存放键哈希值（MD5 取点）的一段，递增 id 分散到所有节点，但范围扫描必须访问全部节点")
        .integer("regions", &C::regions, 4, "Regions at the start, dealt to the shards in turn",
                 "开始时的分片数，依次分配给各存储节点", {.min = 1, .max = 1024})
        .integer("key_span", &C::key_span, 1000,
                 "Range sharding: the start's regions split the ids [0, key_span) evenly; the last one also "
                 "holds every id above",
                 "范围分片：开始时的分片把 id 区间 [0, key_span) 均分，最后一个分片还包含其上的所有 id",
                 {.min = 1, .max = 1000000000})
        .integer("split_keys", &C::split_keys, 0,
                 "Split a region holding more keys than this at its median key (0: never). TiKV splits a Region "
                 "past region-split-size, 96 MiB by default since v6.1; the lab counts keys to keep runs short",
                 "分片的键数超过此值时在中位键处分裂（0 表示不分裂）。TiKV 的 Region 超过 region-split-size "
                 "（v6.1 起默认 96 MiB）时分裂；本实验按键数计，以缩短运行时间",
                 {.min = 0})
        .number("split_load", &C::split_load, 0,
                "Split a region taking more writes per second than this (0: never): load-based splitting",
                "分片每秒写入数超过此值时分裂（0 表示不分裂）：按负载分裂", {.min = 0})
        .boolean("balance", &C::balance, false,
                 "Move regions from the shard holding the most keys to the one holding the fewest",
                 "把分片从键数最多的节点迁移到键数最少的节点")
        .integer("balance_threshold", &C::balance_threshold, 100,
                 "Balance only when the fullest and the emptiest shard differ by more keys than this",
                 "仅当最满与最空的节点键数之差超过此值时才迁移", {.min = 1})
        .duration("tick", &C::tick, "200ms", "How often the router asks the shards for their regions' keys and writes",
                  "路由器向各节点询问分片键数和写入数的间隔", {.min = 1})
        .duration("timeout", &C::timeout, "500ms", "How long a forwarded request waits for its shard",
                  "转发的请求等待存储节点应答的时长", {.min = 1});
    return list;
}

RouterRole::RouterRole(RouterConfig config) : config_(std::move(config)) {}

void RouterRole::start(Context& ctx) {
    const auto n = static_cast<std::uint64_t>(config_.regions);
    const std::uint64_t span = config_.mode == Mode::Range
                                   ? std::max<std::uint64_t>(static_cast<std::uint64_t>(config_.key_span), n)
                                   : kSpaceEnd;
    for (std::uint64_t i = 0; i < n; ++i) {
        Region r;
        r.id = next_region_++;
        r.lo = span * i / n;
        r.hi = i + 1 == n ? kSpaceEnd : span * (i + 1) / n;
        r.version = version_;
        r.node = config_.shards.empty() ? NodeId() : config_.shards[i % config_.shards.size()];
        map_.push_back(r);
    }
    if (config_.scheduler)
        announce(ctx, "assigning", Text{std::to_string(map_.size()) + " " + std::string(to_string(config_.mode)) + " regions over " +
                                            std::to_string(config_.shards.size()) + " shards",
                                        "把 " + std::to_string(map_.size()) + " 个 " + std::string(to_string(config_.mode)) +
                                            " 区域分给 " + std::to_string(config_.shards.size()) + " 个分片"});
    if (config_.shards.empty()) {
        ctx.log(LogLevel::Error, "router has no shards to assign regions to");
        return;
    }
    if (!config_.scheduler) {   // the scheduling router assigns; this one routes from the same map
        ready_ = true;
        announce(ctx, "routing", Text{"routing from the start's map; the scheduling router assigns the regions",
                                      "按启动时的映射路由；区域由负责调度的路由器分配"});
        return;
    }
    assign(ctx);
    ctx.set_timer(kTickTimer, config_.tick);
}

void RouterRole::assign(Context& ctx) {
    for (const NodeId& shard : config_.shards) {
        if (assigned_.contains(shard))
            continue;
        Json regions = Json::array();
        for (const Region& r : map_)
            if (r.node == shard)
                regions.push_back(r.to_json());
        ctx.call(shard, std::string(kAssign), {{"mode", to_string(config_.mode)}, {"regions", std::move(regions)}},
                 config_.timeout, [this, shard](Context& c, const CallOutcome& outcome) {
                     if (outcome.timed_out || !outcome.reply.body.value("ok", false) || ready_)
                         return;
                     assigned_.insert(shard);
                     if (assigned_.size() == config_.shards.size()) {
                         ready_ = true;
                         announce(c, "routing", Text{"every shard holds its regions", "每个分片都持有了它的区域"});
                     }
                 });
    }
}

void RouterRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kv::kRequestType)
        handle_kv(ctx, msg);
    else if (msg.type == kScan)
        handle_scan(ctx, msg);
    else
        ctx.log(LogLevel::Warn, "router ignores a message of type \"" + msg.type + "\" from " + msg.from);
}

void RouterRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kRetryTimer) {
        std::vector<std::uint64_t> due;
        due.swap(retry_);
        for (std::uint64_t seq : due)
            forward(ctx, seq);
        return;
    }
    if (timer != kTickTimer)
        return;
    ctx.set_timer(kTickTimer, config_.tick);
    if (!config_.scheduler)
        return;
    if (!ready_)
        assign(ctx);
    else if (!busy_ && (config_.split_keys > 0 || config_.split_load > 0 || config_.balance))
        poll(ctx);
}

Json RouterRole::snapshot() const {
    Json regions = Json::array();
    Json shard_keys = Json::object();
    for (const NodeId& s : config_.shards)
        shard_keys[s] = 0;
    for (const Region& r : map_) {
        Json j = r.to_json();
        const auto it = stats_.find(r.id);
        j["keys"] = it == stats_.end() ? 0 : it->second.keys;
        if (shard_keys.contains(r.node))
            shard_keys[r.node] = shard_keys[r.node].get<std::int64_t>() + j["keys"].get<std::int64_t>();
        regions.push_back(std::move(j));
    }
    std::string_view state = !ready_ ? "assigning" : "routing";
    return {{"state", state},
            {"scheduler", config_.scheduler},
            {"mode", to_string(config_.mode)},
            {"version", version_},
            {"regions", std::move(regions)},
            {"region_count", map_.size()},
            {"shard_keys", std::move(shard_keys)},
            {"forwarded", forwarded_},
            {"redirects", redirects_},
            {"retries", retries_},
            {"scans", scans_done_},
            {"scan_shards", scan_shards_},
            {"splits", splits_},
            {"moves", moves_},
            {"keys_moved", keys_moved_},
            {"bytes_moved", bytes_moved_}};
}

Region* RouterRole::region_at(std::uint64_t pos) {
    auto it = std::upper_bound(map_.begin(), map_.end(), pos, [](std::uint64_t p, const Region& r) { return p < r.lo; });
    if (it == map_.begin())
        return nullptr;
    --it;
    return it->contains(pos) ? &*it : nullptr;
}

void RouterRole::handle_kv(Context& ctx, const Message& msg) {
    auto request = kv::decode_request(msg.body);
    if (!request) {
        ctx.reply(msg, {{"ok", false}, {"error", request.error().message}}, kv::kReplyType);
        return;
    }
    if (request->op == kv::Op::Cas) {
        ctx.reply(msg, {{"ok", false}, {"error", "unsupported"}, {"detail", "the router routes get and put"}},
                  kv::kReplyType);
        return;
    }
    const auto id = id_of(request->key);
    if (!id) {
        ctx.reply(msg, {{"ok", false}, {"error", "unknown_key"},
                        {"detail", "\"" + request->key + "\" is not k<id> with id in [0, 2^32)"}},
                  kv::kReplyType);
        return;
    }
    if (!ready_) {
        ctx.reply(msg, {{"ok", false}, {"error", "unavailable"}, {"detail", "the shards hold no regions yet"}},
                  kv::kReplyType);
        return;
    }
    const std::uint64_t seq = ++seq_;
    requests_.emplace(seq, Request{.from_client = msg, .body = msg.body, .pos = position(config_.mode, *id)});
    forward(ctx, seq);
}

void RouterRole::forward(Context& ctx, std::uint64_t seq) {
    auto it = requests_.find(seq);
    if (it == requests_.end())
        return;
    Request& r = it->second;
    const Region* region = region_at(r.pos);
    Json body = r.body;
    body["region"] = region->id;
    body["version"] = region->version;
    ++r.attempts;
    ++forwarded_;
    ctx.count("forwarded");
    ctx.call(region->node, kv::kRequestType, std::move(body), config_.timeout,
             [this, seq](Context& c, const CallOutcome& outcome) { forwarded(c, seq, outcome); });
}

void RouterRole::forwarded(Context& ctx, std::uint64_t seq, const CallOutcome& outcome) {
    auto it = requests_.find(seq);
    if (it == requests_.end())
        return;
    Request& r = it->second;
    if (outcome.timed_out) {   // the outcome is unknown: no answer, so the client's timeout says so
        requests_.erase(it);
        return;
    }
    const Json& reply = outcome.reply.body;
    const std::string error = reply.is_object() ? reply.value("error", std::string()) : std::string();
    const bool again = r.attempts < kMaxAttempts;
    if (error == kWrongShard && again) {
        const Json* moved = field(reply, "region");
        const auto region = moved ? Region::from_json(*moved) : std::nullopt;
        const NodeId was = region_at(r.pos)->node;
        if (region && region->contains(r.pos) && region->node != was && learn(*region)) {
            ++redirects_;
            ctx.count("redirects");
            ctx.log(LogLevel::Info, "stale map: " + was + " no longer holds region " + std::to_string(region->id) +
                                        "; it lives on " + region->node + " (version " +
                                        std::to_string(region->version) + ")");
            forward(ctx, seq);
            return;
        }
    }
    if ((error == kNotReady || error == kWrongShard) && again) {
        ++retries_;
        if (retry_.empty())
            ctx.set_timer(kRetryTimer, kRetryGap);
        retry_.push_back(seq);
        return;
    }
    ctx.reply(r.from_client, reply, kv::kReplyType);
    requests_.erase(it);
}

bool RouterRole::learn(const Region& region) {
    for (const Region& r : map_)
        if (r.hi > region.lo && r.lo < region.hi && r.version > region.version)
            return false;
    std::vector<Region> next;
    for (const Region& r : map_) {
        if (r.hi <= region.lo || r.lo >= region.hi) {
            next.push_back(r);
            continue;
        }
        if (r.lo < region.lo) {
            Region left = r;
            left.hi = region.lo;
            next.push_back(left);
        }
        if (r.hi > region.hi) {
            Region right = r;
            right.lo = region.hi;
            next.push_back(right);
        }
    }
    next.push_back(region);
    std::sort(next.begin(), next.end(), [](const Region& a, const Region& b) { return a.lo < b.lo; });
    map_ = std::move(next);
    version_ = std::max(version_, region.version);
    return true;
}

void RouterRole::handle_scan(Context& ctx, const Message& msg) {
    const Json* from = field(msg.body, "from");
    const Json* to = field(msg.body, "to");
    if (!from || !from->is_number_integer() || !to || !to->is_number_integer() || from->get<std::int64_t>() < 0 ||
        to->get<std::int64_t>() < from->get<std::int64_t>() || to->get<std::int64_t>() - from->get<std::int64_t>() >= kMaxScan) {
        ctx.reply(msg, {{"ok", false}, {"error", "scan needs {\"from\": ID, \"to\": ID} with 0 <= from <= to and at most " +
                                                 std::to_string(kMaxScan) + " ids"}});
        return;
    }
    if (!ready_) {
        ctx.reply(msg, {{"ok", false}, {"error", "unavailable"}});
        return;
    }
    std::map<NodeId, Json> per_node;
    for (std::int64_t id = from->get<std::int64_t>(); id <= to->get<std::int64_t>(); ++id)
        per_node[region_at(position(config_.mode, id))->node].push_back(key_of(id));
    const std::uint64_t seq = ++seq_;
    scans_.emplace(seq, Scan{.from_client = msg, .waiting = per_node.size()});
    ++scans_done_;
    scan_shards_ += static_cast<std::int64_t>(per_node.size());
    ctx.count("scans");
    for (auto& [node, keys] : per_node)
        ctx.call(node, std::string(kMultiGet), {{"keys", std::move(keys)}}, config_.timeout,
                 [this, seq, shards = per_node.size()](Context& c, const CallOutcome& outcome) {
                     auto it = scans_.find(seq);
                     if (it == scans_.end())
                         return;
                     Scan& s = it->second;
                     const Json& reply = outcome.reply.body;
                     if (outcome.timed_out || !reply.is_object() || !reply.value("ok", false) ||
                         !reply.contains("values") || !reply["values"].is_object())
                         s.failed = true;
                     else
                         s.values.update(reply["values"]);
                     if (--s.waiting > 0)
                         return;
                     if (s.failed)
                         c.reply(s.from_client, {{"ok", false}, {"error", "retry"},
                                                 {"detail", "a shard did not answer for its part of the scan"}});
                     else
                         c.reply(s.from_client, {{"ok", true}, {"values", std::move(s.values)}, {"shards", shards}});
                     scans_.erase(it);
                 });
}

void RouterRole::poll(Context& ctx) {
    busy_ = true;
    stats_.clear();
    poll_waiting_ = config_.shards.size();
    for (const NodeId& shard : config_.shards)
        ctx.call(shard, std::string(kStats), Json::object(), config_.timeout,
                 [this](Context& c, const CallOutcome& outcome) {
                     const Json& reply = outcome.reply.body;
                     if (!outcome.timed_out && reply.is_object() && reply.contains("regions") &&
                         reply["regions"].is_array())
                         for (const Json& r : reply["regions"])
                             if (r.is_object() && r.contains("id") && r["id"].is_number_integer())
                                 stats_[r["id"].get<std::int64_t>()] = {.keys = r.value("keys", std::int64_t{0}),
                                                                        .bytes = r.value("bytes", std::int64_t{0}),
                                                                        .writes = r.value("writes", std::int64_t{0})};
                     if (--poll_waiting_ == 0)
                         decide(c);
                 });
}

void RouterRole::decide(Context& ctx) {
    const double seconds = std::chrono::duration<double>(config_.tick).count();
    const Region* hottest = nullptr;
    std::int64_t hottest_keys = 0;
    for (const Region& r : map_) {
        const auto it = stats_.find(r.id);
        if (it == stats_.end() || it->second.keys < 2)
            continue;
        const bool big = config_.split_keys > 0 && it->second.keys > config_.split_keys;
        const bool hot = config_.split_load > 0 && static_cast<double>(it->second.writes) / seconds > config_.split_load;
        if ((big || hot) && it->second.keys > hottest_keys) {
            hottest = &r;
            hottest_keys = it->second.keys;
        }
    }
    if (hottest) {
        split(ctx, *hottest);
        return;
    }
    if (config_.balance) {
        std::map<NodeId, std::int64_t> keys;
        std::map<NodeId, std::int64_t> count;
        for (const NodeId& s : config_.shards)
            keys[s] = 0;
        for (const Region& r : map_) {
            const auto it = stats_.find(r.id);
            keys[r.node] += it == stats_.end() ? 0 : it->second.keys;
            ++count[r.node];
        }
        const auto [lo, hi] = std::minmax_element(keys.begin(), keys.end(),
                                                  [](const auto& a, const auto& b) { return a.second < b.second; });
        const std::int64_t gap = hi->second - lo->second;
        if (gap > config_.balance_threshold && count[hi->first] >= 2) {
            const Region* best = nullptr;
            std::int64_t best_keys = 0;
            for (const Region& r : map_) {
                const auto it = stats_.find(r.id);
                if (r.node != hi->first || it == stats_.end() || it->second.keys <= 0 || it->second.keys >= gap)
                    continue;
                if (!best || std::abs(it->second.keys - gap / 2) < std::abs(best_keys - gap / 2)) {
                    best = &r;
                    best_keys = it->second.keys;
                }
            }
            if (best) {
                move(ctx, *best, lo->first, best_keys);
                return;
            }
        }
    }
    busy_ = false;
}

void RouterRole::split(Context& ctx, const Region& region) {
    const std::int64_t left = next_region_++, right = next_region_++, version = version_ + 1;
    const std::int64_t old = region.id;
    announce(ctx, "splitting", Text{"region ", "区域 "} + std::to_string(old) + Text{" holds ", " 有 "} + std::to_string(stats_[old].keys) +
                                   Text{" keys", " 个键"});
    ctx.call(region.node, std::string(kSplit), {{"region", old}, {"left", left}, {"right", right}, {"version", version}},
             config_.timeout, [this, old, left, right, version](Context& c, const CallOutcome& outcome) {
                 busy_ = false;
                 const Json& reply = outcome.reply.body;
                 auto it = std::find_if(map_.begin(), map_.end(), [old](const Region& r) { return r.id == old; });
                 if (outcome.timed_out || !reply.is_object() || !reply.value("ok", false) ||
                     !reply.contains("at") || !reply["at"].is_number_unsigned() || it == map_.end()) {
                     c.log(LogLevel::Warn, "split of region " + std::to_string(old) + " did not happen");
                     announce(c, "routing", Text{"the split did not happen", "分裂没有发生"});
                     return;
                 }
                 const std::uint64_t at = reply["at"].get<std::uint64_t>();
                 Region l = *it, r = *it;
                 l.id = left;
                 r.id = right;
                 l.hi = at;
                 r.lo = at;
                 l.version = r.version = version;
                 version_ = version;
                 *it = l;
                 map_.insert(it + 1, r);
                 ++splits_;
                 c.count("splits");
                 announce(c, "routing", Text{"region ", "区域 "} + std::to_string(old) + Text{" split into ", " 分裂为 "} +
                                            std::to_string(left) + Text{" and ", " 和 "} + std::to_string(right) +
                                            Text{" (map version ", "（映射版本 "} + std::to_string(version_) + Text{")", "）"});
             });
}

void RouterRole::move(Context& ctx, const Region& region, const NodeId& to, std::int64_t keys) {
    const std::int64_t id = region.id, version = version_ + 1;
    const NodeId from = region.node;
    announce(ctx, "moving", Text{"region ", "区域 "} + std::to_string(id) + Text{" (", "（"} + std::to_string(keys) +
                                Text{" keys) from ", " 个键）从 "} + from + Text{" to ", " 迁往 "} + to);
    // The move takes as long as its batches: allow far more than that.
    const Duration deadline = config_.timeout * (4 + keys);
    ctx.call(from, std::string(kMove), {{"region", id}, {"to", to}, {"version", version}}, deadline,
             [this, id, to, version](Context& c, const CallOutcome& outcome) {
                 busy_ = false;
                 const Json& reply = outcome.reply.body;
                 auto it = std::find_if(map_.begin(), map_.end(), [id](const Region& r) { return r.id == id; });
                 if (outcome.timed_out || !reply.is_object() || !reply.value("ok", false) || it == map_.end()) {
                     c.log(LogLevel::Warn, "move of region " + std::to_string(id) + " did not happen");
                     announce(c, "routing", Text{"the move did not happen", "迁移没有发生"});
                     return;
                 }
                 it->node = to;
                 it->version = version;
                 version_ = std::max(version_, version);
                 ++moves_;
                 keys_moved_ += reply.value("keys", std::int64_t{0});
                 bytes_moved_ += reply.value("bytes", std::int64_t{0});
                 c.count("moves");
                 c.count("keys_moved", static_cast<double>(reply.value("keys", std::int64_t{0})));
                 c.count("bytes_moved", static_cast<double>(reply.value("bytes", std::int64_t{0})));
                 announce(c, "routing", Text{"region ", "区域 "} + std::to_string(id) + Text{" now on ", " 现在位于 "} + to +
                                            Text{" (map version ", "（映射版本 "} + std::to_string(version_) + Text{")", "）"});
             });
}

void RouterRole::announce(Context& ctx, std::string_view phase, const Text& reason) {
    ctx.phase(phase, reason);
}

}  // namespace distlab::core::sharding
