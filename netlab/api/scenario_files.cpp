#include "netlab/api/scenario_files.h"

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario_writer.h"

namespace distlab::netlab {

ScenarioLoad read_scenario_file(const std::string& path) {
    return load_scenario_file(path, core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
}

ScenarioLoad read_scenario_text(std::string_view yaml, std::string name) {
    return load_scenario_text(yaml, std::move(name), core::RoleRegistry::builtin(),
                              make_check_validator(CheckRegistry::builtin()));
}

std::string scenario_text(const Scenario& scenario) {
    return write_scenario(scenario);
}

}  // namespace distlab::netlab
