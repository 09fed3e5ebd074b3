#include "netlab/patterns/saga/saga_figures.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "netlab/patterns/saga/saga_history.h"

namespace distlab::netlab {

namespace {

using core::Json;

class SagaFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "saga"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role("saga-participant") != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const SagaHistory h = SagaHistory::read(run.events, run.catalog);
        if (h.sagas.empty())
            return std::nullopt;
        struct Row {
            std::int64_t steps = 0, refusals = 0, compensations = 0, doubles = 0, finishes = 0;
        };
        std::map<std::string, Row> rows;
        for (const std::string& p : h.participants)
            rows[p];
        std::int64_t completed = 0, compensated = 0, doubles = 0;
        for (const auto& [id, s] : h.sagas) {
            if (s.failed())
                ++compensated;
            else if (!s.parts.empty() && std::all_of(s.parts.begin(), s.parts.end(), [](const auto& p) {
                         return p.second.finish.has_value();
                     }))
                ++completed;
            for (const auto& [node, part] : s.parts) {
                Row& r = rows[node];
                r.steps += part.step.has_value();
                r.refusals += part.refusal.has_value();
                r.compensations += std::ssize(part.compensations);
                r.doubles += part.compensations.size() > 1;
                r.finishes += part.finish.has_value();
                doubles += part.compensations.size() > 1;
            }
        }
        FigureSection s;
        s.title = {"Sagas", "Saga 模式"};
        s.notes.push_back(Text{std::to_string(h.sagas.size()) + " sagas: " + std::to_string(completed) + " completed, " +
                                   std::to_string(compensated) + " went backward; " + std::to_string(doubles) +
                                   " compensations applied more than once.",
                               std::to_string(h.sagas.size()) + " 个 Saga：" + std::to_string(completed) + " 个完成，" +
                                   std::to_string(compensated) + " 个回退；" + std::to_string(doubles) +
                                   " 次补偿被执行了不止一次。"});
        FigureTable t{{{"participant", "参与者"},
                       {"steps", "步骤"},
                       {"refused", "拒绝"},
                       {"compensations", "补偿"},
                       {"applied twice", "重复补偿"},
                       {"finished", "完成"},
                       {"available", "可用"},
                       {"held", "占用"},
                       {"consumed", "已消耗"},
                       {"initial", "初始"}},
                      {false, true, true, true, true, true, true, true, true, true},
                      {}};
        Json per = Json::object();
        std::int64_t imbalance = 0, pending = 0;
        for (const auto& [node, r] : rows) {
            SagaHistory::Balance end;
            if (const auto b = h.balances.find(node); b != h.balances.end() && !b->second.empty())
                end = b->second.back();
            imbalance += std::llabs(end.total() - end.initial);
            pending += end.pending;
            t.rows.push_back({node, std::to_string(r.steps), std::to_string(r.refusals), std::to_string(r.compensations),
                              std::to_string(r.doubles), std::to_string(r.finishes), std::to_string(end.available),
                              std::to_string(end.held), std::to_string(end.consumed), std::to_string(end.initial)});
            per[node] = {{"steps", r.steps},         {"refusals", r.refusals},   {"compensations", r.compensations},
                         {"applied_twice", r.doubles}, {"finishes", r.finishes}, {"available", end.available},
                         {"held", end.held},         {"consumed", end.consumed}, {"initial", end.initial}};
        }
        s.tables.push_back(std::move(t));
        const auto count = [](std::int64_t n) { return static_cast<double>(n); };
        s.figures = {{"saga.sagas", {}, "sagas", "", Better::Neither, count(std::ssize(h.sagas)), "Saga 数"},
                     {"saga.completed", {}, "completed", "", Better::Higher, count(completed), "完成"},
                     {"saga.compensated", {}, "went backward (compensated)", "", Better::Lower, count(compensated), "回退（已补偿）"},
                     {"saga.double_compensations", {}, "compensations applied twice", "", Better::Lower, count(doubles), "执行了两次的补偿"},
                     {"saga.imbalance", {}, "units created or lost", "", Better::Lower, count(imbalance), "凭空产生或丢失的单位"},
                     {"saga.pending_left", {}, "sagas left pending", "", Better::Lower, count(pending), "仍未结束的 Saga"}};
        s.charts = {{"Sagas", "sagas", {{"saga.completed", "completed", "完成"}, {"saga.compensated", "compensated", "已补偿"}}, "Saga 模式", "Saga 数"}};
        s.json = {{"sagas", h.sagas.size()},
                  {"completed", completed},
                  {"compensated", compensated},
                  {"double_compensations", doubles},
                  {"imbalance", imbalance},
                  {"participants", std::move(per)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> saga_figure_source() { return std::make_shared<SagaFigureSource>(); }

}  // namespace distlab::netlab
