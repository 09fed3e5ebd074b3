#pragma once

// distlab-cli compare and sweep: several runs of scenarios (or recordings), one report that puts
// them side by side (compare) or plots their figures against a parameter's value (sweep).
// docs/reports.md.

#include <string>
#include <vector>

namespace distlab::cli {

// compare A B [--report DIR] [--runs N] [--sim] [--seed S] [--threshold PCT] [--json]; A and B are
// scenario files or .distlab recordings. A recording is one run judged again from its events,
// never rerun; --runs, --seed and --sim apply to scenario sides only (a usage error when both
// sides are recordings). Each scenario side runs under its own seed unless --seed (or a recording
// on the other side) says otherwise. Differences within noise (netlab::NoiseRule) read "same";
// the console prints the key figures and the headline; --report also writes the report files.
int cmd_compare(const std::vector<std::string>& args, const std::string& command_line);

// sweep FILE --param NODE_OR_ROLE.PARAM=v1,v2,... --report DIR [--runs N] [--sim] [--seed S] [--json]
int cmd_sweep(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace distlab::cli
