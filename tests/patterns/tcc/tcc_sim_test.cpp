// The shipped TCC scenarios in the simulator, each under a few seeds: the lesson each one teaches
// holds for every seed. With its defence on, each classic problem happens and is answered by
// the fence (empty rollbacks recorded, late tries refused, repeats ignored) and the money is
// conserved; with it off, the reservation check (and for idempotence the conservation check)
// catches the damage. The bank case conserves money under its random nemesis, on TCC and on
// 2PC-style account locks (isolation: lock).

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "netlab/checks/check.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

using core::Json;

struct Outcome {
    std::map<std::string, CheckResult> checks;   // by name (expect_fail by the check it wraps)
    std::map<std::string, Json> last;             // each node's last snapshot
    std::int64_t ok_reads = 0;
    std::int64_t faults = 0;

    // A participant counter summed over p1, p2, p3 (from their last snapshots: counters since
    // their last start).
    std::int64_t total(const char* counter) const {
        std::int64_t n = 0;
        for (const char* p : {"p1", "p2", "p3"})
            if (const auto it = last.find(p); it != last.end())
                n += it->second.value(counter, std::int64_t{0});
        return n;
    }
};

// `file` under scenarios/, with each (from, to) replacement made in its text.
Outcome simulate(const std::string& file, std::uint64_t seed,
                 const std::vector<std::pair<std::string, std::string>>& edits = {}) {
    test_support::ShippedSimRun run = test_support::simulate_shipped(file, seed, edits);
    Outcome out;
    for (CheckResult& c : run.checks)
        out.checks[c.name] = std::move(c);
    std::map<std::pair<std::string, std::uint64_t>, bool> reads;
    for (const Event& e : run.events) {
        if (e.kind == EventKind::State)
            out.last[e.node] = Json::parse(e.data, nullptr, false);
        else if (e.kind == EventKind::FaultInjected)
            ++out.faults;
        else if (e.kind == EventKind::OpInvoked && e.type == "read")
            reads[{e.node, e.msg_id}] = true;
        else if (e.kind == EventKind::OpCompleted && e.type == "ok" && reads.contains({e.node, e.msg_id}))
            ++out.ok_reads;
    }
    return out;
}

void expect_all_pass(const Outcome& out, std::uint64_t seed) {
    for (const auto& [name, c] : out.checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << "seed " << seed << ": " << name << ": " << c.detail;
}

constexpr std::uint64_t kSeeds = test_support::kPatternSeeds;

TEST(TccSim, EmptyRollbackIsRecordedAndNothingIsReleasedTwice) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome on = simulate("transactions/tcc-empty-rollback.yaml", seed);
        expect_all_pass(on, seed);
        EXPECT_GT(on.last.at("p2").value("empty_rollbacks", 0), 0) << "seed " << seed;
        EXPECT_EQ(on.total("unreserved_releases"), 0) << "seed " << seed;

        const Outcome off = simulate("transactions/tcc-empty-rollback-off.yaml", seed);
        expect_all_pass(off, seed);   // expect_fail: no_reservation_held failed
        EXPECT_GT(off.last.at("p2").value("unreserved_releases", 0), 0) << "seed " << seed;
        EXPECT_EQ(off.checks.at("conservation").verdict, Verdict::Pass) << "seed " << seed;
    }
}

TEST(TccSim, ATryAfterItsCancelIsRefusedOrHangsWithoutTheDefence) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome on = simulate("transactions/tcc-suspension.yaml", seed);
        expect_all_pass(on, seed);
        EXPECT_GT(on.last.at("p2").value("suspensions_refused", 0), 0) << "seed " << seed;
        EXPECT_EQ(on.total("hanging_reservations"), 0) << "seed " << seed;

        const Outcome off = simulate("transactions/tcc-suspension-off.yaml", seed);
        expect_all_pass(off, seed);   // expect_fail: no_reservation_held failed
        EXPECT_GT(off.last.at("p2").value("reservations", 0), 0) << "seed " << seed;
        EXPECT_EQ(off.checks.at("conservation").verdict, Verdict::Pass) << "seed " << seed;
    }
}

TEST(TccSim, ARepeatedConfirmIsAppliedOnceOrTwiceWithoutIdempotence) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome on = simulate("transactions/tcc-idempotence.yaml", seed);
        expect_all_pass(on, seed);
        EXPECT_GT(on.last.at("p1").value("repeats_ignored", 0), 0) << "seed " << seed;
        EXPECT_GT(on.ok_reads, 0) << "seed " << seed;

        const Outcome off = simulate("transactions/tcc-idempotence-off.yaml", seed);
        expect_all_pass(off, seed);   // expect_fail: conservation and no_reservation_held failed
        EXPECT_GT(off.last.at("p1").value("repeats_reapplied", 0), 0) << "seed " << seed;
    }
}

TEST(TccSim, TheBankConservesMoneyUnderItsNemesis) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome out = simulate("cases/bank-transfer.yaml", seed);
        expect_all_pass(out, seed);
        EXPECT_GE(out.faults, 5) << "seed " << seed;
        EXPECT_GT(out.ok_reads, 20) << "seed " << seed;
        EXPECT_GT(out.total("confirms"), 0) << "seed " << seed;
    }
}

TEST(TccSim, TheBankOnTwoPhaseLocksConservesMoneyAndMeetsLockConflicts) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const Outcome out = simulate("cases/bank-transfer.yaml", seed,
                                     {{"params: { reservation_timeout: 5s }",
                                       "params: { reservation_timeout: 5s, isolation: lock }"}});
        expect_all_pass(out, seed);
        EXPECT_GT(out.ok_reads, 20) << "seed " << seed;
        EXPECT_GT(out.total("confirms"), 0) << "seed " << seed;
        EXPECT_GT(out.total("lock_conflicts"), 0) << "seed " << seed;
    }
}

}  // namespace
}  // namespace distlab::netlab
