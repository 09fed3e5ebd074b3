#pragma once

// distlab-cli chaos: one scenario under many random fault schedules, the first failure shrunk to
// a scenario file (netlab/chaos, docs/chaos.md).

#include <string>
#include <vector>

namespace distlab::cli {

// chaos FILE [--runs N] [--seed N] [--real] [--faults LIST] [--interval D] [--budget D]
//            [--checks LIST] [--out FILE] [--json]
int cmd_chaos(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace distlab::cli
