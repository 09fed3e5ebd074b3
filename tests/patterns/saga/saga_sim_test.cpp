// The shipped saga scenarios in the simulator, each under a few seeds: the lesson each one teaches
// holds for every seed (compensations run backward, once each; the orchestrator resumes after
// its crash; retried compensations are harmless when idempotent and refund twice when not; the
// choreographed e-commerce case loses nothing).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "netlab/checks/check.h"
#include "netlab/patterns/saga/saga_history.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

struct Outcome {
    std::vector<CheckResult> checks;
    SagaHistory history;
    std::int64_t backward = 0;        // sagas that went backward
    std::int64_t completed = 0;       // sagas every participant finished
    std::int64_t doubles = 0;         // a participant's compensation applied more than once
    std::int64_t reversed = 0;        // backward sagas whose two compensations ran last step first
    std::int64_t compensate_calls = 0;
    std::int64_t compensations = 0;   // distinct
    std::vector<std::string> phases_of(const std::string& node) const {
        std::vector<std::string> out;
        for (const Event& e : events)
            if (e.kind == EventKind::Phase && e.node == node)
                out.push_back(e.type);
        return out;
    }
    std::vector<Event> events;
};

Outcome simulate(const std::string& file, std::uint64_t seed) {
    test_support::ShippedSimRun run = test_support::simulate_shipped(file, seed);
    Outcome out;
    out.checks = run.checks;
    out.history = SagaHistory::read(run.events, run.catalog());
    for (const auto& [id, s] : out.history.sagas) {
        if (!s.failed()) {
            out.completed += std::all_of(s.parts.begin(), s.parts.end(),
                                         [](const auto& p) { return p.second.finish.has_value(); }) &&
                             !s.parts.empty();
            continue;
        }
        ++out.backward;
        std::vector<const SagaHistory::Part*> ran;
        for (const auto& [node, part] : s.parts) {
            out.doubles += part.compensations.size() > 1;
            out.compensations += std::ssize(part.compensations);
            if (part.step && !part.compensations.empty())
                ran.push_back(&part);
        }
        if (ran.size() == 2) {
            std::sort(ran.begin(), ran.end(), [](auto* a, auto* b) { return a->step->t_ns < b->step->t_ns; });
            out.reversed += ran[1]->compensations[0].t_ns < ran[0]->compensations[0].t_ns;
        }
    }
    for (const Event& e : run.events)
        out.compensate_calls += e.kind == EventKind::MessageSent && e.type == "compensate";
    out.events = std::move(run.events);
    return out;
}

TEST(SagaSim, AFailedThirdStepIsCompensatedSecondThenFirst) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("transactions/saga-compensation.yaml", seed);
        test_support::expect_checks_pass(out.checks);
        // 180 sagas, a quarter of the payments declined: each one compensates stock, then order.
        EXPECT_GT(out.backward, 25);
        EXPECT_LT(out.backward, 70);
        EXPECT_EQ(out.reversed, out.backward);
        EXPECT_EQ(out.compensations, 2 * out.backward);
        EXPECT_EQ(out.doubles, 0);
        EXPECT_GT(out.completed, 100);
    }
}

TEST(SagaSim, TheOrchestratorResumesItsSagasFromItsLog) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("transactions/saga-orchestrator-crash.yaml", seed);
        test_support::expect_checks_pass(out.checks);
        const auto phases = out.phases_of("orc");
        EXPECT_NE(std::find(phases.begin(), phases.end(), "recovering"), phases.end());
        // While it was down the participants kept their steps pending: the semantic locks held.
        // Snapshots come only on a change, so the last one before the restart tells.
        std::string last_before_restart;
        for (const Event& e : out.events)
            if (e.kind == EventKind::State && e.node == "stock" && e.t_ns < 6'000'000'000)
                last_before_restart = e.data;
        const core::Json snap = core::Json::parse(last_before_restart, nullptr, false);
        const bool pending_while_down = snap.is_object() && snap.value("pending", 0) > 0;
        EXPECT_TRUE(pending_while_down);
        EXPECT_EQ(out.reversed, out.backward);
        EXPECT_EQ(out.doubles, 0);
    }
}

TEST(SagaSim, AnInMemoryOrchestratorStrandsItsSagasInACrash) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("transactions/saga-orchestrator-crash-in-memory.yaml", seed);
        test_support::expect_checks_pass(out.checks);   // its no_pending_left check is an expect_fail
        std::int64_t pending = 0;
        for (const auto& [node, list] : out.history.balances)
            if (!list.empty())
                pending += list.back().pending;
        EXPECT_GE(pending, 2);   // at 20 sagas a second, several were in flight at the crash
        const auto phases = out.phases_of("orc");
        EXPECT_EQ(std::find(phases.begin(), phases.end(), "recovering"), phases.end());
    }
}

TEST(SagaSim, RetriedCompensationsAreAppliedOnceWhenIdempotent) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("transactions/saga-retried-compensation.yaml", seed);
        test_support::expect_checks_pass(out.checks);
        EXPECT_GT(out.compensate_calls, out.compensations);   // some compensations were delivered again
        EXPECT_EQ(out.doubles, 0);
    }
}

TEST(SagaSim, RetriedCompensationsRefundTwiceWithoutIdempotence) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("transactions/saga-double-refund.yaml", seed);
        test_support::expect_checks_pass(out.checks);   // its compensations and units_conserved checks are expect_fail
        EXPECT_GE(out.doubles, 3);
        std::int64_t created = 0;
        for (const auto& [node, list] : out.history.balances)
            if (!list.empty())
                created += list.back().total() - list.back().initial;
        EXPECT_GT(created, 0);
    }
}

TEST(SagaSim, TheChoreographedOrderLosesNoStockOrMoney) {
    for (std::uint64_t seed = 1; seed <= test_support::kPatternSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << "seed=" << seed);
        const Outcome out = simulate("cases/e-commerce-order.yaml", seed);
        test_support::expect_checks_pass(out.checks);
        EXPECT_GT(out.backward, 20);     // declined payments, and the stock sold out at the end
        EXPECT_EQ(out.doubles, 0);
        const auto& inventory = out.history.balances.at("inventory");
        ASSERT_FALSE(inventory.empty());
        EXPECT_EQ(inventory.back().held, 0);
        const auto& payment = out.history.balances.at("payment");
        ASSERT_FALSE(payment.empty());
        // Every item sold was paid for: 30 a sale.
        EXPECT_EQ(payment.back().consumed, 30 * inventory.back().consumed);
    }
}

}  // namespace
}  // namespace distlab::netlab
