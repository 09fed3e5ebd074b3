#pragma once

#include <string>
#include <vector>

#include "core/model/json.h"
#include "netlab/checks/check.h"

namespace distlab::test_support {

// The registry's validation of `info`'s check with `args` in `scenario`: the problems, in English.
inline std::vector<std::string> problems_of(const netlab::CheckRegistry& registry, const netlab::CheckInfo* info,
                                            const core::Json& args, const netlab::Scenario& scenario) {
    std::vector<std::string> english;
    for (const core::Text& problem : registry.validate(netlab::CheckSpec{info->name, args, {}}, scenario))
        english.push_back(problem.en);
    return english;
}

}  // namespace distlab::test_support
