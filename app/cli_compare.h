#pragma once

// distlab-cli compare and sweep: several runs of scenarios, one report that puts them side by side
// (compare) or plots their figures against a parameter's value (sweep). docs/reports.md.

#include <string>
#include <vector>

namespace distlab::cli {

// compare A.yaml B.yaml --report DIR [--runs N] [--sim] [--seed S] [--json]
int cmd_compare(const std::vector<std::string>& args, const std::string& command_line);

// sweep FILE --param NODE_OR_ROLE.PARAM=v1,v2,... --report DIR [--runs N] [--sim] [--seed S] [--json]
int cmd_sweep(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace distlab::cli
