#pragma once

// distlab-cli maelstrom test: a node program tested the way Maelstrom users type it
// (`-w echo --bin ./my-node --node-count 3 --time-limit 20`), mapped onto a scenario of
// `external` nodes and the workload's clients, which runs as `run` runs a file.
// docs/bring-your-own-node.md.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/result.h"

namespace CLI {
class App;
}

namespace distlab::cli {

struct MaelstromCommand {
    std::string action;                       // "test"
    std::string workload;                     // echo, unique-ids, broadcast, g-set, g-counter, pn-counter, lin-kv
    std::string bin;
    std::uint64_t node_count = 1;
    double time_limit_s = 10;
    double rate = 10;                         // operations per second, over every client
    std::string concurrency;                  // clients: "N" or "Kn" (K per node); "" one per node
    double latency_ms = 0;                    // mean one-way message latency
    std::string latency_dist = "constant";    // constant | uniform
    std::vector<std::string> nemesis;         // partition, kill, pause
    double nemesis_interval_s = 10;
    std::string topology = "grid";            // broadcast
    std::optional<double> availability;       // the smallest share of ok operations
    std::optional<std::uint64_t> key_count;   // lin-kv
    std::optional<std::uint64_t> seed;
    std::optional<std::string> write_scenario;
    std::optional<std::string> record;
    std::optional<std::string> report_dir;
    bool open = false;
    bool json = false;
};

CLI::App& declare_maelstrom(CLI::App& app, MaelstromCommand& c);

// The scenario's text: nodes n1..nN running `bin` (as an absolute path), the workload's clients
// c1..cC spread over them, the network's latency, the nemesis's faults until the time limit,
// the settle time and final reads after it, and the workload's checks
// (docs/bring-your-own-node.md). An error when `bin` is not an executable file or the options
// do not fit together.
core::Result<std::string> maelstrom_scenario(const MaelstromCommand& c);

// --open: starts the window (`distlab` beside this program, else in PATH) on `file`, detached
// (argv, never a shell); its pid, or why it could not start.
core::Result<int> open_in_window(const std::string& file);

}  // namespace distlab::cli
