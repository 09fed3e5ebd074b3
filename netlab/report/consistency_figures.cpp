#include "netlab/report/consistency_figures.h"

#include <algorithm>
#include <set>

#include "netlab/checks/consistency.h"
#include "netlab/report/html_table.h"
#include "netlab/report/svg_writer.h"
#include "netlab/report/system_figures.h"

namespace distlab::netlab {

namespace {

using core::Json;

// What each search (linearizable, sequential) may take per run: a report never waits long.
constexpr std::chrono::milliseconds kSearchBudget{2000};

TableCell verdict_cell(Verdict v) {
    switch (v) {
    case Verdict::Pass: return {"held", "成立"};
    case Verdict::Fail: return {"violated", "不成立"};
    case Verdict::Unknown: return {"unknown", "未知"};
    }
    return {"unknown", "未知"};
}

class ConsistencyFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "consistency"; }

    bool applies(const RoleCatalog& catalog) const override {
        return std::any_of(catalog.roles().begin(), catalog.roles().end(),
                           [](const auto& r) { return r.second.client; });
    }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const KvHistory history = kv_history(run.events);
        if (history.ops.empty())
            return std::nullopt;
        // Clients of two systems: one history would mix two stores' keys; the systems section
        // (system_figures.h) gives each system its own map.
        std::set<std::string> systems;
        for (const auto& [client, system] : client_systems(run.events, run.catalog))
            systems.insert(system);
        if (systems.size() > 1)
            return std::nullopt;
        std::set<std::string> keys, clients;
        for (const KvOperation& op : history.ops) {
            keys.insert(op.key);
            clients.insert(op.client);
        }
        const auto rows = consistency_map(history.ops, ConvergenceArgs{}, kSearchBudget);

        FigureSection s;
        s.title = {"Consistency map", "一致性图谱"};
        s.notes.push_back(
            "Which consistency models the clients' key-value history kept (" + std::to_string(history.ops.size()) +
            " operations on " + std::to_string(keys.size()) + " keys by " + std::to_string(clients.size()) +
            " clients), strongest first, as Jepsen's consistency map orders them: linearizable implies sequential, "
            "which implies read your writes, monotonic reads and monotonic writes; eventual convergence stands "
            "apart (it judges gets from 1 s after a key's last write). Each model is judged per key, a session "
            "being one client; a model that did not hold names its first counterexample.");
        FigureTable table{{{"model", "模型"}, {"verdict", "结论"}, {"what it promises", "它承诺什么"},
                           {"first counterexample, or why", "首个反例或原因"}},
                          {false, false, false, false},
                          {}};
        Json models = Json::array();
        for (const ConsistencyRow& row : rows) {
            const core::Text title = model_title(row.model), promise = model_promise(row.model);
            table.rows.push_back({{title.en, title.zh}, verdict_cell(row.result.verdict), {promise.en, promise.zh},
                                  {row.result.detail.en, row.result.detail.zh}});
            const std::string name(check_name(row.model));
            Json window = nullptr;
            if (row.result.window_ns)
                window = Json::array({row.result.window_ns->first, row.result.window_ns->second});
            models.push_back({{"model", name},
                              {"verdict", std::string(to_string(row.result.verdict))},
                              {"detail", row.result.detail.en},
                              {"key", row.result.key},
                              {"window_ns", std::move(window)}});
            if (row.result.verdict != Verdict::Unknown)
                s.figures.push_back({"consistency." + name, {}, title.en + " held (share of runs)", "%", Better::Higher,
                                     row.result.verdict == Verdict::Pass ? 100.0 : 0.0});
        }
        s.tables.push_back(std::move(table));
        SweepChart chart{"Consistency models held", "share of runs (%)", {}};
        for (KvModel m : kKvModels)
            chart.series.emplace_back("consistency." + std::string(check_name(m)), model_title(m).en);
        s.charts.push_back(std::move(chart));
        s.json = {{"ops", history.ops.size()},
                  {"keys", keys.size()},
                  {"clients", clients.size()},
                  {"models", std::move(models)}};
        return s;
    }
};

// One side's verdicts on `model` over its runs, as an XHTML cell.
std::string side_cell(const std::vector<ReportData>& runs, const std::string& model) {
    std::size_t with_map = 0, held = 0, violated = 0;
    std::string first_fail, first_unknown;
    for (const ReportData& run : runs) {
        const FigureSection* map = run.section("consistency");
        if (!map)
            continue;
        ++with_map;
        for (const Json& m : map->json["models"]) {
            if (m.value("model", "") != model)
                continue;
            const std::string verdict = m.value("verdict", "unknown");
            const std::string detail = m.value("detail", "");
            if (verdict == "pass")
                ++held;
            else if (verdict == "fail") {
                ++violated;
                if (first_fail.empty())
                    first_fail = detail;
            } else if (first_unknown.empty()) {
                first_unknown = detail;
            }
        }
    }
    if (with_map == 0)
        return "(no key-value history)";
    const std::string n = std::to_string(with_map);
    const auto of = [&](std::size_t k) { return with_map == 1 ? std::string() : k == with_map ? " in all " + n + " runs" : " in " + std::to_string(k) + " of " + n + " runs"; };
    const std::size_t unknown = with_map - held - violated;
    std::string cell;
    if (violated > 0)
        cell = "<span class=\"fail\">violated" + of(violated) + "</span>";
    if (held > 0)
        cell += std::string(cell.empty() ? "" : ", ") + "<span class=\"pass\">held" + of(held) + "</span>";
    if (unknown > 0)
        cell += std::string(cell.empty() ? "" : ", ") + "<span class=\"unknown\">unknown" + of(unknown) + "</span>";
    const std::string& why = !first_fail.empty() ? first_fail : held == 0 ? first_unknown : std::string();
    if (!why.empty())
        cell += "<br/>" + xml_escape(why);
    return cell;
}

}  // namespace

std::optional<ReportSection> consistency_compare_section(const std::vector<ReportData>& a,
                                                         const std::vector<ReportData>& b) {
    const auto has_map = [](const std::vector<ReportData>& runs) {
        return std::any_of(runs.begin(), runs.end(), [](const ReportData& r) { return r.section("consistency"); });
    };
    if (!has_map(a) && !has_map(b))
        return std::nullopt;
    HtmlTable t({"model", "promises", "A", "B"});
    for (KvModel m : kKvModels) {
        const core::Text title = model_title(m), promise = model_promise(m);
        const std::string name(check_name(m));
        t.row({xml_escape(title.en) + "<br/><span class=\"zh\">" + xml_escape(title.zh) + "</span>",
               xml_escape(promise.en), side_cell(a, name), side_cell(b, name)});
    }
    const std::string note =
        "<p>Jepsen's consistency map of each side's key-value history, strongest model first (linearizable implies "
        "sequential, which implies the three session guarantees; convergence stands apart): in how many runs each "
        "model held, with the first counterexample of the first run that broke it.</p>\n";
    return ReportSection{"consistency", "Consistency map side by side", {{ReportBlock::Kind::Html, note + t.str()}}};
}

std::shared_ptr<const FigureSource> consistency_figure_source() { return std::make_shared<ConsistencyFigureSource>(); }

}  // namespace distlab::netlab
