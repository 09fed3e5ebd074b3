#include "app/cli_maelstrom.h"

#include <CLI/CLI.hpp>

#include <cstdio>

#include "app/cli_options.h"
#include "core/patterns/maelstrom/maelstrom_test.h"

namespace distlab::cli {

namespace {

constexpr CommandText kMaelstromText{
    "test a program of your own that speaks Maelstrom's protocol, as Maelstrom's options say",
    "Runs your node program the way `maelstrom test` does, inside the lab: --node-count nodes n1, n2, ... each "
    "run the program of --bin (the `external` role: JSON lines on stdin and stdout, its log on stderr), and the "
    "workload's clients send it operations at --rate for --time-limit seconds through the lab's fabric. The run "
    "is judged, printed and recorded like `distlab-cli run`; --write-scenario saves the equivalent scenario to "
    "edit and run again, or to open in the window. Workloads so far: echo, kafka, txn-rw-register, "
    "txn-list-append. Maelstrom's services run beside the nodes as the nodes lin-kv, seq-kv, lww-kv and lin-tso.",
    "exit codes: 0 every check passed, 1 a check failed (the node misbehaved or answered wrong),\n"
    "2 invalid input (no such program, a bad option), 3 the lab failed.\n"
    "\n"
    "example:\n"
    "  distlab-cli maelstrom test -w echo --bin ./my-node --node-count 3 --time-limit 10\n"};

std::string number_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

}  // namespace

CLI::App& declare_maelstrom(CLI::App& app, MaelstromCommand& c) {
    CLI::App& command = add_command(app, "maelstrom", kMaelstromText);
    command.add_option("ACTION", c.action, "what to do")->required()->type_name("test")->check(CLI::IsMember({"test"}));
    command.add_option("-w,--workload", c.workload, "the workload: echo, kafka, txn-rw-register, txn-list-append")
        ->required()
        ->type_name("WORKLOAD")
        ->check(CLI::IsMember(core::maelstrom::maelstrom_workloads()));
    command.add_option("--bin", c.bin, "your node program (run with no arguments, never through a shell)")
        ->required()
        ->type_name("PATH");
    add_value(command, "--node-count", "N", "nodes running the program, in [1, 100] (default 1)",
              [&c](const std::string& v) -> std::optional<std::string> {
                  auto n = count_value("a number of nodes", 1, 100)(v);
                  if (!n)
                      return n.error().message;
                  c.node_count = *n;
                  return std::nullopt;
              });
    const auto positive = [](double& target, double max, std::string what) {
        return [&target, max, what](const std::string& v) -> std::optional<std::string> {
            char* end = nullptr;
            const double x = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || !(x > 0) || x > max)
                return "expected " + what + " in (0, " + number_text(max) + "], got \"" + v + "\"";
            target = x;
            return std::nullopt;
        };
    };
    add_value(command, "--time-limit", "S", "seconds of workload (default 10); the run lasts one more to settle",
              positive(c.time_limit_s, 3600, "seconds"));
    add_value(command, "--rate", "R", "operations per second over all clients (default 10)",
              positive(c.rate, 100000, "operations per second"));
    add_parsed(command, "--seed", "N", "the seed of the clients' random choices (default 1)", c.seed, seed_value());
    add_parsed(command, "--write-scenario", "FILE", "also save the equivalent scenario to FILE", c.write_scenario,
               non_empty("a file name"));
    add_parsed(command, "--record", "OUT", "record the run to OUT (a .distlab file; never overwritten)", c.record,
               non_empty("a file name"));
    add_parsed(command, "--report", "DIR", "write the report set into DIR", c.report_dir, non_empty("a folder"));
    command.add_flag("--json", c.json, "the summary as one JSON line on stdout; the human summary to stderr");
    return command;
}

core::Result<std::string> maelstrom_scenario(const MaelstromCommand& c) {
    return core::maelstrom::maelstrom_test_scenario({.command = {c.bin},
                                                     .workload = c.workload,
                                                     .node_count = c.node_count,
                                                     .time_limit_s = c.time_limit_s,
                                                     .rate = c.rate,
                                                     .seed = c.seed.value_or(1)},
                                                    "--bin");
}

}  // namespace distlab::cli
