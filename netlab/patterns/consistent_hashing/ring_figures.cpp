#include "netlab/patterns/consistent_hashing/ring_figures.h"

#include <cstdio>

#include "core/patterns/consistent_hashing/placement.h"
#include "netlab/patterns/consistent_hashing/ring_outcome.h"

namespace distlab::netlab {

namespace {

using core::Json;
namespace ch = core::consistent_hashing;

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// The fraction of keys hash mod N moves when one node joins N or leaves N+1: a key stays only
// when h mod N == h mod (N+1), that is when h mod N(N+1) < N, for 1/(N+1) of uniform hashes; so
// N/(N+1) move. (Every change is one node: a join or leave command names one.)
double mod_n_fraction(std::int64_t before, std::int64_t after) {
    const double larger = static_cast<double>(std::max(before, after));
    if (larger <= 0 || before == after)
        return 0;
    return 1.0 - 1.0 / larger;
}

class RingFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "hash"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role("ring-node") != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const RingOutcome ring = read_ring_outcome(run.events, run.catalog);
        if (ring.nodes.empty())
            return std::nullopt;
        FigureSection s;
        s.title = {"Consistent hashing", "一致性哈希"};
        const ch::Spread spread = ch::spread(ring.member_loads());
        std::int64_t held = 0;
        for (const RingOutcome::Node& n : ring.nodes)
            held += n.keys;

        FigureTable nodes{{{"node", "节点"}, {"keys at the end", "结束时的键"}, {"share", "占比"},
                           {"keys received", "接收的键"}, {"keys handed over", "移交出去的键"}, {"state", "状态"}},
                          {false, true, true, true, true, false},
                          {}};
        Json nodes_json = Json::array();
        for (const RingOutcome::Node& n : ring.nodes) {
            const double share = held > 0 ? static_cast<double>(n.keys) / static_cast<double>(held) : 0;
            nodes.rows.push_back({n.id, std::to_string(n.keys), percent_text(share), std::to_string(n.keys_in),
                                  std::to_string(n.keys_out), n.state});
            nodes_json.push_back({{"id", n.id}, {"member", n.member}, {"keys", n.keys}, {"keys_in", n.keys_in},
                                  {"keys_out", n.keys_out}});
        }
        s.tables.push_back(std::move(nodes));

        const double keys = static_cast<double>(std::max<std::int64_t>(ring.key_space, 1));
        Json changes = Json::array();
        double ideal_total = 0, mod_n_total = 0;
        if (!ring.changes.empty()) {
            FigureTable t{{{"time", "时间"}, {"change", "变化"}, {"nodes", "节点数"}, {"keys moved", "移动的键"},
                           {"fewest possible", "理论最少"}, {"hash mod N would move", "哈希取模 N 会移动"}},
                          {true, false, false, true, true, true},
                          {}};
            for (const RingOutcome::Change& c : ring.changes) {
                const double ideal = ch::ideal_moved_fraction(static_cast<std::size_t>(c.before),
                                                              static_cast<std::size_t>(c.after));
                const double mod_n = mod_n_fraction(c.before, c.after);
                ideal_total += ideal;
                mod_n_total += mod_n;
                const bool join = c.kind == "join";
                t.rows.push_back({run_time_text(static_cast<std::int64_t>(c.at_ms * 1e6)),
                                  TableCell{c.node + (join ? " joins" : " leaves"), c.node + (join ? " 加入" : " 离开")},
                                  std::to_string(c.before) + " → " + std::to_string(c.after),
                                  std::to_string(c.planned) + " (" + percent_text(static_cast<double>(c.planned) / keys) + ")",
                                  percent_text(ideal), percent_text(mod_n)});
                changes.push_back({{"kind", c.kind}, {"node", c.node}, {"before", c.before}, {"after", c.after},
                                   {"planned", c.planned}, {"ideal", ideal}, {"mod_n", mod_n}});
            }
            s.tables.push_back(std::move(t));
        }
        const double moved = static_cast<double>(ring.moved()) / keys;
        const bool vnodes = ring.strategy == "ring" || ring.strategy == "bounded";
        const std::string strategy = ring.strategy.empty() ? "?" : ring.strategy;
        s.notes.push_back(Text{std::to_string(ring.nodes.size()) + " ring nodes, " + std::to_string(ring.key_space) +
                                   " keys, placement " + strategy +
                                   (vnodes ? " with " + std::to_string(ring.vnodes) + " virtual nodes each" : std::string()) +
                                   ". Keys per member: max/mean " + fixed(spread.max_over_mean, 2) +
                                   ", coefficient of variation " + percent_text(spread.cv) + ".",
                               std::to_string(ring.nodes.size()) + " 个环节点，" + std::to_string(ring.key_space) +
                                   " 个键，放置方式 " + strategy +
                                   (vnodes ? "，每个节点 " + std::to_string(ring.vnodes) + " 个虚拟节点" : std::string()) +
                                   "。每个成员的键数：最大/平均 " + fixed(spread.max_over_mean, 2) + "，变异系数 " +
                                   percent_text(spread.cv) + "。"});
        if (!ring.changes.empty())
            s.notes.push_back(Text{"Keys handed over: " + std::to_string(ring.moved()) + " (" + percent_text(moved) +
                                       " of the key space); the fewest possible " + percent_text(ideal_total) +
                                       "; hash mod N would move about " + percent_text(mod_n_total) +
                                       ". Gets that found a written key absent while it was being handed over: " +
                                       std::to_string(ring.misses) + ".",
                                   "移交的键：" + std::to_string(ring.moved()) + "（键空间的 " + percent_text(moved) +
                                       "）；最少可能 " + percent_text(ideal_total) + "；哈希取模 N 约会移动 " +
                                       percent_text(mod_n_total) + "。移交期间发现已写入的键不存在的读取：" +
                                       std::to_string(ring.misses) + " 次。"});

        s.figures = {{"hash.moved_fraction", {}, "keys moved", "%", Better::Lower, 100.0 * moved, "移动的键"},
                     {"hash.ideal_fraction", {}, "fewest keys that could move", "%", Better::Neither, 100.0 * ideal_total, "最少需要移动的键"},
                     {"hash.load_max_over_mean", {}, "fullest node over the mean", "", Better::Lower, spread.max_over_mean, "最满节点与平均值之比"},
                     {"hash.load_cv", {}, "coefficient of variation of keys per node", "%", Better::Lower, 100.0 * spread.cv, "每节点键数的变异系数"},
                     {"hash.misses", {}, "gets that missed a key being handed over", "", Better::Lower,
                      static_cast<double>(ring.misses), "读到正在移交的键而未命中"}};
        s.charts = {{"Consistent hashing", "%", {{"hash.moved_fraction", "keys moved", "迁移的键"}, {"hash.load_cv", "load cv", "负载变异系数"}}, "一致性哈希", "%"}};
        s.json = {{"strategy", ring.strategy},
                  {"vnodes", ring.vnodes},
                  {"key_space", ring.key_space},
                  {"nodes", std::move(nodes_json)},
                  {"changes", std::move(changes)},
                  {"moved", ring.moved()},
                  {"spread", {{"max_over_mean", spread.max_over_mean}, {"cv", spread.cv}}}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> ring_figure_source() { return std::make_shared<RingFigureSource>(); }

}  // namespace distlab::netlab
