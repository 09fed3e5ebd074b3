// The shipped transaction scenarios in the simulator, each under a few seeds: the lesson each one
// teaches, in numbers, holds for every seed (2PC blocks for the coordinator's downtime, 3PC
// does not, a partition splits 3PC transactions, a no vote or a dead participant aborts
// everywhere without blocking).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "netlab/checks/check.h"
#include "netlab/patterns/atomic_commit/tx_history.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct Outcome {
    std::vector<CheckResult> checks;
    TxHistory history;
    std::int64_t in_doubt_max_ns = 0;
    std::int64_t blocked_min_ns = 0;     // the least blocked participant's time blocked
    std::int64_t split = 0;
    std::int64_t committed = 0;
    std::int64_t aborted = 0;
    std::int64_t decided_alone = 0;
};

Outcome simulate(const std::string& file, std::uint64_t seed) {
    const test_support::ShippedSimRun run = test_support::simulate_shipped("transactions/" + file, seed);
    Outcome out;
    out.checks = run.checks;
    out.history = TxHistory::read(run.events, run.catalog());
    out.blocked_min_ns = INT64_MAX;
    for (const auto& [node, ns] : out.history.blocked_ns)
        out.blocked_min_ns = std::min(out.blocked_min_ns, ns);
    for (const auto& [id, tx] : out.history.txs) {
        bool commit = false, abort = false;
        for (const auto& [node, part] : tx.parts) {
            out.in_doubt_max_ns = std::max(out.in_doubt_max_ns, part.in_doubt_ns);
            if (part.decision) {
                commit = commit || *part.decision == "commit";
                abort = abort || *part.decision == "abort";
            }
            out.decided_alone += part.by == "timeout" || part.by == "peers";
        }
        out.split += commit && abort;
        out.committed += commit && !abort;
        out.aborted += abort && !commit;
    }
    return out;
}

constexpr double kS = 1e9;

TEST(AtomicCommitSim, TwoPhaseParticipantsBlockForTheCoordinatorsDowntime) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("2pc-coordinator-crash.yaml", seed);
        test_support::expect_checks_pass(out.checks);
        EXPECT_EQ(out.split, 0);
        // Down 4 s .. 9 s: a participant prepared at the crash is in doubt until the coordinator
        // is back and answers its next inquiry, about 5 s; every participant was blocked > 3.5 s.
        EXPECT_GT(out.in_doubt_max_ns / kS, 4.9);
        EXPECT_LT(out.in_doubt_max_ns / kS, 5.7);
        EXPECT_GT(out.blocked_min_ns / kS, 3.5);
        EXPECT_EQ(out.decided_alone, 0);   // 2PC participants never decide alone
    }
}

TEST(AtomicCommitSim, ThreePhaseParticipantsDecideAloneAndNobodyBlocks) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("3pc-coordinator-crash.yaml", seed);
        test_support::expect_checks_pass(out.checks);
        EXPECT_EQ(out.split, 0);
        EXPECT_LT(out.in_doubt_max_ns / kS, 1.6);   // the 1 s timeout and one round of asking
        EXPECT_EQ(out.blocked_min_ns, 0);
        EXPECT_GT(out.decided_alone, 0);
    }
}

TEST(AtomicCommitSim, ThreePhaseSplitsUnderAPartition) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("3pc-partition.yaml", seed);
        test_support::expect_checks_pass(out.checks);   // its atomicity check is an expect_fail
        EXPECT_GE(out.split, 1);
        // Each split: committed on p1 (the coordinator's side), aborted alone on p2 and p3.
        for (const auto& [id, tx] : out.history.txs) {
            if (!TxHistory::split(tx))
                continue;
            EXPECT_EQ(tx.parts.at("p1").decision, "commit") << id;
            EXPECT_EQ(tx.parts.at("p2").decision, "abort") << id;
            EXPECT_EQ(tx.parts.at("p3").decision, "abort") << id;
        }
    }
}

TEST(AtomicCommitSim, ANoVoteAbortsEverywhereWithoutBlocking) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("2pc-participant-votes-no.yaml", seed);
        test_support::expect_checks_pass(out.checks);
        EXPECT_EQ(out.split, 0);
        const double share = static_cast<double>(out.aborted) / static_cast<double>(out.committed + out.aborted);
        EXPECT_GT(share, 0.2);   // p3 refuses 30%, a few more lose a lock conflict
        EXPECT_LT(share, 0.42);
        EXPECT_LT(out.in_doubt_max_ns / kS, 0.1);
    }
}

TEST(AtomicCommitSim, ADeadParticipantAbortsItsTransactionsAndRecoversFromItsLog) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("2pc-participant-crash.yaml", seed);
        test_support::expect_checks_pass(out.checks);
        EXPECT_EQ(out.split, 0);
        // Down 4 s .. 7 s, 50 transactions a second on all three: about 150 aborted by the
        // vote timeout.
        EXPECT_GT(out.aborted, 120);
        EXPECT_LT(out.in_doubt_max_ns / kS, 0.6);   // the others wait the 500 ms vote timeout at most
    }
}

}  // namespace
}  // namespace distlab::netlab
