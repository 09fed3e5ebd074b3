#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/text.h"
#include "netlab/scenario/scenario.h"

// The engine facade, chaos: a scenario under many random fault schedules in the simulator, the
// first failure shrunk to a scenario to replay (docs/chaos.md; docs/gui.md, "The engine facade").
namespace distlab::netlab {

// The fault kinds a schedule draws from, by name ("kill", "pause", "partition", ...), in order.
std::vector<std::string> chaos_fault_names();

// The checks a campaign on `scenario` judges (its own, expect_fail unwrapped, those timed with
// `after:` left out); empty when there is nothing to judge, and then no campaign can run.
std::vector<std::string> chaos_checks(const Scenario& scenario);

struct ChaosCampaign {
    int runs = 100;
    std::uint64_t seed = 1;                     // run K uses seed + K - 1
    std::vector<std::string> faults;            // chaos_fault_names' names, one at least
    std::chrono::milliseconds interval{2000};   // mean role time between two faults
    std::chrono::milliseconds budget{0};        // wall-clock time for the runs (0: no limit)
    const std::atomic<bool>* stop = nullptr;    // set from any thread to stop early
    // After every run (phase "runs") and every shrinking step ("shrinking"), from the thread
    // that called run_chaos_campaign.
    std::function<void(std::string_view phase, int done, int total)> on_progress;
};

struct ChaosFailure {
    std::uint64_t seed = 0;
    std::vector<std::string> checks;            // the checks that failed, in the scenario's order
};

// The first failure shrunk to the smallest schedule that still fails the same check.
struct ChaosReplay {
    std::string check;
    std::uint64_t seed = 0;
    std::size_t faults_before = 0;              // in the random schedule
    std::string detail;                         // the check's detail on the shrunk run
    std::string detail_zh;
    int runs = 0;                               // runs the shrinking took
    bool minimal = true;                        // false when the shrink budget ran out first
    Scenario scenario;                          // to replay: NAME-chaos-SEED, its summary saying how it was found
};

struct ChaosOutcome {
    int runs = 0;                               // runs finished
    int passed = 0;
    std::vector<ChaosFailure> failures;         // by seed
    std::map<std::string, int> failures_by_check;
    std::optional<ChaosReplay> shrunk;
    bool stopped = false;                       // the budget or a stop ended the runs early
    double seconds = 0;
};

// Runs the campaign in the simulator on the calling thread and workers of its own (one per
// processor): call it off the GUI thread. `found_by` names the finder in the shrunk scenario's
// summary. An error says what was wrong (an unknown fault, nothing to judge) or that the lab failed.
std::expected<ChaosOutcome, core::Text> run_chaos_campaign(const Scenario& scenario, const ChaosCampaign& campaign,
                                                           const core::Text& found_by);

}  // namespace distlab::netlab
