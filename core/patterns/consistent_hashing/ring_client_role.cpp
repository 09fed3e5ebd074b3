#include "core/patterns/consistent_hashing/ring_client_role.h"

#include <algorithm>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/consistent_hashing/ring_protocol.h"
#include "core/patterns/kv/kv_protocol.h"

namespace distlab::core::consistent_hashing {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<RingClientConfig>& RingClientConfig::params() {
    using C = RingClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::placement, PlacementSettings::params())
        .number("rate", nested(&C::workload, &OpenLoopWorkload::rate), 50,
                "Gets per second once every key is loaded (open loop)",
                "所有键载入后每秒的 get 次数（开环）", {.min = 0.001, .max = 100000})
        .choice<Arrival>("arrival", nested(&C::workload, &OpenLoopWorkload::arrival), "poisson",
                         {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}},
                         "Spacing of the gets: fixed intervals, or Poisson arrivals (random, independent)",
                         "get 的间隔：固定间隔，或泊松到达（随机、相互独立）")
        .duration("stop_at", nested(&C::workload, &OpenLoopWorkload::stop_at), "0ms",
                  "Stop starting gets at this time (0: never), so that all finish before the run ends",
                  "在此时刻停止发起 get（0 表示不停止），使所有操作在运行结束前完成", {.min = 0})
        .integer("load_concurrency", &C::load_concurrency, 20,
                 "Puts kept outstanding while the client loads the key space at the start",
                 "开始时载入键空间期间保持未完成的 put 数", {.min = 1, .max = 1000})
        .duration("timeout", &C::timeout, "1s",
                  "Time limit of one operation, redirects to the owner included; past it the outcome is unknown",
                  "单个操作的时限（含重定向到所有者）；超过后结果未知", {.min = 1});
    return list;
}

RingClientRole::RingClientRole(RingClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.mode = LoadMode::Open, .arrival_timer = kArrivalTimer}),
      written_(static_cast<std::size_t>(config_.placement.keys), false) {}

void RingClientRole::start(Context& ctx) {
    members_ = config_.placement.members;
    owners_ = owners(config_.placement, members_);
    const std::string strategy(to_string(config_.placement.strategy));
    ctx.phase("loading", Text{"putting " + std::to_string(config_.placement.keys) + " keys on a ring of " +
                                  std::to_string(members_.size()) + " (" + strategy + ")",
                              "把 " + std::to_string(config_.placement.keys) + " 个键放到 " + std::to_string(members_.size()) +
                                  " 个节点的环上（" + strategy + "）"});
    if (members_.empty()) {
        ctx.log(LogLevel::Error, "ring-client has no members to place keys on");
        loading_ = false;
        driver_.stop(ctx, Text{"no members", "没有成员"});
        return;
    }
    for (std::int64_t i = 0; i < config_.load_concurrency; ++i)
        load_next(ctx);
}

void RingClientRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        handle_lab(ctx, msg);
        return;
    }
    ignore_stray_message(ctx, msg, kv::kReplyType);
}

void RingClientRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { begin_get(c); });
}

Json RingClientRole::snapshot() const {
    std::map<NodeId, std::int64_t> per_node;
    for (const NodeId& m : members_)
        per_node[m] = 0;
    for (const NodeId& owner : owners_)
        ++per_node[owner];
    std::vector<std::int64_t> loads;
    Json load = Json::object();
    for (const auto& [node, n] : per_node) {
        load[node] = n;
        loads.push_back(n);
    }
    const Spread s = spread(loads);
    Json changes = Json::array();
    for (const RingChange& c : changes_)
        changes.push_back({{"kind", c.kind}, {"node", c.node}, {"before", c.before}, {"after", c.after},
                           {"moved", c.moved}, {"at_ms", to_ms(c.at)}});
    const double keys = static_cast<double>(std::max<std::int64_t>(config_.placement.keys, 1));
    Json snap = {{"state", loading_ ? std::string_view("loading") : driver_.state()},
                 {"strategy", to_string(config_.placement.strategy)},
                 {"vnodes", config_.placement.vnodes},
                 {"key_space", config_.placement.keys},
                 {"load_factor", config_.placement.load_factor},
                 {"members", members_.size()},
                 {"ring", members_},
                 {"loaded", loaded_},
                 {"gets", gets_},
                 {"misses", misses_},
                 {"redirects", redirects_},
                 {"moved", moved_total_},
                 {"moved_fraction", changes_.empty() ? 0.0 : static_cast<double>(changes_.back().moved) / keys},
                 {"ideal_fraction",
                  changes_.empty() ? 0.0 : ideal_moved_fraction(changes_.back().before, changes_.back().after)},
                 {"changes", std::move(changes)},
                 {"load", std::move(load)},
                 {"load_max_over_mean", s.max_over_mean},
                 {"load_cv", s.cv},
                 {"in_flight", operations_.size()}};
    tally_.write(snap);
    return snap;
}

void RingClientRole::handle_lab(Context& ctx, const Message& msg) {
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
    if (ctx.role_of(id) != "ring-node") {
        ctx.reply(msg, {{"ok", false}, {"error", "\"" + id + "\" is not a ring-node of this scenario"}});
        return;
    }
    const bool member = std::find(members_.begin(), members_.end(), id) != members_.end();
    if (join == member) {
        ctx.reply(msg, {{"ok", true}, {"members", members_}});
        return;
    }
    if (!join && members_.size() == 1) {
        ctx.reply(msg, {{"ok", false}, {"error", "the ring cannot lose its last member"}});
        return;
    }
    RingChange change{.kind = std::string(msg.type), .node = id, .before = members_.size(), .at = ctx.now()};
    if (join)
        members_.push_back(id);
    else
        std::erase(members_, id);
    std::vector<NodeId> next = owners(config_.placement, members_);
    for (std::size_t i = 0; i < next.size() && i < owners_.size(); ++i)
        change.moved += next[i] != owners_[i];
    change.after = members_.size();
    owners_ = std::move(next);
    moved_total_ += change.moved;
    ctx.count("keys_moved", static_cast<double>(change.moved));
    const double keys = static_cast<double>(std::max<std::int64_t>(config_.placement.keys, 1));
    ctx.log(LogLevel::Info, id + (join ? " joins" : " leaves") + ": " + std::to_string(change.moved) + " of " +
                                std::to_string(config_.placement.keys) + " keys change owner (" +
                                std::to_string(static_cast<int>(100.0 * static_cast<double>(change.moved) / keys + 0.5)) +
                                " %; the fewest possible: " +
                                std::to_string(static_cast<int>(
                                    100.0 * ideal_moved_fraction(change.before, change.after) + 0.5)) +
                                " %)");
    changes_.push_back(std::move(change));
    ctx.reply(msg, {{"ok", true}, {"members", members_}});
}

void RingClientRole::load_next(Context& ctx) {
    if (next_load_ >= config_.placement.keys)
        return;
    begin(ctx, true, next_load_++);
}

void RingClientRole::begin_get(Context& ctx) {
    std::uniform_int_distribution<std::int64_t> dist(0, config_.placement.keys - 1);
    begin(ctx, false, dist(ctx.rng()));
}

std::string RingClientRole::value_of(const Context& ctx, std::int64_t index) const {
    return ctx.self() + "-" + key_name(index);
}

void RingClientRole::begin(Context& ctx, bool put, std::int64_t index) {
    const std::uint64_t seq = ++seq_;
    Operation op;
    op.put = put;
    op.key = key_name(index);
    Json value = {{"key", op.key}};
    if (put) {
        op.value = value_of(ctx, index);
        value["value"] = op.value;
    }
    op.op = ctx.op_invoke(put ? "put" : "get", std::move(value));
    op.started = ctx.now();
    op.deadline = op.started + config_.timeout;
    op.target = owners_[static_cast<std::size_t>(index)];
    operations_.emplace(seq, std::move(op));
    send_attempt(ctx, seq);
}

void RingClientRole::send_attempt(Context& ctx, std::uint64_t seq) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    Operation& op = it->second;
    const Duration left = op.deadline - ctx.now();
    if (left <= Duration(0)) {
        end_operation(ctx, seq, OpStatus::Fail, {{"error", "not_owner"}});
        return;
    }
    kv::Request request;
    request.op = op.put ? kv::Op::Put : kv::Op::Get;
    request.key = op.key;
    if (op.put)
        request.value = op.value;
    tally_.call(ctx);
    ctx.call(op.target, kv::kRequestType, request.to_json(), left,
             [this, seq](Context& c, const CallOutcome& outcome) { attempt_done(c, seq, outcome); });
}

void RingClientRole::attempt_done(Context& ctx, std::uint64_t seq, const CallOutcome& outcome) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    Operation& op = it->second;
    if (outcome.timed_out) {
        tally_.timeout(ctx);
        end_operation(ctx, seq, OpStatus::Info, {{"error", "timeout"}});
        return;
    }
    const Json& reply = outcome.reply.body;
    const CallResult answer = read_answer(reply, "refused");
    if (answer.end == CallEnd::Malformed) {
        ctx.count(client_metric::kMalformedReplies);
        end_operation(ctx, seq, OpStatus::Info, {{"error", "malformed reply"}});
        return;
    }
    if (answer.end == CallEnd::Failed) {
        const auto owner = reply.find("owner");
        if (answer.error == kNotOwner && owner != reply.end() && owner->is_string() &&
            owner->get<std::string>() != op.target && op.redirects < kMaxRedirects) {
            ++op.redirects;
            ++redirects_;
            ctx.count("redirects");
            op.target = owner->get<std::string>();
            send_attempt(ctx, seq);
            return;
        }
        end_operation(ctx, seq, OpStatus::Fail, answer.op_value());
        return;
    }
    if (op.put) {
        if (const auto index = key_index(op.key, config_.placement.keys))
            written_[static_cast<std::size_t>(*index)] = true;
        end_operation(ctx, seq, OpStatus::Ok, Json::object());
        return;
    }
    const auto value = reply.find("value");
    if (value == reply.end() || !(value->is_string() || value->is_null())) {
        ctx.count(client_metric::kMalformedReplies);
        end_operation(ctx, seq, OpStatus::Info, {{"error", "malformed reply"}});
        return;
    }
    ++gets_;
    const auto index = key_index(op.key, config_.placement.keys);
    if (value->is_null() && index && written_[static_cast<std::size_t>(*index)]) {
        ++misses_;
        ctx.count("misses");
    }
    if (value->is_string() && index && value->get<std::string>() != value_of(ctx, *index))
        ctx.violation(op.target + Text{" answered ", " 的应答是 "} + op.key + " = \"" + value->get<std::string>() +
                      Text{"\", a value this client never wrote", "\"，这个值本客户端从未写过"});
    end_operation(ctx, seq, OpStatus::Ok, {{"value", *value}});
}

void RingClientRole::end_operation(Context& ctx, std::uint64_t seq, OpStatus status, Json value) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    const bool put = it->second.put;
    if (status == OpStatus::Ok)
        tally_.success(ctx);
    else if (status == OpStatus::Fail)
        tally_.failure(ctx);
    if (status != OpStatus::Info)
        ctx.observe(client_metric::kLatency, to_ms(ctx.now() - it->second.started));
    ctx.op_complete(it->second.op, status, std::move(value));
    operations_.erase(it);
    if (!put || !loading_)
        return;
    ++loaded_;
    if (next_load_ < config_.placement.keys) {
        load_next(ctx);
        return;
    }
    if (loaded_ == config_.placement.keys) {
        loading_ = false;
        driver_.start(ctx, [this](Context& c) { begin_get(c); });
    }
}

}  // namespace distlab::core::consistent_hashing
