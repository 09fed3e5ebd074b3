// The shipped caching scenarios in the simulator over a few seeds each: the lesson of each holds
// for every seed. Breakdown: about a hundred database queries per rebuild of the hot key without
// a defence, exactly one with single-flight, the mutex or logical expiry. Penetration, avalanche
// and a dead cache node: the database goes past its capacity without the defence and stays
// within it with the Bloom filter, null caching, TTL jitter or a local second level. The
// cache-aside race: reads stale for longer than 500 ms without, none with delayed double delete.
// Write-behind loses the writes a killed cache node had not flushed; write-through loses none.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/checks/check.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/caching/caching_figures.h"
#include "tests/support/pattern_seeds.h"
#include "tests/support/shipped_sim.h"

namespace distlab::netlab {
namespace {

using core::Json;

std::string scenario_text(const std::string& name) { return test_support::shipped_text("caching/" + name + ".yaml"); }

struct SimOutcome {
    std::vector<CheckResult> checks;
    std::optional<FigureSection> figures;   // the report's caching section
    std::map<std::string, Json> last;   // node -> its last snapshot
    std::uint64_t violations = 0;
};

SimOutcome simulate(const std::string& name, std::uint64_t seed) {
    test_support::ShippedSimRun run = test_support::simulate_shipped("caching/" + name + ".yaml", seed);
    SimOutcome out;
    out.violations = run.violations;
    out.checks = std::move(run.checks);
    const RoleCatalog catalog = run.catalog();
    out.figures = caching_figure_source()->section(FigureRun{run.events, catalog, run_end_ns(run.events)});
    for (const Event& e : run.events)
        if (e.kind == EventKind::State) {
            Json s = Json::parse(e.data, nullptr, false);
            if (s.is_object())
                out.last[e.node] = std::move(s);
        }
    return out;
}

// Every check passes (a partner's expect_fail passes when its inner check failed).
void expect_checks_pass(const SimOutcome& run) {
    test_support::expect_checks_pass(run.checks);
    EXPECT_EQ(run.violations, 0u);
}

constexpr std::uint64_t kSeeds = test_support::kPatternSeeds;

template <class Fn>
void over_seeds(const std::string& name, Fn&& fn) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        SCOPED_TRACE(::testing::Message() << name << " seed=" << seed);
        const SimOutcome run = simulate(name, seed);
        expect_checks_pass(run);
        fn(run);
    }
}

std::int64_t int_of(const SimOutcome& run, const std::string& node, const std::string& field) {
    auto it = run.last.find(node);
    return it == run.last.end() ? -1 : it->second.value(field, std::int64_t{-1});
}

TEST(CachingSim, BreakdownWithoutDefenceSendsDozensOfQueriesPerRebuild) {
    over_seeds("cache-breakdown-off", [](const SimOutcome& run) {
        EXPECT_GE(int_of(run, "svc", "max_rebuild_queries"), 50);
    });
}

TEST(CachingSim, SingleFlightMutexAndLogicalExpiryRebuildWithOneQuery) {
    for (const char* name : {"cache-breakdown-single-flight", "cache-breakdown-mutex", "cache-breakdown-logical-expiry"})
        over_seeds(name, [name = std::string(name)](const SimOutcome& run) {
            EXPECT_EQ(int_of(run, "svc", "max_rebuild_queries"), 1);
            EXPECT_GE(int_of(run, "svc", "rebuilds"), 3);   // the hot key expired at least three times
            // Logical expiry serves the old value instead of making the readers wait.
            if (name == "cache-breakdown-logical-expiry")
                EXPECT_GT(int_of(run, "svc", "stale_served"), 0);
            else
                EXPECT_EQ(int_of(run, "svc", "stale_served"), 0);
        });
}

TEST(CachingSim, PenetrationOverloadsTheDatabaseWithoutDefence) {
    over_seeds("cache-penetration-off", [](const SimOutcome& run) {
        EXPECT_GT(int_of(run, "db", "peak_qps"), 600);
    });
}

TEST(CachingSim, TheBloomFilterAndNullCachingKeepTheDatabaseWithinCapacity) {
    over_seeds("cache-penetration-bloom", [](const SimOutcome& run) {
        EXPECT_GT(int_of(run, "svc", "bloom_rejects"), 5000);
        EXPECT_LT(int_of(run, "db", "queries"), 200);
    });
    over_seeds("cache-penetration-null", [](const SimOutcome& run) {
        EXPECT_GT(int_of(run, "svc", "null_hits"), 3000);
    });
}

TEST(CachingSim, MassExpiryOverloadsTheDatabaseAndJitterSpreadsIt) {
    over_seeds("cache-avalanche-off", [](const SimOutcome& run) { EXPECT_GT(int_of(run, "db", "peak_qps"), 600); });
    over_seeds("cache-avalanche-jitter", [](const SimOutcome& run) { EXPECT_LT(int_of(run, "db", "peak_qps"), 300); });
}

TEST(CachingSim, ADeadCacheNodeOverloadsTheDatabaseUnlessALocalLevelServes) {
    over_seeds("cache-node-down-off", [](const SimOutcome& run) {
        EXPECT_GT(int_of(run, "svc", "cache_errors"), 1000);
    });
    over_seeds("cache-node-down-l1", [](const SimOutcome& run) {
        EXPECT_GT(int_of(run, "svc", "hits_l1"), 5000);
    });
}

TEST(CachingSim, TheCacheAsideRaceLeavesStaleValuesAndDoubleDeleteBoundsThem) {
    over_seeds("cache-aside-stale-race", [](const SimOutcome& run) {
        EXPECT_GT(run.last.at("c1").value("max_stale_ms", 0.0), 500.0);
    });
    over_seeds("cache-aside-double-delete", [](const SimOutcome& run) {
        EXPECT_GT(int_of(run, "c1", "stale_reads"), 0);   // the race still happens
        EXPECT_LE(run.last.at("c1").value("max_stale_ms", 0.0), 500.0);
    });
}

TEST(CachingSim, WriteBehindCoalescesWritesAndLosesTheUnflushedOnesWriteThroughLosesNone) {
    over_seeds("cache-write-behind-crash", [](const SimOutcome& run) {
        // Several writes of a key between flushes reach the database as one.
        EXPECT_LT(int_of(run, "db", "writes"), int_of(run, "c1", "writes"));
        EXPECT_GT(run.last.at("c1").value("max_stale_ms", 0.0), 2000.0);
    });
    over_seeds("cache-write-through-crash", [](const SimOutcome& run) {
        EXPECT_GE(int_of(run, "db", "writes"), int_of(run, "c1", "writes"));   // every acknowledged write, and any cut off by the kill
        EXPECT_LT(run.last.at("c1").value("max_stale_ms", 0.0), 2000.0);
    });
}

TEST(CachingFigures, TheReportShowsTheSpikeAboveCapacityAndItsAbsenceWithJitter) {
    const auto figure = [](const SimOutcome& run, std::string_view key) {
        for (const Figure& f : run.figures->figures)
            if (f.key == key)
                return f.value;
        ADD_FAILURE() << "no figure " << key;
        return -1.0;
    };
    const SimOutcome off = simulate("cache-avalanche-off", 1), jitter = simulate("cache-avalanche-jitter", 1);
    ASSERT_TRUE(off.figures && jitter.figures);
    EXPECT_GT(figure(off, "caching.db_peak_qps"), 300.0);
    EXPECT_LT(figure(jitter, "caching.db_peak_qps"), 300.0);
    EXPECT_GT(figure(off, "caching.db_queries"), figure(jitter, "caching.db_queries"));
    // The load table has a row per second of the run, the spike's marked over capacity.
    const FigureTable& load = off.figures->tables.at(0);
    EXPECT_EQ(load.rows.size(), 11u);
    EXPECT_TRUE(std::any_of(load.rows.begin(), load.rows.end(),
                            [](const auto& row) { return row.at(3).en == "over capacity"; }));
    EXPECT_EQ(off.figures->json["load"].size(), 11u);
}

}  // namespace
}  // namespace distlab::netlab
