// distlab-cli: the headless twin of the DistLab window, for CI, benchmarks and reports.
// The command-line contract (commands, exit codes, --json summary) is docs/scenario-format.md;
// what it says about itself (--help) is app/cli_help.cpp.

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <vector>

#include "app/build_info.h"
#include "app/cli_chaos.h"
#include "app/cli_compare.h"
#include "app/cli_help.h"
#include "app/cli_support.h"
#include "core/model/param_bounds.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/metrics_http/live_metrics.h"
#include "netlab/metrics_http/metrics_server.h"
#include "netlab/report/report.h"
#include "netlab/runner/runner.h"
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
    out << scenario.title.en << " (" << scenario.name << ", seed " << scenario.seed << ")\n";
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

int cmd_run(const std::vector<std::string>& args, const std::string& command_line) {
    std::string file;
    std::optional<std::string> record;
    std::optional<std::string> report_dir;
    bool json = false;
    bool sim = false;
    std::optional<std::uint64_t> seed;
    std::optional<double> time_scale;
    std::optional<core::Duration> duration;
    std::optional<std::uint16_t> metrics_port;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const char* name) -> std::optional<std::string> {
            if (i + 1 >= args.size())
                return std::nullopt;
            (void)name;
            return args[++i];
        };
        if (a == "--json") {
            json = true;
        } else if (a == "--sim") {
            sim = true;
        } else if (a == "--record" || a == "--report" || a == "--seed" || a == "--time-scale" || a == "--duration" ||
                   a == "--metrics-port") {
            const auto v = value(a.c_str());
            if (!v)
                return usage_error(a + " needs a value");
            if (a == "--record") {
                record = *v;
            } else if (a == "--report") {
                report_dir = *v;
            } else if (a == "--seed") {
                char* end = nullptr;
                const unsigned long long n = std::strtoull(v->c_str(), &end, 10);
                if (v->empty() || *end != '\0' || (*v)[0] == '-')
                    return usage_error("--seed: expected a non-negative integer, got \"" + *v + "\"");
                seed = n;
            } else if (a == "--time-scale") {
                char* end = nullptr;
                const double x = std::strtod(v->c_str(), &end);
                if (v->empty() || *end != '\0' || !(x > 0) || x > 1000)
                    return usage_error("--time-scale: expected a number in (0, 1000], got \"" + *v + "\"");
                time_scale = x;
            } else if (a == "--metrics-port") {
                char* end = nullptr;
                const unsigned long n = std::strtoul(v->c_str(), &end, 10);
                if (v->empty() || *end != '\0' || (*v)[0] == '-' || n > 65535)
                    return usage_error("--metrics-port: expected a port in [0, 65535] (0: any free one), got \"" + *v + "\"");
                metrics_port = static_cast<std::uint16_t>(n);
            } else {
                auto d = core::parse_duration(*v);
                if (!d || d->count() <= 0)
                    return usage_error("--duration: " + (d ? std::string("must be positive") : d.error().message));
                duration = *d;
            }
        } else if (a.starts_with("--")) {
            return usage_error("unknown option " + a);
        } else if (file.empty()) {
            file = a;
        } else {
            return usage_error("run takes one scenario file, got another: " + a);
        }
    }
    if (file.empty())
        return usage_error("run needs a scenario file");
    if (record && std::filesystem::exists(*record))
        return usage_error("--record: " + *record + " exists already; DistLab never overwrites a recording");

    auto scenario = load(file);
    if (!scenario) {
        print_diagnostics(scenario.error());
        return kInvalidInput;
    }
    if (seed)
        scenario->seed = *seed;
    if (time_scale)
        scenario->time_scale = *time_scale;
    if (duration)
        scenario->duration = *duration;

    netlab::RunRequest request;
    request.scenario = *scenario;
    request.scenario_yaml = read_file(file);
    request.simulate = sim;
    if (record)
        request.record_path = *record;
    request.command_line = command_line;
    request.node_binary = node_binary();
    request.stop_requested = &stop_flag();
    netlab::LiveMetrics live_metrics;
    std::unique_ptr<netlab::MetricsServer> metrics_server;
    if (metrics_port) {
        auto started = netlab::MetricsServer::start({.port = *metrics_port}, [&] { return live_metrics.render(); });
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
    std::ostream& human = human_output(json);
    print_outcome(human, *scenario, *outcome);
    if (report_dir) {
        std::vector<std::string> problems;
        if (outcome->recording_problem)
            problems.push_back("recording: " + outcome->recording_problem->message);
        if (!write_report_set(*scenario, *outcome, command_line, std::move(problems), *report_dir, netlab::ReportFormats{}))
            return kLabFailed;
        human << "  report: " << *report_dir << std::endl;
    }
    if (json)
        std::cout << outcome->summary.dump() << std::endl;
    // No checks is not a failure of the lab's lesson either: exit 0, with the note above.
    return outcome->passed || outcome->verdict == netlab::RunVerdict::NoChecks ? kPassed : kCheckFailed;
}

int cmd_validate(const std::vector<std::string>& args) {
    if (args.empty())
        return usage_error("validate needs at least one file");
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

int cmd_roles(const std::vector<std::string>& args) {
    bool json = false;
    for (const auto& a : args) {
        if (a == "--json")
            json = true;
        else
            return usage_error("roles: unknown argument " + a);
    }
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

int cmd_report(const std::vector<std::string>& args) {
    std::string recording;
    std::string out_dir;
    std::string formats = "all";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "--out" || args[i] == "--format") && i + 1 < args.size()) {
            (args[i] == "--out" ? out_dir : formats) = args[i + 1];
            ++i;
        } else if (args[i].starts_with("--")) {
            return usage_error("report: unknown option " + args[i]);
        } else if (recording.empty()) {
            recording = args[i];
        } else {
            return usage_error("report takes one recording");
        }
    }
    if (recording.empty() || out_dir.empty())
        return usage_error("report needs a RECORDING and --out DIR");
    const auto wanted = netlab::ReportFormats::parse(formats);
    if (!wanted)
        return usage_error("report: " + wanted.error().message);

    auto judged = judge_recording(recording);
    if (!judged)
        return kInvalidInput;
    if (!write_report_set(judged->scenario, judged->outcome, judged->meta.command_line, std::move(judged->problems),
                          out_dir, *wanted))
        return kInvalidInput;
    print_outcome(std::cout, judged->scenario, judged->outcome);
    std::cout << "  report: " << out_dir << "\n";
    return kPassed;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string command_line = "distlab-cli";
    for (const auto& a : args)
        command_line += " " + a;
    if (args.empty()) {
        std::cerr << kUsage;
        return kInvalidInput;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        // `help COMMAND` is `COMMAND --help`.
        if (args.size() > 1) {
            const auto page = command_help(args[1]);
            if (!page)
                return usage_error("help: unknown command \"" + args[1] + "\"");
            std::cout << *page;
            return kPassed;
        }
        std::cout << kOverview;
        return kPassed;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        std::cout << "distlab-cli " DISTLAB_VERSION " (" << distlab::build_commit() << ")\n";
        return kPassed;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (const auto page = command_help(command); page && asks_for_help(args)) {
        std::cout << *page;
        return kPassed;
    }
    if (command == "run")
        return cmd_run(args, command_line);
    if (command == "validate")
        return cmd_validate(args);
    if (command == "roles")
        return cmd_roles(args);
    if (command == "report")
        return cmd_report(args);
    if (command == "compare")
        return cli::cmd_compare(args, command_line);
    if (command == "sweep")
        return cli::cmd_sweep(args, command_line);
    if (command == "chaos")
        return cli::cmd_chaos(args, command_line);
    return usage_error("unknown command \"" + command + "\"");
}
