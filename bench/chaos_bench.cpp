// chaos_bench: what a chaos campaign costs in the simulator (docs/performance.md).
//   1. N random schedules of a scenario (default: the five-server Raft of random-nemesis-5, cut to
//      10 seconds) through run_chaos on every processor: schedules per second;
//   2. for the first K seeds, where one run's time goes: the simulation, each check, and the
//      rest of judging (the summary's statistics and figures);
//   3. with --shrink, one failing campaign of a scenario whose schedules hold about 20 faults:
//      how long shrinking takes.
// --safe turns the scenario's teaching switches (unsafe_...: true) off: a thousand schedules of
// a shipped unsafe Raft scenario's nodes, safe, that must all pass.
// Usage: chaos_bench [--scenario FILE] [--safe] [--runs N] [--duration D] [--profile K] [--threads N]
//                    [--faults LIST] [--interval D]
//        chaos_bench --shrink FILE [--interval D] [--faults LIST] [--seed S]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/chaos/chaos.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "netlab/telemetry/event_log.h"

namespace {

using namespace distlab;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

[[noreturn]] void usage(const std::string& problem) {
    std::fprintf(stderr, "chaos_bench: %s\nusage: chaos_bench [--scenario FILE] [--safe] [--runs N] [--duration D] [--profile K] "
                         "[--threads N] [--faults LIST] [--interval D] | --shrink FILE [--interval D] [--faults LIST] [--seed S]\n",
                 problem.c_str());
    std::exit(2);
}

// The scenario at `path`; with `safe`, every teaching switch (`unsafe_...: true`) turned off.
netlab::Scenario load(const std::string& path, bool safe = false) {
    std::ifstream in(path);
    if (!in)
        usage("cannot read " + path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (safe)
        text = std::regex_replace(text, std::regex(R"((unsafe_[a-z_]+): *true)"), "$1: false");
    auto loaded = netlab::load_scenario_text(text, path, core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!loaded)
        usage(loaded.error().front().str());
    return *loaded;
}

core::Duration duration_arg(const std::string& text) {
    auto d = core::parse_duration(text);
    if (!d)
        usage(text + ": " + d.error().message);
    return *d;
}

void profile(const netlab::Scenario& base, const netlab::ChaosOptions& options, int runs) {
    double simulate = 0;
    double judge = 0;
    std::map<std::string, double> per_check;
    std::size_t events = 0;
    for (int i = 0; i < runs; ++i) {
        netlab::Scenario s = base;
        s.seed = options.seed + static_cast<std::uint64_t>(i);
        s.faults = netlab::chaos_schedule(base, s.seed, options);
        netlab::EventLog log;
        auto t = Clock::now();
        {
            netlab::SimRun sim(s, core::RoleRegistry::builtin());
            sim.telemetry().add_sink(log);
            sim.run();
        }
        simulate += since(t);
        std::vector<netlab::Event> taken = log.take();
        events += taken.size();
        const netlab::RunView view{s, taken};
        for (const netlab::CheckSpec& check : s.checks) {
            t = Clock::now();
            (void)netlab::run_check(check, view, netlab::CheckRegistry::builtin());
            per_check[check.name] += since(t);
        }
        t = Clock::now();
        (void)netlab::judge_run(s, std::move(taken), std::nullopt);
        judge += since(t);
    }
    double checks = 0;
    for (const auto& [name, seconds] : per_check)
        checks += seconds;
    std::printf("per run, mean of %d (one thread): %.1f ms simulating (%zu events), %.1f ms judging the checks "
                "(as chaos does)\n",
                runs, 1000 * simulate / runs, events / static_cast<std::size_t>(runs), 1000 * checks / runs);
    for (const auto& [name, seconds] : per_check)
        std::printf("  check %-24s %8.2f ms\n", name.c_str(), 1000 * seconds / runs);
    std::printf("judge_run (the checks again, then the summary's statistics and figures, which chaos skips): %.1f ms\n",
                1000 * judge / runs);
}

}  // namespace

int main(int argc, char** argv) {
    std::string scenario_path = std::string(DISTLAB_SOURCE_DIR) + "/scenarios/consensus/random-nemesis-5.yaml";
    std::string shrink_path;
    int runs = 200;
    int profile_runs = 10;
    std::optional<core::Duration> duration = 10s;
    netlab::ChaosOptions options;
    std::optional<std::uint64_t> seed;
    bool safe = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--scenario")
            scenario_path = value();
        else if (arg == "--safe")
            safe = true;
        else if (arg == "--runs")
            runs = std::max(1, std::atoi(value().c_str()));
        else if (arg == "--duration")
            duration = duration_arg(value());
        else if (arg == "--profile")
            profile_runs = std::max(0, std::atoi(value().c_str()));
        else if (arg == "--threads")
            options.threads = std::max(0, std::atoi(value().c_str()));
        else if (arg == "--interval")
            options.interval = duration_arg(value());
        else if (arg == "--seed")
            seed = std::strtoull(value().c_str(), nullptr, 10);
        else if (arg == "--faults") {
            auto faults = netlab::parse_chaos_faults(value());
            if (!faults)
                usage(faults.error().message);
            options.faults = *faults;
        } else if (arg == "--shrink")
            shrink_path = value();
        else
            usage("unknown argument " + arg);
    }

    if (!shrink_path.empty()) {
        // Shrinking: the first failing seed's schedule shrunk, timed.
        netlab::Scenario scenario = load(shrink_path);
        options.seed = seed.value_or(scenario.seed);
        options.runs = 1;
        const auto started = Clock::now();
        auto summary = netlab::run_chaos(scenario, options);
        if (!summary) {
            std::fprintf(stderr, "chaos_bench: %s\n", summary.error().message.c_str());
            return 3;
        }
        if (!summary->shrunk) {
            std::printf("seed %llu did not fail: no shrink to time (try another --seed)\n",
                        static_cast<unsigned long long>(options.seed));
            return 1;
        }
        const netlab::ChaosShrunk& shrunk = *summary->shrunk;
        std::printf("%s, seed %llu: %s failed under %zu faults, shrunk to %zu in %d runs (%s); %.1f s in all\n",
                    scenario.name.c_str(), static_cast<unsigned long long>(shrunk.seed), shrunk.check.c_str(),
                    shrunk.faults_before, shrunk.scenario.faults.size(), shrunk.runs, shrunk.minimal ? "minimal" : "not minimal",
                    since(started));
        return 0;
    }

    netlab::Scenario scenario = load(scenario_path, safe);
    if (duration)
        scenario.duration = *duration;
    options.seed = seed.value_or(1);
    options.runs = runs;
    if (profile_runs > 0)
        profile(netlab::chaos_base(scenario), options, profile_runs);
    const auto started = Clock::now();
    auto summary = netlab::run_chaos(scenario, options);
    if (!summary) {
        std::fprintf(stderr, "chaos_bench: %s\n", summary.error().message.c_str());
        return 3;
    }
    const double seconds = since(started);
    std::printf("%s (%s): %d schedules in %.1f s, %.1f ms each, %.0f per minute; %d failed\n", scenario.name.c_str(),
                core::format_duration(scenario.duration).c_str(), summary->runs, seconds, 1000 * seconds / summary->runs,
                60 * summary->runs / seconds, static_cast<int>(summary->failures.size()));
    return 0;
}
