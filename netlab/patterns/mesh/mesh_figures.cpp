#include "netlab/patterns/mesh/mesh_figures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/patterns/mesh/mesh_policy.h"
#include "netlab/patterns/mesh/mesh_history.h"

namespace distlab::netlab {

namespace {

using core::Json;
using mesh::MeshHistory;

std::string pct(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", value);
    return buf;
}

const char* kind_zh(const std::string& kind) {
    if (kind == "initial")
        return "初始";
    if (kind == "step")
        return "推进";
    if (kind == "promote")
        return "晋升";
    if (kind == "rollback")
        return "回滚";
    return "手动修改";
}

class MeshFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "mesh"; }

    bool applies(const RoleCatalog& catalog) const override {
        return catalog.role(core::mesh::kControlRole) != nullptr;
    }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const MeshHistory h = MeshHistory::read(run.events, run.catalog.node_roles());
        if (h.pushes.empty())
            return std::nullopt;
        std::map<std::int64_t, std::map<std::string, std::int64_t>> routed;
        std::map<std::int64_t, std::int64_t> totals;
        for (const mesh::Routed& c : h.routed)
            if (!c.subset.empty()) {
                ++routed[c.version][c.subset];
                ++totals[c.version];
            }
        FigureSection s;
        s.title = {"Service mesh", "服务网格"};
        FigureTable t{{{"version", "版本"},
                       {"kind", "类型"},
                       {"pushed", "下发"},
                       {"weights", "权重"},
                       {"all sidecars ran it", "全部边车运行"},
                       {"calls", "调用"},
                       {"measured split", "实测比例"}},
                      {false, false, true, false, true, true, false},
                      {}};
        Json versions = Json::array();
        double gap = 0;
        std::optional<std::int64_t> rollback_ns, promoted_ns;
        for (const mesh::PolicyPush& p : h.pushes) {
            std::optional<std::int64_t> all_ran = p.at_ns;
            for (const std::string& sc : h.sidecars) {
                const auto at = h.first_ack(sc, p.version);
                all_ran = at && all_ran ? std::optional(std::max(*all_ran, *at)) : std::nullopt;
            }
            std::string weights = p.policy ? p.policy->weights_text() : "invalid";
            std::string split;
            Json shares = Json::object();
            const std::int64_t total = totals[p.version];
            if (p.policy && total > 0)
                for (const core::mesh::Subset& sub : p.policy->subsets) {
                    const double share = 100.0 * static_cast<double>(routed[p.version][sub.name]) / static_cast<double>(total);
                    gap = std::max(gap, std::abs(share - static_cast<double>(sub.weight)));
                    split += (split.empty() ? "" : " / ") + sub.name + " " + pct(share);
                    shares[sub.name] = share;
                }
            if (p.kind == "rollback" && !rollback_ns)
                rollback_ns = all_ran.value_or(p.at_ns);
            if (p.kind == "promote" && !promoted_ns)
                promoted_ns = all_ran.value_or(p.at_ns);
            t.rows.push_back({"v" + std::to_string(p.version), TableCell(p.kind, kind_zh(p.kind)), run_time_text(p.at_ns),
                              weights, all_ran ? run_time_text(*all_ran) : TableCell("never", "从未"),
                              std::to_string(total), split});
            versions.push_back({{"version", p.version}, {"kind", p.kind}, {"pushed_ns", p.at_ns},
                                {"all_ran_ns", all_ran ? Json(*all_ran) : Json()}, {"weights", weights},
                                {"calls", total}, {"shares", std::move(shares)}});
        }
        std::int64_t canary_failed = 0;
        for (const auto& [at, failed] : h.canary_answers)
            canary_failed += failed;
        const double canary_errors =
            h.canary_answers.empty() ? 0 : 100.0 * static_cast<double>(canary_failed) / static_cast<double>(h.canary_answers.size());
        Text note{std::to_string(h.pushes.size()) + " policy versions pushed to " + std::to_string(h.sidecars.size()) +
                      " sidecars; " + pct(canary_errors) + " % of the canary's " +
                      std::to_string(h.canary_answers.size()) + " answers failed.",
                  std::to_string(h.pushes.size()) + " 个策略版本推送到 " + std::to_string(h.sidecars.size()) +
                      " 个边车；金丝雀的 " + std::to_string(h.canary_answers.size()) + " 个应答中 " + pct(canary_errors) +
                      " % 失败。"};
        if (rollback_ns)
            note += Text{" Rolled back: every sidecar ran the rollback at " + run_time_text(*rollback_ns) + ".",
                         "已回滚：每个边车在 " + run_time_text(*rollback_ns) + " 执行了回滚。"};
        if (promoted_ns)
            note += Text{" Promoted: every sidecar sent every call to the canary from " + run_time_text(*promoted_ns) + ".",
                         "已晋升：从 " + run_time_text(*promoted_ns) + " 起每个边车都把所有调用发给金丝雀。"};
        s.notes.push_back(std::move(note));
        s.tables.push_back(std::move(t));
        s.figures = {{"mesh.versions", {}, "policy versions", "", Better::Neither, static_cast<double>(h.pushes.size()), "策略版本"},
                     {"mesh.split_gap", {}, "largest split gap (points)", "", Better::Lower, gap, "最大分流偏差（点）"},
                     {"mesh.canary_errors", {}, "canary answers failed", "%", Better::Lower, canary_errors, "金丝雀失败的应答"}};
        if (rollback_ns)
            s.figures.push_back({"mesh.rollback_s", {}, "rollback run by all", "s", Better::Lower, static_cast<double>(*rollback_ns) / 1e9, "全部完成回滚"});
        if (promoted_ns)
            s.figures.push_back({"mesh.promoted_s", {}, "promotion run by all", "s", Better::Neither, static_cast<double>(*promoted_ns) / 1e9, "全部完成晋升"});
        s.json = {{"versions", std::move(versions)},
                  {"split_gap", gap},
                  {"canary_errors_pct", canary_errors},
                  {"rollback_ns", rollback_ns ? Json(*rollback_ns) : Json()},
                  {"promoted_ns", promoted_ns ? Json(*promoted_ns) : Json()}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> mesh_figure_source() { return std::make_shared<MeshFigureSource>(); }

}  // namespace distlab::netlab
