#include "app/cli_maelstrom.h"

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

#include "app/cli_options.h"
#include "core/patterns/maelstrom/maelstrom_test.h"

namespace distlab::cli {

namespace {

constexpr CommandText kMaelstromText{
    "test a program of your own that speaks Maelstrom's protocol, as Maelstrom's options say",
    "Runs your node program the way `maelstrom test` does, inside the lab: --node-count nodes n1, n2, ... each "
    "run the program of --bin (the `external` role: JSON lines on stdin and stdout, its log on stderr), and "
    "--concurrency clients send it the workload's operations at --rate for --time-limit seconds through the lab's "
    "fabric, with --latency on every message and the --nemesis faults every --nemesis-interval seconds; then the "
    "faults are healed, the nodes settle and the clients make their final reads. The run is judged with the "
    "workload's checker, printed and recorded like `distlab-cli run`; --write-scenario saves the equivalent "
    "scenario to edit and run again, --open shows the recording in the window. Workloads: echo, unique-ids, "
    "broadcast, g-set, g-counter, pn-counter, lin-kv, kafka, txn-rw-register, txn-list-append. Maelstrom's services "
    "run beside the nodes as the nodes lin-kv, seq-kv, lww-kv and lin-tso.",
    "exit codes: 0 every check passed, 1 a check failed (the node misbehaved or answered wrong),\n"
    "2 invalid input (no such program, a bad option), 3 the lab failed.\n"
    "\n"
    "examples:\n"
    "  distlab-cli maelstrom test -w echo --bin ./my-node --node-count 3 --time-limit 10\n"
    "  distlab-cli maelstrom test -w broadcast --bin ./my-node --node-count 5 --time-limit 20 --rate 100 \\\n"
    "      --latency 100 --nemesis partition --topology grid\n"};

std::string number_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

// "5", "2n": the number of clients.
core::Result<std::uint64_t> client_count(const std::string& text, std::uint64_t nodes) {
    if (text.empty())
        return nodes;
    const bool per_node = text.back() == 'n';
    const std::string digits = per_node ? text.substr(0, text.size() - 1) : text;
    char* end = nullptr;
    const unsigned long long k = digits.empty() ? 1 : std::strtoull(digits.c_str(), &end, 10);
    if ((!digits.empty() && (*end != '\0' || digits[0] == '-')) || k == 0)
        return core::fail("--concurrency: expected a number of clients (5) or clients per node (2n), got \"" + text + "\"");
    const std::uint64_t n = per_node ? k * nodes : k;
    if (n > 1000)
        return core::fail("--concurrency: " + text + " makes " + std::to_string(n) + " clients; at most 1000");
    return n;
}

}  // namespace

CLI::App& declare_maelstrom(CLI::App& app, MaelstromCommand& c) {
    CLI::App& command = add_command(app, "maelstrom", kMaelstromText);
    command.add_option("ACTION", c.action, "what to do")->required()->type_name("test")->check(CLI::IsMember({"test"}));
    command.add_option("-w,--workload", c.workload,
                       "the workload")
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
    const auto number = [](double& target, double min, bool min_allowed, double max, std::string what) {
        return [&target, min, min_allowed, max, what](const std::string& v) -> std::optional<std::string> {
            char* end = nullptr;
            const double x = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || !(min_allowed ? x >= min : x > min) || x > max)
                return "expected " + what + " in " + (min_allowed ? "[" : "(") + number_text(min) + ", " +
                       number_text(max) + "], got \"" + v + "\"";
            target = x;
            return std::nullopt;
        };
    };
    add_value(command, "--time-limit", "S", "seconds of workload (default 10); then the nodes settle",
              number(c.time_limit_s, 0, false, 3600, "seconds"));
    add_value(command, "--rate", "R", "operations per second over all clients (default 10)",
              number(c.rate, 0, false, 100000, "operations per second"));
    command.add_option("--concurrency", c.concurrency, "clients: a number (5) or per node (2n); default one per node")
        ->type_name("N|Kn");
    add_value(command, "--latency", "MS", "mean one-way latency of every message, in milliseconds (default 0)",
              number(c.latency_ms, 0, true, 60000, "milliseconds"));
    command.add_option("--latency-dist", c.latency_dist,
                       "constant, or uniform in [0, 2 x --latency] (default constant)")
        ->type_name("DIST")
        ->check(CLI::IsMember({"constant", "uniform"}));
    command.add_option("--nemesis", c.nemesis, "faults to inject, comma-separated")
        ->type_name("FAULTS")
        ->delimiter(',')
        ->check(CLI::IsMember({"partition", "kill", "pause"}));
    add_value(command, "--nemesis-interval", "S", "seconds between the starts of two faults (default 10)",
              number(c.nemesis_interval_s, 0, false, 3600, "seconds"));
    command.add_option("--topology", c.topology, "broadcast's topology message (default grid)")
        ->type_name("TOPOLOGY")
        ->check(CLI::IsMember({"grid", "line", "tree2", "tree3", "tree4", "total"}));
    add_value(command, "--availability", "A",
              "the smallest share of operations that must succeed, in [0, 1], or total (1); default none",
              [&c](const std::string& v) -> std::optional<std::string> {
                  if (v == "total") {
                      c.availability = 1.0;
                      return std::nullopt;
                  }
                  char* end = nullptr;
                  const double x = std::strtod(v.c_str(), &end);
                  if (v.empty() || *end != '\0' || !(x >= 0 && x <= 1))
                      return "expected a share in [0, 1] or total, got \"" + v + "\"";
                  c.availability = x;
                  return std::nullopt;
              });
    add_parsed(command, "--key-count", "N", "lin-kv: keys the operations pick from (default 5)", c.key_count,
               count_value("a number of keys", 1, 100000));
    add_parsed(command, "--seed", "N", "the seed of the clients' random choices and the nemesis (default 1)", c.seed,
               seed_value());
    add_parsed(command, "--write-scenario", "FILE", "also save the equivalent scenario to FILE", c.write_scenario,
               non_empty("a file name"));
    add_parsed(command, "--record", "OUT", "record the run to OUT (a .distlab file; never overwritten)", c.record,
               non_empty("a file name"));
    add_parsed(command, "--report", "DIR", "write the report set into DIR", c.report_dir, non_empty("a folder"));
    command.add_flag("--open", c.open,
                     "after the run, open its recording in the window (recorded into the temporary folder without "
                     "--record)");
    command.add_flag("--json", c.json, "the summary as one JSON line on stdout; the human summary to stderr");
    return command;
}

core::Result<std::string> maelstrom_scenario(const MaelstromCommand& c) {
    auto clients = client_count(c.concurrency, c.node_count);
    if (!clients)
        return core::fail(clients.error().message);
    return core::maelstrom::maelstrom_test_scenario({.command = {c.bin},
                                                     .workload = c.workload,
                                                     .node_count = c.node_count,
                                                     .time_limit_s = c.time_limit_s,
                                                     .rate = c.rate,
                                                     .seed = c.seed.value_or(1),
                                                     .clients = *clients,
                                                     .latency_ms = c.latency_ms,
                                                     .uniform_latency = c.latency_dist == "uniform",
                                                     .nemesis = c.nemesis,
                                                     .nemesis_interval_s = c.nemesis_interval_s,
                                                     .topology = c.topology,
                                                     .availability = c.availability,
                                                     .key_count = c.key_count},
                                                    "--bin");
}

core::Result<int> open_in_window(const std::string& file) {
    // The window beside this program (an installed or built tree), else the one in PATH.
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::string window = "distlab";
    if (!ec && ::access((self.parent_path() / "distlab").c_str(), X_OK) == 0)
        window = (self.parent_path() / "distlab").string();
    // A pipe closed by a successful exec tells the parent the window started; a failed exec
    // writes its errno there.
    int ready[2];
    if (::pipe2(ready, O_CLOEXEC) != 0)
        return core::fail(std::string("cannot start the window: ") + std::strerror(errno));
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(ready[0]);
        ::close(ready[1]);
        return core::fail(std::string("cannot start the window: ") + std::strerror(err));
    }
    if (pid == 0) {
        ::setsid();
        std::vector<char*> argv{window.data(), const_cast<char*>(file.c_str()), nullptr};
        ::execvp(argv[0], argv.data());
        const int err = errno;
        [[maybe_unused]] const auto written = ::write(ready[1], &err, sizeof err);
        ::_exit(127);
    }
    ::close(ready[1]);
    int err = 0;
    const ssize_t n = ::read(ready[0], &err, sizeof err);
    ::close(ready[0]);
    if (n == static_cast<ssize_t>(sizeof err)) {
        ::waitpid(pid, nullptr, 0);
        return core::fail("cannot start the window " + window + ": " + std::strerror(err));
    }
    return static_cast<int>(pid);
}

}  // namespace distlab::cli
