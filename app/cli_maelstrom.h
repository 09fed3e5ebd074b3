#pragma once

// distlab-cli maelstrom test: a node program tested the way Maelstrom users type it
// (`-w echo --bin ./my-node --node-count 3 --time-limit 20`), mapped onto a scenario of
// `external` nodes and the workload's clients, which runs as `run` runs a file.
// docs/bring-your-own-node.md.

#include <cstdint>
#include <optional>
#include <string>

#include "core/model/result.h"

namespace CLI {
class App;
}

namespace distlab::cli {

struct MaelstromCommand {
    std::string action;                       // "test"
    std::string workload;                     // "echo"
    std::string bin;
    std::uint64_t node_count = 1;
    double time_limit_s = 10;
    double rate = 10;                         // operations per second, over every client
    std::optional<std::uint64_t> seed;
    std::optional<std::string> write_scenario;
    std::optional<std::string> record;
    std::optional<std::string> report_dir;
    bool json = false;
};

CLI::App& declare_maelstrom(CLI::App& app, MaelstromCommand& c);

// The scenario's text: nodes n1..nN running `bin` (as an absolute path), one workload client
// cK per node, the run lasting the time limit plus a second to settle, checked with
// no_violations. An error when `bin` is not an executable file.
core::Result<std::string> maelstrom_scenario(const MaelstromCommand& c);

}  // namespace distlab::cli
