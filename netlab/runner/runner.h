#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/result.h"
#include "netlab/api/event.h"
#include "netlab/checks/check.h"
#include "netlab/checks/run_stats.h"
#include "netlab/lab/listen.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

class EventSink;
class Pacer;
class RunControl;

// What a run has done so far, reported every 100 ms of run time.
struct RunProgress {
    Duration elapsed{0};
    Duration total{0};                 // the scenario's duration times time_scale
    LiveCounters counters;
};

struct RunRequest {
    Scenario scenario;                 // overrides (seed, time scale, duration) already applied
    std::string scenario_yaml;         // the file's text, kept in the recording (empty: written
                                       // from `scenario`)
    bool simulate = false;             // the deterministic simulator instead of real processes
    std::optional<std::filesystem::path> record_path;
    std::string command_line;          // kept in the recording and the report, to rerun exactly
    std::string node_binary;           // distlab-node, for real runs
    std::string run_dir;               // node data directories; empty: a temporary one under
                                       // temporary_run_base(), removed after
    ListenOptions listen;              // real runs: where the lab listens, which nodes join from elsewhere
    std::function<void(const JoinInfo&)> on_listening;   // real runs: once the lab listens
    std::function<void(const RunProgress&)> on_progress;
    const std::atomic<bool>* stop_requested = nullptr;   // set from any thread to end the run early
    std::vector<EventSink*> extra_sinks;   // also fed the stream, on the run's thread (the GUI's bridge)
    RunControl* control = nullptr;         // faults by hand and pausing, from the GUI
    Pacer* pacer = nullptr;                // simulated runs: held to the wall clock (null: as
                                           // fast as they can); no longer once a stop is asked
};

struct RunOutcome {
    std::vector<Event> events;
    std::vector<CheckResult> checks;
    bool passed = false;               // every check passed, and there was one at least
    RunVerdict verdict = RunVerdict::Failed;
    std::optional<std::int64_t> stopped_at_ns;   // a user stopped it early, then
    // The --json summary object of docs/scenario-format.md, plus `verdict` (to_string(RunVerdict)),
    // `stopped_at_s` when stopped, and each check's `verdict` ("pass", "fail", "unknown").
    core::Json summary;
    std::optional<std::filesystem::path> recording;
    std::optional<core::Error> recording_problem;   // the run happened but the file has an issue
};

// Runs a scenario end to end, on real processes or in the simulator: events to memory and, when
// asked, to a recording; then the checks and the summary. An error means the lab itself failed
// (distlab-cli exit code 3); failed checks are a normal outcome.
core::Result<RunOutcome> run_scenario(const RunRequest& request);

// Why the simulator cannot run `scenario`: a node whose role runs a program beside it
// (RoleDescriptor::real_processes_only, the external role). nullopt when it can.
std::optional<std::string> simulation_refusal(const Scenario& scenario, const core::RoleRegistry& roles);

// Where a run without a run_dir keeps its node data: the first of $XDG_RUNTIME_DIR, /dev/shm and
// /tmp that is a writable directory on a memory file system, else $XDG_RUNTIME_DIR or /tmp.
// The lab's faults kill processes, whose written data the page cache keeps, so a disk adds
// nothing there but the waits of a sync behind other programs' writeback (docs/engine-decisions.md,
// "Node data on a memory file system").
std::filesystem::path temporary_run_base();

// True when `dir` is on tmpfs or ramfs (where a sync returns at once).
bool on_memory_file_system(const std::filesystem::path& dir);

// A temporary run directory is named after the process that made it,
// "distlab-run-<pid>-XXXXXX". A lab killed with SIGKILL cannot remove its own, and on a memory
// file system it would hold memory until the machine restarts; so every run first removes, in
// `base`, the run directories of processes that no longer exist. Directories of live processes
// (or of a pid now reused) and anything else are left alone.
void remove_stale_run_dirs(const std::filesystem::path& base);

// Judges a finished run's events and builds its summary (also used for reports of recordings):
// its stats carry each applying figure source's JSON under the source's name ("raft", "phases").
RunOutcome judge_run(const Scenario& scenario, std::vector<Event> events,
                     std::optional<std::filesystem::path> recording);

}  // namespace distlab::netlab
