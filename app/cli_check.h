#pragma once

// distlab-cli check: an operation history from another system (Jepsen, Knossos, Porcupine) or a
// recording, judged by the lab's linearizability checker (netlab/history, docs/check-histories.md).

#include <optional>
#include <string>

#include "core/model/time.h"

namespace CLI {
class App;
}

namespace distlab::cli {

struct CheckCommand {
    std::string file;
    std::string model;
    std::optional<std::string> report_dir;
    std::optional<core::Duration> time_limit;
    bool json = false;
    std::string lang = "en";             // the report's language (--lang)
};

// check HISTORY --model MODEL [--json] [--report DIR] [--lang en|zh_CN] [--time-limit D]
CLI::App& declare_check(CLI::App& app, CheckCommand& c);
int cmd_check(const CheckCommand& c, const std::string& command_line);

}  // namespace distlab::cli
