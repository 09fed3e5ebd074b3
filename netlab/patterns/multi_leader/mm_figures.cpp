#include "netlab/patterns/multi_leader/mm_figures.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/patterns/multi_leader/mm_node_role.h"
#include "netlab/patterns/crdt/convergence.h"

namespace distlab::netlab {

namespace {

using core::Json;

struct NodeTrack {
    std::string resolution;
    std::int64_t conflicts = 0;
    std::int64_t dropped = 0;
    std::int64_t merges = 0;
    std::int64_t max_siblings = 0;
};

std::int64_t int_of(const Json& j, const char* name) {
    const auto it = j.find(name);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

class MmFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "multi_leader"; }

    bool applies(const RoleCatalog& catalog) const override {
        return catalog.role(core::multi_leader::kNodeRole) != nullptr;
    }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const auto& roles = run.catalog.node_roles();
        std::map<std::string, NodeTrack> nodes;
        std::int64_t last_heal = 0;
        for (const Event& e : run.events) {
            if (e.kind == EventKind::FaultHealed)
                last_heal = e.t_ns;
            const auto role = roles.find(e.node);
            if (e.kind != EventKind::State || role == roles.end() || role->second != core::multi_leader::kNodeRole)
                continue;
            const Json s = Json::parse(e.data, nullptr, false);
            if (!s.is_object())
                continue;
            NodeTrack& t = nodes[e.node];
            t.resolution = s.value("resolution", std::string());
            t.conflicts = int_of(s, "conflicts");
            t.dropped = int_of(s, "dropped");
            t.merges = int_of(s, "merges");
            t.max_siblings = std::max(t.max_siblings, int_of(s, "siblings"));
        }
        if (nodes.empty())
            return std::nullopt;
        const Agreement g = agreement(run.events, roles, core::multi_leader::kNodeRole, "carts", last_heal);
        FigureSection s;
        s.title = {"Multi-leader replication", "多主复制"};
        NodeTrack total;
        FigureTable table{{{"node", "节点"}, {"resolution", "冲突解决"}, {"conflicts", "冲突"},
                           {"versions dropped", "丢弃的版本"}, {"most siblings", "最多兄弟版本"},
                           {"replications that changed it", "带来变化的复制"}},
                          {false, false, true, true, true, true},
                          {}};
        Json json_nodes = Json::object();
        for (const auto& [node, t] : nodes) {
            total.conflicts += t.conflicts;
            total.dropped += t.dropped;
            total.max_siblings = std::max(total.max_siblings, t.max_siblings);
            table.rows.push_back({node, t.resolution, std::to_string(t.conflicts), std::to_string(t.dropped),
                                  std::to_string(t.max_siblings), std::to_string(t.merges)});
            json_nodes[node] = {{"resolution", t.resolution}, {"conflicts", t.conflicts}, {"dropped", t.dropped},
                                {"max_siblings", t.max_siblings}, {"merges", t.merges}};
        }
        const bool agreed = g.live.size() >= 2 && g.agreed_since >= 0;
        const double convergence_ms = agreed ? std::max<std::int64_t>(0, g.agreed_since - g.t0) / 1e6 : 0;
        char buf[200];
        std::snprintf(buf, sizeof buf, "%lld conflicts detected, %lld versions dropped, at most %lld siblings. ",
                      static_cast<long long>(total.conflicts), static_cast<long long>(total.dropped),
                      static_cast<long long>(total.max_siblings));
        Text note{buf, "检测到 " + std::to_string(total.conflicts) + " 次冲突，丢弃了 " + std::to_string(total.dropped) +
                           " 个版本，最多 " + std::to_string(total.max_siblings) + " 个兄弟版本。"};
        if (agreed) {
            std::snprintf(buf, sizeof buf, "The regions agreed %.0f ms after the later of the last heal and the last edit.",
                          convergence_ms);
            char zh[200];
            std::snprintf(zh, sizeof zh, "在最后一次恢复和最后一次编辑中较晚者之后 %.0f ms，各区域达成一致。", convergence_ms);
            note += Text{buf, zh};
        } else {
            note += Text{"The regions do not hold the same carts at the end.", "结束时各区域的购物车并不相同。"};
        }
        s.notes.push_back(note);
        s.tables.push_back(std::move(table));
        s.figures = {{"multi_leader.conflicts", {}, "conflicts detected", "", Better::Neither,
                      static_cast<double>(total.conflicts), "检测到的冲突"},
                     {"multi_leader.versions_dropped", {}, "versions dropped by LWW", "", Better::Lower,
                      static_cast<double>(total.dropped), "被 LWW 丢弃的版本"},
                     {"multi_leader.max_siblings", {}, "most siblings of a cart", "", Better::Neither,
                      static_cast<double>(total.max_siblings), "一个购物车最多的兄弟版本"}};
        if (agreed)
            s.figures.push_back({"multi_leader.convergence_ms", {}, "time to agree after the heal and the last edit",
                                 "ms", Better::Lower, convergence_ms, "恢复和最后一次编辑之后达成一致的时间"});
        s.charts = {{"Multi-leader conflicts", "count",
                     {{"multi_leader.conflicts", "conflicts", "冲突"}, {"multi_leader.versions_dropped", "dropped", "丢弃的版本"}},
                     "多主复制冲突", "次数"}};
        s.json = {{"resolution", nodes.begin()->second.resolution},
                  {"convergence_ms", agreed ? Json(convergence_ms) : Json(nullptr)},
                  {"nodes", std::move(json_nodes)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> mm_figure_source() { return std::make_shared<MmFigureSource>(); }

}  // namespace distlab::netlab
