#include "netlab/report/sweep.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "netlab/report/html_table.h"
#include "netlab/report/report_charts.h"
#include "netlab/report/svg_writer.h"
#include "netlab/scenario/scenario_writer.h"

namespace distlab::netlab {

namespace {

using core::Json;
using core::ParamType;

std::string esc(std::string_view text) { return xml_escape(text); }

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = text.find(sep, start);
        out.emplace_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos)
            return out;
        start = at + 1;
    }
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A value as written on the command line, in the form a scenario file has for `spec`'s type.
core::Result<Json> written_value(const core::ParamSpec& spec, const std::string& text) {
    const std::string type(core::to_string(spec.type));
    switch (spec.type) {
    case ParamType::Int: {
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno == ERANGE)
            return core::fail("\"" + text + "\" is not an integer");
        return Json(v);
    }
    case ParamType::Number:
    case ParamType::Probability: {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0')
            return core::fail("\"" + text + "\" is not a number");
        return Json(v);
    }
    case ParamType::Bool:
        if (text == "true" || text == "false")
            return Json(text == "true");
        return core::fail("\"" + text + "\" is not true or false");
    case ParamType::Duration:
        return all_digits(text) ? Json(std::stoll(text)) : Json(text);
    case ParamType::DurationRange: {
        const auto dots = text.find("..");
        if (dots == std::string::npos)
            return core::fail("\"" + text + "\" is not a duration range; write it as LO..HI, e.g. 150ms..300ms");
        return Json::array({text.substr(0, dots), text.substr(dots + 2)});
    }
    case ParamType::String:
    case ParamType::Choice:
    case ParamType::Node:
        return Json(text);
    case ParamType::ChoiceOrDuration:
        return all_digits(text) ? Json(std::stoll(text)) : Json(text);
    case ParamType::NodeList:
    case ParamType::Nodes:
    case ParamType::Mapping:
    case ParamType::StringList:
        return core::fail("a " + type + " parameter cannot be swept");
    }
    return core::fail("a " + type + " parameter cannot be swept");
}

// The generic figures a sweep plots; the pattern sections add theirs (SweepPoint::charts).
const std::vector<SweepChart>& generic_charts() {
    static const std::vector<SweepChart> charts = {
        {"Throughput", "ok operations / s", {{"throughput", "throughput", "吞吐量"}}, "吞吐量", "成功操作数 / 秒"},
        {"Latency", "latency (ms)", {{"latency.all.p50", "p50", "p50"}, {"latency.all.p99", "p99", "p99"}, {"latency.all.p99_9", "p99.9", "p99.9"}},
         "延迟", "延迟 (ms)"},
        {"Availability", "ok share of operations (%)", {{"availability", "availability", "可用性"}}, "可用性", "成功操作占比 (%)"},
        {"Messages", "messages", {{"messages.all.sent", "sent", "发送"}, {"messages.all.dropped", "dropped", "丢弃"}}, "消息", "消息数"},
    };
    return charts;
}

// The generic charts, then every point's section charts in order of first appearance.
std::vector<SweepChart> sweep_charts(const std::vector<SweepPoint>& points) {
    std::vector<SweepChart> charts = generic_charts();
    for (const SweepPoint& p : points)
        for (const SweepChart& c : p.charts)
            if (std::find(charts.begin(), charts.end(), c) == charts.end())
                charts.push_back(c);
    return charts;
}

constexpr const char* kColours[] = {"#1565c0", "#ef6c00", "#2e7d32", "#8e24aa"};

const FigureSummary* find_figure(const std::vector<FigureSummary>& figures, std::string_view key) {
    for (const FigureSummary& f : figures)
        if (f.key == key)
            return &f;
    return nullptr;
}

std::string verdicts_text(const SweepPoint& p) {
    const auto passed = std::count(p.passed.begin(), p.passed.end(), true);
    return std::to_string(passed) + " / " + std::to_string(p.passed.size());
}

// The sweep page's own words in its language.
struct Words {
    std::string_view lang;
    bool zh = core::is_chinese(lang);
    std::string operator()(std::string_view en, std::string_view chinese) const { return in_lang(lang, en, chinese); }
};

// A figure's label in the page's language (the generic figures' in Chinese too).
std::string label_text(const FigureSummary& f, std::string_view lang) {
    FigureComparison c;
    c.key = f.key;
    c.label = f.label;
    c.label_zh = f.label_zh;
    return figure_label(c, lang);
}

// The section titles of every point, for the figures' groups and the charts' titles.
std::vector<core::Text> section_titles(const std::vector<SweepPoint>& points) {
    std::vector<core::Text> titles;
    for (const SweepPoint& p : points)
        titles.insert(titles.end(), p.sections.begin(), p.sections.end());
    return titles;
}

// A chart's title in Chinese: its own, or the Chinese title of the section it is named after.
std::string chart_title(const SweepChart& chart, const Words& L, const std::vector<core::Text>& sections) {
    if (!L.zh)
        return chart.title;
    if (!chart.title_zh.empty())
        return chart.title_zh;
    return figure_group_text(chart.title, L.lang, sections);
}

}  // namespace

void SweepPoint::add_run(const ReportData& data, bool run_passed, std::uint64_t seed) {
    runs.push_back(run_figures(data));
    passed.push_back(run_passed);
    seeds.push_back(seed);
    for (const FigureSection& section : data.sections) {
        for (const SweepChart& chart : section.charts)
            if (std::find(charts.begin(), charts.end(), chart) == charts.end())
                charts.push_back(chart);
        if (std::find(sections.begin(), sections.end(), section.title) == sections.end())
            sections.push_back(section.title);
    }
}

core::Result<SweepParam> parse_sweep_param(std::string_view arg, const Scenario& scenario, const core::RoleRegistry& roles) {
    const std::string where = "--param " + std::string(arg);
    const auto eq = arg.find('=');
    const std::string_view lhs = arg.substr(0, eq);
    const auto dot = lhs.rfind('.');
    if (eq == std::string_view::npos || dot == std::string_view::npos || dot == 0 || dot + 1 == lhs.size())
        return core::fail(where + ": expected NODE_OR_ROLE.PARAM=v1,v2,... (e.g. server.service_time=5ms,10ms,20ms)");
    SweepParam p;
    p.target = std::string(lhs.substr(0, dot));
    const std::string name(lhs.substr(dot + 1));

    std::string role;
    if (const NodeSpec* node = scenario.find_node(p.target)) {
        p.nodes.push_back(node->id);
        role = node->role;
    } else {
        for (const NodeSpec& n : scenario.nodes)
            if (n.role == p.target)
                p.nodes.push_back(n.id);
        if (p.nodes.empty()) {
            std::vector<std::string> ids, used;
            for (const NodeSpec& n : scenario.nodes) {
                ids.push_back(n.id);
                if (std::find(used.begin(), used.end(), n.role) == used.end())
                    used.push_back(n.role);
            }
            return core::fail(where + ": \"" + p.target + "\" is neither a node nor a role of scenario " + scenario.name +
                              " (nodes: " + joined(ids) + "; roles: " + joined(used) + ")");
        }
        p.is_role = true;
        role = p.target;
    }
    const core::RoleDescriptor* info = roles.find(role);
    if (!info)
        return core::fail(where + ": role \"" + role + "\" is not a known role");
    const auto spec = std::find_if(info->params.begin(), info->params.end(),
                                   [&](const core::ParamSpec& s) { return s.name == name; });
    if (spec == info->params.end()) {
        std::vector<std::string> names;
        for (const core::ParamSpec& s : info->params)
            names.push_back(s.name);
        return core::fail(where + ": role " + role + " has no parameter \"" + name + "\"" +
                          (names.empty() ? std::string(" (it takes none)") : " (its parameters: " + joined(names) + ")"));
    }
    p.spec = *spec;
    p.numeric = p.spec.type == ParamType::Int || p.spec.type == ParamType::Number ||
                p.spec.type == ParamType::Probability || p.spec.type == ParamType::Duration;
    p.axis_label = p.target + "." + name + (p.spec.type == ParamType::Duration ? " (ms)" : "");

    const std::string values = std::string(arg.substr(eq + 1));
    if (values.empty())
        return core::fail(where + ": no values after '='");
    const std::vector<NodeId> known = scenario.node_ids();
    for (const std::string& text : split(values, ',')) {
        if (text.empty())
            return core::fail(where + ": an empty value in the list");
        auto value = written_value(p.spec, text);
        if (!value)
            return core::fail(where + ": " + name + " (" + std::string(core::to_string(p.spec.type)) + "): " + value.error().message);
        // Every changed node must accept the value: its type, its range, its choices.
        core::Params resolved;
        for (const NodeId& id : p.nodes) {
            Json params = scenario.find_node(id)->params;
            if (!params.is_object())
                params = Json::object();
            params[name] = *value;
            auto r = core::resolve_params(info->params, params, &known);
            if (!r) {
                std::string problems;
                for (const auto& problem : r.error())
                    problems += (problems.empty() ? "" : "; ") + problem.key + ": " + problem.message;
                return core::fail(where + ": value \"" + text + "\" on node " + std::string(id) + " (role " + role +
                                  "): " + problems);
            }
            resolved = std::move(*r);
        }
        if (p.spec.type == ParamType::Duration)
            p.x.push_back(core::to_ms(resolved.get_duration(name)));
        else if (p.numeric)
            p.x.push_back(resolved.get_number(name));
        else
            p.x.push_back(static_cast<double>(p.texts.size()));
        p.texts.push_back(text);
        p.values.push_back(std::move(*value));
    }
    return p;
}

core::Result<std::pair<Scenario, std::string>> apply_sweep_value(const Scenario& scenario, const SweepParam& param,
                                                                 std::size_t index, const core::RoleRegistry& roles,
                                                                 const CheckValidator& checks) {
    Scenario changed = scenario;
    for (NodeSpec& n : changed.nodes) {
        if (std::find(param.nodes.begin(), param.nodes.end(), n.id) == param.nodes.end())
            continue;
        if (!n.params.is_object())
            n.params = Json::object();
        n.params[param.spec.name] = param.values.at(index);
    }
    std::string yaml = write_scenario(changed);
    const std::string name = (scenario.file.empty() ? scenario.name : scenario.file) + " with " + param.target + "." +
                             param.spec.name + "=" + param.texts.at(index);
    auto loaded = load_scenario_text(yaml, name, roles, checks);
    if (!loaded) {
        std::string problems;
        for (const Diagnostic& d : loaded.error())
            problems += (problems.empty() ? "" : "\n") + d.str();
        return core::fail(problems);
    }
    loaded->file = scenario.file;
    loaded->seed = scenario.seed;
    loaded->time_scale = scenario.time_scale;
    loaded->duration = scenario.duration;
    return std::pair{std::move(*loaded), std::move(yaml)};
}

ReportDocument build_sweep_document(const SweepInput& in) {
    const Words L{in.lang};
    const std::vector<core::Text> sections = section_titles(in.points);
    const std::string param = in.param.target + "." + in.param.spec.name;
    const std::string& scenario_title = in.scenario.title.in(in.lang);
    const std::string title = scenario_title.empty() ? in.scenario.name : scenario_title;
    ReportDocument doc;
    doc.lang = L.zh ? "zh_CN" : "en";
    doc.title = L("Sweep of " + param + ": " + title, param + " 的参数扫描：" + title);

    std::vector<std::vector<FigureSummary>> summaries;
    for (const SweepPoint& p : in.points)
        summaries.push_back(summarize_figures(p.runs));
    const std::size_t runs = in.points.empty() ? 0 : in.points.front().runs.size();

    std::string h = "<h1>" + L("Sweep: ", "参数扫描：") + esc(param) + "</h1>\n<p><b>" + esc(title) + "</b></p>\n";
    const std::string& described = L.zh && !in.param.spec.zh.empty() ? in.param.spec.zh : in.param.spec.en;
    h += "<p>" + esc(in.param.spec.name) + L(": ", "：") + esc(described) + "</p>\n";
    const std::string nodes = esc(joined(std::vector<std::string>(in.param.nodes.begin(), in.param.nodes.end())));
    const std::string target = "<code>" + esc(in.param.target) + "</code>";
    const std::string values = std::to_string(in.param.texts.size()), count = std::to_string(runs);
    h += "<p>" +
         L(std::string(in.param.is_role ? "Every node of role " : "Node ") + target + " (" + nodes + ") ran with " + values +
               " values, " + count + (runs == 1 ? " run" : " runs") + " each " +
               (in.simulated ? "in the simulator" : "on real processes") + ".",
           std::string(in.param.is_role ? "角色 " : "节点 ") + target + (in.param.is_role ? " 的每个节点（" : "（") + nodes +
               "）" + (in.simulated ? "在模拟器中" : "在真实进程上") + "以 " + values + " 个取值运行，每个取值运行 " + count +
               " 次。");
    if (runs > 1)
        h += L(" Points are the mean over the runs; whiskers span the min and max.", "点是各次运行的平均值，须线表示最小值到最大值。");
    h += "</p>\n";
    HtmlTable verdicts({param, L("seeds", "种子"), L("checks passed in", "检查通过的运行")}, {false, false, true});
    for (std::size_t i = 0; i < in.points.size(); ++i) {
        std::string seeds;
        for (std::uint64_t s : in.points[i].seeds)
            seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
        const bool all = std::all_of(in.points[i].passed.begin(), in.points[i].passed.end(), [](bool b) { return b; });
        verdicts.row({esc(in.param.texts[i]), esc(seeds),
                      std::string("<span class=\"") + (all ? "pass" : "fail") + "\">" + verdicts_text(in.points[i]) +
                          L(" runs", " 次运行") + "</span>"});
    }
    h += verdicts.str();
    doc.sections.push_back({"title", {}, {{ReportBlock::Kind::Html, std::move(h)}}});

    ReportSection charts{"charts", {"Figures against " + param, "随 " + param + " 变化的指标"}};
    for (const SweepChart& spec : sweep_charts(in.points)) {
        LineChart chart;
        chart.title = chart_title(spec, L, sections);
        chart.y_label = L.zh && !spec.y_label_zh.empty() ? spec.y_label_zh : spec.y_label;
        chart.x_label = in.param.axis_label;
        if (!in.param.numeric)
            chart.categories = in.param.texts;
        bool any = false;
        for (std::size_t s = 0; s < spec.series.size(); ++s) {
            const SweepSeries& line = spec.series[s];
            std::string name = line.name;
            if (L.zh && !line.name_zh.empty())
                name = line.name_zh;
            // Later series dashed, so one lying on another (mean and longest of a single failover) shows.
            ChartSeries series{.name = name, .colour = kColours[s % std::size(kColours)], .dash = s == 0 ? "" : "6 3",
                               .markers = true};
            for (std::size_t i = 0; i < in.points.size(); ++i) {
                ChartPoint point{.x = in.param.x[i]};
                if (const FigureSummary* f = find_figure(summaries[i], line.key)) {
                    any = true;
                    if (L.zh && line.name_zh.empty())
                        series.name = label_text(*f, L.lang);
                    point.y = f->mean;
                    if (std::count_if(f->runs.begin(), f->runs.end(), [](const auto& v) { return v.has_value(); }) > 1) {
                        point.low = f->min;
                        point.high = f->max;
                    }
                }
                series.points.push_back(point);
            }
            chart.series.push_back(std::move(series));
        }
        if (any)
            charts.blocks.push_back({ReportBlock::Kind::Svg, line_chart_svg(chart)});
    }
    doc.sections.push_back(std::move(charts));

    std::vector<std::string> head{L("figure", "指标")};
    head.insert(head.end(), in.param.texts.begin(), in.param.texts.end());
    std::vector<bool> numeric(head.size(), true);
    numeric[0] = false;
    HtmlTable table(head, numeric);
    std::vector<std::pair<std::string, std::string>> keys;   // key, group, in first-appearance order
    for (const auto& point : summaries)
        for (const FigureSummary& f : point)
            if (std::none_of(keys.begin(), keys.end(), [&](const auto& k) { return k.first == f.key; }))
                keys.emplace_back(f.key, f.group);
    std::vector<std::string> groups;   // in first-appearance order: each group's rows together
    for (const auto& k : keys)
        if (std::find(groups.begin(), groups.end(), k.second) == groups.end())
            groups.push_back(k.second);
    std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        return std::find(groups.begin(), groups.end(), a.second) < std::find(groups.begin(), groups.end(), b.second);
    });
    std::string group;
    for (const auto& [key, key_group] : keys) {
        if (key_group != group) {
            group = key_group;
            table.heading_row(esc(figure_group_text(group, L.lang, sections)));
        }
        // The label comes from the first value that has the figure.
        std::string label = esc(key);
        for (const auto& point : summaries)
            if (const FigureSummary* f = find_figure(point, key)) {
                label = esc(label_text(*f, L.lang));
                break;
            }
        std::vector<std::string> cells{label};
        for (const auto& point : summaries) {
            const FigureSummary* f = find_figure(point, key);
            // The min–max on a line of its own keeps several values' columns within the page.
            std::string text = f ? esc(figure_summary_text(*f, L.lang)) : "–";
            for (const std::string_view open : {" (", "（"})
                if (const auto bracket = text.find(open); bracket != std::string::npos) {
                    text.insert(bracket, "<br/>");
                    if (open == " (")
                        text.erase(bracket + 5, 1);
                    break;
                }
            cells.push_back(std::move(text));
        }
        table.row(cells);
    }
    doc.sections.push_back({"figures", {"Every figure per value", "每个取值的全部指标"}, {{ReportBlock::Kind::Html, table.str()}}});

    std::string rerun = "<p>" +
                        L("Each value's runs use the seeds listed above; the scenario is otherwise unchanged.",
                          "每个取值的运行使用上面列出的种子；场景的其余部分不变。") +
                        "</p>\n";
    if (!in.command_line.empty())
        rerun += "<p>" + L("Command:", "命令：") + "</p>\n<pre>" + esc(in.command_line) + "</pre>\n";
    doc.sections.push_back({"rerun", {"Rerun", "重新运行"}, {{ReportBlock::Kind::Html, std::move(rerun)}}});
    return doc;
}

Json sweep_json(const SweepInput& in) {
    Json points = Json::array();
    for (std::size_t i = 0; i < in.points.size(); ++i) {
        const SweepPoint& p = in.points[i];
        Json figures = Json::object();
        for (const FigureSummary& f : summarize_figures(p.runs)) {
            Json j = figure_summary_json(f);
            j["label"] = f.label;
            j["unit"] = f.unit;
            j["better"] = to_string(f.better);
            figures[f.key] = std::move(j);
        }
        points.push_back({{"value", in.param.texts[i]},
                          {"written", in.param.values[i]},
                          {"x", in.param.numeric ? Json(in.param.x[i]) : Json(nullptr)},
                          {"seeds", p.seeds},
                          {"passed", p.passed},
                          {"figures", std::move(figures)}});
    }
    return {{"scenario", in.scenario.name},
            {"file", in.scenario.file},
            {"param",
             {{"target", in.param.target},
              {"role", in.param.is_role},
              {"nodes", std::vector<std::string>(in.param.nodes.begin(), in.param.nodes.end())},
              {"name", in.param.spec.name},
              {"type", core::to_string(in.param.spec.type)},
              {"values", in.param.texts}}},
            {"runs", in.points.empty() ? 0 : in.points.front().runs.size()},
            {"simulated", in.simulated},
            {"command", in.command_line},
            {"points", std::move(points)}};
}

std::string sweep_console_table(const SweepInput& in) {
    struct Column {
        const char* key;
        const char* title;
    };
    static constexpr Column kColumns[] = {{"throughput", "ops/s"},
                                          {"latency.all.p50", "p50 ms"},
                                          {"latency.all.p99", "p99 ms"},
                                          {"latency.all.p99_9", "p99.9 ms"}};
    // Then the first series of each chart the pattern sections offer (a time to converge, a
    // failover time): the figure the sweep is usually about.
    std::vector<std::pair<std::string, std::string>> columns;   // figure key, title
    for (const Column& c : kColumns)
        columns.emplace_back(c.key, c.title);
    for (const SweepPoint& p : in.points)
        for (const SweepChart& chart : p.charts) {
            if (chart.series.empty() ||
                std::any_of(columns.begin(), columns.end(), [&](const auto& c) { return c.first == chart.series.front().key; }))
                continue;
            std::string unit;
            for (const auto& run : p.runs)
                for (const Figure& f : run)
                    if (f.key == chart.series.front().key)
                        unit = f.unit;
            columns.emplace_back(chart.series.front().key, chart.series.front().name + (unit.empty() ? "" : " " + unit));
        }
    std::vector<std::vector<std::string>> rows{{in.param.target + "." + in.param.spec.name, "passed"}};
    for (const auto& c : columns)
        rows.front().push_back(c.second);
    for (std::size_t v = 0; v < in.points.size(); ++v) {
        const SweepPoint& p = in.points[v];
        std::vector<std::string> row{in.param.texts.at(v), verdicts_text(p)};
        for (const auto& c : columns) {
            double sum = 0;
            int n = 0;
            for (const auto& run : p.runs)
                for (const Figure& f : run)
                    if (f.key == c.first) {
                        sum += f.value;
                        ++n;
                    }
            char cell[32] = "-";
            if (n > 0)
                std::snprintf(cell, sizeof cell, "%.1f", sum / n);
            row.emplace_back(cell);
        }
        rows.push_back(std::move(row));
    }
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    std::string out;
    for (const auto& row : rows) {
        out += " ";
        for (std::size_t i = 0; i < row.size(); ++i) {
            const std::string pad(widths[i] - row[i].size(), ' ');
            out += " " + (i < 2 ? row[i] + pad : pad + row[i]);   // names left, numbers right
        }
        out += "\n";
    }
    return out;
}

std::string sweep_csv(const SweepInput& in) {
    std::vector<std::string> keys;
    for (const SweepPoint& p : in.points)
        for (const auto& run : p.runs)
            for (const Figure& f : run)
                if (std::find(keys.begin(), keys.end(), f.key) == keys.end())
                    keys.push_back(f.key);
    auto quoted = [](const std::string& s) {
        if (s.find_first_of(",\"\n") == std::string::npos)
            return s;
        std::string out = "\"";
        for (char c : s)
            out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    };
    std::ostringstream out;
    out << "value,run,seed,passed";
    for (const std::string& k : keys)
        out << "," << k;
    out << "\n";
    out.precision(10);
    for (std::size_t i = 0; i < in.points.size(); ++i) {
        const SweepPoint& p = in.points[i];
        for (std::size_t r = 0; r < p.runs.size(); ++r) {
            out << quoted(in.param.texts[i]) << "," << (r + 1) << "," << p.seeds.at(r) << ","
                << (p.passed.at(r) ? "true" : "false");
            for (const std::string& k : keys) {
                out << ",";
                for (const Figure& f : p.runs[r])
                    if (f.key == k) {
                        out << f.value;
                        break;
                    }
            }
            out << "\n";
        }
    }
    return out.str();
}

}  // namespace distlab::netlab
