#include "netlab/patterns/task_scheduling/task_figures.h"

#include <algorithm>
#include <cstdio>

#include "core/patterns/task_scheduling/job.h"
#include "netlab/patterns/task_scheduling/task_history.h"

namespace distlab::netlab {

namespace {

using core::Json;
namespace ts = core::task_scheduling;

std::string fixed(double value, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return buf;
}

class TaskFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "task_scheduling"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role(ts::kSinkRole) != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const auto h = task_scheduling::TaskHistory::read(run.events, run.catalog.node_roles());
        if (h.workers.empty() && h.effects.empty())
            return std::nullopt;
        FigureSection s;
        s.title = {"Task scheduling", "任务调度"};
        const auto lost = h.lost(h.tasks);
        const auto doubled = h.doubled();
        const auto span = h.makespan_ns();
        const double makespan_ms = span ? static_cast<double>(*span) / 1e6 : 0.0;

        double total_busy = 0, max_busy = 0;
        for (const auto& [worker, load] : h.workers) {
            total_busy += static_cast<double>(load.busy_ms);
            max_busy = std::max(max_busy, static_cast<double>(load.busy_ms));
        }
        const double mean_busy = h.workers.empty() ? 0 : total_busy / static_cast<double>(h.workers.size());
        const double max_over_mean = mean_busy > 0 ? max_busy / mean_busy : 0;

        FigureTable table{{{"worker", "执行器"}, {"tasks applied", "应用的任务"}, {"task time (ms)", "任务时间 (ms)"},
                           {"share of the load", "负载占比"}, {"refused as stale", "因过期被拒"}, {"stolen", "窃取的任务"}},
                          {false, true, true, true, true, true},
                          {}};
        Json workers = Json::object();
        for (const auto& [worker, load] : h.workers) {
            const double share = total_busy > 0 ? 100.0 * static_cast<double>(load.busy_ms) / total_busy : 0;
            table.rows.push_back({worker, std::to_string(load.applied), std::to_string(load.busy_ms),
                                  fixed(share, 0) + " %", std::to_string(load.refused), std::to_string(load.stolen)});
            workers[worker] = {{"applied", load.applied}, {"busy_ms", load.busy_ms}, {"refused", load.refused},
                               {"stolen", load.stolen}};
        }
        Text note{std::to_string(h.effects.size()) + " effects applied for " + std::to_string(h.tasks) + " tasks: " +
                      std::to_string(lost.size()) + " lost, " + std::to_string(doubled.size()) + " applied twice, " +
                      std::to_string(h.skipped.size()) + " misfires skipped, " + std::to_string(h.refused) +
                      " stale applies refused.",
                  std::to_string(h.tasks) + " 个任务共应用了 " + std::to_string(h.effects.size()) + " 次效果：" +
                      std::to_string(lost.size()) + " 个丢失，" + std::to_string(doubled.size()) + " 个应用了两次，跳过 " +
                      std::to_string(h.skipped.size()) + " 次错过的触发，拒绝 " + std::to_string(h.refused) +
                      " 次过期的应用。"};
        if (span)
            note += Text{" Makespan " + fixed(makespan_ms, 0) + " ms; the busiest worker ran " + fixed(max_over_mean, 2) +
                             " x the mean task time.",
                         "总完成时间 " + fixed(makespan_ms, 0) + " ms；最忙的执行器运行了平均任务时间的 " +
                             fixed(max_over_mean, 2) + " 倍。"};
        s.notes.push_back(std::move(note));
        s.tables.push_back(std::move(table));
        s.figures = {
            {"task_scheduling.makespan_ms", {}, "makespan", "ms", Better::Lower, makespan_ms, "总完成时间"},
            {"task_scheduling.lost", {}, "tasks lost", "", Better::Lower, static_cast<double>(lost.size()), "丢失的任务"},
            {"task_scheduling.applied_twice", {}, "tasks applied twice", "", Better::Lower,
             static_cast<double>(doubled.size()), "应用了两次的任务"},
            {"task_scheduling.refused", {}, "stale applies refused", "", Better::Neither, static_cast<double>(h.refused), "拒绝的过期应用"},
            {"task_scheduling.skipped", {}, "misfires skipped", "", Better::Neither, static_cast<double>(h.skipped.size()), "跳过的错过触发"},
            {"task_scheduling.max_over_mean", {}, "busiest worker over the mean", "", Better::Lower, max_over_mean, "最忙执行器与平均值之比"}};
        s.charts = {{"Task scheduling", "makespan (ms)", {{"task_scheduling.makespan_ms", "makespan", "总完成时间"}}, "任务调度", "总完成时间 (ms)"},
                    {"Task scheduling: effects", "tasks",
                     {{"task_scheduling.lost", "lost", "丢失"}, {"task_scheduling.applied_twice", "applied twice", "执行两次"}},
                     "任务调度：效果", "任务数"}};
        s.json = {{"tasks", h.tasks},
                  {"makespan_ms", span ? Json(makespan_ms) : Json(nullptr)},
                  {"lost", lost},
                  {"applied_twice", doubled},
                  {"refused", h.refused},
                  {"skipped", h.skipped},
                  {"max_over_mean", max_over_mean},
                  {"workers", std::move(workers)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> task_figure_source() { return std::make_shared<TaskFigureSource>(); }

}  // namespace distlab::netlab
