#pragma once

// distlab-cli stress: a scenario's clients driven open loop at a rising rate until the system
// saturates; the knee, throughput and latency against offered load (netlab/stress,
// docs/stress.md).

#include <cstdint>
#include <optional>
#include <string>

#include "netlab/stress/stress.h"

namespace CLI {
class App;
}

namespace distlab::cli {

struct StressCommand {
    std::string file;
    std::optional<std::string> ramp;
    std::optional<double> step;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> report_dir;
    bool json = false;
    bool no_closed = false;
    std::string lang = "en";             // the report's language (--lang)
    netlab::StressOptions options;
};

// stress FILE --ramp FROM..TO [--step N] [--hold D] [--seed N] [--real] [--no-closed-loop]
//             [--report DIR] [--lang en|zh_CN] [--json]
CLI::App& declare_stress(CLI::App& app, StressCommand& c);
int cmd_stress(StressCommand& c, const std::string& command_line);

}  // namespace distlab::cli
