// The shipped multi-leader scenarios in the simulator, each under a few seeds: the regions converge
// after the heal under every resolution, and the lesson each one teaches holds for every seed
// (LWW drops Bob's eggs, siblings merged by union bring Alice's milk back, the OR-Set cart keeps
// both edits).

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/patterns/multi_leader/mm_figures.h"
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
    std::map<std::string, Json> last_carts;    // mm-node -> its last snapshot's carts
};

Outcome simulate(const std::string& file, std::uint64_t seed) {
    Outcome out;
    out.run = test_support::simulate_shipped("replication/" + file, seed);
    const test_support::ShippedSimRun& run = out.run;
    if (!run.loaded)
        return {};
    out.figures = test_support::section_figures(*mm_figure_source(), run);
    out.final_reads = test_support::final_reads(run.events);
    for (const Event& e : run.events) {
        if (e.kind != EventKind::State)
            continue;
        const Json data = Json::parse(e.data, nullptr, false);
        if (data.is_object() && data.contains("carts") && (e.node == "east" || e.node == "west"))
            out.last_carts[e.node] = data["carts"];
    }
    return out;
}

TEST(MultiLeaderSim, AnOrSetCartKeepsBothRegionsEdits) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("mm-cart-crdt.yaml", seed);
        test_support::expect_run_passes(out.run, "cart_updates_lost");
        EXPECT_EQ(out.final_reads.at("alice"), Json::array({"bread", "eggs"}));
        EXPECT_EQ(out.final_reads.at("bob"), Json::array({"bread", "eggs"}));
        EXPECT_EQ(out.last_carts.at("east"), out.last_carts.at("west"));
        EXPECT_EQ(out.figures.at("multi_leader.conflicts"), 0);   // an OR-Set has none to resolve
        EXPECT_LE(out.figures.at("multi_leader.convergence_ms"), 1500);
    }
}

TEST(MultiLeaderSim, LastWriterWinsDropsTheConcurrentAdd) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("mm-cart-lww.yaml", seed);
        const std::string detail = test_support::expect_run_passes(out.run, "expect_fail");
        EXPECT_NE(detail.find("1 add dropped, 0 removes undone"), std::string::npos) << detail;
        EXPECT_EQ(out.final_reads.at("alice"), Json::array({"bread"}));
        EXPECT_EQ(out.final_reads.at("bob"), Json::array({"bread"}));
        EXPECT_EQ(out.last_carts.at("east"), out.last_carts.at("west"));
        // Each region detects the conflict once and drops one version (west its own).
        EXPECT_EQ(out.figures.at("multi_leader.conflicts"), 2);
        EXPECT_EQ(out.figures.at("multi_leader.versions_dropped"), 2);
    }
}

TEST(MultiLeaderSim, SiblingsMergedByUnionResurrectTheRemovedItem) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("mm-cart-siblings.yaml", seed);
        const std::string detail = test_support::expect_run_passes(out.run, "expect_fail");
        EXPECT_NE(detail.find("0 adds dropped, 1 remove undone"), std::string::npos) << detail;
        EXPECT_EQ(out.final_reads.at("alice"), Json::array({"bread", "eggs", "milk"}));
        EXPECT_EQ(out.last_carts.at("east"), out.last_carts.at("west"));
        EXPECT_EQ(out.last_carts.at("east")["cart"].size(), 2u);   // two siblings
        EXPECT_EQ(out.figures.at("multi_leader.max_siblings"), 2);
        EXPECT_EQ(out.figures.at("multi_leader.versions_dropped"), 0);
    }
}

}  // namespace
}  // namespace distlab::netlab
