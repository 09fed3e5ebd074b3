#pragma once

#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

// Validates a check name+args against the scenario; returns problems in both languages (empty =
// fine). Supplied by the caller (the checks library provides one built from its registry), so this
// library does not depend on checks.
using CheckValidator = std::function<std::vector<Text>(const CheckSpec&, const Scenario&)>;

// Parses and validates one scenario file (docs/scenario-format.md). Every problem of the file is
// reported in one go, in file order, each naming the key path and what was expected; nothing
// throws. `file_name` is used in the diagnostics and stored in Scenario::file. `checks` may be
// empty, and then check names and arguments are not validated.
std::expected<Scenario, std::vector<Diagnostic>> load_scenario_text(std::string_view yaml, std::string file_name,
                                                                    const core::RoleRegistry& roles,
                                                                    const CheckValidator& checks);

// Reads `path` and loads it as load_scenario_text does; an unreadable file is one Diagnostic
// without a position.
std::expected<Scenario, std::vector<Diagnostic>> load_scenario_file(const std::string& path,
                                                                    const core::RoleRegistry& roles,
                                                                    const CheckValidator& checks);

}  // namespace distlab::netlab
