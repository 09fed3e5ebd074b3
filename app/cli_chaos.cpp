#include "app/cli_chaos.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <tuple>

#include "app/cli_options.h"
#include "app/cli_support.h"
#include "netlab/chaos/chaos.h"
#include "netlab/chaos/chaos_report.h"
#include "netlab/scenario/scenario_writer.h"

namespace distlab::cli {

namespace {

constexpr std::uint64_t kMaxRuns = 100000;

constexpr CommandText kChaosText{
    "run one scenario under many random fault schedules, shrink the first failure",
    "Runs FILE many times, each run under its own random fault schedule drawn from the run's seed, in place of "
    "the scenario's own faults and narrative: kills and pauses of the leader or a random server, partitions "
    "(one server cut off, majority / minority, a majorities ring, a one-way cut), latency, loss, duplication and "
    "clock skew, and moves aimed at the leader (the leader and a minority cut off, then the next leader, and the "
    "next; one server deaf to the leader; the leader killed and restarted soon; a server killed and restarted at "
    "once), at exponential gaps of mean D, each undone after 0.5 to 1.5 D (docs/chaos.md). Checks wrapped in "
    "expect_fail are judged as plain checks: chaos looks for the failure; checks timed against the scenario's own "
    "story (an after: argument) are left out. The first failing run is shrunk: faults removed, merged and "
    "shortened while the same check still fails (deterministic in the simulator), and the smallest schedule is "
    "written as a scenario file to replay with `distlab-cli run` or open in the window.",
    "exit codes: 0 every run passed, 1 a check failed (the shrunk scenario is written), 2 invalid\n"
    "input, 3 the lab failed.\n"
    "\n"
    "example:\n"
    "  distlab-cli chaos scenarios/consensus/unsafe-commit-old-term.yaml --runs 400 --until-failure \\\n"
    "      --faults leader_minority,deaf_follower,crash_leader,bounce --interval 300ms\n"};

}  // namespace

CLI::App& declare_chaos(CLI::App& app, ChaosCommand& c) {
    CLI::App& command = add_command(app, "chaos", kChaosText);
    command.add_option("FILE", c.file, "the scenario file")->required()->type_name("FILE");
    add_value(command, "--runs", "N",
              "runs, in [1, " + std::to_string(kMaxRuns) + "] (default 100); run K uses seed S+K-1",
              [&c](const std::string& v) -> std::optional<std::string> {
                  auto n = count_value("a number of runs", 1, kMaxRuns)(v);
                  if (!n)
                      return n.error().message;
                  c.options.runs = static_cast<int>(*n);
                  return std::nullopt;
              });
    add_parsed(command, "--seed", "N", "S, the first run's seed (default: the scenario's seed)", c.seed, seed_value());
    command.add_flag("--real", c.options.real, "real processes, one run at a time (default: the simulator, in parallel)");
    command.add_flag("--until-failure", c.options.until_failure,
                     "stop at the first failing run (every lower seed still runs, so it is the same first failure)");
    add_value(command, "--faults", "LIST",
              "a comma-separated choice of kill, pause, partition, latency, loss, duplicate, clock_skew, "
              "leader_minority, deaf_follower, crash_leader, bounce (default: all)",
              [&c](const std::string& v) -> std::optional<std::string> {
                  auto faults = netlab::parse_chaos_faults(v);
                  if (!faults)
                      return faults.error().message;
                  c.options.faults = std::move(*faults);
                  return std::nullopt;
              });
    for (const auto& [name, target, help] :
         {std::tuple{"--interval", &c.options.interval, "the mean role time between two faults (default 2s)"},
          std::tuple{"--budget", &c.options.budget, "stop starting runs after D of wall-clock time (shrinking aside)"}})
        add_value(command, name, "D", help, [target](const std::string& v) -> std::optional<std::string> {
            auto d = positive_duration()(v);
            if (!d)
                return d.error().message;
            *target = *d;
            return std::nullopt;
        });
    add_value(command, "--checks", "LIST", "judge exactly these checks of the scenario (comma-separated names)",
              [&c](const std::string& v) -> std::optional<std::string> {
                  std::stringstream names(v);
                  for (std::string name; std::getline(names, name, ',');)
                      if (!name.empty())
                          c.options.checks.insert(name);
                  if (c.options.checks.empty())
                      return "expected check names such as linearizable,log_matching";
                  return std::nullopt;
              });
    add_parsed(command, "--out", "FILE",
               "where the shrunk scenario goes (default: beside FILE, as NAME.chaos-SEED.yaml)", c.out,
               non_empty("a file name"));
    add_parsed(command, "--report", "DIR",
               "write a report set into DIR: the campaign (runs, failures by check, failing seeds, the shrunk "
               "schedule) first, then the report of the shrunk failing run, or of the first run when none failed",
               c.report_dir, non_empty("a folder"));
    add_lang(command, c.lang);
    command.add_flag("--json", c.json, "a one-line JSON summary on stdout");
    return command;
}

namespace {

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

int cmd_chaos(ChaosCommand& c, const std::string& command_line) {
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
    if (c.report_dir) {
        // The run the report shows: the shrunk failure, or the first run as the campaign drew it.
        netlab::Scenario shown;
        std::vector<std::string> shrunk_faults;
        std::string replay;
        if (summary->shrunk) {
            shown = netlab::shrunk_scenario(*summary->shrunk, *scenario, {"distlab-cli chaos", "distlab-cli chaos"});
            shrunk_faults = fault_lines(netlab::write_scenario(shown));
            replay = "distlab-cli run " + json["shrunk"]["file"].get<std::string>() + (c.options.real ? "" : " --sim");
        } else {
            shown = judged;
            shown.seed = c.options.seed;
            shown.faults = netlab::chaos_schedule(judged, c.options.seed, c.options);
            replay = "distlab-cli chaos " + c.file + " --runs 1 --seed " + std::to_string(c.options.seed);
        }
        netlab::RunRequest request;
        request.scenario = shown;
        request.simulate = !c.options.real;
        request.command_line = command_line;
        request.node_binary = c.options.node_binary;
        request.stop_requested = &stop_flag();
        auto outcome = netlab::run_scenario(request);
        if (!outcome) {
            std::cerr << "distlab-cli: chaos: the lab failed replaying the run for the report: " << outcome.error().message << "\n";
            return kLabFailed;
        }
        if (!write_report_set(shown, *outcome, command_line, {}, *c.report_dir, netlab::ReportFormats{}, c.lang,
                              {netlab::chaos_section({*scenario, c.options, *summary, shrunk_faults, replay}, c.lang)}))
            return kLabFailed;
        out << "  report: " << *c.report_dir << "\n";
        json["report"] = *c.report_dir;
    }
    if (c.json)
        std::cout << json.dump() << "\n";
    return failed > 0 ? kCheckFailed : kPassed;
}

}  // namespace distlab::cli
