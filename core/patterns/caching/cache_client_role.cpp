#include "core/patterns/caching/cache_client_role.h"

#include <algorithm>
#include <random>
#include <utility>

#include "core/patterns/caching/cache_protocol.h"
#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::caching {

namespace {

constexpr TimerId kArrivalTimer{1};

}  // namespace

const ParamList<CacheClientConfig>& CacheClientConfig::params() {
    using C = CacheClientConfig;
    static const ParamList<C> list =
        ParamList<C>{}
            .part(&C::workload, OpenLoopWorkload::params().with_text("target", "The cached-service it calls",
                                                                      "客户端调用的带缓存服务"))
            .integer("keys", &C::keys, 100, "The database's keys, k0 .. k(keys-1)", "数据库中的键 k0 .. k(keys-1)",
                     {.min = 1, .max = 1000000})
            .integer("key_range", &C::key_range, 0,
                     "Uniform reads and every write pick among the first this many keys (0: all of them)",
                     "均匀读取和所有写入只在前这么多个键中挑选（0 表示全部）", {.min = 0, .max = 1000000})
            .probability("hot_ratio", &C::hot_ratio, 0, "Share of reads for the hot key k0",
                         "读取热点键 k0 的比例")
            .probability("missing_ratio", &C::missing_ratio, 0,
                         "Share of reads for keys the database does not have (m0, m1, ...): the penetration attack",
                         "读取数据库中不存在的键（m0、m1 ...）的比例：缓存穿透攻击")
            .integer("missing_keys", &C::missing_keys, 0,
                     "How many distinct missing keys those reads use (0: a new key every time, as random ids do)",
                     "这些读取使用多少个不同的不存在键（0 表示每次都是新键，如随机 id）", {.min = 0, .max = 100000000})
            .probability("write_ratio", &C::write_ratio, 0, "Share of operations that are writes", "写操作的比例")
            .duration("timeout", &C::timeout, "2s", "Time limit of one operation; past it the outcome is unknown",
                      "单个操作的时限；超过后结果未知", {.min = 1});
    return list;
}

CacheClientRole::CacheClientRole(CacheClientConfig config)
    : config_(std::move(config)), driver_(config_.workload, {.mode = LoadMode::Open, .arrival_timer = kArrivalTimer}) {}

void CacheClientRole::start(Context& ctx) {
    driver_.start(ctx, [this](Context& c) { begin(c); });
}

void CacheClientRole::on_message(Context& ctx, const Message& msg) {
    // Only late answers arrive here: a read's or a write's, after its call timed out.
    ignore_stray_message(ctx, msg, msg.type == "put_reply" ? "put_reply" : "get_reply");
}

void CacheClientRole::on_timer(Context& ctx, TimerId timer) {
    driver_.on_timer(ctx, timer, [this](Context& c) { begin(c); });
}

std::string CacheClientRole::pick_read_key(Context& ctx) {
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    const double draw = coin(ctx.rng());
    if (draw < config_.hot_ratio)
        return consistent_hashing::key_name(0);
    if (draw < config_.hot_ratio + config_.missing_ratio) {
        if (config_.missing_keys <= 0)
            return "m" + std::to_string(next_missing_++);
        std::uniform_int_distribution<std::int64_t> pick(0, config_.missing_keys - 1);
        return "m" + std::to_string(pick(ctx.rng()));
    }
    const std::int64_t range = config_.key_range > 0 ? std::min(config_.key_range, config_.keys) : config_.keys;
    std::uniform_int_distribution<std::int64_t> pick(0, range - 1);
    return consistent_hashing::key_name(pick(ctx.rng()));
}

double CacheClientRole::stale_age_ms(const std::string& key, std::int64_t version, Duration started) const {
    auto it = acked_.find(key);
    if (it == acked_.end())
        return -1;
    // The first acknowledgement of a newer version before the read began: how long the read's
    // value had been superseded.
    std::optional<Duration> since;
    for (const auto& [v, at] : it->second)
        if (v > version && at < started)
            since = since ? std::min(*since, at) : at;
    return since ? to_ms(started - *since) : -1;
}

void CacheClientRole::begin(Context& ctx) {
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    const bool write = coin(ctx.rng()) < config_.write_ratio;
    std::string key;
    if (write) {
        const std::int64_t range = config_.key_range > 0 ? std::min(config_.key_range, config_.keys) : config_.keys;
        std::uniform_int_distribution<std::int64_t> pick(0, range - 1);
        key = consistent_hashing::key_name(pick(ctx.rng()));
    } else {
        key = pick_read_key(ctx);
    }
    const OpId op = ctx.op_invoke(write ? "write" : "read", {{"key", key}});
    const Duration started = ctx.now();
    ++in_flight_;
    tally_.call(ctx);
    ctx.call(config_.workload.target, std::string(write ? kPut : kGet), {{"key", key}}, config_.timeout,
             [this, op, key, started, write](Context& c, const CallOutcome& outcome) {
                 --in_flight_;
                 const CallResult result = tally_.ended(c, outcome, started, [](const Json& body) {
                     CallResult r = read_answer(body, "failed");
                     if (r.end == CallEnd::Ok && (!body.contains("value") || !is_value(body["value"])))
                         return CallResult{CallEnd::Malformed, "malformed reply"};
                     return r;
                 });
                 if (result.end != CallEnd::Ok) {
                     c.op_complete(op, result.status(), result.op_value());
                     return;
                 }
                 const Json& value = outcome.reply.body["value"];
                 if (write) {
                     ++writes_;
                     acked_[key].emplace_back(value.get<std::int64_t>(), c.now());
                     c.op_complete(op, OpStatus::Ok, {{"key", key}, {"value", value}});
                     return;
                 }
                 ++reads_;
                 const std::string source = outcome.reply.body.value("source", std::string());
                 const bool hit = source != "db";
                 hits_ += hit ? 1 : 0;
                 hits_window_.add(c.now(), hit);
                 const double age = value.is_null() ? -1 : stale_age_ms(key, value.get<std::int64_t>(), started);
                 if (age >= 0) {
                     ++stale_reads_;
                     max_stale_ms_ = std::max(max_stale_ms_, age);
                     c.count("stale_reads");
                 }
                 stale_window_.add(c.now(), age >= 0);
                 c.op_complete(op, OpStatus::Ok, {{"key", key}, {"value", value}, {"source", source}});
             });
}

Json CacheClientRole::snapshot() const {
    Json snap = {{"state", driver_.state()},
                 {"reads", reads_},
                 {"writes", writes_},
                 {"hits", hits_},
                 {"hit_ratio", hits_window_.last_percent()},
                 {"stale_reads", stale_reads_},
                 {"stale_pct", stale_window_.last_percent()},
                 {"max_stale_ms", max_stale_ms_},
                 {"in_flight", in_flight_}};
    tally_.write(snap);
    return snap;
}

}  // namespace distlab::core::caching
