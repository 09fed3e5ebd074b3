// XXL-JOB's route strategies as the scheduler leader applies them: which worker a task goes to,
// given which workers are registered, pass the beat check or are idle.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "core/patterns/task_scheduling/routing.h"

namespace distlab::core::task_scheduling {
namespace {

std::vector<WorkerView> three(bool w2_registered = true) {
    return {{.id = "w1", .registered = true, .beat_fresh = true, .idle = false},
            {.id = "w2", .registered = w2_registered, .beat_fresh = w2_registered, .idle = false},
            {.id = "w3", .registered = true, .beat_fresh = true, .idle = false}};
}

std::vector<std::size_t> picks(Router& router, const std::vector<WorkerView>& workers, int n) {
    std::mt19937_64 rng(1);
    std::vector<std::size_t> out;
    for (int t = 0; t < n; ++t)
        out.push_back(router.pick(workers, t, rng).value());
    return out;
}

TEST(Routing, FirstAndLastSkipWorkersNotRegistered) {
    Router first(Route::First), last(Route::Last);
    std::vector<WorkerView> workers = three();
    workers[0].registered = false;
    workers[2].registered = false;
    EXPECT_EQ(picks(first, workers, 3), (std::vector<std::size_t>{1, 1, 1}));
    EXPECT_EQ(picks(last, three(), 2), (std::vector<std::size_t>{2, 2}));
}

TEST(Routing, RoundGoesOverTheRegisteredWorkersInTurn) {
    Router round(Route::Round);
    EXPECT_EQ(picks(round, three(), 6), (std::vector<std::size_t>{0, 1, 2, 0, 1, 2}));
    Router without_w2(Route::Round);
    EXPECT_EQ(picks(without_w2, three(false), 4), (std::vector<std::size_t>{0, 2, 0, 2}));
}

TEST(Routing, NobodyRegisteredMeansNoPick) {
    std::vector<WorkerView> workers = three();
    for (WorkerView& w : workers)
        w.registered = false;
    std::mt19937_64 rng(1);
    for (const Route r : {Route::First, Route::Round, Route::Random, Route::ConsistentHash, Route::Busyover}) {
        Router router(r);
        EXPECT_FALSE(router.pick(workers, 0, rng)) << to_string(r);
    }
}

TEST(Routing, ConsistentHashKeepsATaskOnItsWorkerAndMovesOnlyTheDeadOnesTasks) {
    Router all(Route::ConsistentHash), again(Route::ConsistentHash), fewer(Route::ConsistentHash);
    const auto before = picks(all, three(), 300);
    EXPECT_EQ(picks(again, three(), 300), before);
    const auto after = picks(fewer, three(false), 300);
    std::map<std::size_t, int> load;
    for (std::size_t t = 0; t < before.size(); ++t) {
        ++load[before[t]];
        if (before[t] != 1)
            EXPECT_EQ(after[t], before[t]) << "task " << t << " moved though its worker is alive";
        else
            EXPECT_NE(after[t], 1u);
    }
    for (const auto& [worker, n] : load)
        EXPECT_GT(n, 50) << "worker " << worker << " of 300 tasks over 3 workers with 100 points each";
}

TEST(Routing, LeastFrequentlyAndLeastRecentlyUsedSpreadTasks) {
    Router lfu(Route::LeastFrequentlyUsed), lru(Route::LeastRecentlyUsed);
    EXPECT_EQ(picks(lfu, three(), 6), (std::vector<std::size_t>{0, 1, 2, 0, 1, 2}));
    EXPECT_EQ(picks(lru, three(), 6), (std::vector<std::size_t>{0, 1, 2, 0, 1, 2}));
    // A worker registering later has been used least, and least recently: it goes first.
    Router late(Route::LeastFrequentlyUsed);
    picks(late, three(false), 4);
    std::mt19937_64 rng(1);
    EXPECT_EQ(late.pick(three(), 9, rng), 1u);
}

TEST(Routing, FailoverTakesTheFirstWorkerPassingTheBeatCheck) {
    Router failover(Route::Failover);
    std::vector<WorkerView> workers = three();
    workers[0].beat_fresh = false;   // registered, but its last beat is old
    EXPECT_EQ(picks(failover, workers, 2), (std::vector<std::size_t>{1, 1}));
}

TEST(Routing, BusyoverTakesTheFirstIdleWorkerOrNone) {
    Router busyover(Route::Busyover);
    std::vector<WorkerView> workers = three();
    std::mt19937_64 rng(1);
    EXPECT_FALSE(busyover.pick(workers, 0, rng));
    workers[2].idle = true;
    EXPECT_EQ(busyover.pick(workers, 0, rng), 2u);
}

}  // namespace
}  // namespace distlab::core::task_scheduling
