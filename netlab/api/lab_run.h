#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "netlab/api/event.h"
#include "netlab/api/judge.h"
#include "netlab/lab/listen.h"
#include "netlab/scenario/scenario.h"

// The engine facade, runs: start a scenario on real processes or in the simulator, pace it,
// pause, hand it faults, stop it (docs/gui.md, "The engine facade").
namespace distlab::netlab {

class MetricsEndpoint;
class RunControl;   // netlab/runner/run_control.h: faults by hand, holds, pausing

// What a run has done so far: run time elapsed and in all (the scenario's duration times its
// time_scale), and whether it is paused.
struct RunTick {
    Duration elapsed{0};
    Duration total{0};
    bool paused = false;
};

// How a run ended. `error` is set when the lab itself failed (no judgement then);
// `recording_problem` when the run happened but its recording has an issue.
struct RunEnd {
    Judgement judgement;
    std::string error;
    std::string recording_problem;
};

struct RunSetup {
    Scenario scenario;
    std::string source;              // the scenario's file, for the recorded command line
                                     // (empty: "lab.yaml")
    bool simulate = false;           // the deterministic simulator instead of real processes
    std::string node_binary;         // distlab-node, for real runs
    // The runs folder to record into (named by scenario and time, oldest removed past
    // runs_cap_bytes, the verdict stored at the end); empty: not recorded.
    std::filesystem::path runs_folder;
    std::uint64_t runs_cap_bytes = 0;
    // Simulated runs: whether virtual time keeps pace with the wall clock (to watch), and how
    // many times slower than the scenario's time it then passes (1: as written; clamped to
    // [1, 1000]). Unpaced, the simulator runs as fast as it can (tests).
    bool paced = true;
    double slowdown = 1.0;
    bool step_mode = false;          // pause at narrative steps marked `pause: true`
    std::shared_ptr<MetricsEndpoint> metrics;   // also fed the run's events; may be null
    // Real runs: where the lab listens (127.0.0.1 by default) and which nodes join from other
    // machines (docs/beyond-one-machine.md); on_listening, on the run's thread, says how.
    ListenOptions listen;
    std::function<void(const JoinInfo&)> on_listening;

    // Called on the run's thread, in this order: on_events with every batch of the stream as it
    // happens, on_progress every 100 ms of run time, and on_finished once, last.
    std::function<void(std::span<const Event>)> on_events;
    std::function<void(const RunTick&)> on_progress;
    std::function<void(const RunEnd&)> on_finished;
};

// One run in progress, on a thread of its own.
//
// Threading: every method may be called from any thread; the callbacks run on the run's.
// Ownership: the destructor stops the run and waits for its thread.
class LabRun {
public:
    // Starts the run and returns at once.
    static std::unique_ptr<LabRun> start(RunSetup setup);
    ~LabRun();
    LabRun(const LabRun&) = delete;
    LabRun& operator=(const LabRun&) = delete;

    // Where the run is recorded; nullopt when it is not (no runs folder, or none could be made).
    const std::optional<std::filesystem::path>& recording() const;

    // Faults by hand, holds and pausing (RunControl's rules).
    RunControl& control();
    void set_paused(bool paused);
    bool paused() const;
    void set_step_mode(bool on);
    // Simulated and paced runs: applies from the next tick.
    void set_slowdown(double factor);

    // Asks the run to end early; on_finished follows. The run ends where it is (a real run
    // stops its nodes, a simulated one at its next tick), is recorded as stopped by the user,
    // and its judgement is "stopped" (Judgement::stopped_at_ns), neither passed nor failed.
    void stop();
    // Waits until the run has ended and on_finished has returned.
    void wait();

private:
    struct Impl;
    explicit LabRun(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace distlab::netlab
