#pragma once

// distlab-cli compare and sweep: several runs of scenarios (or recordings), one report that puts
// them side by side (compare) or plots their figures against a parameter's value (sweep).
// docs/reports.md.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace distlab::cli {

// The options of compare and sweep.
struct SeriesCommand {
    std::vector<std::string> files;
    std::optional<std::uint64_t> runs;
    bool sim = false;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> report_dir;
    bool json = false;
    std::optional<std::string> param;          // sweep only
    std::optional<double> threshold;           // compare only: a fraction of the larger value
    std::string lang = "en";                   // the reports' language (--lang)
};

// compare A B [--report DIR] [--runs N] [--sim] [--seed S] [--threshold PCT] [--lang L] [--json]; A and B are
// scenario files or .distlab recordings. A recording is one run judged again from its events,
// never rerun; --runs, --seed and --sim apply to scenario sides only (a usage error when both
// sides are recordings). Each scenario side runs under its own seed unless --seed (or a recording
// on the other side) says otherwise. Differences within noise (netlab::NoiseRule) read "same";
// the console prints the key figures and the headline; --report also writes the report files.
CLI::App& declare_compare(CLI::App& app, SeriesCommand& c);
int cmd_compare(const SeriesCommand& c, const std::string& command_line);

// sweep FILE --param NODE_OR_ROLE.PARAM=v1,v2,... --report DIR [--runs N] [--sim] [--seed S] [--lang L] [--json]
CLI::App& declare_sweep(CLI::App& app, SeriesCommand& c);
int cmd_sweep(const SeriesCommand& c, const std::string& command_line);

}  // namespace distlab::cli
