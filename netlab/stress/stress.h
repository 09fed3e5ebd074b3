#pragma once

// Stress: a scenario's clients driven open loop at a rising offered rate until the system
// saturates, each operation's latency measured from its intended start (coordinated omission
// corrected, as wrk2 does) in an HDR histogram; the knee found; the closed loop beside it.
// docs/stress.md.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/hdr_histogram.h"
#include "core/model/result.h"
#include "core/model/role_registry.h"
#include "core/model/time.h"
#include "netlab/api/event.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

// The latency histograms' range and precision: 1 µs to an hour, 3 significant digits.
inline constexpr std::int64_t kStressHighestUs = 3'600'000'000;
inline constexpr int kStressDigits = 3;

// What the clients did in a window of one run.
struct LoadMeasure {
    double offered = 0;                  // operations per second asked of the clients; 0: closed loop
    double throughput = 0;               // ok operations per second ended in the window
    double started = 0;                  // operations per second meant to start in the window: the
                                         // load actually offered (Poisson arrivals vary around the rate)
    double ok_fraction = 0;              // ok among the operations ended in the window (0 when none)
    std::int64_t ended = 0;              // operations ended in the window
    std::int64_t unfinished = 0;         // begun in the window and never ended: counted as lasting to the end
    // Each operation begun in the window: from its intended start to its end, in microseconds.
    core::HdrHistogram latency_us{kStressHighestUs, kStressDigits};

    double percentile_ms(double p) const { return static_cast<double>(latency_us.value_at_percentile(p)) / 1000.0; }
};

// The clients' operations of a finished run: the op_latency_ms samples that WorkloadDriver
// records (client_metric::kOpLatency) for operations whose intended start lies in
// [from_ns, to_ns), the ok operations ended in it, and the operations invoked in it that never
// ended, recorded as lasting until the run's last event. `offered` is copied into the result.
LoadMeasure measure_load(const std::vector<Event>& events, const std::set<NodeId>& clients, std::int64_t from_ns,
                         std::int64_t to_ns, double offered);

// The nodes that generate load: those whose role has the open-loop workload's parameters (rate
// and arrival: OpenLoopWorkload). An error when there are none.
core::Result<std::vector<NodeId>> stress_clients(const Scenario& scenario, const core::RoleRegistry& roles);

// How a stress run drives the clients.
struct LoadSetting {
    double rate = 0;                     // open loop: operations per second over every client
    bool closed = false;                 // closed loop instead (roles with mode and concurrency)
};

struct StressOptions {
    double from = 10;                    // offered rates, operations per second over every client
    double to = 100;
    double step = 10;
    core::Duration hold = std::chrono::seconds(5);   // each step's run (role time), drain aside
    bool closed_loop = true;             // also run the closed loop, compared at the knee
    bool real = false;                   // real processes, one step at a time
    std::string node_binary;             // distlab-node, for real runs
    int threads = 0;                     // simulated steps at once (0: one per processor)
    const std::atomic<bool>* stop = nullptr;
    // Called as steps finish, from the calling thread.
    std::function<void(std::string_view what, int done, int total)> on_progress;
};

// The offered rates of a ramp: from, from + step, ... up to `to` (within a millionth of a step).
std::vector<double> ramp_rates(const StressOptions& options);

// Checks the ramp: 0 < from <= to, step > 0, at most kMaxStressSteps steps, hold >= 500 ms.
inline constexpr std::size_t kMaxStressSteps = 200;
std::optional<core::Text> ramp_problem(const StressOptions& options);

// The scenario as one stress run runs it: its faults, narrative steps and checks removed, time
// scale 1, lasting hold + kStressDrain; every client open loop at setting.rate split evenly over
// the clients (or closed loop at its own concurrency), starting no operation after `hold`.
// Loaded back through the loader, so a rate out of a role's range is an error naming it.
inline constexpr core::Duration kStressDrain = std::chrono::seconds(1);
core::Result<Scenario> stress_scenario(const Scenario& scenario, const std::vector<NodeId>& clients,
                                       const LoadSetting& setting, core::Duration hold, const core::RoleRegistry& roles);

// The window a step measures: from a fifth of the hold (warm-up) to the hold's end.
std::pair<std::int64_t, std::int64_t> stress_window(core::Duration hold);

struct StressResult {
    std::vector<NodeId> clients;
    std::vector<LoadMeasure> steps;      // one per offered rate, in order
    // The first saturated step: its throughput fell below 90 % of the operations meant to start
    // in its window (per second, times the first step's ok fraction), or its p99 rose above
    // three times the first step's (and 5 ms more). The knee is the step before it.
    std::optional<std::size_t> saturation;
    std::optional<std::size_t> knee;
    core::Text saturation_reason;        // which rule it broke, with the figures

    std::optional<LoadMeasure> closed;   // the closed loop, when every client's role has one
    std::int64_t closed_concurrency = 0; // its operations outstanding over every client
    core::Text closed_missing;           // why there is no closed loop, if not
    // The clients' roles, when their operations ended without a latency sample (roles that do
    // not call WorkloadDriver::record_latency): nothing can be measured. Empty otherwise.
    std::string no_latency;
    bool stopped = false;
    double seconds = 0;
};

// Finds the saturation point and the knee of `result.steps` (StressResult's rule).
void find_knee(StressResult& result);

// Runs the ramp (and the closed loop). An error: bad input (no clients, a rate the roles refuse,
// clients that record no op_latency_ms) or the lab itself failed.
core::Result<StressResult> run_stress(const Scenario& scenario, const StressOptions& options);

}  // namespace distlab::netlab
