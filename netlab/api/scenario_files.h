#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "netlab/scenario/scenario.h"

// The engine facade, scenarios: what the scenario library and the editor need (docs/gui.md,
// "The engine facade"). Roles and checks are the built-in ones.
namespace distlab::netlab {

// A loaded scenario, or every problem of its file (in file order, each with its position).
using ScenarioLoad = std::expected<Scenario, std::vector<Diagnostic>>;

// Loads and validates a scenario file (docs/scenario-format.md), its checks' names and arguments
// included; an unreadable file is one diagnostic without a position.
ScenarioLoad read_scenario_file(const std::string& path);
// The same for a scenario's text; `name` names it in diagnostics and in Scenario::file.
ScenarioLoad read_scenario_text(std::string_view yaml, std::string name);
// The scenario written as YAML, as a file would hold it (read_scenario_text reads it back).
std::string scenario_text(const Scenario& scenario);

}  // namespace distlab::netlab
