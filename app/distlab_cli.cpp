// distlab-cli: the headless twin of the DistLab window, for CI, benchmarks and reports.
// The command-line contract (commands, exit codes, --json summary) is docs/scenario-format.md;
// every command is declared once with CLI11 (app/cli_options.h), from which its options, their
// validation and its --help page come.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <vector>

#include "app/build_info.h"
#include "app/cli_chaos.h"
#include "app/cli_stress.h"
#include "app/cli_check.h"
#include "app/cli_compare.h"
#include "app/cli_export.h"
#include "app/cli_maelstrom.h"
#include "app/cli_options.h"
#include "app/cli_support.h"
#include "core/model/param_bounds.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/metrics_http/live_metrics.h"
#include "netlab/metrics_http/metrics_server.h"
#include "netlab/report/report.h"
#include "netlab/runner/fork.h"
#include "netlab/runner/runner.h"
#include "netlab/runner/starter.h"
#include "netlab/scenario/loader.h"

namespace {

using namespace distlab;
using netlab::Scenario;

using namespace distlab::cli;

std::string verdict_mark(netlab::Verdict v) {
    switch (v) {
    case netlab::Verdict::Pass: return "PASS";
    case netlab::Verdict::Fail: return "FAIL";
    case netlab::Verdict::Unknown: return "UNKNOWN";
    }
    return "?";
}

// printf into a stream.
[[gnu::format(printf, 2, 3)]] void print(std::ostream& out, const char* format, ...) {
    char buf[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    out << buf;
}

// "p50 1.20 ms, p90 ..., max 9.80 ms" of a latency_ms object.
std::string latency_text(const core::Json& latency) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", latency.value("p50", 0.0),
                  latency.value("p90", 0.0), latency.value("p99", 0.0), latency.value("max", 0.0));
    return buf;
}

// The latency lines: over every ok operation, then per client and per operation where the run
// has several, so a latency check limited to one client reads against that client's figures.
void print_latency(std::ostream& out, const core::Json& stats) {
    const bool by_client = stats.contains("latency_by_client");
    const bool by_op = stats.contains("latency_by_op");
    out << "  latency" << (by_client || by_op ? " (all ok operations)" : "") << ": " << latency_text(stats["latency_ms"])
        << "\n";
    for (const auto& [key, label] : {std::pair{"latency_by_client", "client"}, std::pair{"latency_by_op", "operation"}}) {
        if (!stats.contains(key))
            continue;
        for (const auto& [name, group] : stats[key].items())
            out << "    " << label << " " << name << " (" << group.value("ops", 0ull) << " ok): " << latency_text(group)
                << "\n";
    }
}

void print_outcome(std::ostream& out, const Scenario& scenario, const netlab::RunOutcome& outcome) {
    out << scenario.title.in("en") << " (" << scenario.name << ", seed " << scenario.seed << ")\n";
    for (const auto& check : outcome.checks)
        out << "  " << verdict_mark(check.verdict) << "  " << check.name << ": " << check.detail << "\n";
    const core::Json& stats = outcome.summary["stats"];
    const core::Json& messages = stats["messages"];
    const core::Json& ops = stats["ops"];
    print(out, "  messages: %llu sent, %llu delivered, %llu dropped, %llu duplicated\n",
          messages.value("sent", 0ull), messages.value("delivered", 0ull), messages.value("dropped", 0ull),
          messages.value("duplicated", 0ull));
    print(out, "  operations: %llu invoked, %llu ok, %llu failed, %llu unknown; %.1f ops/s\n",
          ops.value("invoked", 0ull), ops.value("ok", 0ull), ops.value("failed", 0ull), ops.value("unknown", 0ull),
          stats.value("throughput_ops_s", 0.0));
    print_latency(out, stats);
    if (outcome.recording)
        out << "  recording: " << outcome.recording->string() << "\n";
    if (outcome.verdict == netlab::RunVerdict::NoChecks)
        out << "  note: the scenario has no checks, so nothing was judged\n";
    out << netlab::run_verdict_text(outcome.verdict, outcome.stopped_at_ns).en << std::endl;
}

// The progress of a run on stderr: a line redrawn in place on a terminal; otherwise (a CI log,
// a pipe) a plain line every kQuietProgress of wall time, so long runs still show they live.
class ProgressPrinter {
public:
    static constexpr auto kQuietProgress = std::chrono::seconds(3);

    ProgressPrinter() : live_(::isatty(STDERR_FILENO)), last_(std::chrono::steady_clock::now()) {}

    // Clears the live line, before the summary.
    void clear() {
        if (live_ && drawn_)
            std::fprintf(stderr, "\r\033[K");
        drawn_ = false;
    }

    void operator()(const netlab::RunProgress& p) {
        const double elapsed = core::to_ms(p.elapsed) / 1000.0;
        const double total = core::to_ms(p.total) / 1000.0;
        if (live_) {
            std::fprintf(stderr, "\r\033[K[%5.1fs / %.1fs] %s", elapsed, total, p.counters.line().c_str());
            drawn_ = true;
        } else {
            const auto now = std::chrono::steady_clock::now();
            if (now - last_ < kQuietProgress)
                return;
            last_ = now;
            std::fprintf(stderr, "[%5.1fs / %.1fs] %s\n", elapsed, total, p.counters.line().c_str());
        }
        std::fflush(stderr);
    }

private:
    bool live_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_;
};

struct RunCommand {
    std::string file;
    std::optional<std::string> record;
    std::optional<std::string> report_dir;
    std::string lang = "en";
    bool json = false;
    bool sim = false;
    std::optional<std::uint64_t> seed;
    std::optional<double> time_scale;
    std::optional<core::Duration> duration;
    std::optional<std::uint64_t> metrics_port;
    std::optional<netlab::ListenOptions> listen;
    std::optional<std::string> remote;
    std::optional<std::string> credentials;
    std::optional<core::Duration> join_timeout;
};

constexpr CommandText kRunText{
    "run one scenario, print its checks and figures",
    "Runs the scenario FILE once, on real distlab-node processes (one per node, every message through the "
    "lab's fabric on 127.0.0.1) or in the simulator, then judges its checks and prints a summary: each check's "
    "verdict and detail, messages, operations, throughput and latency (per client when the scenario has "
    "several). Progress goes to stderr: a live line on a terminal, otherwise one line every few seconds. Ctrl-C "
    "stops the run early and still judges it.",
    "exit codes: 0 every check passed, 1 a check failed, 2 invalid input (bad option, scenario\n"
    "errors), 3 the lab failed.\n"
    "\n"
    "examples:\n"
    "  distlab-cli run scenarios/consensus/leader-failover.yaml --record failover.distlab\n"
    "  distlab-cli run scenarios/resilience/bulkhead.yaml --sim --seed 7 --json | jq .passed\n"};

CLI::App& declare_run(CLI::App& app, RunCommand& c) {
    CLI::App& command = add_command(app, "run", kRunText);
    command.add_option("FILE", c.file, "the scenario file")->required()->type_name("FILE");
    command.add_flag("--sim", c.sim, "run in the deterministic simulator (virtual time, no processes)");
    add_parsed(command, "--seed", "N", "the seed of every random choice (default: the scenario's seed)", c.seed,
               seed_value());
    add_parsed<double>(command, "--time-scale", "X", "slow every timer, delay and fault down X times, X in (0, 1000]",
                       c.time_scale, [](const std::string& v) -> core::Result<double> {
                           char* end = nullptr;
                           const double x = std::strtod(v.c_str(), &end);
                           if (v.empty() || *end != '\0' || !(x > 0) || x > 1000)
                               return core::fail("expected a number in (0, 1000], got \"" + v + "\"");
                           return x;
                       });
    add_parsed<core::Duration>(command, "--duration", "D",
                               "run for D instead of the scenario's duration (e.g. 5s, 1500ms)", c.duration,
                               [](const std::string& v) -> core::Result<core::Duration> {
                                   auto d = core::parse_duration(v);
                                   if (!d)
                                       return core::fail(d.error().message);
                                   if (d->count() <= 0)
                                       return core::fail("must be positive, got \"" + v + "\"");
                                   return *d;
                               });
    add_parsed(command, "--record", "OUT", "record the run to OUT (a .distlab file; never overwritten)", c.record,
               non_empty("a file name"));
    add_parsed(command, "--report", "DIR",
               "write the report set into DIR (report.html, report.pdf, ops.csv, timeseries.csv, summary.json, "
               "trace.json)",
               c.report_dir, non_empty("a folder"));
    add_lang(command, c.lang);
    add_parsed(command, "--metrics-port", "N",
               "serve live Prometheus metrics on 127.0.0.1:N (0: any free port; the URL is printed on stderr)",
               c.metrics_port, count_value("a port (0: any free one)", 0, 65535));
    add_parsed(command, "--listen", "ADDR[:PORT]",
               "listen for nodes on ADDR instead of 127.0.0.1 (PORT 0 or none: a free one); any address but "
               "loopback serves TLS, and every node must present the run's token (docs/beyond-one-machine.md)",
               c.listen, Parser<netlab::ListenOptions>([](const std::string& v) -> core::Result<netlab::ListenOptions> {
                   netlab::ListenOptions out;
                   if (auto parsed = netlab::parse_listen_address(v, out); !parsed)
                       return std::unexpected(parsed.error());
                   return out;
               }));
    add_parsed(command, "--remote", "IDS",
               "these nodes (comma-separated, or all) are not started here: they join from other machines with "
               "distlab-node --connect; the command to start them is printed on stderr",
               c.remote, non_empty("node ids or all"));
    add_parsed(command, "--credentials", "DIR",
               "the lab's cert.pem, key.pem and token for --listen (distlab-cli export writes them; default: made "
               "for this run)",
               c.credentials, non_empty("a folder"));
    add_parsed<core::Duration>(command, "--join-timeout", "D",
                               "how long the lab waits for --remote nodes to join before it gives up (default 5m)",
                               c.join_timeout, positive_duration());
    command.add_flag("--json", c.json, "the summary as one JSON line on stdout; the human summary to stderr");
    return command;
}

// The listening and remote-node options of `run` for `scenario`, or what is wrong with them.
core::Result<netlab::ListenOptions> listen_options(const RunCommand& c, const netlab::Scenario& scenario) {
    netlab::ListenOptions out = c.listen.value_or(netlab::ListenOptions{});
    if (c.credentials)
        out.credentials_dir = *c.credentials;
    if (c.join_timeout)
        out.join_timeout = *c.join_timeout;
    if (c.remote) {
        if (*c.remote == "all") {
            out.all_remote = true;
        } else {
            std::string_view rest = *c.remote;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string id(rest.substr(0, comma));
                if (!scenario.find_node(id))
                    return core::fail("--remote: the scenario has no node \"" + id + "\"");
                out.remote.push_back(id);
                rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            }
        }
    }
    if (c.sim && (c.listen || c.remote))
        return core::fail("--listen and --remote need real node processes: not with --sim");
    return out;
}

// What the user needs to start the remote nodes, on stderr (their terminal: the token with it).
void print_join(const netlab::JoinInfo& join, const netlab::ListenOptions& listen, const netlab::Scenario& scenario) {
    std::cerr << "lab: listening on " << join.address << ":" << join.port
              << (join.tls ? " with TLS, certificate SHA-256 " + join.fingerprint : std::string(" (no TLS: loopback)"))
              << std::endl;
    std::vector<std::string> remote;
    for (const auto& node : scenario.nodes)
        if (listen.is_remote(node.id))
            remote.push_back(node.id);
    if (remote.empty())
        return;
    const std::string host = join.address == "0.0.0.0" || join.address == "::" ? "THIS_HOST" : join.address;
    std::cerr << "lab: waiting for " << remote.size() << " remote node(s) to join; start each with\n  distlab-node --connect "
              << host << ":" << join.port << " --token " << join.token
              << (join.tls ? " --fingerprint " + join.fingerprint : std::string()) << " --node ID\n  for ID in";
    for (const auto& id : remote)
        std::cerr << " " << id;
    std::cerr << std::endl;
}

// Runs `scenario` (its file's text: `yaml`) with the options of `run`, prints and reports it.
int run_loaded(const RunCommand& c, netlab::Scenario scenario, std::string yaml,
               const std::string& command_line) {
    if (c.seed)
        scenario.seed = *c.seed;
    if (c.time_scale)
        scenario.time_scale = *c.time_scale;
    if (c.duration)
        scenario.duration = *c.duration;
    if (c.sim)
        if (auto refusal = netlab::simulation_refusal(scenario, core::RoleRegistry::builtin()))
            return usage_error(*refusal);

    auto listen = listen_options(c, scenario);
    if (!listen)
        return usage_error(listen.error().message);
    netlab::RunRequest request;
    request.listen = *listen;
    if (c.listen || c.remote)
        request.on_listening = [&listen, &scenario](const netlab::JoinInfo& join) { print_join(join, *listen, scenario); };
    request.scenario = scenario;
    request.scenario_yaml = std::move(yaml);
    request.simulate = c.sim;
    if (c.record)
        request.record_path = *c.record;
    request.command_line = command_line;
    request.node_binary = node_binary();
    request.stop_requested = &stop_flag();
    netlab::LiveMetrics live_metrics;
    std::unique_ptr<netlab::MetricsServer> metrics_server;
    if (c.metrics_port) {
        auto started = netlab::MetricsServer::start({.port = static_cast<std::uint16_t>(*c.metrics_port)}, [&] { return live_metrics.render(); });
        if (!started) {
            std::cerr << "distlab-cli: " << started.error().message << "\n";
            return kLabFailed;
        }
        metrics_server = std::move(*started);
        request.extra_sinks.push_back(&live_metrics);
        std::cerr << "metrics: " << metrics_server->url() << std::endl;
    }
    ProgressPrinter progress;
    request.on_progress = [&progress](const netlab::RunProgress& p) { progress(p); };
    install_signal_handlers();

    auto outcome = netlab::run_scenario(request);
    progress.clear();
    if (!outcome) {
        std::cerr << "distlab-cli: the lab failed: " << outcome.error().message << "\n";
        return kLabFailed;
    }
    if (outcome->recording_problem)
        std::cerr << "distlab-cli: warning: recording: " << outcome->recording_problem->message << "\n";
    std::ostream& human = human_output(c.json);
    print_outcome(human, scenario, *outcome);
    if (c.report_dir) {
        std::vector<std::string> problems;
        if (outcome->recording_problem)
            problems.push_back("recording: " + outcome->recording_problem->message);
        if (!write_report_set(scenario, *outcome, command_line, std::move(problems), *c.report_dir, netlab::ReportFormats{}, c.lang))
            return kLabFailed;
        human << "  report: " << *c.report_dir << std::endl;
    }
    if (c.json)
        std::cout << outcome->summary.dump() << std::endl;
    // No checks is not a failure of the lab's lesson either: exit 0, with the note above.
    return outcome->passed || outcome->verdict == netlab::RunVerdict::NoChecks ? kPassed : kCheckFailed;
}

int cmd_run(const RunCommand& c, const std::string& command_line) {
    if (c.record && std::filesystem::exists(*c.record))
        return usage_error("--record: " + *c.record + " exists already; DistLab never overwrites a recording");
    auto scenario = load(c.file);
    if (!scenario) {
        print_diagnostics(scenario.error());
        return kInvalidInput;
    }
    return run_loaded(c, std::move(*scenario), read_file(c.file), command_line);
}

// maelstrom test: the options mapped onto a scenario (app/cli_maelstrom.h), which runs as `run`
// runs a file.
int cmd_maelstrom(const MaelstromCommand& m, const std::string& command_line) {
    if (m.record && std::filesystem::exists(*m.record))
        return usage_error("--record: " + *m.record + " exists already; DistLab never overwrites a recording");
    auto yaml = maelstrom_scenario(m);
    if (!yaml)
        return usage_error("maelstrom: " + yaml.error().message);
    auto scenario = netlab::load_scenario_text(*yaml, "maelstrom test", core::RoleRegistry::builtin(),
                                               netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!scenario) {
        print_diagnostics(scenario.error());
        return kInvalidInput;
    }
    if (m.write_scenario) {
        std::ofstream out(*m.write_scenario);
        out << "# Written by " << command_line << "\n" << *yaml;
        out.close();
        if (!out)
            return usage_error("--write-scenario: cannot write " + *m.write_scenario);
        std::cerr << "scenario: " << *m.write_scenario << std::endl;
    }
    RunCommand c;
    c.json = m.json;
    c.record = m.record;
    c.report_dir = m.report_dir;
    c.seed = m.seed;
    // --open shows the recording: without --record, one in the temporary folder.
    if (m.open && !c.record)
        c.record = (std::filesystem::temp_directory_path() /
                    ("maelstrom-" + m.workload + "-" + std::to_string(::getpid()) + ".distlab"))
                       .string();
    const int code = run_loaded(c, std::move(*scenario), std::move(*yaml), command_line);
    if (m.open && std::filesystem::exists(*c.record)) {
        auto window = open_in_window(*c.record);
        if (!window)
            std::cerr << "distlab-cli: --open: " << window.error().message << std::endl;
        else
            std::cerr << "window: " << *c.record << " (pid " << *window << ")" << std::endl;
    }
    return code;
}

struct ForkCommand {
    std::string recording;
    std::optional<core::Duration> at;
    std::optional<std::string> drop;
    std::optional<std::string> deliver;
    std::optional<std::string> fault;
    std::optional<std::string> param;
    std::optional<std::string> record;
    bool json = false;
};

constexpr CommandText kForkText{
    "what if: rerun a recording to a moment, change one thing there, run on",
    "Forks the run in RECORDING at time T: the simulator runs the recording's scenario under its seed up to T "
    "(the same deliveries, timers and faults), compares what it produced with the recording event by event, then "
    "makes one change at T and runs on to the end, judging the fork's checks as `run` does. The change: --drop or "
    "--deliver a message in flight at T (SENDER:ID, as the message diagram and the log name it), --fault one "
    "fault in the scenario's YAML (its `at` is T, its `until` counts from T), or --param a node's parameter (the "
    "node restarts at T with the new value, its storage kept); none replays the run. A recording of real "
    "processes is replayed in the simulator, which says so; where the replay differs from the recording before "
    "T, the first difference is reported and the fork still runs. --record keeps the fork with its parent, T and "
    "the change (docs/recording-format.md); `distlab-cli compare PARENT FORK` sets them side by side.",
    "exit codes: 0 every check of the fork passed, 1 a check failed, 2 invalid input (not a\n"
    "recording, T outside it, a message not in flight at T, a fault or parameter that does not load).\n"
    "\n"
    "examples:\n"
    "  distlab-cli fork failover.distlab --at 4.1s --drop n2:57 --record failover-drop.distlab\n"
    "  distlab-cli fork failover.distlab --at 3s --fault '{partition: [[n1], [n2, n3]]}' --json\n"
    "  distlab-cli fork failover.distlab --at 2s --param n3.pre_vote=false\n"};

CLI::App& declare_fork(CLI::App& app, ForkCommand& c) {
    CLI::App& command = add_command(app, "fork", kForkText);
    command.add_option("RECORDING", c.recording, "the recording to fork (.distlab)")->required()->type_name("RECORDING");
    add_parsed<core::Duration>(command, "--at", "T", "the moment of the fork, in the run's time (e.g. 4.1s, 4100ms)",
                               c.at, [](const std::string& v) -> core::Result<core::Duration> {
                                   auto d = core::parse_duration(v);
                                   if (!d)
                                       return core::fail(d.error().message);
                                   return *d;
                               })
        ->required();
    add_parsed(command, "--drop", "SENDER:ID", "lose the message SENDER:ID, in flight at T", c.drop,
               non_empty("SENDER:ID"));
    add_parsed(command, "--deliver", "SENDER:ID", "deliver the message SENDER:ID, in flight at T, at T", c.deliver,
               non_empty("SENDER:ID"));
    add_parsed(command, "--fault", "YAML", "one fault as in the scenario's faults, e.g. '{kill: n2}', at T", c.fault,
               non_empty("a fault"));
    add_parsed(command, "--param", "NODE.KEY=VALUE", "restart NODE at T with its parameter KEY set to VALUE", c.param,
               non_empty("NODE.KEY=VALUE"));
    add_parsed(command, "--record", "OUT", "record the fork to OUT (a .distlab file; never overwritten)", c.record,
               non_empty("a file name"));
    command.add_flag("--json", c.json,
                     "the summary as one JSON line on stdout (with a `fork` object); the human summary to stderr");
    return command;
}

int cmd_fork(const ForkCommand& c, const std::string& command_line) {
    const int changes = int(c.drop.has_value()) + int(c.deliver.has_value()) + int(c.fault.has_value()) +
                        int(c.param.has_value());
    if (changes > 1)
        return usage_error("fork: one change per fork: --drop, --deliver, --fault or --param");
    if (c.record && std::filesystem::exists(*c.record))
        return usage_error("--record: " + *c.record + " exists already; DistLab never overwrites a recording");
    netlab::ForkRequest request;
    request.parent = c.recording;
    request.at_ns = c.at->count();
    request.record_path = c.record ? std::optional<std::filesystem::path>(*c.record) : std::nullopt;
    request.command_line = command_line;
    request.stop_requested = &stop_flag();
    core::Result<netlab::ForkChange> change = netlab::ForkChange{};
    if (c.drop)
        change = netlab::ForkChange::message(netlab::ForkChange::Kind::Drop, *c.drop);
    else if (c.deliver)
        change = netlab::ForkChange::message(netlab::ForkChange::Kind::Deliver, *c.deliver);
    else if (c.param)
        change = netlab::ForkChange::param(*c.param);
    else if (c.fault)
        change = netlab::ForkChange{.kind = netlab::ForkChange::Kind::Fault, .fault = *c.fault};
    if (!change)
        return usage_error(change.error().message);
    request.change = std::move(*change);
    install_signal_handlers();
    auto forked = netlab::fork_run(request);
    if (!forked)
        return usage_error("fork: " + forked.error().message);
    std::ostream& human = human_output(c.json);
    const double at_s = static_cast<double>(request.at_ns) / 1e9;
    print(human, "fork of %s at %.3f s: %s\n", c.recording.c_str(), at_s, forked->applied.c_str());
    if (forked->parent_real)
        human << "  the parent ran on real processes; the fork replays it in the simulator\n";
    if (forked->mismatch) {
        human << "  prefix: DIFFERS from the recording before the fork: " << *forked->mismatch << "\n";
        std::cerr << "distlab-cli: warning: the simulator did not reproduce the recording up to the fork ("
                  << *forked->mismatch << ")\n";
    } else {
        human << "  prefix: the replay equals the recording event by event (" << forked->prefix_events
              << " events up to the fork)\n";
    }
    if (forked->run.recording_problem)
        std::cerr << "distlab-cli: warning: recording: " << forked->run.recording_problem->message << "\n";
    print_outcome(human, forked->scenario, forked->run);
    if (c.json) {
        core::Json summary = forked->run.summary;
        summary["fork"] = {{"parent", c.recording},
                           {"at_s", at_s},
                           {"change", request.change.text()},
                           {"applied", forked->applied},
                           {"parent_host", forked->parent_real ? "real" : "sim"},
                           {"prefix_events", forked->prefix_events},
                           {"prefix_equal", !forked->mismatch.has_value()}};
        if (forked->mismatch)
            summary["fork"]["mismatch"] = *forked->mismatch;
        std::cout << summary.dump() << std::endl;
    }
    const netlab::RunOutcome& outcome = forked->run;
    return outcome.passed || outcome.verdict == netlab::RunVerdict::NoChecks ? kPassed : kCheckFailed;
}

struct NewCommand {
    std::string what;
    std::string file;                  // empty: stdout
};

constexpr CommandText kNewText{
    "write a commented starter scenario for a pattern or a role",
    "Writes a starter scenario for PATTERN (a pattern, such as raft, or a role, such as kv-client; `roles` lists "
    "them) to FILE, or to stdout without one: the nodes, links, faults and checks of the smallest shipped lesson "
    "that uses it (one with a fault and without an expected failure where there is one), renamed my-PATTERN, "
    "without the lesson's narrative, every node, fault and check explained in a comment and each node's "
    "parameters listed with their defaults. It is valid as written: `run FILE --sim` runs it.",
    "exit codes: 0 written, 2 an unknown pattern or role, FILE exists already (it is never\n"
    "overwritten) or cannot be written.\n"
    "\n"
    "examples:\n"
    "  distlab-cli new raft my-raft.yaml && distlab-cli run my-raft.yaml --sim\n"
    "  distlab-cli new \"circuit breaker\" | less\n"};

CLI::App& declare_new(CLI::App& app, NewCommand& c) {
    CLI::App& command = add_command(app, "new", kNewText);
    command.add_option("PATTERN", c.what, "a pattern or a role")->required()->type_name("PATTERN");
    command.add_option("FILE", c.file, "where to write it (default: stdout)")->type_name("FILE");
    return command;
}

// The shipped scenarios: beside the program, installed under share/distlab, or in the source tree.
std::filesystem::path scenarios_folder() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path bin = ec ? std::filesystem::path(".") : self.parent_path();
    for (const std::filesystem::path& candidate :
         {bin / "scenarios", bin / "../share/distlab/scenarios", std::filesystem::path(DISTLAB_SOURCE_DIR) / "scenarios"})
        if (std::filesystem::is_directory(candidate, ec))
            return candidate.lexically_normal();
    return std::filesystem::path(DISTLAB_SOURCE_DIR) / "scenarios";
}

int cmd_new(const NewCommand& c) {
    if (!c.file.empty() && std::filesystem::exists(c.file))
        return usage_error("new: " + c.file + " exists already; new never overwrites a file");
    const auto& roles = core::RoleRegistry::builtin();
    const auto& checks = netlab::CheckRegistry::builtin();
    auto text = netlab::starter_scenario(c.what, netlab::load_lessons(scenarios_folder(), roles, checks), roles, checks);
    if (!text)
        return usage_error("new: " + text.error().message);
    if (c.file.empty()) {
        std::cout << *text;
        return kPassed;
    }
    std::ofstream out(c.file);
    out << *text;
    out.close();
    if (!out)
        return usage_error("new: cannot write " + c.file);
    std::cerr << "scenario: " << c.file << std::endl;
    return kPassed;
}

constexpr CommandText kValidateText{
    "check scenario files without running them",
    "Checks scenario files without running them: the YAML, every key, the roles and their parameters, links, "
    "faults, steps and checks. Prints \"FILE: ok (N nodes, N faults, N checks)\" per good file on stdout and one "
    "line per problem on stderr, as FILE:LINE:COLUMN: error: PATH: WHAT.",
    "exit codes: 0 every file is valid, 2 at least one is not (or no file was given).\n"
    "\n"
    "example:\n"
    "  distlab-cli validate scenarios/*/*.yaml\n"};

CLI::App& declare_validate(CLI::App& app, std::vector<std::string>& files) {
    CLI::App& command = add_command(app, "validate", kValidateText);
    command.add_option("FILE", files, "the scenario files")->required()->type_name("FILE...");
    return command;
}

int cmd_validate(const std::vector<std::string>& args) {
    bool all_valid = true;
    for (const std::string& file : args) {
        auto scenario = load(file);
        if (scenario) {
            std::cout << file << ": ok (" << scenario->nodes.size() << " nodes, " << scenario->faults.size()
                      << " faults, " << scenario->checks.size() << " checks)\n";
        } else {
            print_diagnostics(scenario.error());
            all_valid = false;
        }
    }
    return all_valid ? kPassed : kInvalidInput;
}

constexpr CommandText kRolesText{
    "list every role with its parameters, phases and gauges",
    "Lists every role a scenario can use: its family and pattern, each parameter with its type, default and "
    "range, the phases it announces, its gauges and its epoch field.",
    "exit codes: 0, 2 for an unknown option.\n"
    "\n"
    "example:\n"
    "  distlab-cli roles --json | jq '.[] | select(.name == \"raft\") | .params'\n"};

CLI::App& declare_roles(CLI::App& app, bool& json) {
    CLI::App& command = add_command(app, "roles", kRolesText);
    command.add_flag("--json", json, "the same as a JSON array on one line of stdout");
    return command;
}

int cmd_roles(bool json) {
    const auto& registry = core::RoleRegistry::builtin();
    if (json) {
        core::Json out = core::Json::array();
        for (const auto& [name, info] : registry.all())
            out.push_back(info.to_json());
        std::cout << out.dump() << "\n";
        return kPassed;
    }
    for (const auto& [name, info] : registry.all()) {
        std::cout << name << "  (" << info.family << " / " << info.pattern << ")\n    " << info.en << "\n";
        for (const auto& p : info.params) {
            std::cout << "    " << p.name << ": " << core::to_string(p.type);
            if (!p.default_value.is_null())
                std::cout << " = " << p.default_value.dump();
            if (const std::string bounds = core::bounds_text(p); !bounds.empty())
                std::cout << (p.min && p.max ? " in " : " ") << bounds;
            if (!p.choices.empty()) {
                std::cout << " one of";
                for (const auto& c : p.choices)
                    std::cout << " " << c;
            }
            std::cout << "  " << p.en << "\n";
        }
        if (!info.phases.empty()) {
            std::cout << "    phases:";
            for (const auto& ph : info.phases)
                std::cout << " " << ph.name << (ph.name == info.leader_phase ? " (leads)" : "");
            std::cout << "\n";
        }
        for (const auto& g : info.gauges)
            std::cout << "    gauge " << g.field << ": " << g.en << ", full scale " << g.full_scale
                      << (g.unit.empty() ? "" : " " + g.unit)
                      << (g.full_scale_field.empty() ? "" : " (or " + g.full_scale_field + ")") << "\n";
        if (info.epoch)
            std::cout << "    epoch " << info.epoch->field << "\n";
    }
    return kPassed;
}

struct ReportCommand {
    std::string recording;
    std::string out_dir;
    netlab::ReportFormats formats;
    std::string lang = "en";
};

constexpr CommandText kReportText{
    "write the report set (HTML, PDF, CSV, JSON, trace) of a recording",
    "Reads a recording (.distlab, written by `run --record` or the window), judges its events again and writes "
    "its report set into DIR, then prints the summary. A damaged recording is reported as far as it can be read, "
    "with a warning.",
    "exit codes: 0 the report was written, 2 bad input (not a recording, a newer format, an\n"
    "unwritable folder).\n"
    "\n"
    "example:\n"
    "  distlab-cli report failover.distlab --out failover-report --format html,pdf\n"};

CLI::App& declare_report(CLI::App& app, ReportCommand& c) {
    CLI::App& command = add_command(app, "report", kReportText);
    command.add_option("RECORDING", c.recording, "the recording")->required()->type_name("RECORDING");
    command.add_option("--out", c.out_dir, "where the files go (created if missing)")->required()->type_name("DIR");
    add_value(command, "--format", "LIST", "a comma-separated choice of html, pdf, csv, json, trace (default: all)",
              [&c](const std::string& v) -> std::optional<std::string> {
                  auto wanted = netlab::ReportFormats::parse(v);
                  if (!wanted)
                      return wanted.error().message;
                  c.formats = *wanted;
                  return std::nullopt;
              });
    add_lang(command, c.lang);
    return command;
}

int cmd_report(const ReportCommand& c) {
    const std::string& recording = c.recording;
    const std::string& out_dir = c.out_dir;
    auto judged = judge_recording(recording);
    if (!judged)
        return kInvalidInput;
    if (!write_report_set(judged->scenario, judged->outcome, judged->meta.command_line, std::move(judged->problems),
                          out_dir, c.formats, c.lang))
        return kInvalidInput;
    print_outcome(std::cout, judged->scenario, judged->outcome);
    std::cout << "  report: " << out_dir << "\n";
    return kPassed;
}


// `distlab-cli --help`: what the program is, its commands (from their declarations), the exit
// codes and examples.
std::string overview(const CLI::App& app) {
    return "distlab-cli: the headless twin of the DistLab window, for CI, benchmarks and reports.\n"
           "Runs scenario files on real distlab-node processes over loopback TCP (or, with --sim, in the\n"
           "deterministic simulator), judges them with their checks, records and reports them.\n"
           "\n" +
           command_list(app) +
           "\n"
           "`distlab-cli COMMAND --help` describes a command's options; `distlab-cli --version` prints\n"
           "the version.\n"
           "\n"
           "exit codes (every command):\n"
           "  0  done: every check passed\n"
           "  1  a check failed\n"
           "  2  invalid input: a bad option, a scenario file with errors (FILE:LINE:COLUMN: error: ...),\n"
           "     a file that is not a recording\n"
           "  3  the lab itself failed (a node process could not start, a port could not be opened)\n"
           "\n"
           "--json writes one JSON document on one line to stdout and nothing else there; progress and\n"
           "the human summary go to stderr, so `distlab-cli run FILE --json | jq .passed` works.\n"
           "\n"
           "examples:\n"
           "  distlab-cli run scenarios/consensus/leader-failover.yaml\n"
           "  distlab-cli run scenarios/resilience/retry-storm.yaml --sim --json | jq .stats.latency_ms\n"
           "  distlab-cli validate scenarios/*/*.yaml\n"
           "  distlab-cli check history.edn --model cas-register\n"
           "\n"
           "The scenario format and this contract: docs/scenario-format.md.\n";
}

const CLI::App* find_command(const CLI::App& app, std::string_view name) {
    for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; }))
        if (command->get_name() == name)
            return command;
    return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string command_line = "distlab-cli";
    for (const auto& a : args)
        command_line += " " + a;

    // Every command, declared once: options, validation and help pages come from here.
    CLI::App app("distlab-cli", "distlab-cli");
    app.set_help_flag();
    app.require_subcommand(1, 1);
    RunCommand run;
    std::vector<std::string> validate_files;
    bool roles_json = false;
    ReportCommand report;
    SeriesCommand compare;
    SeriesCommand sweep;
    ChaosCommand chaos;
    StressCommand stress;
    MaelstromCommand maelstrom;
    CheckCommand check;
    ExportCommand export_;
    ForkCommand fork;
    NewCommand new_scenario;
    const CLI::App& run_command = declare_run(app, run);
    const CLI::App& validate_command = declare_validate(app, validate_files);
    const CLI::App& roles_command = declare_roles(app, roles_json);
    const CLI::App& report_command = declare_report(app, report);
    const CLI::App& compare_command = declare_compare(app, compare);
    const CLI::App& sweep_command = declare_sweep(app, sweep);
    const CLI::App& chaos_command = declare_chaos(app, chaos);
    const CLI::App& stress_command = declare_stress(app, stress);
    const CLI::App& maelstrom_command = declare_maelstrom(app, maelstrom);
    const CLI::App& check_command = declare_check(app, check);
    const CLI::App& export_command = declare_export(app, export_);
    const CLI::App& fork_command = declare_fork(app, fork);
    const CLI::App& new_command = declare_new(app, new_scenario);
    set_usage(usage_text(app));

    if (args.empty()) {
        std::cerr << usage_text(app);
        return kInvalidInput;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        // `help COMMAND` is `COMMAND --help`.
        if (args.size() > 1) {
            const CLI::App* command = find_command(app, args[1]);
            if (!command)
                return usage_error("help: unknown command \"" + args[1] + "\"");
            std::cout << help_page(*command);
            return kPassed;
        }
        std::cout << overview(app);
        return kPassed;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        std::cout << "distlab-cli " DISTLAB_VERSION " (" << distlab::build_commit() << ")\n";
        return kPassed;
    }
    const CLI::App* command = find_command(app, args[0]);
    if (!command)
        return usage_error("unknown command \"" + args[0] + "\"");
    // --help anywhere among a command's arguments shows its page instead of running it.
    if (std::any_of(args.begin() + 1, args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; })) {
        std::cout << help_page(*command);
        return kPassed;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return usage_error(args[0] + ": " + parse_error_text(e));
    }
    if (command == &run_command)
        return cmd_run(run, command_line);
    if (command == &validate_command)
        return cmd_validate(validate_files);
    if (command == &roles_command)
        return cmd_roles(roles_json);
    if (command == &report_command)
        return cmd_report(report);
    if (command == &compare_command)
        return cli::cmd_compare(compare, command_line);
    if (command == &sweep_command)
        return cli::cmd_sweep(sweep, command_line);
    if (command == &chaos_command)
        return cli::cmd_chaos(chaos, command_line);
    if (command == &stress_command)
        return cli::cmd_stress(stress, command_line);
    if (command == &maelstrom_command)
        return cmd_maelstrom(maelstrom, command_line);
    if (command == &check_command)
        return cli::cmd_check(check, command_line);
    if (command == &export_command)
        return cli::cmd_export(export_);
    if (command == &fork_command)
        return cmd_fork(fork, command_line);
    if (command == &new_command)
        return cmd_new(new_scenario);
    return usage_error("unknown command \"" + args[0] + "\"");
}
