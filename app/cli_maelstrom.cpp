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
#include "core/model/json.h"

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
    "broadcast, g-set, g-counter, pn-counter, lin-kv.",
    "exit codes: 0 every check passed, 1 a check failed (the node misbehaved or answered wrong),\n"
    "2 invalid input (no such program, a bad option), 3 the lab failed.\n"
    "\n"
    "examples:\n"
    "  distlab-cli maelstrom test -w echo --bin ./my-node --node-count 3 --time-limit 10\n"
    "  distlab-cli maelstrom test -w broadcast --bin ./my-node --node-count 5 --time-limit 20 --rate 100 \\\n"
    "      --latency 100 --nemesis partition --topology grid\n"};

// The workloads: the client role, and whether its check reads final reads.
struct Workload {
    std::string_view name;
    bool final_reads;
};
constexpr Workload kWorkloads[] = {{"echo", false},      {"unique-ids", false}, {"broadcast", true},
                                   {"g-set", true},      {"g-counter", true},   {"pn-counter", true},
                                   {"lin-kv", false}};

const Workload* find_workload(std::string_view name) {
    for (const Workload& w : kWorkloads)
        if (w.name == name)
            return &w;
    return nullptr;
}

std::string number_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

std::string ms(double s) {
    return std::to_string(static_cast<long long>(std::llround(s * 1000))) + "ms";
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
    std::vector<std::string> names;
    for (const Workload& w : kWorkloads)
        names.emplace_back(w.name);
    command.add_option("ACTION", c.action, "what to do")->required()->type_name("test")->check(CLI::IsMember({"test"}));
    command.add_option("-w,--workload", c.workload,
                       "the workload")
        ->required()
        ->type_name("WORKLOAD")
        ->check(CLI::IsMember(names));
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
    const Workload* workload = find_workload(c.workload);
    if (!workload)
        return core::fail("-w: unknown workload " + c.workload);
    std::error_code ec;
    const std::filesystem::path bin = std::filesystem::absolute(c.bin, ec);
    if (ec || !std::filesystem::is_regular_file(bin, ec))
        return core::fail("--bin: " + c.bin + " is not a file");
    if (::access(bin.c_str(), X_OK) != 0)
        return core::fail("--bin: " + c.bin + " is not executable");
    if (c.key_count && c.workload != "lin-kv")
        return core::fail("--key-count: only the lin-kv workload has keys");
    auto clients = client_count(c.concurrency, c.node_count);
    if (!clients)
        return core::fail(clients.error().message);
    const std::string name = bin.filename().string();
    const std::string limit = number_text(c.time_limit_s);
    const std::string per_client = number_text(c.rate / static_cast<double>(*clients));

    // The times: a request waits `timeout`; after the time limit the nodes have `settle` seconds
    // (more with more latency) before the final reads, and the run ends when the last request
    // made so far can have been answered.
    const double latency_s = c.latency_ms / 1000.0;
    const double max_one_way_s = c.latency_dist == "uniform" ? 2 * latency_s : latency_s;
    const double timeout_s = 1.0 + 4 * max_one_way_s;
    const double settle_s = workload->final_reads ? std::min(10.0, 1.0 + 10 * max_one_way_s) : 0.0;
    const double final_read_s = c.time_limit_s + settle_s;
    const double duration_s = final_read_s + timeout_s + 0.2;

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
                       "duration: " + ms(duration_s) + "\n"
                       "seed: " + std::to_string(c.seed.value_or(1)) + "\n";
    yaml += "network: { preset: ideal, latency: " + ms(latency_s) +
            (c.latency_dist == "uniform" ? ", jitter: " + ms(latency_s) : std::string()) + " }\n";
    yaml += "nodes:\n";
    for (std::uint64_t i = 1; i <= c.node_count; ++i)
        yaml += "  - { id: n" + std::to_string(i) + ", role: external, params: { command: [" + core::Json(bin.string()).dump() +
                "] } }\n";
    for (std::uint64_t i = 1; i <= *clients; ++i) {
        yaml += "  - { id: c" + std::to_string(i) + ", role: " + c.workload + "-client, params: { target: n" +
                std::to_string((i - 1) % c.node_count + 1) + ", rate: " + per_client + ", stop_at: " + ms(c.time_limit_s) +
                ", timeout: " + ms(timeout_s);
        if (workload->final_reads)
            yaml += ", final_read_at: " + ms(final_read_s);
        if (c.workload == "broadcast")
            yaml += ", topology: " + c.topology;
        if (c.key_count)
            yaml += ", key_count: " + std::to_string(*c.key_count);
        yaml += " } }\n";
    }
    // The nemesis: a fault starts every interval, from half an interval in, and is undone half an
    // interval later; everything is healed at the time limit.
    if (!c.nemesis.empty()) {
        yaml += "faults:\n";
        std::size_t k = 0;
        for (double t = c.nemesis_interval_s / 2; t < c.time_limit_s; t += c.nemesis_interval_s, ++k) {
            const std::string& kind = c.nemesis[k % c.nemesis.size()];
            const std::string what = kind == "partition" ? "partition: majority" : kind + ": random";
            yaml += "  - { at: " + ms(t) + ", until: " + ms(std::min(t + c.nemesis_interval_s / 2, c.time_limit_s)) + ", " +
                    what + " }\n";
        }
        yaml += "  - { at: " + ms(c.time_limit_s) + ", heal: all }\n";
    }
    yaml += "checks:\n";
    if (c.workload == "unique-ids")
        yaml += "  - unique_ids: true\n";
    else if (c.workload == "broadcast")
        yaml += "  - broadcast_delivered: true\n";
    else if (c.workload == "lin-kv")
        yaml += "  - linearizable: kv\n";
    else if (workload->final_reads)
        yaml += "  - maelstrom_values_allowed: true\n";
    yaml += "  - no_violations: true\n"
            "  - all_ops_complete: true\n"
            "  - maelstrom_stats: true\n";
    if (c.availability)
        yaml += "  - availability: { min: " + number_text(*c.availability) + " }\n";
    return yaml;
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
