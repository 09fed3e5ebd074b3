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
        s.notes.push_back(Text{
            "Which consistency models the clients' key-value history kept (" + std::to_string(history.ops.size()) +
                " operations on " + std::to_string(keys.size()) + " keys by " + std::to_string(clients.size()) +
                " clients), strongest first, as Jepsen's consistency map orders them: linearizable implies sequential, "
                "which implies read your writes, monotonic reads and monotonic writes; eventual convergence stands "
                "apart (it judges gets from 1 s after a key's last write). Each model is judged per key, a session "
                "being one client; a model that did not hold names its first counterexample.",
            "客户端的键值历史（" + std::to_string(clients.size()) + " 个客户端对 " + std::to_string(keys.size()) +
                " 个键的 " + std::to_string(history.ops.size()) +
                " 个操作）保持了哪些一致性模型，按 Jepsen 一致性图谱的顺序从强到弱：线性一致性蕴含顺序一致性，"
                "顺序一致性蕴含读己之写、单调读和单调写；最终收敛单独评判（只看键最后一次写入 1 s 之后的读）。"
                "每个模型按键评判，一个客户端即一个会话；不成立的模型给出它的第一个反例。"});
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
                              {"detail_zh", row.result.detail.zh},
                              {"key", row.result.key},
                              {"window_ns", std::move(window)}});
            if (row.result.verdict != Verdict::Unknown)
                s.figures.push_back({"consistency." + name, {}, title.en + " held (share of runs)", "%", Better::Higher,
                                     row.result.verdict == Verdict::Pass ? 100.0 : 0.0,
                                     title.zh_or_en() + "成立（运行占比）"});
        }
        s.tables.push_back(std::move(table));
        SweepChart chart{"Consistency models held", "share of runs (%)", {}, "成立的一致性模型", "运行占比 (%)"};
        for (KvModel m : kKvModels)
            chart.series.push_back({"consistency." + std::string(check_name(m)), model_title(m).en, model_title(m).zh});
        s.charts.push_back(std::move(chart));
        s.json = {{"ops", history.ops.size()},
                  {"keys", keys.size()},
                  {"clients", clients.size()},
                  {"models", std::move(models)}};
        return s;
    }
};

// One side's verdicts on `model` over its runs, as an XHTML cell.
std::string side_cell(const std::vector<ReportData>& runs, const std::string& model, std::string_view lang) {
    const bool zh = core::is_chinese(lang);
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
            const std::string detail_zh = zh ? m.value("detail_zh", "") : std::string();
            const std::string detail = detail_zh.empty() ? m.value("detail", "") : detail_zh;
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
        return in_lang(lang, "(no key-value history)", "（没有键值历史）");
    const std::string n = std::to_string(with_map);
    const auto of = [&](std::size_t k) {
        if (with_map == 1)
            return std::string();
        if (k == with_map)
            return in_lang(lang, " in all " + n + " runs", "（全部 " + n + " 次运行）");
        return in_lang(lang, " in " + std::to_string(k) + " of " + n + " runs",
                       "（" + n + " 次运行中的 " + std::to_string(k) + " 次）");
    };
    const std::size_t unknown = with_map - held - violated;
    const std::string sep = in_lang(lang, ", ", "，");
    std::string cell;
    if (violated > 0)
        cell = "<span class=\"fail\">" + in_lang(lang, "violated", "违反") + of(violated) + "</span>";
    if (held > 0)
        cell += (cell.empty() ? "" : sep) + "<span class=\"pass\">" + in_lang(lang, "held", "成立") + of(held) + "</span>";
    if (unknown > 0)
        cell += (cell.empty() ? "" : sep) + "<span class=\"unknown\">" + in_lang(lang, "unknown", "未知") + of(unknown) +
                "</span>";
    const std::string& why = !first_fail.empty() ? first_fail : held == 0 ? first_unknown : std::string();
    if (!why.empty())
        cell += "<br/>" + xml_escape(why);
    return cell;
}

}  // namespace

std::optional<ReportSection> consistency_compare_section(const std::vector<ReportData>& a,
                                                         const std::vector<ReportData>& b,
                                                         std::string_view lang) {
    const auto has_map = [](const std::vector<ReportData>& runs) {
        return std::any_of(runs.begin(), runs.end(), [](const ReportData& r) { return r.section("consistency"); });
    };
    if (!has_map(a) && !has_map(b))
        return std::nullopt;
    HtmlTable t({in_lang(lang, "model", "模型"), in_lang(lang, "promises", "承诺"), "A", "B"});
    for (KvModel m : kKvModels) {
        const core::Text title = model_title(m), promise = model_promise(m);
        const std::string name(check_name(m));
        t.row({xml_escape(title.in(lang)), xml_escape(promise.in(lang)), side_cell(a, name, lang), side_cell(b, name, lang)});
    }
    const std::string note =
        "<p>" +
        in_lang(lang,
                "Jepsen's consistency map of each side's key-value history, strongest model first (linearizable implies "
                "sequential, which implies the three session guarantees; convergence stands apart): in how many runs each "
                "model held, with the first counterexample of the first run that broke it.",
                "两边键值历史的 Jepsen 一致性图谱，最强的模型在前（线性一致性蕴含顺序一致性，顺序一致性蕴含三种会话保证；"
                "收敛性单独列出）：每个模型在几次运行中成立，以及第一次违反它的运行中的第一个反例。") +
        "</p>\n";
    return ReportSection{"consistency", {"Consistency map side by side", "一致性图谱对照"},
                         {{ReportBlock::Kind::Html, note + t.str()}}};
}

std::shared_ptr<const FigureSource> consistency_figure_source() { return std::make_shared<ConsistencyFigureSource>(); }

}  // namespace distlab::netlab
