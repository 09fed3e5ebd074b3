#include "core/patterns/placement/placement_role.h"

#include <algorithm>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/kv/kv_protocol.h"
#include "core/patterns/placement/replica_store_role.h"

namespace distlab::core::placement {

namespace {

constexpr TimerId kHeartbeatTimer{1};
constexpr std::size_t kSampleSize = 10;

}  // namespace

const ParamList<PlacementConfig>& PlacementConfig::params() {
    using C = PlacementConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("stores", &C::stores, nullptr, "The replica-store nodes replicas are placed on",
               "放置副本的 replica-store 节点")
        .choice("policy", &C::policy, "spread",
                {{"ring", Policy::Ring}, {"hdfs_default", Policy::HdfsDefault}, {"spread", Policy::Spread}},
                "ring: the next distinct stores on the hash ring, labels ignored (the naive partner); "
                "hdfs_default: HDFS's default block placement, a first store, a second on another rack, a third "
                "on the second's rack; spread: each next replica on the store sharing the fewest location labels "
                "with those chosen, as PD spreads a Region's replicas by its location-labels",
                "ring：哈希环上依次取不同的存储节点，忽略标签（朴素对照）；hdfs_default：HDFS 默认的块放置策略，"
                "第一个副本任选，第二个放在另一机架，第三个与第二个同机架；spread：每个后续副本放在与已选副本"
                "共享位置标签最少的节点上，如同 PD 按 location-labels 分散 Region 的副本")
        .integer("replicas", &C::replicas, 3, "Replicas of every key", "每个键的副本数", {.min = 1, .max = 9})
        .string("location_labels", &C::location_labels, "zone,rack,host",
                "The label names that locate a store, most significant first (PD's location-labels); hdfs_default "
                "reads the one named rack",
                "定位存储节点的标签名，由大到小排列（PD 的 location-labels）；hdfs_default 读取名为 rack 的标签")
        .string("isolation_level", &C::isolation_level, "zone",
                "The label whose values are the failure domains replicas must not share (PD's isolation-level); "
                "a warning at the start when the stores offer fewer values than there are replicas",
                "副本不得共享的故障域所对应的标签（PD 的 isolation-level）；若存储节点提供的取值少于副本数，"
                "启动时给出警告")
        .duration("heartbeat", &C::heartbeat, "100ms", "How often the placement pings every store",
                  "放置服务 ping 每个存储节点的间隔", {.min = 1})
        .duration("dead_after", &C::dead_after, "400ms", "A store silent this long counts as down",
                  "存储节点沉默超过此时长即视为宕机", {.min = 1})
        .duration("timeout", &C::timeout, "300ms", "How long a replica write or read waits for its store",
                  "副本读写等待存储节点应答的时长", {.min = 1});
    return list;
}

PlacementRole::PlacementRole(PlacementConfig config) : config_(std::move(config)) {}

void PlacementRole::start(Context& ctx) {
    levels_ = split_labels(config_.location_labels);
    const auto rack = std::find(levels_.begin(), levels_.end(), "rack");
    rack_level_ = static_cast<std::size_t>(rack - levels_.begin());
    if (config_.policy == Policy::HdfsDefault && rack == levels_.end()) {
        levels_.push_back("rack");
        rack_level_ = levels_.size() - 1;
    }
    std::set<std::string> domains;
    for (const NodeId& s : config_.stores) {
        StoreLabels labels{.id = s};
        const Labels& given = ctx.labels_of(s);
        for (const std::string& level : levels_) {
            const auto it = given.find(level);
            labels.values.push_back(it == given.end() ? std::string() : it->second);
            if (it == given.end() && config_.policy != Policy::Ring)
                ctx.log(LogLevel::Warn, s + " has no label \"" + level + "\": it counts as a domain of its own");
        }
        if (const auto it = given.find(config_.isolation_level); it != given.end())
            domains.insert(it->second);
        else
            domains.insert("(" + s + ")");
        stores_.push_back(std::move(labels));
        last_seen_[s] = Duration(0);
    }
    domains_ = domains.size();
    const std::string policy(to_string(config_.policy));
    ctx.phase("placing", Text{std::to_string(config_.replicas) + " replicas, " + policy + " over " + std::to_string(stores_.size()) +
                                  " stores in " + std::to_string(domains_) + " " + config_.isolation_level + "s",
                              std::to_string(config_.replicas) + " 个副本，按 " + policy + " 放在 " + std::to_string(domains_) + " 个 " +
                                  config_.isolation_level + " 的 " + std::to_string(stores_.size()) + " 个存储节点上"});
    if (domains_ < static_cast<std::size_t>(config_.replicas))
        ctx.log(LogLevel::Warn, "the stores span " + std::to_string(domains_) + " " + config_.isolation_level +
                                    "s: " + std::to_string(config_.replicas) + " replicas cannot all be isolated at "
                                    "that level, so losing one " + config_.isolation_level + " can take two replicas");
    if (stores_.empty()) {
        ctx.log(LogLevel::Error, "placement has no stores");
        return;
    }
    ping(ctx);
}

void PlacementRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kv::kRequestType) {
        handle_kv(ctx, msg);
        return;
    }
    ctx.log(LogLevel::Warn, "placement ignores a message of type \"" + msg.type + "\" from " + msg.from);
}

void PlacementRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kHeartbeatTimer)
        ping(ctx);
}

void PlacementRole::ping(Context& ctx) {
    for (const StoreLabels& s : stores_)
        ctx.call(s.id, std::string(kPing), Json::object(), config_.dead_after,
                 [this, id = s.id](Context& c, const CallOutcome& outcome) {
                     if (outcome.timed_out)
                         return;
                     last_seen_[id] = c.now();
                     if (down_.erase(id) > 0) {
                         c.log(LogLevel::Info, id + " answers again");
                         account(c);
                     }
                 });
    const Duration now = ctx.now();
    bool changed = false;
    for (const auto& [id, seen] : last_seen_)
        if (now - seen > config_.dead_after && down_.insert(id).second) {
            changed = true;
            ctx.log(LogLevel::Warn, id + " is down: silent for " + std::to_string(to_ms(now - seen)) + " ms");
        }
    if (changed)
        account(ctx);
    ctx.set_timer(kHeartbeatTimer, config_.heartbeat);
}

void PlacementRole::account(Context& ctx) {
    under_replicated_ = no_majority_ = unavailable_ = 0;
    unavailable_sample_.clear();
    for (const auto& [key, replicas] : placed_) {
        const std::size_t up = live(replicas).size();
        if (up < replicas.size())
            ++under_replicated_;
        if (up < std::min(majority(), replicas.size())) {
            ++no_majority_;
            if (unavailable_sample_.size() < kSampleSize)
                unavailable_sample_.push_back(key);
        }
        if (up == 0)
            ++unavailable_;
    }
    const Text counts{std::to_string(down_.size()) + " stores down: " + std::to_string(no_majority_) +
                          " keys lost their majority (" + std::to_string(unavailable_) + " every replica), " +
                          std::to_string(under_replicated_) + " lost some",
                      std::to_string(down_.size()) + " 个存储节点宕机：" + std::to_string(no_majority_) + " 个键失去多数副本（" +
                          std::to_string(unavailable_) + " 个失去全部副本），" + std::to_string(under_replicated_) + " 个失去部分副本"};
    ctx.phase(no_majority_ > 0 ? "losing" : (under_replicated_ > 0 || !down_.empty() ? "degraded" : "placing"), counts);
}

std::vector<NodeId> PlacementRole::replicas_for(const std::string& key) const {
    const auto it = placed_.find(key);
    if (it != placed_.end())
        return it->second;
    return replicas_of(key, stores_, config_.policy, static_cast<std::size_t>(config_.replicas), rack_level_);
}

std::vector<NodeId> PlacementRole::live(const std::vector<NodeId>& replicas) const {
    std::vector<NodeId> out;
    for (const NodeId& r : replicas)
        if (!down_.contains(r))
            out.push_back(r);
    return out;
}

void PlacementRole::handle_kv(Context& ctx, const Message& msg) {
    auto request = kv::decode_request(msg.body);
    if (!request) {
        ctx.reply(msg, {{"ok", false}, {"error", request.error().message}}, kv::kReplyType);
        return;
    }
    if (request->op == kv::Op::Cas) {
        ctx.reply(msg, {{"ok", false}, {"error", "unsupported"}, {"detail", "the placement serves get and put"}},
                  kv::kReplyType);
        return;
    }
    const bool put = request->op == kv::Op::Put;
    // A get of a key never written needs no placement: nothing to find.
    if (!put && !placed_.contains(request->key)) {
        ctx.reply(msg, {{"ok", true}, {"value", nullptr}}, kv::kReplyType);
        return;
    }
    const std::vector<NodeId> replicas = replicas_for(request->key);
    const std::vector<NodeId> up = live(replicas);
    const std::size_t needed = put ? std::min(majority(), replicas.size()) : 1;
    if (up.size() < needed) {
        std::string down;
        for (const NodeId& r : replicas)
            down += (down.empty() ? "" : ", ") + r;
        (put ? writes_failed_ : reads_failed_) += 1;
        ctx.count(put ? "writes_failed" : "reads_failed");
        ctx.reply(msg, {{"ok", false}, {"error", "unavailable"},
                        {"detail", request->key + ": " + std::to_string(up.size()) + " of its replicas (" + down +
                                       ") up, " + std::to_string(needed) + " needed"}},
                  kv::kReplyType);
        return;
    }
    ctx.count(put ? "puts" : "gets");
    if (put && placed_.emplace(request->key, replicas).second && !down_.empty())
        account(ctx);
    const std::uint64_t seq = ++seq_;
    pending_.emplace(seq, Pending{.request = msg, .waiting = up.size(), .needed = needed});
    Json body = {{"key", request->key}};
    if (put) {
        body["value"] = *request->value;
        body["version"] = ++versions_[request->key];
    }
    for (const NodeId& r : up)
        ctx.call(r, std::string(put ? kReplicaPut : kReplicaGet), body, config_.timeout,
                 [this, seq, put](Context& c, const CallOutcome& outcome) {
                     auto it = pending_.find(seq);
                     if (it == pending_.end())
                         return;
                     Pending& p = it->second;
                     const Json& reply = outcome.reply.body;
                     const bool ok = !outcome.timed_out && reply.is_object() && reply.value("ok", false);
                     if (ok) {
                         ++p.acks;
                         const std::int64_t version = reply.value("version", std::int64_t{0});
                         if (!put && version > p.best_version) {
                             p.best_version = version;
                             p.best_value = reply.contains("value") ? reply["value"] : Json(nullptr);
                         }
                     }
                     --p.waiting;
                     if (put && !p.answered && p.acks >= p.needed) {
                         p.answered = true;
                         c.reply(p.request, {{"ok", true}}, kv::kReplyType);
                     }
                     if (p.waiting > 0)
                         return;
                     if (!put && p.acks > 0)
                         c.reply(p.request, {{"ok", true}, {"value", p.best_value}}, kv::kReplyType);
                     else if (!put)
                         c.reply(p.request, {{"ok", false}, {"error", "unavailable"},
                                             {"detail", "no replica answered"}},
                                 kv::kReplyType);
                     // A put short of its majority may have reached some replicas: no answer, so
                     // the client's timeout makes its outcome unknown, which is the truth.
                     pending_.erase(it);
                 });
}

Json PlacementRole::snapshot() const {
    Json stores = Json::object();
    for (const StoreLabels& s : stores_)
        stores[s.id] = !down_.contains(s.id);
    // Keys with two replicas sharing a label value, per location label.
    Json shared = Json::object();
    std::map<NodeId, const StoreLabels*> by_id;
    for (const StoreLabels& s : stores_)
        by_id[s.id] = &s;
    for (std::size_t level = 0; level < levels_.size(); ++level) {
        std::int64_t keys = 0;
        for (const auto& [key, replicas] : placed_) {
            std::set<std::string> seen;
            bool twice = false;
            for (const NodeId& r : replicas) {
                const auto& values = by_id.at(r)->values;
                // A domain at this level is the label path down to it: rack r1 of z1 is not rack r1 of z2.
                std::string path;
                for (std::size_t l = 0; l <= level && l < values.size(); ++l)
                    path += values[l] + "/";
                if (values.size() <= level || values[level].empty())
                    path = "(" + r + ")";
                twice |= !seen.insert(path).second;
            }
            keys += twice;
        }
        shared[levels_[level]] = keys;
    }
    return {{"state", no_majority_ > 0 ? "losing" : (under_replicated_ > 0 || !down_.empty() ? "degraded" : "placing")},
            {"policy", to_string(config_.policy)},
            {"replicas", config_.replicas},
            {"isolation_level", config_.isolation_level},
            {"location_labels", levels_},
            {"stores", std::move(stores)},
            {"domains", domains_},
            {"keys", placed_.size()},
            {"shared", std::move(shared)},
            {"under_replicated", under_replicated_},
            {"no_majority_keys", no_majority_},
            {"unavailable_keys", unavailable_},
            {"unavailable_sample", unavailable_sample_},
            {"dead_stores", down_.size()},
            {"reads_failed", reads_failed_},
            {"writes_failed", writes_failed_}};
}

}  // namespace distlab::core::placement
