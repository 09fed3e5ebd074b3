#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/result.h"
#include "netlab/scenario/scenario.h"

namespace distlab::core {
class RoleRegistry;
}

// `distlab-cli new PATTERN [FILE]`: a commented starter scenario for a registered pattern or role.
namespace distlab::netlab {

class CheckRegistry;

// A shipped scenario, as the starters start from.
struct Lesson {
    std::filesystem::path file;          // relative to the scenarios folder
    Scenario scenario;
};

// Every scenario under `scenarios` that loads and the simulator can run.
std::vector<Lesson> load_lessons(const std::filesystem::path& scenarios, const core::RoleRegistry& roles,
                                 const CheckRegistry& checks);

// The starter for `what` (a pattern, "raft", or a role, "kv-client"), made from the smallest
// lesson that uses it, preferring one with a fault and without an
// expected failure (so the wiring of its nodes is one a lesson proved): its nodes, links,
// faults and checks (a fault added when it has none), renamed `my-<what>`, without the lesson's
// narrative, each node, fault and check explained in a comment, the node's parameters with their
// defaults listed. Valid as written. Errors: `what` is neither a pattern nor a role (the known
// ones listed), or no shipped scenario uses it.
core::Result<std::string> starter_scenario(std::string_view what, const std::vector<Lesson>& lessons,
                                           const core::RoleRegistry& roles, const CheckRegistry& checks);

// The patterns of `roles`, sorted, each once.
std::vector<std::string> pattern_names(const core::RoleRegistry& roles);

}  // namespace distlab::netlab
