#include "netlab/patterns/caching/caching_figures.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace distlab::netlab {

namespace {

using core::Json;

constexpr std::string_view kDatabase = "database";
constexpr std::string_view kService = "cached-service";
constexpr std::string_view kClient = "cache-client";
constexpr std::int64_t kSecond = 1'000'000'000;

std::string whole(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

class CachingFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "caching"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role(kDatabase) != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        std::map<std::int64_t, double> load;    // second -> the highest qps a database reported in it
        std::map<std::int64_t, double> ended;   // second -> the last qps reported in it
        double capacity = 0, peak = 0;
        std::int64_t queries = 0, max_rebuild = 0, stale = 0;
        double max_stale_ms = 0;
        std::map<std::string, Json> last;      // node -> its last snapshot
        bool database = false;
        for (const Event& e : run.events) {
            if (e.kind != EventKind::State)
                continue;
            const core::RoleDescriptor* role = run.catalog.role_of_node(e.node);
            if (!role || (role->name != kDatabase && role->name != kService && role->name != kClient))
                continue;
            Json s = Json::parse(e.data, nullptr, false);
            if (!s.is_object())
                continue;
            if (role->name == kDatabase) {
                database = true;
                const double qps = s.value("qps", 0.0);
                double& cell = load[e.t_ns / kSecond];
                cell = std::max(cell, qps);
                ended[e.t_ns / kSecond] = qps;
                peak = std::max(peak, qps);
                capacity = std::max(capacity, s.value("capacity", 0.0));
            }
            last[e.node] = std::move(s);
        }
        if (!database)
            return std::nullopt;
        std::int64_t reads = 0, hits = 0;
        for (const auto& [node, s] : last) {
            const core::RoleDescriptor* role = run.catalog.role_of_node(node);
            if (role->name == kDatabase)
                queries += s.value("queries", std::int64_t{0});
            else if (role->name == kService)
                max_rebuild = std::max(max_rebuild, s.value("max_rebuild_queries", std::int64_t{0}));
            else {
                reads += s.value("reads", std::int64_t{0});
                hits += s.value("hits", std::int64_t{0});
                stale += s.value("stale_reads", std::int64_t{0});
                max_stale_ms = std::max(max_stale_ms, s.value("max_stale_ms", 0.0));
            }
        }
        const double hit_ratio = reads > 0 ? 100.0 * static_cast<double>(hits) / static_cast<double>(reads) : 0.0;

        FigureSection s;
        s.title = {"Caching", "缓存"};
        s.notes.push_back(Text{std::to_string(queries) + " database queries; the busiest second " + whole(peak) +
                                   " queries/s against a capacity of " + whole(capacity) + "; " + whole(hit_ratio) +
                                   " % of the reads answered without the database.",
                               std::to_string(queries) + " 次数据库查询；最忙的一秒 " + whole(peak) + " 次查询/s，容量为 " +
                                   whole(capacity) + "；" + whole(hit_ratio) + " % 的读无需访问数据库即得到应答。"});
        FigureTable t{{{"second", "秒"}, {"database queries/s", "数据库查询/s"}, {"capacity", "容量"}, {"", ""}},
                      {true, true, true, false},
                      {}};
        Json series = Json::array();
        // Snapshots come only when a value changes: a second without one kept the load the
        // previous one ended with.
        double carried = 0;
        for (std::int64_t second = 0; second <= run.end_ns / kSecond; ++second) {
            const auto it = load.find(second);
            const double qps = it != load.end() ? it->second : carried;
            if (it != load.end())
                carried = ended[second];
            t.rows.push_back({std::to_string(second), whole(qps), whole(capacity),
                              qps > capacity ? TableCell{"over capacity", "超过容量"} : TableCell{}});
            series.push_back({{"t_s", second}, {"qps", qps}});
        }
        s.tables.push_back(std::move(t));
        s.figures = {
            {"caching.db_queries", {}, "database queries", "", Better::Lower, static_cast<double>(queries), "数据库查询"},
            {"caching.db_peak_qps", {}, "database load, busiest second", "queries/s", Better::Lower, peak, "数据库负载（最忙的一秒）"},
            {"caching.hit_ratio", {}, "reads answered without the database", "%", Better::Higher, hit_ratio, "无需数据库即得到应答的读"},
            {"caching.max_rebuild_queries", {}, "most database queries for one rebuild", "", Better::Lower,
             static_cast<double>(max_rebuild), "一次重建最多的数据库查询"},
            {"caching.stale_reads", {}, "stale reads", "", Better::Lower, static_cast<double>(stale), "陈旧读"},
            {"caching.max_stale_ms", {}, "oldest stale read", "ms", Better::Lower, max_stale_ms, "最旧的陈旧读"}};
        s.charts = {{"Database load", "queries/s", {{"caching.db_peak_qps", "busiest second", "最忙的一秒"}}, "数据库负载", "查询数/秒"},
                    {"Stale reads", "count", {{"caching.stale_reads", "stale reads", "陈旧读"}}, "陈旧读", "次数"}};
        s.json = {{"capacity", capacity},
                  {"load", std::move(series)},
                  {"db_queries", queries},
                  {"db_peak_qps", peak},
                  {"hit_ratio", hit_ratio},
                  {"max_rebuild_queries", max_rebuild},
                  {"stale_reads", stale},
                  {"max_stale_ms", max_stale_ms}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> caching_figure_source() { return std::make_shared<CachingFigureSource>(); }

}  // namespace distlab::netlab
