#include "core/patterns/leaderless/dynamo_node_role.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "core/patterns/common/client.h"

namespace distlab::core::leaderless {

namespace {

constexpr TimerId kTickTimer{1};
constexpr TimerId kAntiEntropyTimer{2};
constexpr TimerId kCommitTimer{3};
constexpr TimerId kBatchTimer{4};
// Keys the snapshot shows with their values; the rest are counted.
constexpr std::size_t kShownKeys = 8;

struct Preset {
    std::int64_t n = 3;
    Level read = Level::Quorum;
    Level write = Level::Quorum;
    bool sloppy = true;
    ReadRepair read_repair = ReadRepair::Blocking;
};

Preset preset_of(const std::string& name) {
    if (name == "dynamo")
        return {3, Level::Two, Level::Two, true, ReadRepair::Blocking};
    if (name == "riak")
        return {3, Level::Quorum, Level::Quorum, true, ReadRepair::Blocking};
    if (name == "cassandra")
        return {3, Level::Quorum, Level::Quorum, false, ReadRepair::Blocking};
    return {};
}

// What answering `msg` needs of it (sender, id, type), without its body: an answer that waits
// for the group commit need not keep a batch of writes alive.
Message address_of(const Message& msg) { return Message{msg.from, msg.to, msg.id, msg.reply_to, msg.type, {}}; }

Json optional_version(const std::optional<Version>& v) { return v ? v->to_json() : Json(nullptr); }

bool older(const std::optional<Version>& v, const Version& newest) { return !v || newest.newer_than(*v); }

}  // namespace

const ParamList<DynamoNodeConfig>& DynamoNodeConfig::params() {
    using C = DynamoNodeConfig;
    // The preset comes first: bind() applies the parameters in order, and those after it
    // override what it set unless they say "preset" (or 0).
    static const ParamList<C> list = ParamList<C>{}
        .choice<std::string>(
            "preset",
            [](C& c, const std::string& name) {
                c.preset = name;
                const Preset p = preset_of(name);
                c.n = p.n;
                c.read_level = p.read;
                c.write_level = p.write;
                c.sloppy = p.sloppy;
                c.read_repair = p.read_repair;
            },
            "none", {{"none", "none"}, {"dynamo", "dynamo"}, {"riak", "riak"}, {"cassandra", "cassandra"}},
            "Start from a reference system: dynamo (N=3, R=2, W=2, sloppy quorum with hinted handoff), riak "
            "(n_val 3, r and w quorum, sloppy quorum: pr and pw 0), cassandra (replicas 3, strict quorums: hints "
            "never count towards a level, read_repair BLOCKING); none: N=3 at QUORUM, sloppy. The parameters "
            "below override it",
            "从参考系统开始：dynamo（N=3、R=2、W=2，宽松仲裁加提示移交）、riak（n_val 3，r 和 w 为 quorum，"
            "宽松仲裁：pr 和 pw 为 0）、cassandra（3 个副本，严格仲裁：提示从不计入一致性级别，read_repair 为 "
            "BLOCKING）；none：N=3，QUORUM，宽松仲裁。下面的参数覆盖预设")
        .nodes("members", &C::members, nullptr,
               "The dynamo-nodes of the ring, this one included; every node must list the same ones",
               "哈希环上的 dynamo-node 节点，包括本节点；每个节点必须列出相同的成员")
        .integer("n",
                 [](C& c, std::int64_t n) {
                     if (n > 0)
                         c.n = n;
                 },
                 0, "N: replicas of each key, the first N nodes of its preference list (0: the preset's, 3)",
                 "N：每个键的副本数，即其优先列表中的前 N 个节点（0 表示用预设值 3）", {.min = 0, .max = 100})
        .choice<std::optional<Level>>(
            "read_consistency",
            [](C& c, std::optional<Level> l) {
                if (l)
                    c.read_level = *l;
            },
            "preset",
            {{"preset", std::nullopt},
             {"ONE", Level::One},
             {"TWO", Level::Two},
             {"THREE", Level::Three},
             {"QUORUM", Level::Quorum},
             {"ALL", Level::All}},
            "R: the replies a get waits for, as a Cassandra consistency level (ONE, TWO, THREE, QUORUM = N/2 + 1, "
            "ALL); a request's \"consistency\" overrides it",
            "R：get 需要等待的应答数，以 Cassandra 的一致性级别表示（ONE、TWO、THREE、QUORUM = N/2 + 1、ALL）；"
            "请求中的 \"consistency\" 可覆盖它")
        .choice<std::optional<Level>>(
            "write_consistency",
            [](C& c, std::optional<Level> l) {
                if (l)
                    c.write_level = *l;
            },
            "preset",
            {{"preset", std::nullopt},
             {"ONE", Level::One},
             {"TWO", Level::Two},
             {"THREE", Level::Three},
             {"QUORUM", Level::Quorum},
             {"ALL", Level::All}},
            "W: the acknowledgements a put waits for, as a Cassandra consistency level; a request's "
            "\"consistency\" overrides it",
            "W：put 需要等待的确认数，以 Cassandra 的一致性级别表示；请求中的 \"consistency\" 可覆盖它")
        .choice<std::optional<bool>>(
            "quorum",
            [](C& c, std::optional<bool> sloppy) {
                if (sloppy)
                    c.sloppy = *sloppy;
            },
            "preset", {{"preset", std::nullopt}, {"sloppy", true}, {"strict", false}},
            "sloppy: a home replica suspected down is replaced by the next healthy node of the preference list, "
            "which keeps the write as a hint and hands it back later (Dynamo, Riak); strict: only home replicas "
            "count, and too few of them up makes the coordinator answer unavailable",
            "sloppy：被怀疑宕机的主副本由优先列表中下一个健康节点代替，它把写入作为提示保存，之后再移交回去"
            "（Dynamo、Riak）；strict：只有主副本计数，可用的主副本太少时协调者回答不可用")
        .choice<std::optional<ReadRepair>>(
            "read_repair",
            [](C& c, std::optional<ReadRepair> r) {
                if (r)
                    c.read_repair = *r;
            },
            "preset", {{"preset", std::nullopt}, {"BLOCKING", ReadRepair::Blocking}, {"NONE", ReadRepair::None}},
            "BLOCKING (Cassandra's default since 4.0): replicas that answered a read with an older version get the "
            "newest before the coordinator answers; NONE: reads repair nothing",
            "BLOCKING（Cassandra 4.0 起的默认值）：以较旧版本应答读请求的副本在协调者回复之前先得到最新版本；"
            "NONE：读操作不做任何修复")
        .duration("anti_entropy", &C::anti_entropy, "1s",
                  "How often (give or take a quarter, at random) the node compares a Merkle tree of the keys it "
                  "shares with its next peer and exchanges the versions that differ (0: never)",
                  "节点大约按此间隔（随机上下浮动四分之一）与下一个对等节点比较它们共享键的 Merkle 树，并交换不同的版本"
                  "（0 表示从不）",
                  {.min = 0})
        .integer("merkle_depth", &C::merkle_depth, 4,
                 "Levels of the Merkle tree below its root: 2^depth leaves; every node must use the same",
                 "Merkle 树根以下的层数：共 2^depth 个叶子；所有节点必须相同", {.min = 0, .max = 12})
        .duration("replica_timeout", &C::replica_timeout, "100ms",
                  "A replica that does not answer within this is suspected down (until it answers anything)",
                  "在此时间内未应答的副本被怀疑宕机（直到它应答任何消息为止）", {.min = 1})
        .duration("probe_interval", &C::probe_interval, "200ms",
                  "How often suspects are pinged and hints handed to their homes that answer again",
                  "按此间隔探测被怀疑的节点，并把提示移交给重新应答的主副本", {.min = 1})
        .integer("vnodes", &C::vnodes, 16, "Points of each node on the hash ring",
                 "每个节点在哈希环上的点数", {.min = 1, .max = 1000})
        .boolean("fsync", &C::fsync, true, "Each stored version reaches the disk before it is acknowledged",
                 "每个存储的版本在确认之前先落盘");
    return list;
}

DynamoNodeRole::DynamoNodeRole(DynamoNodeConfig config) : config_(std::move(config)) {}

void DynamoNodeRole::start(Context& ctx) {
    self_ = ctx.self();
    if (std::find(config_.members.begin(), config_.members.end(), self_) == config_.members.end())
        ctx.log(LogLevel::Error, "dynamo-node " + self_ + " is not among its members: it coordinates but stores nothing");
    if (config_.n > static_cast<std::int64_t>(config_.members.size()))
        ctx.log(LogLevel::Warn, "n = " + std::to_string(config_.n) + " but the ring has " +
                                    std::to_string(config_.members.size()) + " members: every key lives on all of them");
    const int n = static_cast<int>(
        std::clamp<std::int64_t>(config_.n, 1, static_cast<std::int64_t>(std::max<std::size_t>(config_.members.size(), 1))));
    store_.emplace(self_, Ring(config_.members, config_.vnodes), n, static_cast<int>(config_.merkle_depth), config_.fsync);
    for (const std::string& problem : store_->load(ctx.storage()))
        ctx.log(LogLevel::Error, problem);
    const std::size_t keys = store_->versions().size();
    update_phase(ctx, keys == 0 ? Text{"started", "已启动"}
                                : Text{"restarted with ", "重启，带着 "} + std::to_string(keys) + Text{" keys", " 个键"});
    ctx.set_timer(kTickTimer, config_.probe_interval);
    arm_anti_entropy(ctx);
}

void DynamoNodeRole::arm_anti_entropy(Context& ctx) {
    if (config_.anti_entropy <= Duration(0))
        return;
    // Jittered by a quarter either way, so that nodes started together do not compare in step.
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    ctx.set_timer(kAntiEntropyTimer, std::chrono::duration_cast<Duration>(config_.anti_entropy * jitter(ctx.rng())));
}

void DynamoNodeRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kTickTimer) {
        tick(ctx);
        ctx.set_timer(kTickTimer, config_.probe_interval);
    } else if (timer == kCommitTimer) {
        commit(ctx);
    } else if (timer == kBatchTimer) {
        flush_writes(ctx);
    } else if (timer == kAntiEntropyTimer) {
        start_anti_entropy(ctx);
        arm_anti_entropy(ctx);
    }
}

void DynamoNodeRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type != kv::kRequestType)
        heard_from(ctx, msg.from);
    if (msg.type == kv::kRequestType)
        handle_kv(ctx, msg);
    else if (msg.type == kWrite)
        handle_write(ctx, msg);
    else if (msg.type == kWrites)
        handle_writes(ctx, msg);
    else if (msg.type == kRead)
        handle_read(ctx, msg);
    else if (msg.type == kHandoff)
        handle_handoff(ctx, msg);
    else if (msg.type == kPing)
        ctx.reply(msg, Json::object());
    else if (msg.type == kTree)
        handle_tree(ctx, msg);
    else if (msg.type == kLeaves)
        handle_leaves(ctx, msg);
    else
        ignore_stray_message(ctx, msg, "");
}

// ---- coordinating ----

std::optional<std::vector<std::pair<NodeId, NodeId>>> DynamoNodeRole::choose_targets(
    const std::vector<NodeId>& preference, int n, int need) const {
    std::vector<std::pair<NodeId, NodeId>> targets;   // node, the home it stands for
    const std::size_t homes = std::min(preference.size(), static_cast<std::size_t>(n));
    std::size_t fallback = homes;
    for (std::size_t i = 0; i < homes; ++i) {
        if (is_up(preference[i])) {
            targets.emplace_back(preference[i], preference[i]);
            continue;
        }
        if (!config_.sloppy)
            continue;
        while (fallback < preference.size() && !is_up(preference[fallback]))
            ++fallback;
        if (fallback < preference.size())
            targets.emplace_back(preference[fallback++], preference[i]);
    }
    if (static_cast<int>(targets.size()) < need)
        return std::nullopt;
    return targets;
}

void DynamoNodeRole::handle_kv(Context& ctx, const Message& msg) {
    auto request = kv::decode_request(msg.body);
    if (!request) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", request.error().message}}, kv::kReplyType);
        return;
    }
    if (request->op == kv::Op::Cas) {
        ctx.reply(msg,
                  {{"ok", false},
                   {"error", "unsupported: a leaderless store has no compare-and-set (no single order of writes)"}},
                  kv::kReplyType);
        return;
    }
    const bool read = request->op == kv::Op::Get;
    Level level = read ? config_.read_level : config_.write_level;
    if (const auto cl = msg.body.find("consistency"); cl != msg.body.end()) {
        const auto parsed = cl->is_string() ? parse_level(cl->get<std::string>()) : std::nullopt;
        if (!parsed) {
            ctx.count("malformed");
            ctx.reply(msg,
                      {{"ok", false},
                       {"error", "\"consistency\" must be one of ONE, TWO, THREE, QUORUM, ALL; got " + cl->dump()}},
                      kv::kReplyType);
            return;
        }
        level = *parsed;
    }
    int n = store_->n();
    if (const auto requested = msg.body.find("n"); requested != msg.body.end()) {
        if (!requested->is_number_integer() || requested->get<std::int64_t>() < 1 ||
            requested->get<std::int64_t>() > n) {
            ctx.count("malformed");
            ctx.reply(msg,
                      {{"ok", false},
                       {"error", "\"n\" must be an integer from 1 to this node's n (" + std::to_string(n) + "); got " +
                                     requested->dump()}},
                      kv::kReplyType);
            return;
        }
        n = static_cast<int>(requested->get<std::int64_t>());
    }
    const int need = replies_needed(level, n);
    std::vector<NodeId> preference = store_->preference_list(request->key);
    auto targets = choose_targets(preference, n, need);
    if (!targets) {
        ++unavailable_;
        ctx.count("unavailable");
        ctx.reply(msg, {{"ok", false}, {"error", "unavailable"}}, kv::kReplyType);
        return;
    }
    const std::uint64_t id = ++next_coordination_;
    Coordination& c = coordinating_[id];
    c.request = msg;
    c.op = std::move(*request);
    c.n = n;
    c.need = need;
    c.preference = std::move(preference);
    if (read) {
        ++reads_;
    } else {
        ++writes_;
        const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(ctx.now()).count();
        last_ts_ = std::max<std::int64_t>(now_us, last_ts_ + 1);
        c.written = Version{c.op.value.value_or(""), last_ts_, self_};
    }
    for (const auto& [node, home] : *targets)
        ask(ctx, id, node, home);
    progress(ctx, id);
}

void DynamoNodeRole::ask(Context& ctx, std::uint64_t id, const NodeId& node, const NodeId& home) {
    Coordination& c = coordinating_.at(id);
    c.asked.insert(node);
    c.stands_for[node] = home;
    const bool read = c.op.op == kv::Op::Get;
    if (node == self_) {
        if (read) {
            c.read_replies[self_] = store_->newest(c.op.key);
            ++c.answers;
        } else {
            keep(ctx, c.op.key, c.written, home);
            if (!store_->unsynced()) {
                ++c.answers;   // a hint, or an older version than held: nothing to wait for
                return;
            }
            // Counted once on disk; the caller calls progress(), the group commit runs later.
            ++c.outstanding;
            when_durable(ctx, [this, id](Context& cx) {
                auto it = coordinating_.find(id);
                if (it == coordinating_.end())
                    return;
                --it->second.outstanding;
                ++it->second.answers;
                progress(cx, id);
            });
        }
        return;
    }
    Json body = {{"key", c.op.key}};
    ++c.outstanding;
    if (read) {
        ctx.call(node, kRead, std::move(body), config_.replica_timeout,
                 [this, id, node](Context& cx, const CallOutcome& outcome) { replica_answered(cx, id, node, outcome); });
        return;
    }
    body["version"] = c.written.to_json();
    if (home != node)
        body["hint"] = home;
    // Batched: the writes for one replica that this turn coordinates go in one message.
    outgoing_writes_[node].push_back({id, std::move(body)});
    if (!batch_armed_) {
        batch_armed_ = true;
        ctx.set_timer(kBatchTimer, Duration(0));
    }
}

void DynamoNodeRole::flush_writes(Context& ctx) {
    batch_armed_ = false;
    std::map<NodeId, std::vector<OutgoingWrite>> outgoing;
    outgoing.swap(outgoing_writes_);
    for (auto& [node, writes] : outgoing) {
        std::vector<std::uint64_t> ids;
        for (const OutgoingWrite& w : writes)
            ids.push_back(w.id);
        if (writes.size() == 1) {
            ctx.call(node, kWrite, std::move(writes.front().body), config_.replica_timeout,
                     [this, id = ids.front(), node](Context& cx, const CallOutcome& outcome) {
                         replica_answered(cx, id, node, outcome);
                     });
            continue;
        }
        ctx.observe("write_batch", static_cast<double>(writes.size()));
        Json bodies = Json::array();
        for (OutgoingWrite& w : writes)
            bodies.push_back(std::move(w.body));
        ctx.call(node, kWrites, {{"writes", std::move(bodies)}}, config_.replica_timeout,
                 [this, ids = std::move(ids), node](Context& cx, const CallOutcome& outcome) {
                     const Json* results = nullptr;
                     if (!outcome.timed_out && outcome.reply.body.is_object())
                         if (auto r = outcome.reply.body.find("results"); r != outcome.reply.body.end() && r->is_array())
                             results = &*r;
                     // Each write's outcome: the batch's, with that write's result as its body.
                     CallOutcome each{outcome.timed_out, {}};
                     each.reply.from = outcome.reply.from;
                     for (std::size_t i = 0; i < ids.size(); ++i) {
                         if (!outcome.timed_out)
                             each.reply.body = results && i < results->size() ? (*results)[i] : Json(nullptr);
                         replica_answered(cx, ids[i], node, each);
                     }
                 });
    }
}

void DynamoNodeRole::replica_answered(Context& ctx, std::uint64_t id, const NodeId& node, const CallOutcome& outcome) {
    auto it = coordinating_.find(id);
    if (it == coordinating_.end())
        return;
    Coordination& c = it->second;
    --c.outstanding;
    if (outcome.timed_out) {
        suspect(ctx, node);
        replace_failed(ctx, id, node);
        progress(ctx, id);
        return;
    }
    heard_from(ctx, node);
    const Json& body = outcome.reply.body;
    if (c.op.op != kv::Op::Get) {
        if (body.is_object() && body.value("ok", false))
            ++c.answers;
        else
            ctx.count("malformed_replies");
        progress(ctx, id);
        return;
    }
    const auto v = body.is_object() ? body.find("version") : body.end();
    std::optional<Version> version;
    if (v == body.end() || !(v->is_null() || v->is_object())) {
        ctx.count("malformed_replies");
        progress(ctx, id);
        return;
    }
    if (v->is_object()) {
        auto parsed = Version::from_json(*v);
        if (!parsed) {
            ctx.count("malformed_replies");
            progress(ctx, id);
            return;
        }
        version = std::move(*parsed);
    }
    c.read_replies[node] = version;
    if (c.completing) {
        // Late: the answer is chosen already; bring this replica up to it in the background.
        if (c.newest && older(version, *c.newest) && config_.read_repair != ReadRepair::None)
            repair(ctx, id, node, false);
    } else {
        ++c.answers;
    }
    progress(ctx, id);
}

void DynamoNodeRole::replace_failed(Context& ctx, std::uint64_t id, const NodeId& failed) {
    Coordination& c = coordinating_.at(id);
    const bool read = c.op.op == kv::Op::Get;
    if (!config_.sloppy || (read && c.completing))
        return;
    const NodeId home = c.stands_for.count(failed) ? c.stands_for.at(failed) : failed;
    for (std::size_t i = static_cast<std::size_t>(c.n); i < c.preference.size(); ++i) {
        const NodeId& candidate = c.preference[i];
        if (c.asked.contains(candidate) || !is_up(candidate))
            continue;
        ask(ctx, id, candidate, home);
        return;
    }
}

void DynamoNodeRole::progress(Context& ctx, std::uint64_t id) {
    auto it = coordinating_.find(id);
    if (it == coordinating_.end())
        return;
    Coordination& c = it->second;
    if (c.op.op == kv::Op::Get) {
        if (!c.completing && c.answers >= c.need)
            read_complete(ctx, id);
        if (c.completing && !c.replied && c.repairs_waiting == 0) {
            c.replied = true;
            if (c.repairs_failed)
                ctx.reply(c.request, {{"ok", false}, {"error", "unavailable"}}, kv::kReplyType);
            else
                ctx.reply(c.request, {{"ok", true}, {"value", c.newest ? Json(c.newest->value) : Json(nullptr)}},
                          kv::kReplyType);
        }
    } else if (!c.replied && c.answers >= c.need) {
        c.replied = true;
        ctx.reply(c.request, {{"ok", true}}, kv::kReplyType);
    }
    if (c.outstanding > 0)
        return;
    if (!c.replied) {
        if (c.op.op == kv::Op::Get) {
            // Too few replicas answered: the read had no effect, say so.
            ++unavailable_;
            ctx.count("unavailable");
            ctx.reply(c.request, {{"ok", false}, {"error", "unavailable"}}, kv::kReplyType);
        } else {
            // Some replicas may hold it: the outcome is unknown, so no answer (the client times out).
            ctx.count("writes_unacknowledged");
            ctx.log(LogLevel::Info, "put " + c.op.key + "=" + c.written.value + " reached " +
                                        std::to_string(c.answers) + " of the " + std::to_string(c.need) +
                                        " replicas it needs: not answered");
        }
    }
    coordinating_.erase(it);
}

void DynamoNodeRole::read_complete(Context& ctx, std::uint64_t id) {
    Coordination& c = coordinating_.at(id);
    c.completing = true;
    for (const auto& [node, v] : c.read_replies)
        if (v && (!c.newest || v->newer_than(*c.newest)))
            c.newest = v;
    if (!c.newest || config_.read_repair == ReadRepair::None)
        return;
    const std::vector<NodeId> stale = [&] {
        std::vector<NodeId> out;
        for (const auto& [node, v] : c.read_replies)
            if (older(v, *c.newest))
                out.push_back(node);
        return out;
    }();
    for (const NodeId& node : stale)
        repair(ctx, id, node, true);
}

void DynamoNodeRole::repair(Context& ctx, std::uint64_t id, const NodeId& node, bool blocking) {
    Coordination& c = coordinating_.at(id);
    const Version newest = *c.newest;
    const NodeId home = c.stands_for.count(node) ? c.stands_for.at(node) : node;
    ++read_repairs_;
    ctx.count("read_repairs");
    if (node == self_) {
        keep(ctx, c.op.key, newest, home);
        return;
    }
    Json body = {{"key", c.op.key}, {"version", newest.to_json()}};
    if (home != node)
        body["hint"] = home;
    ++c.outstanding;
    if (blocking)
        ++c.repairs_waiting;
    ctx.call(node, kWrite, std::move(body), config_.replica_timeout,
             [this, id, node, blocking](Context& cx, const CallOutcome& outcome) {
                 auto it = coordinating_.find(id);
                 if (it == coordinating_.end())
                     return;
                 --it->second.outstanding;
                 if (blocking)
                     --it->second.repairs_waiting;
                 if (outcome.timed_out) {
                     suspect(cx, node);
                     if (blocking)
                         it->second.repairs_failed = true;
                 } else {
                     heard_from(cx, node);
                 }
                 progress(cx, id);
             });
}

// ---- replicas ----

bool DynamoNodeRole::keep(Context& ctx, const std::string& key, const Version& v, const NodeId& home) {
    const bool kept = store_->apply(key, v, home);
    if (store_->unsynced() && !commit_armed_) {
        commit_armed_ = true;
        ctx.set_timer(kCommitTimer, Duration(0));
    }
    if (kept && !home.empty() && home != self_) {
        ++hints_stored_;
        ctx.count("hints_stored");
        update_phase(ctx, Text{"holds a hint for ", "为 "} + home + Text{"", " 保管一条提示"});
    }
    return kept;
}

void DynamoNodeRole::when_durable(Context& ctx, std::function<void(Context&)> then) {
    if (!store_->unsynced()) {
        then(ctx);
        return;
    }
    after_commit_.push_back(std::move(then));   // keep() armed the commit
}

void DynamoNodeRole::commit(Context& ctx) {
    commit_armed_ = false;
    // The writes this turn coordinates go to the other replicas first, so that they sync while
    // this node does (the runtime sends what was sent before a sync; see FileStorage::before_sync).
    if (batch_armed_)
        flush_writes(ctx);
    if (auto r = store_->sync(ctx.storage()); !r)
        ctx.log(LogLevel::Error, r.error().message);
    ctx.observe("commit_group", static_cast<double>(after_commit_.size()));
    std::vector<std::function<void(Context&)>> waiting;
    waiting.swap(after_commit_);
    for (auto& then : waiting)
        then(ctx);
}

std::optional<std::string> DynamoNodeRole::store_write(Context& ctx, const Json& b) {
    auto version = Version::from_json(b.is_object() ? b.value("version", Json(nullptr)) : Json(nullptr));
    const bool key_ok = b.is_object() && b.contains("key") && b["key"].is_string();
    const bool hint_ok = !b.is_object() || !b.contains("hint") || b["hint"].is_string();
    if (!key_ok || !version || !hint_ok) {
        ctx.count("malformed");
        return !key_ok ? "\"key\" must be a string" : !version ? version.error().message : "\"hint\" must be a node id";
    }
    const NodeId home = b.contains("hint") ? b["hint"].get<std::string>() : self_;
    keep(ctx, b["key"].get<std::string>(), *version, home);
    return std::nullopt;
}

void DynamoNodeRole::handle_write(Context& ctx, const Message& msg) {
    if (const auto why = store_write(ctx, msg.body)) {
        ctx.log(LogLevel::Warn, "dy_write from " + msg.from + " refused: " + *why);
        ctx.reply(msg, {{"ok", false}, {"error", *why}});
        return;
    }
    when_durable(ctx, [to = address_of(msg)](Context& cx) { cx.reply(to, {{"ok", true}}); });
}

void DynamoNodeRole::handle_writes(Context& ctx, const Message& msg) {
    const Json writes = msg.body.is_object() ? msg.body.value("writes", Json(nullptr)) : Json(nullptr);
    if (!writes.is_array()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "dy_writes from " + msg.from + " refused: \"writes\" must be an array");
        ctx.reply(msg, {{"error", "\"writes\" must be an array"}});
        return;
    }
    Json results = Json::array();
    for (std::size_t i = 0; i < writes.size(); ++i) {
        if (const auto why = store_write(ctx, writes[i])) {
            ctx.log(LogLevel::Warn, "dy_writes from " + msg.from + ": write " + std::to_string(i) + " refused: " + *why);
            results.push_back({{"ok", false}, {"error", *why}});
        } else {
            results.push_back({{"ok", true}});
        }
    }
    when_durable(ctx, [to = address_of(msg), results = std::move(results)](Context& cx) mutable {
        cx.reply(to, {{"results", std::move(results)}});
    });
}

void DynamoNodeRole::handle_read(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    if (!b.is_object() || !b.contains("key") || !b["key"].is_string()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "dy_read from " + msg.from + " refused: \"key\" must be a string");
        ctx.reply(msg, {{"error", "\"key\" must be a string"}});
        return;
    }
    ctx.reply(msg, {{"version", optional_version(store_->newest(b["key"].get<std::string>()))}});
}

void DynamoNodeRole::handle_handoff(Context& ctx, const Message& msg) {
    auto entries = entries_from_json(msg.body.is_object() ? msg.body.value("entries", Json(nullptr)) : Json(nullptr));
    if (!entries) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "dy_handoff from " + msg.from + " refused: " + entries.error().message);
        ctx.reply(msg, {{"ok", false}, {"error", entries.error().message}});
        return;
    }
    std::size_t newer = 0;
    for (const KeyVersion& e : *entries)
        newer += keep(ctx, e.key, e.version, self_) ? 1 : 0;
    ctx.log(LogLevel::Info, "took " + std::to_string(entries->size()) + " hinted versions from " + msg.from + " (" +
                                std::to_string(newer) + " newer than its own)");
    when_durable(ctx, [to = address_of(msg)](Context& cx) { cx.reply(to, {{"ok", true}}); });
}

// ---- liveness and hinted handoff ----

void DynamoNodeRole::heard_from(Context& ctx, const NodeId& node) {
    if (suspects_.erase(node) > 0) {
        ctx.log(LogLevel::Info, node + " answers again");
        update_phase(ctx, node + Text{" answers again", " 又有应答了"});
    }
}

void DynamoNodeRole::suspect(Context& ctx, const NodeId& node) {
    if (node == self_ || !suspects_.emplace(node, ctx.now()).second)
        return;
    ctx.count("suspicions");
    ctx.log(LogLevel::Info, node + " did not answer within " + std::to_string(to_ms(config_.replica_timeout)) +
                                " ms: suspected down");
    update_phase(ctx, node + Text{" suspected down", " 被怀疑已宕机"});
}

void DynamoNodeRole::tick(Context& ctx) {
    for (const auto& [node, since] : suspects_)
        ctx.call(node, kPing, Json::object(), config_.replica_timeout,
                 [this, node](Context& cx, const CallOutcome& outcome) {
                     if (!outcome.timed_out)
                         heard_from(cx, node);
                 });
    std::vector<NodeId> homes;
    for (const auto& [home, held] : store_->hints())
        if (!held.empty() && is_up(home) && !handoffs_in_flight_.contains(home))
            homes.push_back(home);
    for (const NodeId& home : homes)
        hand_off(ctx, home);
}

void DynamoNodeRole::hand_off(Context& ctx, const NodeId& home) {
    std::vector<KeyVersion> entries = store_->hints_for(home);
    handoffs_in_flight_.insert(home);
    update_phase(ctx, Text{"handing " + std::to_string(entries.size()) + " hints to " + home,
                           "把 " + std::to_string(entries.size()) + " 条提示移交给 " + home});
    ctx.call(home, kHandoff, {{"entries", to_json(entries)}}, config_.replica_timeout,
             [this, home, entries](Context& cx, const CallOutcome& outcome) {
                 handoffs_in_flight_.erase(home);
                 if (outcome.timed_out || !outcome.reply.body.is_object() || !outcome.reply.body.value("ok", false)) {
                     if (outcome.timed_out)
                         suspect(cx, home);
                     update_phase(cx, Text{"handoff to ", "向 "} + home + Text{" failed", " 的移交失败"});
                     return;
                 }
                 heard_from(cx, home);
                 const std::size_t delivered = store_->drop_delivered(home, entries);
                 hints_delivered_ += delivered;
                 cx.count("hints_delivered", static_cast<double>(delivered));
                 update_phase(cx, Text{"handed " + std::to_string(delivered) + " hints to " + home,
                                       "已把 " + std::to_string(delivered) + " 条提示移交给 " + home});
             });
}

void DynamoNodeRole::update_phase(Context& ctx, Text reason) {
    std::string name = "serving";
    if (!handoffs_in_flight_.empty())
        name = "handing-off";
    else if (store_->hints_held() > 0)
        name = "holding-hints";
    else if (!suspects_.empty())
        name = "suspecting";
    if (name == phase_)
        return;
    phase_ = name;
    ctx.phase(name, std::move(reason));
}

// ---- anti-entropy ----

void DynamoNodeRole::start_anti_entropy(Context& ctx) {
    std::vector<NodeId> peers;
    for (const NodeId& m : config_.members)
        if (m != self_)
            peers.push_back(m);
    for (std::size_t step = 0; step < peers.size(); ++step) {
        const NodeId& peer = peers[(anti_entropy_next_ + step) % peers.size()];
        if (!is_up(peer))
            continue;
        anti_entropy_next_ = (anti_entropy_next_ + step + 1) % peers.size();
        ++ae_exchanges_;
        ctx.count("ae_exchanges");
        ctx.send(peer, kTree, {{"hashes", {{"1", hex(store_->tree_with(peer).root())}}}});
        return;
    }
}

void DynamoNodeRole::handle_tree(Context& ctx, const Message& msg) {
    const Json hashes = msg.body.is_object() ? msg.body.value("hashes", Json(nullptr)) : Json(nullptr);
    if (!hashes.is_object()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "dy_tree from " + msg.from + " refused: \"hashes\" must be an object");
        return;
    }
    const MerkleTree& mine = store_->tree_with(msg.from);
    Json children = Json::object();
    std::vector<std::size_t> leaves;
    for (const auto& [index_text, hash] : hashes.items()) {
        std::size_t index = 0;
        const auto [end, ec] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
        const auto theirs = hash.is_string() ? from_hex(hash.get<std::string>()) : std::nullopt;
        if (ec != std::errc() || end != index_text.data() + index_text.size() || !mine.is_node(index) || !theirs) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "dy_tree from " + msg.from + " refused: bad node \"" + index_text +
                                        "\" (merkle_depth differs, or a corrupt body)");
            return;
        }
        if (mine.hash(index) == *theirs)
            continue;
        if (mine.is_leaf(index)) {
            leaves.push_back(index);
            continue;
        }
        for (std::size_t child : {2 * index, 2 * index + 1})
            children[std::to_string(child)] = hex(mine.hash(child));
    }
    if (!children.empty())
        ctx.send(msg.from, kTree, {{"hashes", std::move(children)}});
    if (!leaves.empty())
        send_leaves(ctx, msg.from, leaves, true);
}

void DynamoNodeRole::send_leaves(Context& ctx, const NodeId& to, const std::vector<std::size_t>& leaves, bool answer) {
    ctx.send(to, kLeaves, {{"leaves", leaves}, {"entries", to_json(store_->in_leaves(to, leaves))}, {"answer", answer}});
}

void DynamoNodeRole::handle_leaves(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    auto entries = entries_from_json(b.is_object() ? b.value("entries", Json(nullptr)) : Json(nullptr));
    const Json leaves = b.is_object() ? b.value("leaves", Json(nullptr)) : Json(nullptr);
    const bool leaves_ok = leaves.is_array() && std::all_of(leaves.begin(), leaves.end(), [](const Json& l) {
                               return l.is_number_unsigned();
                           });
    if (!entries || !leaves_ok) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "dy_leaves from " + msg.from + " refused: " +
                                    (entries ? std::string("\"leaves\" must be an array of node indexes")
                                             : entries.error().message));
        return;
    }
    std::size_t repaired = 0;
    for (const KeyVersion& e : *entries) {
        if (!store_->is_home(e.key))
            continue;   // not ours to keep
        repaired += keep(ctx, e.key, e.version, self_) ? 1 : 0;
    }
    if (repaired > 0) {
        ae_keys_repaired_ += repaired;
        ctx.count("ae_keys_repaired", static_cast<double>(repaired));
        ctx.log(LogLevel::Info, "anti-entropy with " + msg.from + " repaired " + std::to_string(repaired) + " keys");
    }
    if (b.value("answer", false))
        send_leaves(ctx, msg.from, leaves.get<std::vector<std::size_t>>(), false);
}

// ---- snapshot ----

Json DynamoNodeRole::snapshot() const {
    if (!store_)
        return Json::object();
    Json shown = Json::object();
    for (const auto& [key, v] : store_->versions()) {
        if (shown.size() >= kShownKeys)
            break;
        shown[key] = v.value;
    }
    Json hints = Json::object();
    for (const auto& [home, held] : store_->hints())
        hints[home] = held.size();
    Json digests = Json::object();
    for (const NodeId& m : config_.members)
        if (m != self_)
            digests[m] = hex(store_->tree_with(m).root());
    Json suspects = Json::array();
    for (const auto& [node, since] : suspects_)
        suspects.push_back(node);
    const std::size_t held = store_->hints_held();
    return {{"keys", store_->versions().size()},
            {"store", std::move(shown)},
            {"hints", held},
            {"hints_scale", std::max<std::size_t>(64, held)},
            {"hints_by_home", std::move(hints)},
            {"suspects", std::move(suspects)},
            {"n", store_->n()},
            {"read_consistency", to_string(config_.read_level)},
            {"write_consistency", to_string(config_.write_level)},
            {"quorum", config_.sloppy ? "sloppy" : "strict"},
            {"coordinating", coordinating_.size()},
            {"reads", reads_},
            {"writes", writes_},
            {"unavailable", unavailable_},
            {"hints_stored", hints_stored_},
            {"hints_delivered", hints_delivered_},
            {"read_repairs", read_repairs_},
            {"ae_exchanges", ae_exchanges_},
            {"ae_keys_repaired", ae_keys_repaired_},
            {"digests", std::move(digests)}};
}

}  // namespace distlab::core::leaderless
