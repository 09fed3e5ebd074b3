#include "netlab/api/scenario_entries.h"

#include <algorithm>
#include <sstream>

#include "core/model/role_registry.h"
#include "netlab/api/scenario_files.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/yaml_text.h"

namespace distlab::netlab {

namespace {

const char* key_of(ScenarioList list) {
    switch (list) {
        case ScenarioList::Faults: return "faults";
        case ScenarioList::Steps: return "steps";
        case ScenarioList::Checks: return "checks";
    }
    return "";
}

// The scenario with only `list` among its faults, steps and checks.
Scenario with_only(const Scenario& scenario, ScenarioList list) {
    Scenario only = scenario;
    if (list != ScenarioList::Faults)
        only.faults.clear();
    if (list != ScenarioList::Steps)
        only.steps.clear();
    if (list != ScenarioList::Checks)
        only.checks.clear();
    return only;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    // Trailing blank lines say nothing.
    while (!lines.empty() && lines.back().find_first_not_of(" \t\r") == std::string::npos)
        lines.pop_back();
    return lines;
}

}  // namespace

std::vector<std::string> scenario_entries(const Scenario& scenario, ScenarioList list) {
    const std::vector<std::string> lines = lines_of(scenario_text(with_only(scenario, list)));
    const std::string header = std::string(key_of(list)) + ":";
    std::vector<std::string> entries;
    auto line = std::find(lines.begin(), lines.end(), header);
    if (line == lines.end())
        return entries;
    for (++line; line != lines.end() && line->starts_with("  "); ++line) {
        if (line->starts_with("  - "))
            entries.push_back(line->substr(4));
        else if (!entries.empty())
            entries.back() += "\n" + line->substr(std::min<std::size_t>(4, line->size()));
    }
    return entries;
}

std::expected<Scenario, std::vector<core::Text>> with_entries(const Scenario& scenario, ScenarioList list,
                                                              const std::vector<std::string>& entries) {
    Scenario base = scenario;
    switch (list) {
        case ScenarioList::Faults: base.faults.clear(); break;
        case ScenarioList::Steps: base.steps.clear(); break;
        case ScenarioList::Checks: base.checks.clear(); break;
    }
    std::string text = scenario_text(base);
    int line = int(std::count(text.begin(), text.end(), '\n'));
    struct Span {
        int first;
        int last;
    };
    std::vector<Span> spans;
    if (!entries.empty()) {
        text += std::string("\n") + key_of(list) + ":\n";
        line += 2;
        for (const std::string& entry : entries) {
            std::vector<std::string> entry_lines = lines_of(entry);
            if (entry_lines.empty())
                entry_lines.emplace_back();
            spans.push_back({line + 1, line + int(entry_lines.size())});
            for (std::size_t i = 0; i < entry_lines.size(); ++i)
                text += (i == 0 ? "  - " : "    ") + entry_lines[i] + "\n";
            line += int(entry_lines.size());
        }
    }
    const std::string name = scenario.file.empty() ? std::string("lab.yaml") : scenario.file;
    auto loaded = read_scenario_text(text, name);
    if (loaded) {
        loaded->file = scenario.file;
        return std::move(*loaded);
    }
    std::vector<core::Text> problems;
    for (const Diagnostic& d : loaded.error()) {
        core::Text where;
        for (std::size_t i = 0; i < spans.size(); ++i)
            if (d.line >= spans[i].first && d.line <= spans[i].last) {
                const std::string entry = std::to_string(i + 1);
                const std::string line = std::to_string(d.line - spans[i].first + 1);
                where = spans[i].last > spans[i].first
                            ? core::Text{"entry " + entry + ", line " + line + ": ", "第 " + entry + " 项第 " + line + " 行："}
                            : core::Text{"entry " + entry + ": ", "第 " + entry + " 项："};
            }
        problems.push_back(where + core::Text{d.message, d.zh});
    }
    return std::unexpected(std::move(problems));
}

namespace {

// An example value for a required argument, or null when the declaration suggests none.
Json example_value(const core::ParamSpec& spec, const Scenario& scenario, const RoleCatalog& catalog) {
    switch (spec.type) {
        case core::ParamType::Choice:
        case core::ParamType::ChoiceOrDuration:
            return spec.choices.empty() ? Json() : Json(spec.choices.front());
        case core::ParamType::Probability: return 0.9;
        case core::ParamType::Duration:
            return core::format_duration(std::max(core::Duration(std::chrono::seconds(1)),
                                                  std::chrono::duration_cast<core::Duration>(std::chrono::duration<double, std::milli>(
                                                      spec.min.value_or(0)))));
        case core::ParamType::Int:
        case core::ParamType::Number: return spec.min.value_or(1);
        case core::ParamType::Bool: return true;
        case core::ParamType::Node:
            return scenario.nodes.empty() ? Json() : Json(scenario.nodes.front().id);
        case core::ParamType::NodeList:
            return scenario.nodes.empty() ? Json() : Json::array({scenario.nodes.front().id});
        case core::ParamType::String:
            if (spec.name == "phase")
                for (const auto& node : scenario.nodes)
                    if (const core::RoleDescriptor* role = catalog.role_of_node(node.id); role && !role->phases.empty())
                        return role->phases.front().name;
            return Json();
        default: return Json();
    }
}

}  // namespace

std::vector<CheckOffer> applicable_checks(const Scenario& scenario) {
    const CheckRegistry& registry = CheckRegistry::builtin();
    const RoleCatalog catalog = scenario_catalog(scenario, registry.roles());
    std::vector<CheckOffer> offers;
    if (scenario.nodes.empty())
        return offers;
    for (const std::string& name : registry.names()) {
        const CheckInfo* info = registry.find(name);
        if (!info || info->wrap)
            continue;
        const bool applies = std::all_of(info->applies_to.begin(), info->applies_to.end(), [&](const RoleFilter& filter) {
            return std::any_of(scenario.nodes.begin(), scenario.nodes.end(), [&](const NodeSpec& node) {
                const core::RoleDescriptor* role = catalog.role_of_node(node.id);
                return role && filter.matches(*role);
            });
        });
        if (!applies)
            continue;
        CheckOffer offer{.name = info->name, .en = info->en, .zh = info->zh};
        Json args = Json::object();
        for (const core::ParamSpec& spec : info->params) {
            const bool required = spec.default_value.is_null() && !spec.optional;
            offer.arguments.push_back({spec.name, std::string(core::to_string(spec.type)), spec.en, spec.zh, required});
            if (required)
                if (Json value = example_value(spec, scenario, catalog); !value.is_null())
                    args[spec.name] = std::move(value);
        }
        const std::string written_name = yaml_text::quoted_if_needed(info->name);
        if (info->params.empty())
            offer.entry = written_name + ": true";
        else if (!info->shorthand.empty() && args.size() == 1 && args.contains(info->shorthand))
            offer.entry = written_name + ": " + yaml_text::flow(args[info->shorthand]);
        else
            offer.entry = written_name + ": " + yaml_text::flow(args);
        offers.push_back(std::move(offer));
    }
    return offers;
}

}  // namespace distlab::netlab
