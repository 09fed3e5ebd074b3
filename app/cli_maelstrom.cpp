#include "app/cli_maelstrom.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/cli_options.h"
#include "core/model/json.h"

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
        ->check(CLI::IsMember({"echo", "kafka", "txn-rw-register", "txn-list-append"}));
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
    std::error_code ec;
    const std::filesystem::path bin = std::filesystem::absolute(c.bin, ec);
    if (ec || !std::filesystem::is_regular_file(bin, ec))
        return core::fail("--bin: " + c.bin + " is not a file");
    if (::access(bin.c_str(), X_OK) != 0)
        return core::fail("--bin: " + c.bin + " is not executable");
    const std::string name = bin.filename().string();
    const std::string limit = number_text(c.time_limit_s);
    const std::string per_client = number_text(c.rate / static_cast<double>(c.node_count));
    const auto ms = [](double s) { return std::to_string(static_cast<long long>(std::llround(s * 1000))) + "ms"; };

    std::string yaml = "version: 1\n"
                       "name: maelstrom-" + c.workload + "\n"
                       "family: testing\n"
                       "title: { en: " + core::Json("Maelstrom " + c.workload + ": " + name).dump() +
                       ", zh: " + core::Json("Maelstrom " + c.workload + "：" + name).dump() + " }\n"
                       "summary:\n"
                       "  en: " + core::Json(std::to_string(c.node_count) + " node(s) of " + name + " under Maelstrom's " +
                                             c.workload + " workload for " + limit + " s, at " + number_text(c.rate) +
                                             " operations per second (distlab-cli maelstrom test).").dump() + "\n"
                       "  zh: " + core::Json(std::to_string(c.node_count) + " 个 " + name + " 节点，运行 Maelstrom 的 " +
                                             c.workload + " 工作负载 " + limit + " s，每秒 " + number_text(c.rate) +
                                             " 个操作（distlab-cli maelstrom test）。").dump() + "\n"
                       "duration: " + ms(c.time_limit_s + 1) + "\n"
                       "seed: " + std::to_string(c.seed.value_or(1)) + "\n"
                       "nodes:\n";
    for (std::uint64_t i = 1; i <= c.node_count; ++i)
        yaml += "  - { id: n" + std::to_string(i) + ", role: external, params: { command: [" + core::Json(bin.string()).dump() +
                "] } }\n";
    for (std::uint64_t i = 1; i <= c.node_count; ++i)
        yaml += "  - { id: c" + std::to_string(i) + ", role: " + c.workload + "-client, params: { target: n" +
                std::to_string(i) + ", rate: " + per_client + ", stop_at: " + ms(c.time_limit_s) + " } }\n";
    // Maelstrom's services, which the program may call by name.
    for (const char* service : {"lin-kv", "seq-kv", "lww-kv", "lin-tso"})
        yaml += std::string("  - { id: ") + service + ", role: " + service + " }\n";
    yaml += "checks:\n"
            "  - no_violations: true\n"
            "  - all_ops_complete: true\n";
    if (c.workload == "kafka")
        yaml += "  - kafka_log: true\n";
    if (c.workload.starts_with("txn-"))
        yaml += "  - txn_serializable: " + c.workload.substr(4) + "\n";
    return yaml;
}

}  // namespace distlab::cli
