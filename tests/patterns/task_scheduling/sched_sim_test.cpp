// The shipped task scheduling scenarios in the simulator, each under a few seeds: the lesson of
// each holds for every seed. A dead worker's tasks run again exactly once (and are lost when
// nobody re-runs them); a partitioned scheduler leader is replaced and its assignments are
// fenced (and applied twice without fencing); work stealing shortens the makespan of a skewed
// job and evens out the load.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "netlab/patterns/task_scheduling/task_figures.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct Outcome {
    std::vector<CheckResult> checks;
    std::map<std::string, double> figures;
    std::map<std::string, std::string> last_phase;   // node -> last phase entered
};

Outcome simulate(const std::string& file, std::uint64_t seed) {
    const test_support::ShippedSimRun run = test_support::simulate_shipped("scheduling/" + file, seed);
    if (!run.loaded)
        return {};
    Outcome out;
    out.checks = run.checks;
    out.figures = test_support::section_figures(*task_figure_source(), run);
    for (const Event& e : run.events)
        if (e.kind == EventKind::Phase)
            out.last_phase[e.node] = e.type;
    return out;
}

void expect_checks_pass(const Outcome& out, const std::string& file, std::uint64_t seed) {
    EXPECT_FALSE(out.checks.empty()) << file;
    for (const CheckResult& c : out.checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << file << " seed " << seed << ": " << c.name << ": " << c.detail;
}

TEST(TaskSchedulingSim, ADeadWorkersTasksRunAgainOnceAndAreLostWithoutRerun) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        const Outcome rerun = simulate("task-worker-crash.yaml", seed);
        expect_checks_pass(rerun, "task-worker-crash", seed);
        EXPECT_EQ(rerun.figures.at("task_scheduling.lost"), 0) << "seed " << seed;
        EXPECT_EQ(rerun.figures.at("task_scheduling.applied_twice"), 0) << "seed " << seed;

        const Outcome given_up = simulate("task-worker-crash-no-rerun.yaml", seed);
        expect_checks_pass(given_up, "task-worker-crash-no-rerun", seed);
        EXPECT_GE(given_up.figures.at("task_scheduling.lost"), 2) << "seed " << seed << ": w2's queue is lost";
    }
}

TEST(TaskSchedulingSim, APartitionedLeadersAssignmentsAreFencedAndAppliedTwiceWithout) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        const Outcome fenced = simulate("task-leader-partition.yaml", seed);
        expect_checks_pass(fenced, "task-leader-partition", seed);
        EXPECT_GE(fenced.figures.at("task_scheduling.refused"), 1) << "seed " << seed;
        EXPECT_EQ(fenced.figures.at("task_scheduling.applied_twice"), 0) << "seed " << seed;
        EXPECT_EQ(fenced.last_phase.at("s2"), "leader") << "seed " << seed;
        EXPECT_EQ(fenced.last_phase.at("s1"), "standby") << "seed " << seed;

        const Outcome unfenced = simulate("task-leader-partition-unfenced.yaml", seed);
        expect_checks_pass(unfenced, "task-leader-partition-unfenced", seed);
        EXPECT_GE(unfenced.figures.at("task_scheduling.applied_twice"), 1) << "seed " << seed;
        EXPECT_EQ(unfenced.figures.at("task_scheduling.refused"), 0) << "seed " << seed;
    }
}

TEST(TaskSchedulingSim, WorkStealingShortensASkewedJobAndEvensTheLoad) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        const Outcome stealing = simulate("task-skew-stealing.yaml", seed);
        const Outcome fixed = simulate("task-skew-static.yaml", seed);
        expect_checks_pass(stealing, "task-skew-stealing", seed);
        expect_checks_pass(fixed, "task-skew-static", seed);
        const double with = stealing.figures.at("task_scheduling.makespan_ms");
        const double without = fixed.figures.at("task_scheduling.makespan_ms");
        // Round robin gives w1 all eight 500 ms tasks: at least 4 s alone.
        EXPECT_GE(without, 4000) << "seed " << seed;
        EXPECT_LT(with, 0.7 * without) << "seed " << seed;
        EXPECT_GT(fixed.figures.at("task_scheduling.max_over_mean"), 2.0) << "seed " << seed;
        EXPECT_LT(stealing.figures.at("task_scheduling.max_over_mean"), 1.5) << "seed " << seed;
    }
}

}  // namespace
}  // namespace distlab::netlab
