#pragma once

#include <expected>
#include <string>
#include <vector>

#include "netlab/scenario/scenario.h"

// The engine facade, a scenario's lists entry by entry: what the editor's lab settings need to
// edit the faults, narrative steps and checks (docs/gui.md, "Lab settings"). Roles and checks are
// the built-in ones.
namespace distlab::netlab {

enum class ScenarioList { Faults, Steps, Checks };

// Each entry of `list` as the scenario's file writes it, without the list's "- ": a fault or a
// check on one line ("{ at: 5s, kill: n1 }", "linearizable: kv"), a step one line per key.
std::vector<std::string> scenario_entries(const Scenario& scenario, ScenarioList list);

// `scenario` with its `list` replaced by `entries` (each one entry as scenario_entries writes it,
// or as a person types it), read and validated as its file would be: the new scenario, or every
// problem, one line each, in both languages; a problem inside entry i says "entry i+1, line L:" (line only when the
// entry has several).
std::expected<Scenario, std::vector<core::Text>> with_entries(const Scenario& scenario, ScenarioList list,
                                                              const std::vector<std::string>& entries);

// One argument a check declares.
struct CheckArgument {
    std::string name;
    std::string type;                    // "duration", "probability", ...
    std::string en;
    std::string zh;
    bool required = false;
};

// A check that applies to a scenario: every role filter it declares matches one of its nodes.
struct CheckOffer {
    std::string name;
    std::string en;                      // what it judges
    std::string zh;
    std::vector<CheckArgument> arguments;
    // An entry for the checks list to start from: the check with its required arguments, given
    // example values where the declaration allows one (the first choice, the smallest value).
    std::string entry;
};

// The checks that apply to the roles of `scenario`'s nodes, by name (wrappers such as
// expect_fail, written around another check, are left out).
std::vector<CheckOffer> applicable_checks(const Scenario& scenario);

}  // namespace distlab::netlab
