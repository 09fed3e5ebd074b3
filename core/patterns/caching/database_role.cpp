#include "core/patterns/caching/database_role.h"

#include <algorithm>
#include <cmath>

#include "core/patterns/caching/cache_protocol.h"
#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::core::caching {

namespace {

constexpr TimerId kAnswerTimer{1};
constexpr TimerId kMeasureTimer{2};
constexpr Duration kMeasureEvery = std::chrono::milliseconds(100);
constexpr Duration kWindow = std::chrono::seconds(1);

}  // namespace

const ParamList<DatabaseConfig>& DatabaseConfig::params() {
    using C = DatabaseConfig;
    static const ParamList<C> list = ParamList<C>{}
        .integer("keys", &C::keys, 100, "The rows the database holds: keys k0 .. k(keys-1); any other key does not exist",
                 "数据库持有的行：键 k0 .. k(keys-1)；其他键都不存在", {.min = 1, .max = 1000000})
        .duration("latency", &C::latency, "20ms", "How long one read (or batch read) takes once a worker takes it",
                  "一次读（或批量读）被工作线程取走后所需的时间", {.min = 0.001, .max = 10000})
        .duration("write_latency", &C::write_latency, "5ms", "How long one write takes once a worker takes it",
                  "一次写被工作线程取走后所需的时间", {.min = 0.001, .max = 10000})
        .number("capacity", &C::capacity, 200,
                "Queries per second it serves without queueing (capacity x latency workers); beyond it queries wait "
                "and its answers slow down",
                "不排队时每秒能处理的查询数（工作线程数 = 容量 × 延迟）；超过后查询排队等待，响应变慢",
                {.min = 1, .max = 1000000});
    return list;
}

DatabaseRole::DatabaseRole(DatabaseConfig config) : config_(std::move(config)) {
    const double seconds = std::chrono::duration<double>(config_.latency).count();
    const auto workers = static_cast<std::size_t>(std::max(1.0, std::round(config_.capacity * seconds)));
    workers_.assign(workers, Duration(0));
}

void DatabaseRole::start(Context& ctx) {
    for (std::int64_t i = 0; i < config_.keys; ++i)
        versions_[consistent_hashing::key_name(i)] = 1;
    now_ = ctx.now();
    const std::string capacity = std::to_string(static_cast<std::int64_t>(config_.capacity));
    ctx.phase("normal", Text{"serving " + std::to_string(config_.keys) + " rows, capacity " + capacity + " queries/s",
                             "提供 " + std::to_string(config_.keys) + " 行数据，容量每秒 " + capacity + " 次查询"});
    ctx.set_timer(kMeasureTimer, kMeasureEvery);
}

std::int64_t* DatabaseRole::version_of(const std::string& key) {
    auto it = versions_.find(key);
    return it == versions_.end() ? nullptr : &it->second;
}

void DatabaseRole::on_message(Context& ctx, const Message& msg) {
    now_ = ctx.now();
    const auto refuse = [&](const std::string& error) { ctx.reply(msg, {{"ok", false}, {"error", error}}); };
    if (msg.type == kDbMget) {
        if (!msg.body.is_object() || !msg.body.contains("keys") || !msg.body["keys"].is_array()) {
            refuse("a db_mget needs {\"keys\": [key, ...]}");
            return;
        }
        Json values = Json::object();
        for (const Json& k : msg.body["keys"]) {
            if (!k.is_string()) {
                refuse("db_mget: every key must be a string");
                return;
            }
            const std::int64_t* v = version_of(k.get<std::string>());
            values[k.get<std::string>()] = v ? Json(*v) : Json(nullptr);
        }
        ++reads_;
        admit(ctx, msg, {{"ok", true}, {"values", std::move(values)}}, config_.latency);
        return;
    }
    if (msg.type != kDbGet && msg.type != kDbPut) {
        ctx.log(LogLevel::Warn, "database ignores a message of type \"" + msg.type + "\" from " + msg.from);
        return;
    }
    auto key = read_key(msg.body, msg.type);
    if (!key) {
        refuse(key.error().message);
        return;
    }
    std::int64_t* version = version_of(*key);
    if (msg.type == kDbGet) {
        ++reads_;
        admit(ctx, msg, {{"ok", true}, {"value", version ? Json(*version) : Json(nullptr)}}, config_.latency);
        return;
    }
    if (!version) {
        refuse("unknown_key: \"" + *key + "\" is not a row of this database (k0 .. k" +
               std::to_string(config_.keys - 1) + ")");
        return;
    }
    if (msg.body.contains("value")) {
        const Json& v = msg.body["value"];
        if (!v.is_number_integer() || v.get<std::int64_t>() < 1) {
            refuse("db_put: \"value\" must be a version (an integer >= 1)");
            return;
        }
        *version = std::max(*version, v.get<std::int64_t>());
    } else {
        ++*version;
    }
    ++writes_;
    admit(ctx, msg, {{"ok", true}, {"value", *version}}, config_.write_latency);
}

Duration DatabaseRole::schedule(Duration now, Duration service) {
    auto worker = std::min_element(workers_.begin(), workers_.end());
    const Duration begin = std::max(now, *worker);
    *worker = begin + service;
    return *worker;
}

void DatabaseRole::admit(Context& ctx, const Message& msg, Json answer, Duration service) {
    ++queries_;
    ctx.count("queries");
    ctx.count(msg.type == kDbPut ? "writes" : "reads");
    arrivals_.push_back(now_);
    const Duration done = schedule(now_, service);
    last_latency_ms_ = to_ms(done - now_);
    ctx.observe("db_latency_ms", last_latency_ms_);
    const bool first = pending_.empty() || done < pending_.begin()->first;
    pending_.emplace(done, Pending{done, msg, std::move(answer)});
    if (first)
        ctx.set_timer(kAnswerTimer, done - now_);
    measure(ctx);
}

void DatabaseRole::answer_due(Context& ctx) {
    while (!pending_.empty() && pending_.begin()->first <= now_) {
        Pending p = std::move(pending_.begin()->second);
        pending_.erase(pending_.begin());
        ctx.reply(p.request, std::move(p.answer));
    }
    if (!pending_.empty())
        ctx.set_timer(kAnswerTimer, pending_.begin()->first - now_);
}

void DatabaseRole::on_timer(Context& ctx, TimerId timer) {
    now_ = ctx.now();
    if (timer == kAnswerTimer) {
        answer_due(ctx);
        return;
    }
    if (timer == kMeasureTimer) {
        measure(ctx);
        ctx.set_timer(kMeasureTimer, kMeasureEvery);
    }
}

void DatabaseRole::measure(Context& ctx) {
    while (!arrivals_.empty() && arrivals_.front() <= now_ - kWindow)
        arrivals_.pop_front();
    const auto qps = static_cast<std::int64_t>(arrivals_.size());
    peak_qps_ = std::max(peak_qps_, qps);
    ctx.gauge("qps", static_cast<double>(qps));
    const bool over = static_cast<double>(qps) > config_.capacity;
    if (over != overloaded_) {
        overloaded_ = over;
        ctx.phase(over ? "overloaded" : "normal",
                  Text{std::to_string(qps) + " queries in the last second against a capacity of " +
                           std::to_string(static_cast<std::int64_t>(config_.capacity)),
                       "过去一秒 " + std::to_string(qps) + " 次查询，容量为 " + std::to_string(static_cast<std::int64_t>(config_.capacity))});
    }
}

Json DatabaseRole::snapshot() const {
    std::int64_t queued = 0;
    for (const auto& [done, p] : pending_)
        queued += done - now_ > (p.request.type == kDbPut ? config_.write_latency : config_.latency) ? 1 : 0;
    const auto qps = static_cast<double>(arrivals_.size());
    return {{"state", overloaded_ ? "overloaded" : "normal"},
            {"qps", qps},
            {"qps_scale", std::max(2.0 * config_.capacity, qps)},
            {"capacity", config_.capacity},
            {"peak_qps", peak_qps_},
            {"queries", queries_},
            {"reads", reads_},
            {"writes", writes_},
            {"queued", queued},
            {"latency_ms", last_latency_ms_}};
}

}  // namespace distlab::core::caching
