#include "core/patterns/sharding/shard_client_role.h"

#include <algorithm>
#include <random>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/kv/kv_protocol.h"
#include "core/patterns/sharding/shard_protocol.h"

namespace distlab::core::sharding {

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr std::size_t kLostShown = 10;

}  // namespace

const ParamList<ShardClientConfig>& ShardClientConfig::params() {
    using C = ShardClientConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("router", &C::router, nullptr, "The router this client sends every operation to",
              "此客户端发送所有操作的路由器")
        .number("rate", nested(&C::workload, &OpenLoopWorkload::rate), 100, "Operations per second (open loop)",
                "每秒操作数（开环）", {.min = 0.001, .max = 100000})
        .choice<Arrival>("arrival", nested(&C::workload, &OpenLoopWorkload::arrival), "poisson",
                         {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}},
                         "Spacing of the operations: fixed intervals, or Poisson arrivals (random, independent)",
                         "操作的间隔：固定间隔，或泊松到达（随机、相互独立）")
        .duration("stop_at", nested(&C::workload, &OpenLoopWorkload::stop_at), "0ms",
                  "Stop starting operations at this time (0: never); then every written key is read back",
                  "在此时刻停止发起操作（0 表示不停止）；之后回读每个写过的键", {.min = 0})
        .choice("keys", &C::keys, "uniform", {{"monotonic", KeyPattern::Monotonic}, {"uniform", KeyPattern::Uniform}},
                "monotonic: each put inserts the next id (an auto-increment key or a timestamp); uniform: puts "
                "draw ids from [0, key_count)",
                "monotonic：每次 put 插入下一个 id（如自增主键或时间戳）；uniform：put 从 [0, key_count) 中随机取 id")
        .integer("first_key", &C::first_key, 0,
                 "The lowest id this client writes: monotonic keys start there, uniform keys are drawn from "
                 "[first_key, first_key + key_count). Clients of one scenario write disjoint ids",
                 "此客户端写入的最小 id：monotonic 键从这里开始，uniform 键取自 [first_key, first_key + key_count)。"
                 "同一场景的多个客户端写入互不相交的 id",
                 {.min = 0, .max = 1000000000})
        .integer("key_count", &C::key_count, 1000, "Uniform keys: how many ids are drawn from, from first_key on",
                 "uniform 键：从 first_key 起可选的 id 个数", {.min = 1, .max = 1000000000})
        .probability("read_ratio", &C::read_ratio, 0.2, "Share of operations that get a key written before",
                     "读取已写入键的操作比例")
        .probability("scan_ratio", &C::scan_ratio, 0.0,
                     "Share of operations that scan scan_length consecutive ids (the latest ones for monotonic keys)",
                     "扫描 scan_length 个连续 id 的操作比例（monotonic 键时扫描最新的 id）")
        .integer("scan_length", &C::scan_length, 20, "Ids per scan", "每次扫描的 id 数", {.min = 1, .max = 1000})
        .duration("timeout", &C::timeout, "1s", "Time limit of one operation; past it the outcome is unknown",
                  "单个操作的时限；超过后结果未知", {.min = 1})
        .integer("verify_concurrency", &C::verify_concurrency, 20,
                 "Gets kept outstanding while the client reads every written key back at the end",
                 "结束时回读所有写过的键期间保持未完成的 get 数", {.min = 1, .max = 1000});
    return list;
}

ShardClientRole::ShardClientRole(ShardClientConfig config)
    : config_(std::move(config)),
      driver_(config_.workload, {.mode = LoadMode::Open, .arrival_timer = kArrivalTimer, .announce_phases = false}),
      next_id_(config_.first_key) {}

void ShardClientRole::start(Context& ctx) {
    ctx.phase("running", (config_.keys == KeyPattern::Monotonic ? Text{"monotonic keys through ", "单调递增的键，经由 "}
                                                                : Text{"uniform keys through ", "均匀分布的键，经由 "}) +
                             config_.router);
    driver_.start(ctx, [this](Context& c) { begin(c); });
}

void ShardClientRole::on_message(Context& ctx, const Message& msg) {
    ignore_stray_message(ctx, msg, kv::kReplyType);
}

void ShardClientRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { begin(c); });
    maybe_verify(ctx);
}

Json ShardClientRole::snapshot() const {
    Json snap = {{"state", verified_all_ ? "stopped" : (verifying_ ? "verifying" : "running")},
                 {"puts", puts_},
                 {"gets", gets_},
                 {"scans", scans_},
                 {"written", acked_.size()},
                 {"scan_keys", scan_keys_},
                 {"scan_shards", scan_shards_},
                 {"missing_reads", missing_reads_},
                 {"verified", verified_},
                 {"lost", lost_},
                 {"lost_keys", lost_keys_},
                 {"unverified", unverified_},
                 {"verify_done", verified_all_},
                 {"in_flight", operations_.size()}};
    tally_.write(snap);
    return snap;
}

void ShardClientRole::begin(Context& ctx) {
    std::uniform_real_distribution<double> coin(0, 1);
    const double r = coin(ctx.rng());
    if (!written_.empty() && r < config_.scan_ratio) {
        begin_scan(ctx);
        return;
    }
    if (!written_.empty() && r < config_.scan_ratio + config_.read_ratio) {
        std::uniform_int_distribution<std::size_t> pick(0, written_.size() - 1);
        begin_get(ctx, written_[pick(ctx.rng())], Kind::Get);
        return;
    }
    if (config_.keys == KeyPattern::Monotonic) {
        begin_put(ctx, next_id_++);
        return;
    }
    std::uniform_int_distribution<std::int64_t> pick(config_.first_key, config_.first_key + config_.key_count - 1);
    const std::int64_t id = pick(ctx.rng());
    // One put per key at a time, so the last acknowledged put is the key's value.
    if (writing_.contains(id))
        begin_get(ctx, id, Kind::Get);
    else
        begin_put(ctx, id);
}

void ShardClientRole::begin_put(Context& ctx, std::int64_t id) {
    const std::uint64_t seq = ++seq_;
    Operation op{.kind = Kind::Put, .id = id, .value = ctx.self() + "-" + std::to_string(seq), .started = ctx.now()};
    kv::Request request{.op = kv::Op::Put, .key = key_of(id), .value = op.value};
    op.op = ctx.op_invoke("put", {{"key", request.key}, {"value", op.value}});
    writing_.insert(id);
    operations_.emplace(seq, std::move(op));
    tally_.call(ctx);
    ctx.call(config_.router, kv::kRequestType, request.to_json(), config_.timeout,
             [this, seq](Context& c, const CallOutcome& outcome) { done(c, seq, outcome); });
}

void ShardClientRole::begin_get(Context& ctx, std::int64_t id, Kind kind) {
    const std::uint64_t seq = ++seq_;
    Operation op{.kind = kind, .id = id, .acked_before = acked_.contains(id), .started = ctx.now()};
    kv::Request request{.op = kv::Op::Get, .key = key_of(id)};
    op.op = ctx.op_invoke("get", {{"key", request.key}});
    operations_.emplace(seq, std::move(op));
    tally_.call(ctx);
    ctx.call(config_.router, kv::kRequestType, request.to_json(), config_.timeout,
             [this, seq](Context& c, const CallOutcome& outcome) { done(c, seq, outcome); });
}

void ShardClientRole::begin_scan(Context& ctx) {
    std::int64_t first = 0;
    if (config_.keys == KeyPattern::Monotonic) {
        first = std::max<std::int64_t>(0, *std::max_element(written_.begin(), written_.end()) - config_.scan_length + 1);
    } else {
        std::uniform_int_distribution<std::int64_t> pick(
            config_.first_key, config_.first_key + std::max<std::int64_t>(0, config_.key_count - config_.scan_length));
        first = pick(ctx.rng());
    }
    const std::int64_t last = first + config_.scan_length - 1;
    const std::uint64_t seq = ++seq_;
    Operation op{.kind = Kind::Scan, .id = first, .started = ctx.now()};
    op.op = ctx.op_invoke("scan", {{"from", key_of(first)}, {"to", key_of(last)}});
    operations_.emplace(seq, std::move(op));
    tally_.call(ctx);
    ctx.call(config_.router, std::string(kScan), {{"from", first}, {"to", last}}, config_.timeout,
             [this, seq](Context& c, const CallOutcome& outcome) { done(c, seq, outcome); });
}

void ShardClientRole::done(Context& ctx, std::uint64_t seq, const CallOutcome& outcome) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    Operation& op = it->second;
    if (outcome.timed_out) {
        tally_.timeout(ctx);
        if (op.kind == Kind::Put)
            unknown_[op.id].push_back(op.value);
        if (op.kind == Kind::Verify)
            ++unverified_;
        finish(ctx, seq, OpStatus::Info, {{"error", "timeout"}});
        return;
    }
    const Json& reply = outcome.reply.body;
    const CallResult answer = read_answer(reply, "refused");
    if (answer.end != CallEnd::Ok) {
        if (answer.end == CallEnd::Malformed)
            ctx.count(client_metric::kMalformedReplies);
        else
            tally_.failure(ctx);
        if (op.kind == Kind::Verify)
            ++unverified_;
        finish(ctx, seq, answer.end == CallEnd::Malformed ? OpStatus::Info : OpStatus::Fail, answer.op_value());
        return;
    }
    tally_.success(ctx);
    switch (op.kind) {
    case Kind::Put:
        ++puts_;
        if (!acked_.contains(op.id))
            written_.push_back(op.id);
        acked_[op.id] = op.value;
        unknown_.erase(op.id);
        finish(ctx, seq, OpStatus::Ok, Json::object());
        return;
    case Kind::Scan: {
        ++scans_;
        const Json values = reply.value("values", Json::object());
        scan_keys_ += static_cast<std::int64_t>(values.size());
        scan_shards_ += reply.value("shards", std::int64_t{0});
        finish(ctx, seq, OpStatus::Ok, {{"keys", values.size()}, {"shards", reply.value("shards", 0)}});
        return;
    }
    case Kind::Get:
    case Kind::Verify:
        break;
    }
    const auto value = reply.find("value");
    if (value == reply.end() || !(value->is_string() || value->is_null())) {
        ctx.count(client_metric::kMalformedReplies);
        finish(ctx, seq, OpStatus::Info, {{"error", "malformed reply"}});
        return;
    }
    if (op.kind == Kind::Get) {
        ++gets_;
        if (value->is_null() && op.acked_before) {
            ++missing_reads_;
            ctx.count("missing_reads");
        }
        finish(ctx, seq, OpStatus::Ok, {{"value", *value}});
        return;
    }
    // Verify: the last acknowledged put, or a later put whose outcome is unknown, or (never
    // acknowledged) nothing at all.
    ++verified_;
    const auto acked = acked_.find(op.id);
    const auto later = unknown_.find(op.id);
    const bool among_unknown = value->is_string() && later != unknown_.end() &&
                               std::find(later->second.begin(), later->second.end(), value->get<std::string>()) !=
                                   later->second.end();
    const bool fine = among_unknown || (acked == acked_.end() ? value->is_null()
                                                              : value->is_string() && value->get<std::string>() == acked->second);
    if (!fine) {
        ++lost_;
        ctx.count("lost");
        if (lost_keys_.size() < kLostShown)
            lost_keys_.push_back(key_of(op.id));
        ctx.log(LogLevel::Warn, key_of(op.id) + " reads back " + value->dump() + ", not its last acknowledged put " +
                                    (acked == acked_.end() ? std::string("(none)") : "\"" + acked->second + "\""));
    }
    finish(ctx, seq, OpStatus::Ok, {{"value", *value}});
}

void ShardClientRole::finish(Context& ctx, std::uint64_t seq, OpStatus status, Json value) {
    auto it = operations_.find(seq);
    if (it == operations_.end())
        return;
    if (status != OpStatus::Info)
        ctx.observe(client_metric::kLatency, to_ms(ctx.now() - it->second.started));
    if (it->second.kind == Kind::Put)
        writing_.erase(it->second.id);
    const bool verify = it->second.kind == Kind::Verify;
    ctx.op_complete(it->second.op, status, std::move(value));
    operations_.erase(it);
    if (verify)
        verify_next(ctx);
    else
        maybe_verify(ctx);
}

void ShardClientRole::maybe_verify(Context& ctx) {
    if (verifying_ || !driver_.stopped() || !operations_.empty())
        return;
    verifying_ = true;
    for (const auto& [id, value] : acked_)
        to_verify_.push_back(id);
    for (const auto& [id, values] : unknown_)
        if (!acked_.contains(id))
            to_verify_.push_back(id);
    std::reverse(to_verify_.begin(), to_verify_.end());
    ctx.phase("verifying", Text{"reading back ", "读回 "} + std::to_string(to_verify_.size()) + Text{" written keys", " 个写过的键"});
    if (to_verify_.empty()) {
        verify_next(ctx);
        return;
    }
    for (std::int64_t i = 0; i < config_.verify_concurrency; ++i)
        verify_next(ctx);
}

void ShardClientRole::verify_next(Context& ctx) {
    if (!to_verify_.empty()) {
        const std::int64_t id = to_verify_.back();
        to_verify_.pop_back();
        begin_get(ctx, id, Kind::Verify);
        return;
    }
    if (!operations_.empty() || verified_all_)
        return;
    verified_all_ = true;
    ctx.phase("stopped", std::to_string(verified_) + Text{" keys read back, ", " 个键已读回，"} + std::to_string(lost_) +
                             Text{" lost", " 个丢失"});
}

}  // namespace distlab::core::sharding
