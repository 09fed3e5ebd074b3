#include "core/patterns/multi_leader/mm_node_role.h"

#include <algorithm>
#include <utility>

namespace distlab::core::multi_leader {

namespace {

constexpr TimerId kSyncTimer{1};

std::string vv_text(const crdt::VersionVector& vv) { return crdt::vv_to_json(vv).dump(); }

Json items_json(const std::set<std::string>& items) {
    Json out = Json::array();
    for (const std::string& i : items)
        out.push_back(i);
    return out;
}

}  // namespace

std::string_view to_string(Resolution r) {
    switch (r) {
    case Resolution::Lww: return "lww";
    case Resolution::Siblings: return "siblings";
    case Resolution::Crdt: return "crdt";
    }
    return "siblings";
}

const ParamList<MmNodeConfig>& MmNodeConfig::params() {
    using C = MmNodeConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("nodes", &C::nodes, nullptr, "Every mm-node of the store, one or more per region (it may list itself)",
               "存储的所有 mm-node 节点，每个区域一个或多个（可以包括本节点）")
        .choice("resolution", &C::resolution, "siblings",
                {{"lww", Resolution::Lww}, {"siblings", Resolution::Siblings}, {"crdt", Resolution::Crdt}},
                "How concurrent versions of a cart are resolved: lww keeps the latest by timestamp and drops the "
                "other; siblings keeps both for the client to merge (Riak's allow_mult); crdt keeps the cart as an "
                "OR-Set merged by its join",
                "如何解决购物车的并发版本：lww 按时间戳保留最新的一个并丢弃另一个；siblings 保留两者交给客户端"
                "合并（即 Riak 的 allow_mult）；crdt 把购物车保存为 OR-Set，按其合并运算合并")
        .duration("sync_interval", &C::sync_interval, "500ms",
                  "Anti-entropy: every this often the node sends its whole store to the others, repairing "
                  "writes a partition kept from them",
                  "反熵：节点按此间隔把整个存储发送给其他节点，修复分区期间它们没收到的写入", {.min = 1});
    return list;
}

Json Version::to_json() const {
    return {{"items", items_json(items)}, {"vv", crdt::vv_to_json(vv)}, {"ts", ts}, {"node", node}};
}

Result<Version> Version::from_json(const Json& json) {
    if (!json.is_object() || !json.contains("items") || !json["items"].is_array() || !json.contains("ts") ||
        !json["ts"].is_number_integer() || !json.contains("node") || !json["node"].is_string())
        return fail("a version must be an object {items: [strings], vv, ts: integer, node}");
    Version v;
    for (const Json& i : json["items"]) {
        if (!i.is_string())
            return fail("a version's items must be strings");
        v.items.insert(i.get<std::string>());
    }
    auto vv = crdt::vv_from_json(json.value("vv", Json(nullptr)), "version vv");
    if (!vv)
        return std::unexpected(vv.error());
    v.vv = std::move(*vv);
    v.ts = json["ts"].get<std::int64_t>();
    v.node = json["node"].get<std::string>();
    return v;
}

MmNodeRole::MmNodeRole(MmNodeConfig config) : config_(std::move(config)) {}

void MmNodeRole::start(Context& ctx) {
    self_ = ctx.self();
    ctx.set_timer(kSyncTimer, config_.sync_interval);
}

void MmNodeRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kGetType)
        handle_get(ctx, msg);
    else if (msg.type == kPutType)
        handle_put(ctx, msg);
    else if (msg.type == kOpType)
        handle_op(ctx, msg);
    else if (msg.type == kReplicateType)
        handle_replicate(ctx, msg);
    else
        ctx.count("unexpected_messages");
}

void MmNodeRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kSyncTimer)
        return;
    ctx.set_timer(kSyncTimer, config_.sync_interval);
    Json carts = Json::array();
    for (const auto& [key, versions] : carts_)
        carts.push_back(entry_json(key));
    for (const auto& [key, set] : sets_)
        carts.push_back(entry_json(key));
    if (!carts.empty())
        send_to_others(ctx, {{"carts", std::move(carts)}});
}

void MmNodeRole::send_to_others(Context& ctx, Json body) {
    for (const NodeId& n : config_.nodes)
        if (n != self_)
            ctx.send(n, kReplicateType, body);
}

Json MmNodeRole::entry_json(const std::string& key) const {
    if (config_.resolution == Resolution::Crdt) {
        const auto it = sets_.find(key);
        return {{"key", key}, {"orset", it == sets_.end() ? crdt::ORSet{}.to_json() : it->second.to_json()}};
    }
    Json versions = Json::array();
    if (const auto it = carts_.find(key); it != carts_.end())
        for (const Version& v : it->second)
            versions.push_back(v.to_json());
    return {{"key", key}, {"versions", std::move(versions)}};
}

void MmNodeRole::handle_get(Context& ctx, const Message& msg) {
    if (!msg.body.is_object() || !msg.body.contains("key") || !msg.body["key"].is_string()) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "mm_get needs a string \"key\""}});
        return;
    }
    const std::string key = msg.body["key"].get<std::string>();
    if (config_.resolution == Resolution::Crdt) {
        const auto it = sets_.find(key);
        ctx.reply(msg, {{"ok", true},
                        {"merge", "crdt"},
                        {"items", items_json(it == sets_.end() ? std::set<std::string>{} : it->second.value())}});
        return;
    }
    Json versions = Json::array();
    crdt::VersionVector context;
    if (const auto it = carts_.find(key); it != carts_.end())
        for (const Version& v : it->second) {
            versions.push_back({{"items", items_json(v.items)}, {"vv", crdt::vv_to_json(v.vv)}});
            context = crdt::join(context, v.vv);
        }
    ctx.reply(msg, {{"ok", true},
                    {"merge", to_string(config_.resolution)},
                    {"versions", std::move(versions)},
                    {"context", crdt::vv_to_json(context)}});
}

void MmNodeRole::handle_put(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    std::string problem;
    if (config_.resolution == Resolution::Crdt)
        problem = "this node keeps carts as OR-Sets: send mm_op";
    else if (!b.is_object() || !b.contains("key") || !b["key"].is_string() || !b.contains("items") ||
             !b["items"].is_array())
        problem = "mm_put needs {key, items: [strings], context}";
    Version v;
    if (problem.empty()) {
        auto context = crdt::vv_from_json(b.value("context", Json::object()), "mm_put context");
        if (!context)
            problem = context.error().message;
        else
            v.vv = std::move(*context);
        for (const Json& i : b["items"]) {
            if (!i.is_string()) {
                problem = "mm_put items must be strings";
                break;
            }
            v.items.insert(i.get<std::string>());
        }
    }
    if (!problem.empty()) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", problem}});
        return;
    }
    const std::string key = b["key"].get<std::string>();
    // The new version has seen the context and is this node's next write.
    std::uint64_t mine = v.vv.contains(self_) ? v.vv.at(self_) : 0;
    for (const Version& held : carts_[key])
        mine = std::max(mine, held.vv.contains(self_) ? held.vv.at(self_) : 0);
    v.vv[self_] = mine + 1;
    last_ts_ = std::max(last_ts_ + 1, static_cast<std::int64_t>(ctx.now().count()));
    v.ts = last_ts_;
    v.node = self_;
    merge_version(ctx, key, v, self_);
    ctx.count("writes");
    ctx.reply(msg, {{"ok", true}, {"vv", crdt::vv_to_json(v.vv)}});
    send_to_others(ctx, {{"key", key}, {"versions", Json::array({v.to_json()})}});
}

void MmNodeRole::handle_op(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    std::string problem;
    if (config_.resolution != Resolution::Crdt)
        problem = "this node keeps versions: read with mm_get and write with mm_put";
    else if (!b.is_object() || !b.contains("key") || !b["key"].is_string() || !b.contains("item") ||
             !b["item"].is_string() || (b.value("op", "") != "add" && b.value("op", "") != "remove"))
        problem = "mm_op needs {key, op: add|remove, item}";
    if (!problem.empty()) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", problem}});
        return;
    }
    const std::string key = b["key"].get<std::string>();
    crdt::ORSet& set = sets_[key];
    const std::string item = b["item"].get<std::string>();
    const crdt::ORSet delta = b["op"] == "add" ? set.add(self_, item) : set.remove(item);
    ctx.count("writes");
    ctx.reply(msg, {{"ok", true}});
    send_to_others(ctx, {{"key", key}, {"orset", delta.to_json()}});
}

void MmNodeRole::handle_replicate(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    if (b.is_object() && b.contains("carts") && b["carts"].is_array()) {
        std::size_t i = 0;
        bool changed = false;
        for (const Json& entry : b["carts"])
            changed = merge_entry(ctx, entry, msg.from, "mm_replicate from " + msg.from + ", carts[" +
                                                            std::to_string(i++) + "]") ||
                      changed;
        if (changed)
            ++merges_;
        return;
    }
    if (merge_entry(ctx, b, msg.from, "mm_replicate from " + msg.from))
        ++merges_;
}

bool MmNodeRole::merge_entry(Context& ctx, const Json& entry, const NodeId& from, const std::string& where) {
    const auto bad = [&](const std::string& why) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, where + ": " + why);
        return false;
    };
    if (!entry.is_object() || !entry.contains("key") || !entry["key"].is_string())
        return bad("needs a string \"key\"");
    const std::string key = entry["key"].get<std::string>();
    if (config_.resolution == Resolution::Crdt) {
        if (!entry.contains("orset"))
            return bad("needs \"orset\" (every node of the store must resolve by crdt)");
        auto incoming = crdt::ORSet::from_json(entry["orset"]);
        if (!incoming)
            return bad(incoming.error().message);
        crdt::ORSet& set = sets_[key];
        const crdt::ORSet before = set;
        set.merge(*incoming);
        return !(set == before);
    }
    if (!entry.contains("versions") || !entry["versions"].is_array())
        return bad("needs \"versions\" (every node of the store must resolve by lww or siblings)");
    bool changed = false;
    for (const Json& j : entry["versions"]) {
        auto v = Version::from_json(j);
        if (!v)
            return bad(v.error().message);
        changed = merge_version(ctx, key, *v, from) || changed;
    }
    return changed;
}

bool MmNodeRole::merge_version(Context& ctx, const std::string& key, const Version& incoming, const NodeId& from) {
    std::vector<Version>& versions = carts_[key];
    for (const Version& held : versions)
        if (held.vv == incoming.vv || crdt::dominated(incoming.vv, held.vv))
            return false;   // seen already, or older than what we hold
    std::erase_if(versions, [&](const Version& held) { return crdt::dominated(held.vv, incoming.vv); });
    if (versions.empty()) {
        versions.push_back(incoming);
        return true;
    }
    // What remains is concurrent with the incoming version: a conflict.
    ++conflicts_;
    ctx.count("conflicts");
    std::string others;
    for (const Version& held : versions)
        others += (others.empty() ? "" : ", ") + vv_text(held.vv);
    if (config_.resolution == Resolution::Siblings) {
        // Kept in one order (by version vector) on every node, so nodes holding the same
        // siblings show the same state.
        versions.insert(std::upper_bound(versions.begin(), versions.end(), incoming,
                                         [](const Version& a, const Version& b) { return a.vv < b.vv; }),
                        incoming);
        ctx.log(LogLevel::Info, "conflict on \"" + key + "\": " + vv_text(incoming.vv) + " from " + from +
                                    " is concurrent with " + others + ": kept as siblings (" +
                                    std::to_string(versions.size()) + ")");
        return true;
    }
    // LWW: one version survives, the greatest (timestamp, node); the rest are gone.
    const std::vector<Version> before = versions;
    versions.push_back(incoming);
    Version keep = *std::max_element(versions.begin(), versions.end(), [](const Version& a, const Version& b) {
        return std::tie(a.ts, a.node) < std::tie(b.ts, b.node);
    });
    const std::size_t lost = versions.size() - 1;
    dropped_ += lost;
    ctx.count("versions_dropped", static_cast<double>(lost));
    ctx.log(LogLevel::Warn, "conflict on \"" + key + "\": " + vv_text(incoming.vv) + " from " + from +
                                " is concurrent with " + others + ": last writer " + keep.node + " wins, " +
                                std::to_string(lost) + " version(s) dropped");
    versions.assign(1, std::move(keep));
    return versions != before;
}

std::size_t MmNodeRole::most_siblings() const {
    std::size_t most = 0;
    for (const auto& [key, versions] : carts_)
        most = std::max(most, versions.size());
    return most;
}

Json MmNodeRole::snapshot() const {
    Json carts = Json::object();
    for (const auto& [key, versions] : carts_) {
        Json vs = Json::array();
        for (const Version& v : versions)
            vs.push_back(v.to_json());
        carts[key] = std::move(vs);
    }
    for (const auto& [key, set] : sets_)
        carts[key] = {{"items", items_json(set.value())}, {"orset", set.to_json()}};
    return {{"resolution", to_string(config_.resolution)},
            {"carts", std::move(carts)},
            {"merges", merges_},
            {"conflicts", conflicts_},
            {"dropped", dropped_},
            {"siblings", most_siblings()},
            {"siblings_scale", std::max<std::size_t>(4, most_siblings())}};
}

}  // namespace distlab::core::multi_leader
