#pragma once

// What distlab-cli says about itself: the short usage printed after a usage error, the overview
// of `distlab-cli --help` and each command's page (`distlab-cli COMMAND --help`). The contract
// they describe is docs/scenario-format.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace distlab::cli {

// Every command on one or two lines each, and where to read more.
extern const std::string_view kUsage;

// `distlab-cli --help`: what the program is, its commands, the exit codes, examples.
extern const std::string_view kOverview;

// `distlab-cli COMMAND --help`: the command's arguments and options, its exit codes and an
// example; nullopt for a command that does not exist.
std::optional<std::string_view> command_help(std::string_view command);

// True when `args` (a command's arguments) ask for its help page: --help or -h.
bool asks_for_help(const std::vector<std::string>& args);

}  // namespace distlab::cli
