#include "netlab/patterns/leaderless/leaderless_figures.h"

#include "core/patterns/leaderless/dynamo_protocol.h"
#include "netlab/checks/linearizable.h"
#include "netlab/patterns/leaderless/leaderless_history.h"

namespace distlab::netlab {

namespace {

using core::Json;

class LeaderlessFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "leaderless"; }

    bool applies(const RoleCatalog& catalog) const override {
        return catalog.role(core::leaderless::kNodeRole) != nullptr;
    }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const leaderless::Convergence c = leaderless::convergence(run.events, run.catalog.node_roles());
        if (c.nodes.empty())
            return std::nullopt;
        const leaderless::StaleReads s = leaderless::stale_reads(kv_history(run.events).ops);
        const double stale = static_cast<double>(s.stale.size());
        const double pct = s.reads > 0 ? 100.0 * stale / static_cast<double>(s.reads) : 0.0;
        const double converged_s = c.since_ns ? static_cast<double>(*c.since_ns) / 1e9 : -1.0;
        FigureSection out;
        out.title = {"Leaderless replication", "无主复制"};
        out.notes.push_back(Text{
            std::to_string(s.reads) + " reads, " + std::to_string(s.stale.size()) +
                " stale against the latest acknowledged write; " +
                (c.since_ns ? "the replicas agree from " + run_time_text(*c.since_ns) + " to the end"
                            : "the replicas disagree at the end: " + c.why_not) +
                "; " + std::to_string(c.hints_stored) + " hints stored, " + std::to_string(c.hints_delivered) +
                " handed back; " + std::to_string(c.read_repairs) + " read repairs; " + std::to_string(c.ae_keys_repaired) +
                " keys repaired by anti-entropy.",
            std::to_string(s.reads) + " 次读，其中 " + std::to_string(s.stale.size()) + " 次相对最新已确认的写是陈旧的；" +
                (c.since_ns ? "副本从 " + run_time_text(*c.since_ns) + " 起直到结束保持一致"
                            : "副本在结束时仍不一致：" + c.why_not) +
                "；保存了 " + std::to_string(c.hints_stored) + " 条提示，移交了 " + std::to_string(c.hints_delivered) +
                " 条；" + std::to_string(c.read_repairs) + " 次读修复；反熵修复了 " + std::to_string(c.ae_keys_repaired) +
                " 个键。"});
        out.figures = {
            {"leaderless.stale_reads", {}, "stale reads", "", Better::Lower, stale, "陈旧读"},
            {"leaderless.stale_read_pct", {}, "stale reads", "%", Better::Lower, pct, "陈旧读"},
            {"leaderless.converged_s", {}, "replicas agree from (-1: never)", "s", Better::Lower, converged_s, "副本一致的起始时间（-1：从未）"},
            {"leaderless.hints_stored", {}, "hints stored", "", Better::Neither, static_cast<double>(c.hints_stored), "保存的提示"},
            {"leaderless.hints_delivered", {}, "hints handed back", "", Better::Neither,
             static_cast<double>(c.hints_delivered), "移交的提示"},
            {"leaderless.read_repairs", {}, "read repairs", "", Better::Neither, static_cast<double>(c.read_repairs), "读修复"},
            {"leaderless.ae_keys_repaired", {}, "keys repaired by anti-entropy", "", Better::Neither,
             static_cast<double>(c.ae_keys_repaired), "反熵修复的键"},
            {"leaderless.unavailable", {}, "operations refused as unavailable", "", Better::Lower,
             static_cast<double>(c.unavailable), "因不可用而拒绝的操作"}};
        out.charts = {{"Leaderless replication", "stale reads (%)", {{"leaderless.stale_read_pct", "stale reads", "陈旧读"}}, "无主复制", "陈旧读 (%)"}};
        out.json = {{"reads", s.reads},
                    {"stale_reads", s.stale.size()},
                    {"max_behind_ns", s.max_behind_ns},
                    {"converged_ns", c.since_ns ? Json(*c.since_ns) : Json(nullptr)},
                    {"hints_stored", c.hints_stored},
                    {"hints_delivered", c.hints_delivered},
                    {"read_repairs", c.read_repairs},
                    {"ae_exchanges", c.ae_exchanges},
                    {"ae_keys_repaired", c.ae_keys_repaired},
                    {"unavailable", c.unavailable}};
        return out;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> leaderless_figure_source() { return std::make_shared<LeaderlessFigureSource>(); }

}  // namespace distlab::netlab
