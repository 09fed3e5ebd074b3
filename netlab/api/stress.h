#pragma once

#include <atomic>
#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/text.h"
#include "netlab/scenario/scenario.h"

// The engine facade, stress: a scenario's clients driven open loop at a rising rate in the
// simulator until the system saturates, and the report of it (docs/stress.md; docs/gui.md, "The
// engine facade").
namespace distlab::netlab {

// The nodes a stress campaign drives (roles with an open-loop workload), or why there are none.
std::expected<std::vector<std::string>, core::Text> stress_client_ids(const Scenario& scenario);

struct StressCampaign {
    double from = 10;                           // offered rates, operations per second over every client
    double to = 100;
    double step = 10;
    std::chrono::milliseconds hold{5000};       // each step's run (role time)
    bool closed_loop = true;                    // also the closed loop, compared at the knee
    std::filesystem::path report_dir;           // where the report set goes (created if needed)
    std::string lang = "en";                    // the report's language: "en" or "zh_CN"
    const std::atomic<bool>* stop = nullptr;    // set from any thread to stop early
    // As steps finish (phase "steps"), from the thread that called run_stress_campaign.
    std::function<void(std::string_view phase, int done, int total)> on_progress;
};

// One offered rate's figures.
struct StressStep {
    double offered = 0;
    double throughput = 0;                      // ok operations per second
    double p50_ms = 0;
    double p99_ms = 0;
    double p999_ms = 0;
};

struct StressOutcome {
    std::vector<StressStep> steps;              // in order of offered rate
    std::optional<double> knee;                 // offered rates, when found
    std::optional<double> saturation;
    core::Text saturation_reason;               // which rule the saturated step broke
    bool stopped = false;
    double seconds = 0;
    std::filesystem::path report;               // report.html (empty when stopped before any step)
};

// Runs the ramp (and the closed loop) in the simulator on the calling thread and workers of its
// own, then the knee's step once more for the report, whose first section is the campaign's
// charts and table (what `distlab-cli stress --report` writes, without the PDF). Call it off the
// GUI thread. An error says what was wrong (a bad ramp, no clients, a rate a role refuses) or
// that the lab failed.
std::expected<StressOutcome, core::Text> run_stress_campaign(const Scenario& scenario, const StressCampaign& campaign);

}  // namespace distlab::netlab
