#include "app/cli_stress.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <iomanip>
#include <iostream>

#include "app/cli_options.h"
#include "app/cli_support.h"
#include "netlab/stress/stress_report.h"

namespace distlab::cli {

namespace {

constexpr CommandText kStressText{
    "drive a scenario's clients open loop at a rising rate until it saturates: the knee",
    "Runs FILE once per offered rate, from FROM to TO operations per second in steps of N (split evenly over the "
    "clients: the nodes whose role has an open-loop workload, rate and arrival), each held for D with the "
    "scenario's faults, narrative and checks left out. Each operation's latency is measured from its intended "
    "start, so a stall counts for every operation that should have started during it (coordinated omission "
    "corrected, as wrk2 does), in an HDR histogram. The first step whose throughput falls below 90 % of the "
    "operations meant to start or whose p99 rises above three times the first step's is the saturation point; the step "
    "before it is the knee. The clients also run once in closed loop, compared with the open loop.",
    "exit codes: 0 measured (saturated or not), 2 invalid input, 3 the lab failed.\n"
    "\n"
    "example:\n"
    "  distlab-cli stress scenarios/communication/request-response.yaml --ramp 100..600 --step 50 --hold 3s\n"};

// "FROM..TO", two positive numbers.
core::Result<std::pair<double, double>> parse_ramp(const std::string& text) {
    const auto dots = text.find("..");
    auto number = [](std::string_view s) -> std::optional<double> {
        double v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
            return std::nullopt;
        return v;
    };
    if (dots != std::string::npos)
        if (auto from = number(std::string_view(text).substr(0, dots)), to = number(std::string_view(text).substr(dots + 2)); from && to)
            return std::pair{*from, *to};
    return core::fail("expected FROM..TO in operations per second, such as 100..600, got \"" + text + "\"");
}

}  // namespace

CLI::App& declare_stress(CLI::App& app, StressCommand& c) {
    CLI::App& command = add_command(app, "stress", kStressText);
    command.add_option("FILE", c.file, "the scenario file")->required()->type_name("FILE");
    add_parsed(command, "--ramp", "FROM..TO", "the offered rates, operations per second over every client (required)", c.ramp,
               Parser<std::string>([](const std::string& v) -> core::Result<std::string> {
                   if (auto r = parse_ramp(v); !r)
                       return std::unexpected(r.error());
                   return v;
               }))
        ->required();
    add_parsed(command, "--step", "N", "the rate added at each step (default: a tenth of TO-FROM)", c.step,
               Parser<double>([](const std::string& v) -> core::Result<double> {
                   double d = 0;
                   const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
                   if (ec != std::errc() || end != v.data() + v.size() || !(d > 0) || !std::isfinite(d))
                       return core::fail("expected a positive rate, got \"" + v + "\"");
                   return d;
               }));
    add_value(command, "--hold", "D", "how long each step runs before it is measured (default 5s; plus 1s to drain)",
              [&c](const std::string& v) -> std::optional<std::string> {
                  auto d = positive_duration()(v);
                  if (!d)
                      return d.error().message;
                  c.options.hold = *d;
                  return std::nullopt;
              });
    add_parsed(command, "--seed", "N", "the seed of every step (default: the scenario's)", c.seed, seed_value());
    command.add_flag("--real", c.options.real, "real processes, one step at a time (default: the simulator, in parallel)");
    command.add_flag("--no-closed-loop", c.no_closed, "leave out the closed-loop run compared with the open loop");
    add_parsed(command, "--report", "DIR",
               "write a report set into DIR: the stress section (charts against offered load, the saturation point, "
               "open and closed loop) first, then the report of the knee's run",
               c.report_dir, non_empty("a folder"));
    add_lang(command, c.lang);
    command.add_flag("--json", c.json, "a one-line JSON summary on stdout");
    return command;
}

int cmd_stress(StressCommand& c, const std::string& command_line) {
    auto scenario = load(c.file);
    if (!scenario) {
        print_diagnostics(scenario.error());
        return kInvalidInput;
    }
    const auto [from, to] = *parse_ramp(*c.ramp);
    c.options.from = from;
    c.options.to = to;
    c.options.step = c.step.value_or((to - from) / 10);
    if (c.options.step <= 0)
        c.options.step = std::max(from, 1.0);
    c.options.closed_loop = !c.no_closed;
    if (auto problem = netlab::ramp_problem(c.options))
        return usage_error("stress: " + problem->en);
    if (c.seed)
        scenario->seed = *c.seed;
    const core::RoleRegistry& roles = core::RoleRegistry::builtin();
    auto clients = netlab::stress_clients(*scenario, roles);
    if (!clients)
        return usage_error("stress: " + clients.error().message);
    // Every rate of the ramp through the loader first: a rate a role refuses is bad input.
    for (double rate : netlab::ramp_rates(c.options))
        if (auto s = netlab::stress_scenario(*scenario, *clients, {rate, false}, c.options.hold, roles); !s)
            return usage_error("stress: at " + std::to_string(rate) + "/s: " + s.error().message);
    if (!c.options.real)
        if (auto refusal = netlab::simulation_refusal(*scenario, roles))
            return usage_error("stress: " + *refusal + " (use --real)");
    c.options.node_binary = node_binary();
    install_signal_handlers();
    c.options.stop = &stop_flag();
    const bool tty = ::isatty(STDERR_FILENO);
    c.options.on_progress = [tty](std::string_view what, int done, int total) {
        if (tty)
            std::cerr << "\r  " << what << " " << done << "/" << total << "   " << std::flush;
    };

    std::ostream& out = human_output(c.json);
    out << "stress: " << scenario->name << ", " << netlab::ramp_rates(c.options).size() << " step(s) from " << from << " to "
        << to << "/s, each held " << core::format_duration(c.options.hold) << " "
        << (c.options.real ? "on real processes" : "in the simulator") << "\n  clients:";
    for (const netlab::NodeId& id : *clients)
        out << " " << id;
    out << "\n";
    auto result = netlab::run_stress(*scenario, c.options);
    if (tty)
        std::cerr << "\r" << std::string(40, ' ') << "\r";
    if (!result) {
        std::cerr << "distlab-cli: stress: the lab failed: " << result.error().message << "\n";
        return kLabFailed;
    }
    if (!result->no_latency.empty())
        return usage_error("stress: the clients' role(s) " + result->no_latency +
                           " record no op_latency_ms: their operations' ends do not reach the workload driver "
                           "(WorkloadDriver::record_latency, docs/stress.md)");

    out << "  offered/s      ok/s    p50 ms    p99 ms  p99.9 ms\n" << std::fixed;
    for (std::size_t i = 0; i < result->steps.size(); ++i) {
        const netlab::LoadMeasure& m = result->steps[i];
        out << std::setprecision(1) << std::setw(11) << m.offered << std::setw(10) << m.throughput << std::setprecision(2)
            << std::setw(10) << m.percentile_ms(50) << std::setw(10) << m.percentile_ms(99) << std::setw(10)
            << m.percentile_ms(99.9) << (result->knee == i ? "  knee" : result->saturation == i ? "  saturated" : "") << "\n";
    }
    out << std::defaultfloat << std::setprecision(6);
    if (result->saturation) {
        out << "  saturation at " << result->steps[*result->saturation].offered << "/s: " << result->saturation_reason.en << "\n";
        if (result->knee)
            out << "  knee: " << result->steps[*result->knee].offered << "/s\n";
    } else {
        out << "  no saturation up to " << to << "/s\n";
    }
    if (result->closed)
        out << "  closed loop (" << result->closed_concurrency << " outstanding): " << std::fixed << std::setprecision(1)
            << result->closed->throughput << " ok/s, p99 " << std::setprecision(2) << result->closed->percentile_ms(99)
            << " ms, p99.9 " << result->closed->percentile_ms(99.9) << " ms\n" << std::defaultfloat;
    if (result->stopped)
        out << "  stopped early\n";

    core::Json json = netlab::stress_json(*scenario, c.options, *result);
    if (c.report_dir && !result->steps.empty()) {
        // The run the report shows: the knee's (or the first step's when the first saturated).
        const netlab::LoadMeasure& shown_step = result->steps[result->knee.value_or(0)];
        auto shown = netlab::stress_scenario(*scenario, *clients, {shown_step.offered, false}, c.options.hold, roles);
        if (!shown)
            return usage_error("stress: " + shown.error().message);
        netlab::RunRequest request;
        request.scenario = *shown;
        request.simulate = !c.options.real;
        request.command_line = command_line;
        request.node_binary = c.options.node_binary;
        request.stop_requested = &stop_flag();
        auto outcome = netlab::run_scenario(request);
        if (!outcome) {
            std::cerr << "distlab-cli: stress: the lab failed running the knee's step for the report: " << outcome.error().message << "\n";
            return kLabFailed;
        }
        if (!write_report_set(*shown, *outcome, command_line, {}, *c.report_dir, netlab::ReportFormats{}, c.lang,
                              {netlab::stress_section(*scenario, c.options, *result, c.lang)}))
            return kLabFailed;
        out << "  report: " << *c.report_dir << "\n";
        json["report"] = *c.report_dir;
    }
    if (c.json)
        std::cout << json.dump() << "\n";
    return kPassed;
}

}  // namespace distlab::cli
