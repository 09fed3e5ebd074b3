#pragma once

#include <string>

#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

// The scenario as YAML text in the layout of docs/scenario-format.md: block style for the top
// level and each node and step, flow style for faults, links and values. load_scenario_text reads
// it back to an equal scenario (source positions and Scenario::file aside). Network keys are
// written only where they differ from the preset. Comments of a loaded file are not kept.
std::string write_scenario(const Scenario& scenario);

}  // namespace distlab::netlab
