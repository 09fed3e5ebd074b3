#pragma once

// distlab-cli chaos: one scenario under many random fault schedules, the first failure shrunk to
// a scenario file (netlab/chaos, docs/chaos.md).

#include <cstdint>
#include <optional>
#include <string>

#include "netlab/chaos/chaos.h"

namespace CLI {
class App;
}

namespace distlab::cli {

struct ChaosCommand {
    std::string file;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> out;
    std::optional<std::string> report_dir;
    bool json = false;
    std::string lang = "en";             // the report's language (--lang)
    netlab::ChaosOptions options;
};

// chaos FILE [--runs N] [--seed N] [--real] [--faults LIST] [--interval D] [--budget D]
//            [--checks LIST] [--out FILE] [--report DIR] [--lang en|zh_CN] [--json]
CLI::App& declare_chaos(CLI::App& app, ChaosCommand& c);
int cmd_chaos(ChaosCommand& c, const std::string& command_line);

}  // namespace distlab::cli
