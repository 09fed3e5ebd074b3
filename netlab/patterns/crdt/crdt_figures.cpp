#include "netlab/patterns/crdt/crdt_figures.h"

#include <cstdio>
#include <map>

#include "core/patterns/crdt/crdt_replica_role.h"
#include "netlab/patterns/crdt/convergence.h"

namespace distlab::netlab {

namespace {

using core::Json;

struct ReplicaTrack {
    std::int64_t merges = 0;
    std::int64_t deltas_sent = 0;
    std::int64_t full_states_sent = 0;
    std::size_t objects = 0;
};

std::int64_t int_of(const Json& j, const char* name) {
    const auto it = j.find(name);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

class CrdtFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "crdt"; }

    bool applies(const RoleCatalog& catalog) const override {
        return catalog.role(core::crdt::kReplicaRole) != nullptr;
    }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const auto& roles = run.catalog.node_roles();
        std::map<std::string, ReplicaTrack> replicas;
        std::int64_t last_heal = 0;
        for (const Event& e : run.events) {
            if (e.kind == EventKind::FaultHealed)
                last_heal = e.t_ns;
            const auto role = roles.find(e.node);
            if (e.kind != EventKind::State || role == roles.end() || role->second != core::crdt::kReplicaRole)
                continue;
            const Json s = Json::parse(e.data, nullptr, false);
            if (!s.is_object())
                continue;
            ReplicaTrack& t = replicas[e.node];
            t.merges = int_of(s, "merges");
            t.deltas_sent = int_of(s, "deltas_sent");
            t.full_states_sent = int_of(s, "full_states_sent");
            t.objects = s.contains("objects") && s["objects"].is_object() ? s["objects"].size() : 0;
        }
        if (replicas.empty())
            return std::nullopt;
        const Agreement g = agreement(run.events, roles, core::crdt::kReplicaRole, "objects", last_heal);
        FigureSection s;
        s.title = {"CRDT replicas", "CRDT 副本"};
        ReplicaTrack total;
        FigureTable table{{{"replica", "副本"}, {"objects", "对象"}, {"merges that changed state", "改变了状态的合并"},
                           {"deltas sent", "发送的增量"}, {"whole states sent", "发送的完整状态"}},
                          {false, true, true, true, true},
                          {}};
        Json nodes = Json::object();
        for (const auto& [node, t] : replicas) {
            total.merges += t.merges;
            total.deltas_sent += t.deltas_sent;
            total.full_states_sent += t.full_states_sent;
            table.rows.push_back({node, std::to_string(t.objects), std::to_string(t.merges),
                                  std::to_string(t.deltas_sent), std::to_string(t.full_states_sent)});
            nodes[node] = {{"objects", t.objects}, {"merges", t.merges}, {"deltas_sent", t.deltas_sent},
                           {"full_states_sent", t.full_states_sent}};
        }
        const bool agreed = g.live.size() >= 2 && g.agreed_since >= 0;
        const double convergence_ms = agreed ? std::max<std::int64_t>(0, g.agreed_since - g.t0) / 1e6 : 0;
        char buf[160];
        char zh[200];
        if (agreed) {
            std::snprintf(buf, sizeof buf,
                          "The replicas agreed %.0f ms after the later of the last heal and the last update (%.3f s).",
                          convergence_ms, static_cast<double>(g.t0) / 1e9);
            std::snprintf(zh, sizeof zh, "在最后一次恢复和最后一次更新中较晚者（%.3f s）之后 %.0f ms，各副本达成一致。",
                          static_cast<double>(g.t0) / 1e9, convergence_ms);
            s.notes.push_back(Text{buf, zh});
        } else {
            s.notes.push_back(Text{"The replicas do not hold the same state at the end.", "结束时各副本的状态并不相同。"});
        }
        s.tables.push_back(std::move(table));
        if (agreed)
            s.figures.push_back({"crdt.convergence_ms", {}, "time to agree after the heal and the last update", "ms",
                                 Better::Lower, convergence_ms, "恢复和最后一次更新之后达成一致的时间"});
        s.figures.push_back({"crdt.merges", {}, "merges that changed a replica", "", Better::Neither,
                             static_cast<double>(total.merges), "改变了副本的合并"});
        s.figures.push_back({"crdt.deltas_sent", {}, "delta messages sent", "", Better::Lower,
                             static_cast<double>(total.deltas_sent), "发送的增量消息"});
        s.figures.push_back({"crdt.full_states_sent", {}, "whole-state messages sent", "", Better::Lower,
                             static_cast<double>(total.full_states_sent), "发送的完整状态消息"});
        s.charts = {{"Convergence", "time to agree (ms)", {{"crdt.convergence_ms", "time to agree", "达成一致的时间"}}, "收敛", "达成一致的时间 (ms)"},
                    {"Gossip", "messages", {{"crdt.deltas_sent", "deltas", "增量"}, {"crdt.full_states_sent", "whole states", "完整状态"}},
                     "Gossip 传播", "消息数"}};
        s.json = {{"agreed", agreed},
                  {"convergence_ms", agreed ? Json(convergence_ms) : Json(nullptr)},
                  {"replicas", std::move(nodes)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> crdt_figure_source() { return std::make_shared<CrdtFigureSource>(); }

}  // namespace distlab::netlab
