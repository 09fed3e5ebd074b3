#include "netlab/runner/runner.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "core/model/role_registry.h"
#include "netlab/lab/lab.h"
#include "netlab/report/report_data.h"
#include "netlab/runner/pacer.h"
#include "netlab/runner/run_control.h"
#include "netlab/scenario/scenario_writer.h"
#include "netlab/sim/sim_run.h"
#include "netlab/telemetry/event_log.h"
#include "netlab/telemetry/recorder.h"

namespace distlab::netlab {

namespace {

constexpr Duration kProgressInterval = std::chrono::milliseconds(100);

// Feeds the progress counters from the event stream.
class ProgressSink final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { counters.update(batch); }
    LiveCounters counters;
};

Duration scaled_duration(const Scenario& s) {
    return Duration(static_cast<std::int64_t>(static_cast<double>(s.duration.count()) * s.time_scale));
}

constexpr std::string_view kRunDirPrefix = "distlab-run-";

// A node data directory for one run, removed afterwards unless the caller chose it.
class RunDir {
public:
    explicit RunDir(const std::string& requested) {
        if (!requested.empty()) {
            path_ = requested;
            return;
        }
        const std::filesystem::path base = temporary_run_base();
        remove_stale_run_dirs(base);
        std::string pattern = (base / (std::string(kRunDirPrefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
        if (::mkdtemp(pattern.data()) != nullptr) {
            path_ = pattern;
            owned_ = true;
        }
    }
    ~RunDir() {
        if (owned_) {
            std::error_code ignored;
            std::filesystem::remove_all(path_, ignored);
        }
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    bool owned_ = false;
};

}  // namespace

bool on_memory_file_system(const std::filesystem::path& dir) {
    struct statfs fs {};
    if (::statfs(dir.c_str(), &fs) != 0)
        return false;
    return fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC;
}

void remove_stale_run_dirs(const std::filesystem::path& base) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with(kRunDirPrefix) || !it->is_directory(ec) || it->is_symlink(ec))
            continue;
        const char* first = name.data() + kRunDirPrefix.size();
        const char* last = name.data() + name.size();
        pid_t pid = 0;
        const auto [next, parsed] = std::from_chars(first, last, pid);
        if (parsed != std::errc{} || next == last || *next != '-' || pid <= 0 || pid == ::getpid())
            continue;
        if (::kill(pid, 0) == -1 && errno == ESRCH) {
            std::error_code ignored;
            std::filesystem::remove_all(it->path(), ignored);
        }
    }
}

std::filesystem::path temporary_run_base() {
    std::filesystem::path fallback = "/tmp";
    std::vector<std::filesystem::path> candidates;
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
        fallback = runtime;
        candidates.push_back(fallback);
    }
    candidates.emplace_back("/dev/shm");
    candidates.emplace_back("/tmp");
    for (const auto& dir : candidates)
        if (on_memory_file_system(dir) && ::access(dir.c_str(), W_OK | X_OK) == 0)
            return dir;
    return fallback;
}

RunOutcome judge_run(const Scenario& scenario, std::vector<Event> events,
                     std::optional<std::filesystem::path> recording) {
    RunOutcome outcome;
    outcome.events = std::move(events);
    const RunView view{scenario, outcome.events};
    outcome.checks = run_checks(view, CheckRegistry::builtin());
    outcome.stopped_at_ns = stopped_at_ns(outcome.events);
    outcome.verdict = run_verdict(outcome.checks, outcome.stopped_at_ns);
    outcome.passed = outcome.verdict == RunVerdict::Passed;
    Duration duration = scaled_duration(scenario);
    for (auto it = outcome.events.rbegin(); it != outcome.events.rend(); ++it)
        if (it->kind == EventKind::RunEnded) {
            duration = Duration(it->t_ns);
            break;
        }
    const RunStats stats = compute_stats(outcome.events, duration);
    outcome.recording = std::move(recording);
    outcome.summary = summary_json(scenario.name, outcome.passed, outcome.checks, stats,
                                   outcome.recording ? outcome.recording->string() : std::string{});
    outcome.summary["verdict"] = std::string(to_string(outcome.verdict));
    if (outcome.stopped_at_ns)
        outcome.summary["stopped_at_s"] = static_cast<double>(*outcome.stopped_at_ns) / 1e9;
    for (std::size_t i = 0; i < outcome.checks.size(); ++i)
        outcome.summary["checks"][i]["verdict"] = std::string(to_string(outcome.checks[i].verdict));
    // Patterns add their own figures under stats: each figure source's JSON under its name.
    outcome.summary["stats"].update(
        section_stats(figure_sections(outcome.events, builtin_figure_sources(), core::RoleRegistry::builtin())));
    return outcome;
}

std::optional<std::string> simulation_refusal(const Scenario& scenario, const core::RoleRegistry& roles) {
    for (const NodeSpec& node : scenario.nodes)
        if (const core::RoleDescriptor* role = roles.find(node.role); role && role->real_processes_only)
            return "external nodes need real processes; run without --sim (node " + node.id + " runs role " + node.role +
                   ")";
    return std::nullopt;
}

core::Result<RunOutcome> run_scenario(const RunRequest& request) {
    const Scenario& scenario = request.scenario;
    if (request.simulate)
        if (auto refusal = simulation_refusal(scenario, core::RoleRegistry::builtin()))
            return core::fail(*refusal);
    EventLog log;
    ProgressSink progress;
    std::unique_ptr<Recorder> recorder;
    if (request.record_path) {
        RecordingMeta meta;
        meta.scenario_name = scenario.name;
        // Without the file's text (a scenario built in code) its written form: a recording always
        // carries the lab it ran, to draw and judge it again in playback.
        meta.scenario_yaml = request.scenario_yaml.empty() ? write_scenario(scenario) : request.scenario_yaml;
        meta.seed = scenario.seed;
        meta.command_line = request.command_line;
        auto opened = Recorder::open(*request.record_path, std::move(meta));
        if (!opened)
            return std::unexpected(opened.error());
        recorder = std::move(*opened);
    }
    auto attach = [&](Telemetry& telemetry) {
        telemetry.add_sink(log);
        telemetry.add_sink(progress);
        if (recorder)
            telemetry.add_sink(*recorder);
        for (EventSink* sink : request.extra_sinks)
            telemetry.add_sink(*sink);
    };
    const Duration total = scaled_duration(scenario);
    auto report = [&](Duration elapsed) {
        if (request.on_progress)
            request.on_progress(RunProgress{elapsed, total, progress.counters});
    };
    auto stop_requested = [&] { return request.stop_requested && request.stop_requested->load(); };
    auto pace = [&](Duration elapsed) {
        if (request.pacer && !stop_requested())
            request.pacer->pace(elapsed);
    };

    if (request.simulate) {
        SimRun sim(scenario, core::RoleRegistry::builtin());
        // A flooded run ends early with its reason in RunEnded; the checks then say so.
        sim.set_interrupt(request.stop_requested);
        attach(sim.telemetry());
        RunControl* control = request.control;
        if (control)
            sim.nemesis().on_step = [control](const StepSpec& step) { control->on_step(step); };
        sim.start();
        while (sim.now() + kProgressInterval < total && !stop_requested() && !sim.ended()) {
            if (control) {
                control->apply(sim, sim.nemesis(), false);
                control->hold_while_paused(sim, sim.nemesis(), request.stop_requested);
            }
            sim.run_for(kProgressInterval);
            report(sim.now());
            pace(sim.now());
        }
        // A stop ends the simulation where it is, as it ends a real run (after the resume a
        // stop asks for, so a pause is recorded as ended).
        if (control)
            control->apply(sim, sim.nemesis(), false);
        if (stop_requested())
            sim.stop_now();
        else
            sim.run();
        report(sim.now());
        pace(sim.now());
    } else {
        const RunDir run_dir(request.run_dir);
        if (run_dir.path().empty())
            return core::fail("cannot create a temporary run directory for the node data");
        LabOptions options;
        options.node_binary = request.node_binary;
        options.run_dir = run_dir.path();
        options.listen = request.listen;
        options.on_listening = request.on_listening;
        Lab lab(scenario, core::RoleRegistry::builtin(), options);
        attach(lab.telemetry());
        RunControl* control = request.control;
        if (control)
            lab.nemesis().on_step = [control](const StepSpec& step) { control->on_step(step); };
        lab.on_tick = [&] {
            report(lab.now());
            if (control) {
                // Frozen nodes could not shut down cleanly: a stop thaws them first.
                if (stop_requested())
                    control->set_paused(false);
                control->apply(lab, lab.nemesis(), true);
            }
            if (stop_requested())
                lab.request_stop();
        };
        if (auto started = lab.start(); !started) {
            if (recorder)
                (void)recorder->close("the lab failed to start: " + started.error().message);
            return std::unexpected(started.error());
        }
        if (auto ran = lab.run(); !ran) {
            if (recorder)
                (void)recorder->close("the lab failed: " + ran.error().message);
            return std::unexpected(ran.error());
        }
        report(lab.now());
    }

    std::optional<core::Error> recording_problem;
    if (recorder) {
        if (auto closed = recorder->close(stop_requested() ? std::string(kStoppedByUser) : std::string("completed")); !closed)
            recording_problem = closed.error();
    }
    RunOutcome outcome = judge_run(scenario, log.take(), request.record_path);
    outcome.recording_problem = std::move(recording_problem);
    return outcome;
}

}  // namespace distlab::netlab
