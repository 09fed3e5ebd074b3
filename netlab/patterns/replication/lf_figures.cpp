#include "netlab/patterns/replication/lf_figures.h"

#include <algorithm>
#include <cstdio>

#include "core/patterns/replication/lf_protocol.h"
#include "netlab/patterns/replication/lf_history.h"

namespace distlab::netlab {

namespace {

using core::Json;

// Lost writes listed in the section's table; summary.json has them all.
constexpr std::size_t kTableRows = 20;

std::string ms_text(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", ms);
    return buf;
}

TableCell mode_cell(const lf::NodeTrack& t) {
    if (t.dead)
        return {"down", "宕机"};
    if (t.mode == "primary")
        return {"primary", "主库"};
    if (t.mode == "replica")
        return {"replica", "从库"};
    return {t.mode};
}

class LfFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "replication"; }

    bool applies(const RoleCatalog& catalog) const override {
        return catalog.role(core::replication::kNodeRole) != nullptr;
    }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const lf::LfHistory h = lf::LfHistory::read(run.events, run.catalog.node_roles());
        if (h.nodes.empty())
            return std::nullopt;
        FigureSection s;
        s.title = {"Leader-follower replication", "主从复制"};
        std::int64_t fallbacks = 0;
        double max_lag = 0;
        Json nodes = Json::object();
        FigureTable per_node{{{"node", "节点"}, {"at the end", "结束时"}, {"epoch", "纪元"}, {"log entries", "日志条目"},
                              {"max lag (ms)", "最大延迟 (ms)"}, {"semi-sync fallbacks", "半同步退回次数"},
                              {"writes acknowledged", "确认的写入"}},
                             {false, false, true, true, true, true, true},
                             {}};
        for (const auto& [node, t] : h.nodes) {
            fallbacks += t.fallbacks;
            max_lag = std::max(max_lag, t.max_lag_ms.value_or(0.0));
            per_node.rows.push_back({node, mode_cell(t), std::to_string(t.epoch), std::to_string(t.length),
                                     t.max_lag_ms ? ms_text(*t.max_lag_ms) : "–", std::to_string(t.fallbacks),
                                     std::to_string(t.writes_acked)});
            nodes[node] = {{"mode", t.dead ? "down" : t.mode}, {"epoch", t.epoch}, {"length", t.length},
                           {"max_lag_ms", t.max_lag_ms ? Json(*t.max_lag_ms) : Json(nullptr)},
                           {"fallbacks", t.fallbacks}, {"writes_acked", t.writes_acked}};
        }
        const std::string lost = std::to_string(h.lost.size());
        if (h.final_primary.empty())
            s.notes.push_back(Text{std::to_string(h.acked) + " acknowledged writes; no lf-node is primary at the end.",
                                   std::to_string(h.acked) + " 次已确认的写；结束时没有 lf-node 是主节点。"});
        else
            s.notes.push_back(Text{std::to_string(h.acked) + " acknowledged writes, " + lost + " lost (missing from " +
                                       h.final_primary + ", the primary at the end, epoch " + std::to_string(h.final_epoch) +
                                       "); " + std::to_string(h.failovers) + " failovers, " + std::to_string(fallbacks) +
                                       " semi-sync fallbacks.",
                                   std::to_string(h.acked) + " 次已确认的写，" + lost + " 次丢失（结束时的主节点 " +
                                       h.final_primary + "（纪元 " + std::to_string(h.final_epoch) + "）上没有）；" +
                                       std::to_string(h.failovers) + " 次故障转移，" + std::to_string(fallbacks) +
                                       " 次半同步回退。"});
        s.tables.push_back(std::move(per_node));
        Json lost_json = Json::array();
        if (!h.lost.empty()) {
            FigureTable t{{{"acknowledged at", "确认时间"}, {"client", "客户端"}, {"key", "键"}, {"value", "值"}},
                          {true, false, false, false},
                          {}};
            for (const std::size_t i : h.lost) {
                const lf::Write& w = h.writes[i];
                if (t.rows.size() < kTableRows)
                    t.rows.push_back({run_time_text(w.acked_ns), w.client, w.key, w.value});
                lost_json.push_back({{"value", w.value}, {"key", w.key}, {"client", w.client}, {"acked_ns", w.acked_ns}});
            }
            s.tables.push_back(std::move(t));
        }
        s.figures = {
            {"replication.acked", {}, "writes acknowledged", "", Better::Higher, static_cast<double>(h.acked), "已确认的写"},
            {"replication.lost", {}, "acknowledged writes lost", "", Better::Lower, static_cast<double>(h.lost.size()), "丢失的已确认写"},
            {"replication.failovers", {}, "failovers", "", Better::Neither, static_cast<double>(h.failovers), "故障转移"},
            {"replication.fallbacks", {}, "semi-sync fallbacks", "", Better::Lower, static_cast<double>(fallbacks), "半同步回退"},
            {"replication.max_lag_ms", {}, "largest replication lag", "ms", Better::Lower, max_lag, "最大复制延迟"}};
        s.charts = {{"Leader-follower replication", "acknowledged writes lost",
                     {{"replication.lost", "lost", "丢失"}}, "主从复制", "丢失的已确认写入"},
                    {"Replication lag", "largest lag (ms)", {{"replication.max_lag_ms", "largest lag", "最大延迟"}},
                     "复制延迟", "最大复制延迟 (ms)"}};
        s.json = {{"acked", h.acked},
                  {"lost", std::move(lost_json)},
                  {"final_primary", h.final_primary.empty() ? Json(nullptr) : Json(h.final_primary)},
                  {"final_epoch", h.final_epoch},
                  {"failovers", h.failovers},
                  {"nodes", std::move(nodes)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> lf_figure_source() { return std::make_shared<LfFigureSource>(); }

}  // namespace distlab::netlab
