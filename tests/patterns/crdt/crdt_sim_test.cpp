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
    test_support::ShippedSimRun run;
    std::map<std::string, double> figures;     // the report section's figures by key
    std::map<std::string, Json> final_reads;   // client -> its final read's value
    std::map<std::string, Json> last_objects;  // replica -> its last snapshot's objects
};

Outcome simulate(const std::string& file, std::uint64_t seed) {
    Outcome out;
    out.run = test_support::simulate_shipped("replication/" + file, seed);
    const test_support::ShippedSimRun& run = out.run;
    if (!run.loaded)
        return {};
    out.figures = test_support::section_figures(*crdt_figure_source(), run);
    out.final_reads = test_support::final_reads(run.events);
    for (const Event& e : run.events) {
        if (e.kind != EventKind::State)
            continue;
        const Json data = Json::parse(e.data, nullptr, false);
        if (data.is_object() && data.contains("objects") && e.node.starts_with("r"))
            out.last_objects[e.node] = data["objects"];
    }
    return out;
}

TEST(CrdtSim, BothSidesOfAPartitionCountAndConvergeWithNothingLost) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-partition-converge.yaml", seed);
        test_support::expect_run_passes(out.run, "crdt_values_allowed");
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
        const std::string detail = test_support::expect_run_passes(out.run, "expect_fail");
        EXPECT_EQ(out.last_objects.at("r1"), out.last_objects.at("r2"));
        EXPECT_NE(detail.find("lost"), std::string::npos) << detail;
        EXPECT_EQ(out.figures.at("crdt.deltas_sent"), 0);   // whole values only
    }
}

TEST(CrdtSim, AnOrSetAddWinsOverAConcurrentRemove) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-orset-add-wins.yaml", seed);
        test_support::expect_run_passes(out.run, "crdt_values_allowed");
        EXPECT_EQ(out.final_reads.at("c1"), Json::array({"bread", "milk"}));
        EXPECT_EQ(out.final_reads.at("c2"), Json::array({"bread", "milk"}));
    }
}

TEST(CrdtSim, ATwoPhaseSetLosesTheAddAfterARemove) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-2pset-remove-wins.yaml", seed);
        test_support::expect_run_passes(out.run, "expect_fail");
        EXPECT_EQ(out.final_reads.at("c1"), Json::array({"bread"}));
        EXPECT_EQ(out.final_reads.at("c2"), Json::array({"bread"}));
    }
}

TEST(CrdtSim, AnLwwRegisterUnderClockSkewLosesTheNewerWrite) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-lww-clock-skew.yaml", seed);
        test_support::expect_run_passes(out.run, "expect_fail");
        EXPECT_EQ(out.final_reads.at("c1"), "10");
        EXPECT_EQ(out.final_reads.at("c2"), "10");
    }
}

TEST(CrdtSim, AnMvRegisterUnderTheSameSkewKeepsTheNewerWrite) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("crdt-mv-clock-skew.yaml", seed);
        test_support::expect_run_passes(out.run, "crdt_values_allowed");
        EXPECT_EQ(out.final_reads.at("c1"), Json::array({"12"}));
        EXPECT_EQ(out.final_reads.at("c2"), Json::array({"12"}));
    }
}

}  // namespace
}  // namespace distlab::netlab
