// The shipped CRDT scenarios in the simulator, each under a few seeds: the lesson each one teaches
// holds for every seed (CRDT merges converge without losing an acknowledged update across a
// partition, plain values under LWW lose one side's; an OR-Set add wins over a concurrent
// remove, a 2P-Set loses it; an LWW register under clock skew loses the newer write, an
// MV register keeps it).

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/crdt/crdt_figures.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

using core::Json;

struct Outcome {
    std::vector<CheckResult> checks;
    std::size_t steps = 0;                     // narrative steps in the file
    std::size_t steps_told = 0;                // ... that the run reached
    std::map<std::string, double> figures;     // the report section's figures by key
    std::map<std::string, Json> final_reads;   // client -> its final read's value
    std::map<std::string, Json> last_objects;  // replica -> its last snapshot's objects
};

Outcome simulate(const std::string& file, std::uint64_t seed) {
    const test_support::ShippedSimRun run = test_support::simulate_shipped("replication/" + file, seed);
    if (!run.loaded)
        return {};
    Outcome out;
    out.checks = run.checks;
    out.steps = run.scenario.steps.size();
    out.figures = test_support::section_figures(*crdt_figure_source(), run);
    out.final_reads = test_support::final_reads(run.events);
    for (const Event& e : run.events) {
        if (e.kind == EventKind::Step)
            ++out.steps_told;
        if (e.kind != EventKind::State)
            continue;
        const Json data = Json::parse(e.data, nullptr, false);
        if (data.is_object() && data.contains("objects") && e.node.starts_with("r"))
            out.last_objects[e.node] = data["objects"];
    }
    return out;
}

// Every check passes (an expect_fail passes when its inner check failed) and every narrative
// step was told (a `when:` step whose condition never held is not); returns the detail of
// `name`'s result.
std::string expect_checks_pass(const Outcome& out, const std::string& name) {
    EXPECT_FALSE(out.checks.empty());
    EXPECT_EQ(out.steps_told, out.steps);
    std::string detail;
    for (const CheckResult& c : out.checks) {
        EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;
        if (c.name == name)
            detail = c.detail;
    }
    return detail;
}

TEST(CrdtSim, BothSidesOfAPartitionCountAndConvergeWithNothingLost) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-partition-converge.yaml", seed);
        expect_checks_pass(out, "crdt_values_allowed");
        ASSERT_EQ(out.final_reads.size(), 4u);
        EXPECT_EQ(out.final_reads.at("c1"), out.final_reads.at("c2"));
        EXPECT_EQ(out.final_reads.at("c3"), out.final_reads.at("c4"));
        EXPECT_EQ(out.last_objects.at("r1"), out.last_objects.at("r2"));
        // The report: agreed within the gossip bound, deltas and whole states both sent.
        ASSERT_TRUE(out.figures.contains("crdt.convergence_ms"));
        EXPECT_LE(out.figures.at("crdt.convergence_ms"), 1500);
        EXPECT_GT(out.figures.at("crdt.deltas_sent"), 0);
        EXPECT_GT(out.figures.at("crdt.full_states_sent"), 0);
    }
}

TEST(CrdtSim, PlainValuesUnderLwwConvergeButLoseUpdates) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-partition-lww-value.yaml", seed);
        const std::string detail = expect_checks_pass(out, "expect_fail");
        EXPECT_EQ(out.last_objects.at("r1"), out.last_objects.at("r2"));
        EXPECT_NE(detail.find("lost"), std::string::npos) << detail;
        EXPECT_EQ(out.figures.at("crdt.deltas_sent"), 0);   // whole values only
    }
}

TEST(CrdtSim, AnOrSetAddWinsOverAConcurrentRemove) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-orset-add-wins.yaml", seed);
        expect_checks_pass(out, "crdt_values_allowed");
        EXPECT_EQ(out.final_reads.at("c1"), Json::array({"bread", "milk"}));
        EXPECT_EQ(out.final_reads.at("c2"), Json::array({"bread", "milk"}));
    }
}

TEST(CrdtSim, ATwoPhaseSetLosesTheAddAfterARemove) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-2pset-remove-wins.yaml", seed);
        expect_checks_pass(out, "expect_fail");
        EXPECT_EQ(out.final_reads.at("c1"), Json::array({"bread"}));
        EXPECT_EQ(out.final_reads.at("c2"), Json::array({"bread"}));
    }
}

TEST(CrdtSim, AnLwwRegisterUnderClockSkewLosesTheNewerWrite) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-lww-clock-skew.yaml", seed);
        expect_checks_pass(out, "expect_fail");
        EXPECT_EQ(out.final_reads.at("c1"), "10");
        EXPECT_EQ(out.final_reads.at("c2"), "10");
    }
}

TEST(CrdtSim, AnMvRegisterUnderTheSameSkewKeepsTheNewerWrite) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-mv-clock-skew.yaml", seed);
        expect_checks_pass(out, "crdt_values_allowed");
        EXPECT_EQ(out.final_reads.at("c1"), Json::array({"12"}));
        EXPECT_EQ(out.final_reads.at("c2"), Json::array({"12"}));
    }
}

}  // namespace
}  // namespace distlab::netlab
