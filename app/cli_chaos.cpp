#include "app/cli_chaos.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "app/cli_support.h"
#include "netlab/chaos/chaos.h"
#include "netlab/scenario/scenario_writer.h"

namespace distlab::cli {

namespace {

constexpr unsigned long kMaxRuns = 100000;

struct ChaosCommand {
    std::string file;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> out;
    bool json = false;
    netlab::ChaosOptions options;
};

std::expected<ChaosCommand, int> parse(const std::vector<std::string>& args) {
    ChaosCommand c;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--real") {
            c.options.real = true;
        } else if (a == "--json") {
            c.json = true;
        } else if (a == "--runs" || a == "--seed" || a == "--faults" || a == "--interval" || a == "--budget" || a == "--out" ||
                   a == "--checks") {
            if (i + 1 >= args.size())
                return std::unexpected(usage_error("chaos: " + a + " needs a value"));
            const std::string& v = args[++i];
            char* end = nullptr;
            if (a == "--runs") {
                const unsigned long n = std::strtoul(v.c_str(), &end, 10);
                if (v.empty() || *end != '\0' || v[0] == '-' || n < 1 || n > kMaxRuns)
                    return std::unexpected(usage_error("chaos: --runs: expected a number of runs in [1, " +
                                                       std::to_string(kMaxRuns) + "], got \"" + v + "\""));
                c.options.runs = static_cast<int>(n);
            } else if (a == "--seed") {
                const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
                if (v.empty() || *end != '\0' || v[0] == '-')
                    return std::unexpected(usage_error("chaos: --seed: expected a non-negative integer, got \"" + v + "\""));
                c.seed = n;
            } else if (a == "--faults") {
                auto faults = netlab::parse_chaos_faults(v);
                if (!faults)
                    return std::unexpected(usage_error("chaos: --faults: " + faults.error().message));
                c.options.faults = std::move(*faults);
            } else if (a == "--checks") {
                std::stringstream names(v);
                for (std::string name; std::getline(names, name, ',');)
                    if (!name.empty())
                        c.options.checks.insert(name);
                if (c.options.checks.empty())
                    return std::unexpected(usage_error("chaos: --checks: expected check names such as linearizable,log_matching"));
            } else if (a == "--interval" || a == "--budget") {
                auto d = core::parse_duration(v);
                if (!d || *d <= core::Duration::zero())
                    return std::unexpected(usage_error("chaos: " + a + ": expected a positive duration such as 2s or 500ms, got \"" +
                                                       v + "\""));
                (a == "--interval" ? c.options.interval : c.options.budget) = *d;
            } else {
                if (v.empty())
                    return std::unexpected(usage_error("chaos: --out: expected a file name, got \"\""));
                c.out = v;
            }
        } else if (a.starts_with("--")) {
            return std::unexpected(usage_error("chaos: unknown option " + a));
        } else if (c.file.empty()) {
            c.file = a;
        } else {
            return std::unexpected(usage_error("chaos takes one scenario file"));
        }
    }
    if (c.file.empty())
        return std::unexpected(usage_error("chaos needs a scenario FILE"));
    return c;
}

// The fault lines of a written scenario, as the file shows them.
std::vector<std::string> fault_lines(const std::string& yaml) {
    std::vector<std::string> lines;
    std::istringstream in(yaml);
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (line == "faults:") {
            inside = true;
        } else if (inside && line.starts_with("  - ")) {
            lines.push_back(line.substr(4));
        } else if (inside && !line.starts_with(" ")) {
            break;
        }
    }
    return lines;
}

std::string default_out(const std::string& file, std::uint64_t seed) {
    const std::filesystem::path path(file);
    return (path.parent_path() / (path.stem().string() + ".chaos-" + std::to_string(seed) + ".yaml")).string();
}

}  // namespace

int cmd_chaos(const std::vector<std::string>& args, const std::string& command_line) {
    auto parsed = parse(args);
    if (!parsed)
        return parsed.error();
    ChaosCommand& c = *parsed;
    auto scenario = load(c.file);
    if (!scenario) {
        print_diagnostics(scenario.error());
        return kInvalidInput;
    }
    for (const std::string& name : c.options.checks) {
        const bool present = std::any_of(scenario->checks.begin(), scenario->checks.end(), [&](const netlab::CheckSpec& check) {
            return check.name == name || (check.name == "expect_fail" && check.args.is_object() && check.args.contains(name));
        });
        if (!present)
            return usage_error("chaos: --checks: " + c.file + " has no check named \"" + name + "\"");
    }
    const netlab::Scenario judged = netlab::chaos_base(*scenario, c.options.checks);
    if (judged.checks.empty())
        return usage_error("chaos: " + c.file + " has no check to judge under random faults (checks timed with after: are "
                           "left out; name some with --checks)");
    c.options.seed = c.seed.value_or(scenario->seed);
    c.options.node_binary = node_binary();
    install_signal_handlers();
    c.options.stop = &stop_flag();
    const bool tty = ::isatty(STDERR_FILENO);
    c.options.on_progress = [tty, last = -1](std::string_view what, int done, int total) mutable {
        if (!tty || done == last)
            return;
        last = done;
        std::cerr << "\r  " << what << " " << done << "/" << total << "   " << std::flush;
    };

    std::ostream& out = human_output(c.json);
    std::string faults;
    for (netlab::ChaosFault f : c.options.faults)
        faults += std::string(faults.empty() ? "" : ", ") + std::string(netlab::to_string(f));
    out << "chaos: " << scenario->name << ", " << c.options.runs << " run(s) " << (c.options.real ? "on real processes" : "in the simulator")
        << ", seeds " << c.options.seed << ".." << c.options.seed + static_cast<std::uint64_t>(c.options.runs) - 1 << "\n"
        << "  faults: " << faults << ", every " << core::format_duration(c.options.interval) << " on average\n"
        << "  checks:";
    for (const netlab::CheckSpec& check : judged.checks)
        out << " " << check.name;
    out << "\n";

    auto summary = netlab::run_chaos(*scenario, c.options);
    if (tty)
        std::cerr << "\r" << std::string(40, ' ') << "\r";
    if (!summary) {
        std::cerr << "distlab-cli: chaos: the lab failed: " << summary.error().message << "\n";
        return kLabFailed;
    }
    const int failed = static_cast<int>(summary->failures.size());
    out << "  runs: " << summary->runs << ", passed " << summary->passed << ", failed " << failed << " ("
        << std::fixed << std::setprecision(1) << summary->seconds << " s)" << (summary->stopped ? ", stopped early" : "") << "\n";
    for (const auto& [check, count] : summary->failures_by_check)
        out << "  " << check << " failed in " << count << " run(s)\n";
    if (failed > 0) {
        out << "  failing seeds:";
        for (int i = 0; i < std::min(failed, 10); ++i)
            out << " " << summary->failures[static_cast<std::size_t>(i)].seed;
        out << (failed > 10 ? " ..." : "") << "\n";
    }

    core::Json json = {{"scenario", scenario->name},
                       {"mode", c.options.real ? "real" : "sim"},
                       {"seed", c.options.seed},
                       {"runs", summary->runs},
                       {"passed", summary->passed},
                       {"failed", failed},
                       {"stopped", summary->stopped},
                       {"seconds", summary->seconds},
                       {"faults", core::Json::array()},
                       {"failures_by_check", summary->failures_by_check},
                       {"failing_seeds", core::Json::array()}};
    for (netlab::ChaosFault f : c.options.faults)
        json["faults"].push_back(netlab::to_string(f));
    for (const netlab::ChaosRun& run : summary->failures)
        json["failing_seeds"].push_back(run.seed);

    if (summary->shrunk) {
        const netlab::ChaosShrunk& shrunk = *summary->shrunk;
        const netlab::Scenario described = netlab::shrunk_scenario(shrunk, *scenario, {"distlab-cli chaos", "distlab-cli chaos"});
        const std::string text = netlab::write_scenario(described);
        const std::string path = c.out.value_or(default_out(c.file, shrunk.seed));
        std::ofstream file(path);
        file << "# Written by " << command_line << "\n" << text;
        file.close();
        if (!file) {
            std::cerr << "distlab-cli: chaos: cannot write " << path << "\n";
            return kInvalidInput;
        }
        out << "  shrunk: seed " << shrunk.seed << ", " << shrunk.check << " fails with " << described.faults.size()
            << " fault(s) of " << shrunk.faults_before << " (" << shrunk.runs << " runs"
            << (shrunk.minimal ? "" : "; not minimal: the shrink budget ran out") << ")\n";
        for (const std::string& line : fault_lines(text))
            out << "    " << line << "\n";
        if (!shrunk.detail.empty())
            out << "    " << shrunk.check << ": " << shrunk.detail << "\n";
        out << "  written: " << path << "\n"
            << "  replay:  distlab-cli run " << path << (c.options.real ? "" : " --sim") << "\n";
        json["shrunk"] = {{"check", shrunk.check},
                          {"seed", shrunk.seed},
                          {"faults_before", shrunk.faults_before},
                          {"faults_after", described.faults.size()},
                          {"runs", shrunk.runs},
                          {"minimal", shrunk.minimal},
                          {"detail", shrunk.detail},
                          {"detail_zh", shrunk.detail_zh},
                          {"file", path}};
    }
    if (c.json)
        std::cout << json.dump() << "\n";
    return failed > 0 ? kCheckFailed : kPassed;
}

}  // namespace distlab::cli
