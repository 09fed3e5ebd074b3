#include "core/patterns/maelstrom/reference_node_role.h"

#include <algorithm>

#include "core/patterns/maelstrom/workload_client.h"

namespace distlab::core::maelstrom {

const ParamList<ReferenceNodeConfig>& ReferenceNodeConfig::params() {
    using C = ReferenceNodeConfig;
    static const ParamList<C> list = ParamList<C>{}
        .choice("workload", &C::workload, "broadcast",
                {{"unique-ids", NodeWorkload::UniqueIds}, {"broadcast", NodeWorkload::Broadcast},
                 {"g-set", NodeWorkload::GSet}, {"g-counter", NodeWorkload::GCounter},
                 {"pn-counter", NodeWorkload::PnCounter}, {"lin-kv", NodeWorkload::LinKv}},
                "The Maelstrom workload this node serves", "该节点服务的 Maelstrom 工作负载")
        .boolean("flawed", &C::flawed, false,
                 "Make the workload's classic mistake: ids that collide; a broadcast or set that forwards each value "
                 "once; a counter that resends deltas and adds every copy; a kv map per node",
                 "犯该工作负载的典型错误：id 冲突；广播或集合对每个值只转发一次；计数器重发增量并把每个副本都加上；"
                 "每个节点一份 kv 映射")
        .duration("gossip_every", &C::gossip_every, "100ms",
                  "How often it gossips what a neighbour has not acknowledged (flawed counter: resends its deltas)",
                  "多久向邻居传播一次对方尚未确认的内容（有缺陷的计数器：重发增量）", {.min = 1});
    return list;
}

void ReferenceNodeRole::start(Context& ctx) {
    const std::string_view own = ctx.role_of(ctx.self());
    for (const NodeId& peer : ctx.peers())
        if (ctx.role_of(peer) == own)
            others_.push_back(peer);
    std::sort(others_.begin(), others_.end(), natural_less);
    neighbours_ = others_;
    ctx.set_timer(kGossip, config_.gossip_every);
}

void ReferenceNodeRole::answer(Context& ctx, const Message& msg, Json body) {
    body["in_reply_to"] = msg.body.is_object() ? msg.body.value("msg_id", Json()) : Json();
    body["msg_id"] = next_msg_id_++;
    const std::string type = body.value("type", std::string());
    ctx.reply(msg, std::move(body), type);
}

void ReferenceNodeRole::learn(Context& ctx, std::int64_t value, const NodeId& from) {
    if (!elements_.insert(value).second || !config_.flawed)
        return;
    for (const NodeId& peer : neighbours_)
        if (peer != from)
            ctx.send(peer, "gossip", {{"type", "gossip"}, {"messages", {value}}, {"msg_id", next_msg_id_++}});
}

std::int64_t ReferenceNodeRole::counter_value() const {
    std::int64_t value = total_;
    for (const auto& [node, n] : up_)
        value += n;
    for (const auto& [node, n] : down_)
        value -= n;
    return value;
}

Json ReferenceNodeRole::apply_kv(const Json& body, const std::string& type) {
    const std::int64_t key = body.value("key", std::int64_t{0});
    const auto it = kv_.find(key);
    if (type == "read")
        return it == kv_.end() ? Json{{"type", "error"}, {"code", 20}, {"text", "no key " + std::to_string(key)}}
                               : Json{{"type", "read_ok"}, {"value", it->second}};
    if (type == "write") {
        kv_[key] = body.value("value", Json());
        return {{"type", "write_ok"}};
    }
    if (it == kv_.end())
        return {{"type", "error"}, {"code", 20}, {"text", "no key " + std::to_string(key)}};
    if (it->second != body.value("from", Json()))
        return {{"type", "error"}, {"code", 22}, {"text", "expected " + body.value("from", Json()).dump() + ", was " + it->second.dump()}};
    it->second = body.value("to", Json());
    return {{"type", "cas_ok"}};
}

void ReferenceNodeRole::on_message(Context& ctx, const Message& msg) {
    if (!msg.body.is_object()) {
        answer(ctx, msg, {{"type", "error"}, {"code", 12}, {"text", "a body must be an object"}});
        return;
    }
    const Json& body = msg.body;
    const std::string type = body.value("type", std::string());
    const bool sets = config_.workload == NodeWorkload::Broadcast || config_.workload == NodeWorkload::GSet;
    const bool counter = config_.workload == NodeWorkload::GCounter || config_.workload == NodeWorkload::PnCounter;
    if (type == "topology") {
        neighbours_.clear();
        if (const auto it = body.find("topology"); it != body.end() && it->is_object() && it->contains(ctx.self()))
            for (const Json& n : (*it)[ctx.self()])
                if (n.is_string())
                    neighbours_.push_back(n.get<std::string>());
        answer(ctx, msg, {{"type", "topology_ok"}});
    } else if (config_.workload == NodeWorkload::UniqueIds && type == "generate") {
        const std::int64_t n = ++generated_;
        answer(ctx, msg, {{"type", "generate_ok"},
                          {"id", config_.flawed ? Json(n) : Json(ctx.self() + "-" + std::to_string(n))}});
    } else if (sets && type == (config_.workload == NodeWorkload::Broadcast ? "broadcast" : "add")) {
        const Json v = body.value(config_.workload == NodeWorkload::Broadcast ? "message" : "element", Json());
        if (!v.is_number_integer()) {
            answer(ctx, msg, {{"type", "error"}, {"code", 12}, {"text", "expected an integer"}});
            return;
        }
        answer(ctx, msg, {{"type", type + "_ok"}});
        learn(ctx, v.get<std::int64_t>(), {});
    } else if (sets && type == "read") {
        answer(ctx, msg, {{"type", "read_ok"}, {config_.workload == NodeWorkload::Broadcast ? "messages" : "value", elements_}});
    } else if (sets && type == "gossip") {
        std::vector<std::int64_t> got;
        const Json messages = body.value("messages", Json::array());
        for (const Json& v : messages)
            if (v.is_number_integer()) {
                got.push_back(v.get<std::int64_t>());
                known_by_[msg.from].insert(got.back());
                learn(ctx, got.back(), msg.from);
            }
        if (!config_.flawed)
            answer(ctx, msg, {{"type", "gossip_ok"}, {"messages", got}});
    } else if (sets && type == "gossip_ok") {
        const Json messages = body.value("messages", Json::array());
        for (const Json& v : messages)
            if (v.is_number_integer())
                known_by_[msg.from].insert(v.get<std::int64_t>());
    } else if (counter && type == "add") {
        const std::int64_t d = body.value("delta", std::int64_t{0});
        answer(ctx, msg, {{"type", "add_ok"}});
        if (!config_.flawed) {
            (d >= 0 ? up_ : down_)[ctx.self()] += d >= 0 ? d : -d;
            return;
        }
        total_ += d;
        for (const NodeId& peer : others_)
            unacked_[next_delta_++] = {peer, d};
        gossip(ctx);
    } else if (counter && type == "read") {
        answer(ctx, msg, {{"type", "read_ok"}, {"value", counter_value()}});
    } else if (counter && type == "counter_state") {
        const Json up = body.value("up", Json::object()), down = body.value("down", Json::object());
        for (const auto& [n, v] : up.items())
            if (v.is_number_integer())
                up_[n] = std::max(up_[n], v.get<std::int64_t>());
        for (const auto& [n, v] : down.items())
            if (v.is_number_integer())
                down_[n] = std::max(down_[n], v.get<std::int64_t>());
    } else if (counter && type == "delta") {
        total_ += body.value("delta", std::int64_t{0});   // every copy: the flaw
        answer(ctx, msg, {{"type", "delta_ok"}, {"id", body.value("id", Json())}});
    } else if (counter && type == "delta_ok") {
        unacked_.erase(body.value("id", std::int64_t{0}));
    } else if (config_.workload == NodeWorkload::LinKv && (type == "read" || type == "write" || type == "cas")) {
        const NodeId keeper = others_.empty() || natural_less(ctx.self(), others_.front()) ? ctx.self() : others_.front();
        if (config_.flawed || keeper == ctx.self()) {
            answer(ctx, msg, apply_kv(body, type));
            return;
        }
        Json forwarded = body;
        forwarded["type"] = "fwd_" + type;
        forwarded["msg_id"] = next_msg_id_++;
        ctx.call(keeper, "fwd_" + type, std::move(forwarded), Duration(std::chrono::seconds(1)),
                 [this, msg](Context& c, const CallOutcome& outcome) {
                     if (outcome.timed_out || !outcome.reply.body.is_object())
                         return;   // the client's request times out: an unknown outcome, as it must be
                     Json reply = outcome.reply.body;
                     reply.erase("in_reply_to");
                     answer(c, msg, std::move(reply));
                 });
    } else if (config_.workload == NodeWorkload::LinKv && type.starts_with("fwd_")) {
        answer(ctx, msg, apply_kv(body, type.substr(4)));
    } else if (!body.contains("in_reply_to")) {
        answer(ctx, msg, {{"type", "error"}, {"code", 10}, {"text", "not supported: " + type}});
    }
}

void ReferenceNodeRole::gossip(Context& ctx) {
    if (config_.flawed) {
        for (const auto& [id, pending] : unacked_)
            ctx.send(pending.first, "delta",
                     {{"type", "delta"}, {"id", id}, {"delta", pending.second}, {"msg_id", next_msg_id_++}});
        return;
    }
    if (config_.workload == NodeWorkload::Broadcast || config_.workload == NodeWorkload::GSet) {
        for (const NodeId& peer : config_.workload == NodeWorkload::Broadcast ? neighbours_ : others_) {
            std::vector<std::int64_t> missing;
            const std::set<std::int64_t>& known = known_by_[peer];
            std::set_difference(elements_.begin(), elements_.end(), known.begin(), known.end(), std::back_inserter(missing));
            if (!missing.empty())
                ctx.send(peer, "gossip", {{"type", "gossip"}, {"messages", missing}, {"msg_id", next_msg_id_++}});
        }
    } else if (config_.workload == NodeWorkload::GCounter || config_.workload == NodeWorkload::PnCounter) {
        for (const NodeId& peer : others_)
            ctx.send(peer, "counter_state", {{"type", "counter_state"}, {"up", up_}, {"down", down_}});
    }
}

void ReferenceNodeRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kGossip)
        return;
    gossip(ctx);
    ctx.set_timer(kGossip, config_.gossip_every);
}

Json ReferenceNodeRole::snapshot() const {
    Json snap = {{"flawed", config_.flawed}};
    switch (config_.workload) {
        case NodeWorkload::UniqueIds: snap["generated"] = generated_; break;
        case NodeWorkload::Broadcast:
        case NodeWorkload::GSet:
            snap["elements"] = elements_.size();
            snap["neighbours"] = neighbours_;
            break;
        case NodeWorkload::GCounter:
        case NodeWorkload::PnCounter:
            snap["value"] = counter_value();
            snap["unacked"] = unacked_.size();
            break;
        case NodeWorkload::LinKv: snap["keys"] = kv_.size(); break;
    }
    return snap;
}

}  // namespace distlab::core::maelstrom
