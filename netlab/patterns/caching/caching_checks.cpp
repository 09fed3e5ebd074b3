#include "netlab/patterns/caching/caching_checks.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "netlab/checks/check_support.h"

namespace distlab::netlab {

namespace {

using core::Json;
using core::Text;

constexpr const char* kDatabase = "database";
constexpr const char* kService = "cached-service";
constexpr const char* kClient = "cache-client";

std::string whole(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

// Each State event of a node running `role`, parsed, with its time.
template <class Fn>
void each_snapshot(const RunView& run, std::string_view role, Fn&& fn) {
    for (const Event& e : run.events) {
        if (e.kind != EventKind::State)
            continue;
        const core::RoleDescriptor* d = run.roles->role_of_node(e.node);
        if (!d || d->name != role)
            continue;
        const Json s = Json::parse(e.data, nullptr, false);
        if (s.is_object())
            fn(e, s);
    }
}

class DbUnderCapacity final : public Check {
public:
    explicit DbUnderCapacity(std::int64_t after_ns) : after_ns_(after_ns) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        struct Peak {
            double qps = -1, capacity = 0;
            std::int64_t at_ns = 0;
            std::int64_t queries = 0;
        };
        std::map<std::string, Peak> peaks;
        each_snapshot(run, kDatabase, [&](const Event& e, const Json& s) {
            Peak& p = peaks[e.node];
            p.capacity = s.value("capacity", 0.0);
            p.queries = s.value("queries", std::int64_t{0});
            if (e.t_ns < after_ns_)
                return;
            const double qps = s.value("qps", 0.0);
            if (qps > p.qps) {
                p.qps = qps;
                p.at_ns = e.t_ns;
            }
        });
        if (peaks.empty())
            return verdict(Verdict::Unknown, Text{"no database reported its load", "没有数据库报告其负载"});
        CheckResult result;
        std::vector<Text> parts;
        bool over = false;
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        for (const auto& [node, p] : peaks) {
            const double peak = std::max(p.qps, 0.0);
            const std::string q = whole(peak), cap = whole(p.capacity), at = seconds_text(p.at_ns),
                              total = std::to_string(p.queries);
            parts.push_back(Text{node + ": peak " + q + " queries/s at " + at + " against a capacity of " + cap +
                                     " (" + total + " queries in all)",
                                 node + "：峰值 " + q + " 次查询/s（" + at + "），容量 " + cap + "（共 " + total +
                                     " 次查询）"});
            if (peak > p.capacity) {
                over = true;
                involve_node(result, node);
                if (!window)
                    window = std::make_pair(std::max<std::int64_t>(0, p.at_ns - 1'000'000'000), p.at_ns);
            }
        }
        const Text since = after_ns_ > 0 ? Text{" from " + seconds_text(after_ns_) + " on", "（自 " +
                                                                                                seconds_text(after_ns_) +
                                                                                                " 起）"}
                                         : Text{};
        CheckResult r = verdict(over ? Verdict::Fail : Verdict::Pass,
                                (over ? Text{"the database went past its capacity" , "数据库超过了容量"}
                                      : Text{"the database stayed within its capacity", "数据库保持在容量以内"}) +
                                    since + Text{": ", "："} + joined_text(parts, Text{"; ", "；"}),
                                window);
        r.nodes = std::move(result.nodes);
        return r;
    }

private:
    std::int64_t after_ns_;
};

class RebuildQueries final : public Check {
public:
    explicit RebuildQueries(std::int64_t max) : max_(max) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        struct Last {
            std::int64_t rebuilds = 0, max_queries = 0, db_reads = 0;
            std::string rebuild;
        };
        std::map<std::string, Last> last;
        each_snapshot(run, kService, [&](const Event& e, const Json& s) {
            last[e.node] = {s.value("rebuilds", std::int64_t{0}), s.value("max_rebuild_queries", std::int64_t{0}),
                            s.value("db_reads", std::int64_t{0}), s.value("rebuild", std::string())};
        });
        if (last.empty())
            return verdict(Verdict::Unknown, Text{"no cached-service reported", "没有 cached-service 报告"});
        std::vector<Text> parts;
        bool fail = false;
        CheckResult involved;
        for (const auto& [node, l] : last) {
            const std::string n = std::to_string(l.rebuilds), m = std::to_string(l.max_queries),
                              reads = std::to_string(l.db_reads);
            parts.push_back(Text{node + " (rebuild " + l.rebuild + "): " + n + " rebuilds, at most " + m +
                                     " database queries for one, " + reads + " database reads in all",
                                 node + "（重建方式 " + l.rebuild + "）：" + n + " 次重建，单次重建最多 " + m +
                                     " 次数据库查询，共 " + reads + " 次数据库读"});
            if (l.rebuilds == 0 || l.max_queries > max_) {
                fail = true;
                involve_node(involved, node);
            }
        }
        CheckResult r = verdict(fail ? Verdict::Fail : Verdict::Pass,
                                Text{"at most " + std::to_string(max_) + " database queries per rebuild: ",
                                     "每次重建最多 " + std::to_string(max_) + " 次数据库查询："} +
                                    joined_text(parts, Text{"; ", "；"}));
        r.nodes = std::move(involved.nodes);
        return r;
    }

private:
    std::int64_t max_;
};

class StaleReads final : public Check {
public:
    StaleReads(std::int64_t max, std::int64_t older_than_ns) : max_(max), older_than_ns_(older_than_ns) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point budget) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        struct Op {
            std::string node, f, key;
            std::int64_t invoked = 0;
        };
        std::map<std::pair<std::string, std::uint64_t>, Op> open;
        std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> acked;   // key -> (version, at)
        struct Read {
            std::string node, key;
            std::uint64_t op = 0;
            std::int64_t invoked = 0, version = 0;
        };
        std::vector<Read> reads;
        std::size_t seen = 0;
        for (const Event& e : run.events) {
            if ((++seen & 0xfff) == 0 && std::chrono::steady_clock::now() > budget)
                return out_of_time(seen, run.events.size());
            if (e.kind != EventKind::OpInvoked && e.kind != EventKind::OpCompleted)
                continue;
            const core::RoleDescriptor* d = run.roles->role_of_node(e.node);
            if (!d || d->name != kClient)
                continue;
            const Json v = Json::parse(e.data, nullptr, false);
            if (e.kind == EventKind::OpInvoked) {
                open[{e.node, e.msg_id}] = {e.node, e.type, v.is_object() ? v.value("key", std::string()) : "",
                                            e.t_ns};
                continue;
            }
            auto it = open.find({e.node, e.msg_id});
            if (it == open.end())
                continue;
            const Op op = std::move(it->second);
            open.erase(it);
            if (e.type != "ok" || !v.is_object() || !v.contains("value") || !v["value"].is_number_integer())
                continue;
            const std::int64_t version = v["value"].get<std::int64_t>();
            if (op.f == "write")
                acked[op.key].emplace_back(version, e.t_ns);
            else if (op.f == "read")
                reads.push_back({op.node, op.key, e.msg_id, op.invoked, version});
        }
        std::int64_t stale = 0, beyond = 0, max_age = 0;
        CheckResult involved;
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        for (const Read& r : reads) {
            auto it = acked.find(r.key);
            if (it == acked.end())
                continue;
            std::optional<std::int64_t> since;
            for (const auto& [version, at] : it->second)
                if (version > r.version && at < r.invoked)
                    since = since ? std::min(*since, at) : at;
            if (!since)
                continue;
            ++stale;
            const std::int64_t age = r.invoked - *since;
            max_age = std::max(max_age, age);
            if (age > older_than_ns_) {
                ++beyond;
                involve_op(involved, r.node, r.op);
                if (!window)
                    window = std::make_pair(*since, r.invoked);
            }
        }
        const std::string n = std::to_string(reads.size()), s = std::to_string(stale), b = std::to_string(beyond),
                          bound = span_text(older_than_ns_), oldest = span_text(max_age),
                          most = std::to_string(max_);
        const bool ok = beyond <= max_;
        CheckResult r = verdict(
            ok ? Verdict::Pass : Verdict::Fail,
            Text{n + " reads, " + s + " stale (the oldest " + oldest + " behind a write acknowledged before it); " +
                     b + " older than " + bound + ", at most " + most + " allowed",
                 n + " 次读取，" + s + " 次读到旧值（最旧的落后于其开始前已确认的写 " + oldest + "）；其中 " + b +
                     " 次超过 " + bound + "，最多允许 " + most + " 次"},
            window);
        r.nodes = std::move(involved.nodes);
        r.ops = std::move(involved.ops);
        return r;
    }

private:
    std::int64_t max_;
    std::int64_t older_than_ns_;
};

}  // namespace

void register_caching_checks(CheckRegistry& registry) {
    registry.add({.name = "db_under_capacity",
                  .en = "The database's load stays within its capacity (queries per second).",
                  .zh = "数据库负载保持在其容量（每秒查询数）以内。",
                  .params = {{.name = "after", .type = core::ParamType::Duration, .default_value = "0ms", .min = 0,
                              .en = "judge the load from this time on (the cold start before it is not judged)",
                              .zh = "从此时刻起评判负载（之前的冷启动不计）"}},
                  .applies_to = {RoleFilter::named(kDatabase)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<DbUnderCapacity>(args.get_duration("after").count());
                  }});
    registry.add({.name = "rebuild_queries",
                  .en = "Each rebuild of an expired or missing key costs at most this many database queries.",
                  .zh = "每次重建过期或缺失的键，最多发出这么多次数据库查询。",
                  .params = {{.name = "max", .type = core::ParamType::Int, .default_value = 1, .min = 1,
                              .en = "the most database queries one rebuild may issue",
                              .zh = "单次重建允许的最多数据库查询次数"}},
                  .shorthand = "max",
                  .applies_to = {RoleFilter::named(kService)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<RebuildQueries>(args.get_int("max"));
                  }});
    registry.add({.name = "stale_reads",
                  .en = "Reads that return a value older than a write acknowledged before them stay few and fresh.",
                  .zh = "读到比其开始前已确认的写更旧的值的次数少，且落后不多。",
                  .params = {{.name = "max", .type = core::ParamType::Int, .default_value = 0, .min = 0,
                              .en = "the most stale reads older than older_than", .zh = "超过 older_than 的旧值读取最多次数"},
                             {.name = "older_than", .type = core::ParamType::Duration, .default_value = "0ms",
                              .min = 0,
                              .en = "stale reads at most this far behind the write they missed are not counted",
                              .zh = "落后于所错过的写不超过此时长的旧值读取不计"}},
                  .applies_to = {RoleFilter::named(kClient)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<StaleReads>(args.get_int("max"), args.get_duration("older_than").count());
                  }});
}

}  // namespace distlab::netlab
