// The balancing algorithms alone: which backend each picks, given what it has seen; outlier
// ejection and slow start; the weights parameter.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/patterns/load_balancing/balancer.h"

namespace distlab::core::load_balancing {
namespace {

using Backends = std::vector<std::pair<NodeId, std::int64_t>>;

Backends five() {
    return {{"b1", 100}, {"b2", 100}, {"b3", 100}, {"b4", 100}, {"b5", 100}};
}

std::string sequence(Balancer& balancer, int picks) {
    std::mt19937_64 rng(1);
    std::string out;
    for (int i = 0; i < picks; ++i) {
        const auto chosen = balancer.pick(Duration(0), rng, "");
        out += balancer.backends()[*chosen].id.substr(0, 1);
        balancer.ended(*chosen, Duration(0), 1ms, Outcome::Ok);
    }
    return out;
}

TEST(Balancer, SmoothWeightedRoundRobinSpreadsTheHeavyBackendsTurns) {
    Balancer smooth({.algorithm = Algorithm::WeightedRoundRobin}, {{"a", 5}, {"b", 1}, {"c", 1}});
    EXPECT_EQ(sequence(smooth, 14), "aabacaaaabacaa") << "nginx's sequence for weights 5, 1, 1";
}

TEST(Balancer, RoundRobinTakesEachInTurnAndIgnoresWeights) {
    Balancer rr({.algorithm = Algorithm::RoundRobin}, {{"a", 5}, {"b", 1}, {"c", 1}});
    EXPECT_EQ(sequence(rr, 6), "abcabc");
}

TEST(Balancer, WeightedRandomFollowsTheWeights) {
    Balancer random({.algorithm = Algorithm::WeightedRandom}, {{"a", 3}, {"b", 1}});
    std::mt19937_64 rng(7);
    int a = 0;
    for (int i = 0; i < 20000; ++i) {
        const auto chosen = random.pick(Duration(0), rng, "");
        a += *chosen == 0;
        random.ended(*chosen, Duration(0), 1ms, Outcome::Ok);
    }
    EXPECT_NEAR(a / 20000.0, 0.75, 0.02);
}

TEST(Balancer, LeastConnectionsPicksTheFewestInFlight) {
    Balancer least({.algorithm = Algorithm::LeastConnections}, five());
    std::mt19937_64 rng(3);
    std::map<std::size_t, int> busy;
    for (int i = 0; i < 5; ++i)
        ++busy[*least.pick(Duration(0), rng, "")];
    EXPECT_EQ(busy.size(), 5u) << "one each before any is picked twice";
    least.ended(2, Duration(0), 1ms, Outcome::Ok);
    EXPECT_EQ(least.pick(Duration(0), rng, ""), 2u) << "b3 is the only one with nothing in flight";
}

TEST(Balancer, LeastRequestWithTwoBackendsPicksTheBusierOneAQuarterOfTheTime) {
    Balancer p2c({.algorithm = Algorithm::LeastRequest, .choice_count = 2}, {{"a", 100}, {"b", 100}});
    std::mt19937_64 rng(11);
    p2c.pick(Duration(0), rng, "");   // one of them now has a request in flight
    const std::size_t busy = p2c.backends()[0].active == 1 ? 0 : 1;
    int busier = 0;
    for (int i = 0; i < 20000; ++i) {
        const auto chosen = *p2c.pick(Duration(0), rng, "");
        busier += chosen == busy;
        p2c.ended(chosen, Duration(0), 1ms, Outcome::Ok);
    }
    EXPECT_NEAR(busier / 20000.0, 0.25, 0.02) << "both draws on the busy one: 1/4, as Envoy's documentation says";
}

TEST(Balancer, ConsistentHashIsStickyAndSkipsAnEjectedBackend) {
    BalancerSettings settings{.algorithm = Algorithm::ConsistentHash};
    settings.outlier.enabled = true;
    settings.outlier.consecutive_errors = 1;
    settings.outlier.max_ejection_percent = 100;
    Balancer hash(settings, five());
    std::mt19937_64 rng(1);
    const auto first = *hash.pick(Duration(0), rng, "user-42");
    hash.ended(first, Duration(0), 1ms, Outcome::Ok);
    for (int i = 0; i < 10; ++i) {
        const auto again = *hash.pick(Duration(0), rng, "user-42");
        EXPECT_EQ(again, first);
        hash.ended(again, Duration(0), 1ms, Outcome::Ok);
    }
    std::map<std::size_t, int> spread;
    for (int k = 0; k < 1000; ++k) {
        const auto chosen = *hash.pick(Duration(0), rng, "key" + std::to_string(k));
        ++spread[chosen];
        hash.ended(chosen, Duration(0), 1ms, Outcome::Ok);
    }
    EXPECT_EQ(spread.size(), 5u);
    for (const auto& [backend, keys] : spread)
        EXPECT_GT(keys, 100) << "160 virtual nodes each spread keys evenly enough";
    const auto chosen = *hash.pick(Duration(0), rng, "user-42");
    ASSERT_TRUE(hash.ended(chosen, Duration(0), 1ms, Outcome::Error)) << "one error ejects it here";
    const auto moved = *hash.pick(Duration(0), rng, "user-42");
    EXPECT_NE(moved, first);
}

// Backend 4 (b5) answers in 100 ms, the others in 10 ms; requests arrive every 2 ms.
std::map<std::size_t, int> picks_with_one_slow(Algorithm algorithm) {
    Balancer balancer({.algorithm = algorithm}, five());
    std::mt19937_64 rng(5);
    std::multimap<Duration, std::pair<std::size_t, Duration>> ends;   // end time -> (backend, start)
    std::map<std::size_t, int> picks;
    for (int i = 0; i < 5000; ++i) {
        const Duration now = 2ms * i;
        while (!ends.empty() && ends.begin()->first <= now) {
            const auto [at, what] = *ends.begin();
            balancer.ended(what.first, at, at - what.second, Outcome::Ok);
            ends.erase(ends.begin());
        }
        const auto chosen = *balancer.pick(now, rng, "");
        if (i >= 500)
            ++picks[chosen];
        ends.emplace(now + (chosen == 4 ? 100ms : 10ms), std::pair{chosen, now});
    }
    return picks;
}

TEST(Balancer, LatencyAwareAlgorithmsAvoidASlowBackend) {
    const int measured = 4500;
    EXPECT_NEAR(picks_with_one_slow(Algorithm::RoundRobin)[4], measured / 5, 1);
    EXPECT_LT(picks_with_one_slow(Algorithm::LeastConnections)[4], measured / 10);
    EXPECT_LT(picks_with_one_slow(Algorithm::LeastRequest)[4], measured / 10);
    EXPECT_LT(picks_with_one_slow(Algorithm::ShortestResponse)[4], measured / 100);
    EXPECT_LT(picks_with_one_slow(Algorithm::PeakEwma)[4], measured / 100);
}

TEST(Balancer, FiveErrorsInARowEjectForTheBaseTimeOnlyOneOfFive) {
    BalancerSettings settings{.algorithm = Algorithm::RoundRobin};
    settings.outlier.enabled = true;   // Envoy's defaults: 5 errors, 10 s interval, 30 s, 10 %
    Balancer balancer(settings, five());
    for (int i = 0; i < 4; ++i)
        EXPECT_FALSE(balancer.ended(2, 1s, 1ms, Outcome::Error));
    balancer.ended(2, 1s, 1ms, Outcome::Timeout);   // a timeout is no answer: the run goes on
    const auto ejection = balancer.ended(2, 2s, 1ms, Outcome::Error);
    ASSERT_TRUE(ejection);
    EXPECT_EQ(ejection->until, 32s);
    EXPECT_EQ(ejection->errors, 5);
    // 10 % of five is none, but one may always be out: a second is not ejected.
    for (int i = 0; i < 10; ++i)
        EXPECT_FALSE(balancer.ended(3, 3s, 1ms, Outcome::Error));
    EXPECT_EQ(balancer.ejected(), 1u);
    // Nothing picks b3 while it is out.
    std::mt19937_64 rng(1);
    for (int i = 0; i < 20; ++i)
        EXPECT_NE(balancer.pick(10s, rng, ""), 2u);
    EXPECT_TRUE(balancer.return_due(31s).empty());
    EXPECT_EQ(balancer.return_due(40s), std::vector<std::size_t>{2});
    // The second ejection lasts twice as long.
    for (int i = 0; i < 4; ++i)
        balancer.ended(2, 41s, 1ms, Outcome::Error);
    EXPECT_FALSE(balancer.ended(2, 41s, 1ms, Outcome::Ok)) << "a success starts the count again";
    for (int i = 0; i < 4; ++i)
        balancer.ended(2, 42s, 1ms, Outcome::Error);
    const auto second = balancer.late_answer(2, 42s, false);
    ASSERT_TRUE(second) << "a late answer counts too";
    EXPECT_EQ(second->until, 42s + 60s);
}

TEST(Balancer, WithoutOutlierDetectionNothingIsEjected) {
    Balancer balancer({.algorithm = Algorithm::LeastConnections}, five());
    for (int i = 0; i < 100; ++i)
        EXPECT_FALSE(balancer.ended(0, 1s, 1ms, Outcome::Error));
    EXPECT_EQ(balancer.ejected(), 0u);
}

TEST(Balancer, SlowStartRampsANewBackendsWeightAsEnvoyDoes) {
    BalancerSettings settings{.algorithm = Algorithm::WeightedRoundRobin};
    settings.slow_start.window = 10s;
    Balancer balancer(settings, {{"a", 100}});
    ASSERT_TRUE(balancer.add("b", 100, 20s));
    EXPECT_FALSE(balancer.add("b", 100, 20s));
    const BackendState& b = balancer.backends()[1];
    EXPECT_DOUBLE_EQ(balancer.effective_weight(balancer.backends()[0], 20s), 100.0) << "a was there from the start";
    EXPECT_DOUBLE_EQ(balancer.effective_weight(b, 20s), 10.0) << "at least min_weight_percent";
    EXPECT_DOUBLE_EQ(balancer.effective_weight(b, 25s), 50.0) << "linear with aggression 1";
    EXPECT_DOUBLE_EQ(balancer.effective_weight(b, 30s), 100.0);
    // Over the first second after it joins, b gets a tenth of a's share.
    std::mt19937_64 rng(1);
    int to_b = 0;
    for (int i = 0; i < 110; ++i) {
        const auto chosen = *balancer.pick(20s, rng, "");
        to_b += chosen == 1;
        balancer.ended(chosen, 20s, 1ms, Outcome::Ok);
    }
    EXPECT_EQ(to_b, 10);
    EXPECT_TRUE(balancer.remove("b"));
    EXPECT_FALSE(balancer.remove("b"));
}

TEST(Balancer, NoBackendToPick) {
    BalancerSettings settings{.algorithm = Algorithm::PeakEwma};
    settings.outlier.enabled = true;
    settings.outlier.consecutive_errors = 1;
    Balancer balancer(settings, {{"a", 100}});
    std::mt19937_64 rng(1);
    balancer.ended(*balancer.pick(0s, rng, ""), 0s, 1ms, Outcome::Error);
    EXPECT_FALSE(balancer.pick(1s, rng, ""));
    Balancer empty({}, {});
    EXPECT_FALSE(empty.pick(0s, rng, ""));
}

TEST(Weights, ParsedOrRefusedWithTheEntryNamed) {
    const auto ok = parse_weights({"b1", "b2", "b3"}, {"b1=5", "b3=1"});
    EXPECT_TRUE(ok.problems.empty());
    EXPECT_EQ(ok.backends, (Backends{{"b1", 5}, {"b2", 100}, {"b3", 1}}));
    const auto bad = parse_weights({"b1"}, {"b1", "b9=2", "b1=x", "b1=0"});
    ASSERT_EQ(bad.problems.size(), 4u);
    EXPECT_EQ(bad.problems[0].en, "weights: \"b1\" is not node=weight (e.g. b1=5)");
    EXPECT_EQ(bad.problems[1].en, "weights: \"b9=2\" names b9, which is not one of the backends");
    EXPECT_EQ(bad.problems[2].en, "weights: \"b1=x\": the weight must be an integer from 1 to 1000000");
    EXPECT_EQ(bad.problems[3].en, "weights: \"b1=0\": the weight must be an integer from 1 to 1000000");
}

}  // namespace
}  // namespace distlab::core::load_balancing
