// The caching roles alone under RoleHarness: the database's versions and its queue past
// capacity, the cache node's TTLs, lock and read-through loads, the cached-service's rebuild
// policies, Bloom filter, cache-aside writes with delayed double delete and its fallback when a
// cache node does not answer, and the client's stale-read count. Bad bodies get clear errors.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::vector<Message> of_type(const std::vector<Message>& sent, std::string_view type) {
    std::vector<Message> out;
    std::copy_if(sent.begin(), sent.end(), std::back_inserter(out), [&](const Message& m) { return m.type == type; });
    return out;
}

std::unique_ptr<RoleHarness> start(std::string role, Json params, std::vector<core::NodeId> peers,
                                   std::vector<std::string> peer_roles) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = std::move(role), .params = std::move(params),
                                                        .self = "n1", .peers = std::move(peers),
                                                        .peer_roles = std::move(peer_roles)});
    h->start();
    return h;
}

// ---- database ----

TEST(DatabaseRole, ReadsVersionsWritesBumpThemAndRefusesUnknownRows) {
    auto h = start("database", {{"keys", 3}, {"latency", "10ms"}, {"write_latency", "5ms"}}, {"s"}, {"cached-service"});
    EXPECT_EQ(h->phase(), "normal");
    h->deliver("s", "db_get", {{"key", "k1"}});
    h->deliver("s", "db_put", {{"key", "k1"}});
    h->deliver("s", "db_get", {{"key", "m7"}});
    h->deliver("s", "db_put", {{"key", "m7"}});
    h->advance(50ms);
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 4u);
    std::vector<Json> bodies;
    for (const Message& m : sent)
        bodies.push_back(m.body);
    EXPECT_EQ(bodies[0], (Json{{"ok", false}, {"error", "unknown_key: \"m7\" is not a row of this database (k0 .. k2)"}}));
    // The others in the order their service time ends.
    EXPECT_TRUE(std::find(bodies.begin(), bodies.end(), Json{{"ok", true}, {"value", 1}}) != bodies.end());
    EXPECT_TRUE(std::find(bodies.begin(), bodies.end(), Json{{"ok", true}, {"value", 2}}) != bodies.end());
    EXPECT_TRUE(std::find(bodies.begin(), bodies.end(), Json{{"ok", true}, {"value", nullptr}}) != bodies.end());
    EXPECT_EQ(h->snapshot()["queries"], 3);
}

TEST(DatabaseRole, PastItsCapacityQueriesQueueAndItReportsOverload) {
    // capacity 10/s x 100 ms: one worker.
    auto h = start("database", {{"keys", 1}, {"latency", "100ms"}, {"capacity", 10}}, {"s"}, {"cached-service"});
    for (int i = 0; i < 12; ++i)
        h->deliver("s", "db_get", {{"key", "k0"}});
    EXPECT_EQ(h->phase(), "overloaded");
    h->advance(100ms);
    EXPECT_EQ(h->take_sent().size(), 1u);
    h->advance(100ms);
    EXPECT_EQ(h->take_sent().size(), 1u);   // one at a time: the queue drains at the capacity
    EXPECT_EQ(h->snapshot()["qps"], 12.0);
    EXPECT_GE(h->snapshot()["qps_scale"].get<double>(), 12.0);
    h->advance(1s);
    EXPECT_EQ(h->phase(), "normal");
}

TEST(DatabaseRole, BadBodiesGetClearErrors) {
    auto h = start("database", {{"keys", 1}}, {"s"}, {"cached-service"});
    h->deliver("s", "db_get", {{"key", 5}});
    h->deliver("s", "db_mget", {{"keys", "k0"}});
    h->deliver("s", "db_put", {{"key", "k0"}, {"value", -1}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(sent[0].body["error"], "a db_get needs {\"key\": a non-empty string}");
    EXPECT_EQ(sent[1].body["error"], "a db_mget needs {\"keys\": [key, ...]}");
    EXPECT_EQ(sent[2].body["error"], "db_put: \"value\" must be a version (an integer >= 1)");
}

// ---- cache-node ----

TEST(CacheNodeRole, KeysExpireAtTheirTtlAndTheLockIsExclusive) {
    auto h = start("cache-node", Json::object(), {"s"}, {"cached-service"});
    h->deliver("s", "cache_set", {{"key", "k0"}, {"value", 3}, {"ttl_ms", 100}});
    h->deliver("s", "cache_get", {{"key", "k0"}});
    h->advance(100ms);
    h->deliver("s", "cache_get", {{"key", "k0"}});
    h->deliver("s", "cache_lock", {{"key", "lock:k0"}, {"ttl_ms", 50}});
    h->deliver("s", "cache_lock", {{"key", "lock:k0"}, {"ttl_ms", 50}});
    h->advance(50ms);
    h->deliver("s", "cache_lock", {{"key", "lock:k0"}, {"ttl_ms", 50}});   // the first holder's TTL ran out
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 6u);
    EXPECT_EQ(sent[1].body, (Json{{"ok", true}, {"hit", true}, {"value", 3}}));
    EXPECT_EQ(sent[2].body, (Json{{"ok", true}, {"hit", false}}));
    EXPECT_EQ(sent[3].body["acquired"], true);
    EXPECT_EQ(sent[4].body["acquired"], false);
    EXPECT_EQ(sent[5].body["acquired"], true);
}

TEST(CacheNodeRole, ReadThroughLoadsAMissOnceForAllItsReaders) {
    auto h = start("cache-node", {{"database", "db"}}, {"s", "db"}, {"cached-service", "database"});
    h->deliver("s", "cache_load", {{"key", "k0"}, {"ttl_ms", 1000}});
    h->deliver("s", "cache_load", {{"key", "k0"}, {"ttl_ms", 1000}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].type, "db_get");
    h->reply_to(sent[0], {{"ok", true}, {"value", 4}});
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}, {"hit", false}, {"value", 4}}));
    h->deliver("s", "cache_load", {{"key", "k0"}, {"ttl_ms", 1000}});
    EXPECT_EQ(h->take_sent()[0].body, (Json{{"ok", true}, {"hit", true}, {"value", 4}}));
}

TEST(CacheNodeRole, WriteBehindAnswersAtOnceAndFlushesTheNewestVersionLater) {
    auto h = start("cache-node", {{"database", "db"}, {"flush_interval", "1s"}}, {"s", "db"},
                   {"cached-service", "database"});
    h->deliver("s", "cache_set", {{"key", "k0"}, {"value", 1}});
    h->deliver("s", "cache_write", {{"key", "k0"}, {"mode", "behind"}});
    h->deliver("s", "cache_write", {{"key", "k0"}, {"mode", "behind"}});
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(sent[2].body, (Json{{"ok", true}, {"value", 3}}));
    EXPECT_EQ(h->snapshot()["dirty"], 1);
    h->advance(1s);
    sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);   // two writes, one flush
    EXPECT_EQ(sent[0].type, "db_put");
    EXPECT_EQ(sent[0].body, (Json{{"key", "k0"}, {"value", 3}}));
}

TEST(CacheNodeRole, BadBodiesGetClearErrors) {
    auto h = start("cache-node", Json::object(), {"s"}, {"cached-service"});
    h->deliver("s", "cache_get", Json::object());
    h->deliver("s", "cache_set", {{"key", "k0"}, {"value", "x"}});
    h->deliver("s", "cache_set", {{"key", "k0"}, {"value", 1}, {"ttl_ms", -5}});
    h->deliver("s", "cache_load", {{"key", "k0"}});
    const auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 4u);
    EXPECT_EQ(sent[0].body["error"], "a cache_get needs {\"key\": a non-empty string}");
    EXPECT_EQ(sent[1].body["error"], "a cache_set needs {\"value\": a version (integer >= 0) or null}");
    EXPECT_EQ(sent[2].body["error"], "cache_set: \"ttl_ms\" must be a non-negative integer (ms)");
    EXPECT_EQ(sent[3].body["error"],
              "no_database: this cache-node has no database for cache_load (set its database parameter)");
}

// ---- cached-service ----

std::unique_ptr<RoleHarness> service(Json extra) {
    Json params = {{"database", "db"}, {"caches", {"r1"}}, {"keys", 10}};
    params.update(extra);
    return start("cached-service", std::move(params), {"c", "db", "r1"}, {"cache-client", "database", "cache-node"});
}

// Two readers of k0 miss the cache; returns the database queries the service then sends.
std::size_t queries_for_two_misses(RoleHarness& h) {
    h.deliver("c", "get", {{"key", "k0"}});
    h.deliver("c", "get", {{"key", "k0"}});
    for (const Message& m : of_type(h.take_sent(), "cache_get"))
        h.reply_to(m, {{"ok", true}, {"hit", false}});
    return of_type(h.take_sent(), "db_get").size();
}

TEST(CachedServiceRole, WithoutDefenceEveryMissQueriesTheDatabase) {
    auto h = service({{"rebuild", "none"}});
    EXPECT_EQ(queries_for_two_misses(*h), 2u);
}

TEST(CachedServiceRole, SingleFlightSharesOneQueryAndAnswersEveryReader) {
    auto h = service({{"rebuild", "single-flight"}});
    h->deliver("c", "get", {{"key", "k0"}});
    h->deliver("c", "get", {{"key", "k0"}});
    for (const Message& m : of_type(h->take_sent(), "cache_get"))
        h->reply_to(m, {{"ok", true}, {"hit", false}});
    const auto queries = of_type(h->take_sent(), "db_get");
    ASSERT_EQ(queries.size(), 1u);
    h->reply_to(queries[0], {{"ok", true}, {"value", 5}});
    const auto sent = h->take_sent();
    const auto answers = of_type(sent, "get_reply");
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[1].body, (Json{{"ok", true}, {"value", 5}, {"source", "db"}}));
    const auto sets = of_type(sent, "cache_set");
    ASSERT_EQ(sets.size(), 1u);
    EXPECT_EQ(sets[0].body, (Json{{"key", "k0"}, {"value", 5}, {"ttl_ms", 10000}}));
    EXPECT_EQ(h->snapshot()["max_rebuild_queries"], 1);
}

TEST(CachedServiceRole, MutexLetsOnlyTheLockHolderQueryTheOthersRetry) {
    auto h = service({{"rebuild", "mutex"}, {"lock_retry", "50ms"}});
    h->deliver("c", "get", {{"key", "k0"}});
    h->deliver("c", "get", {{"key", "k0"}});
    for (const Message& m : of_type(h->take_sent(), "cache_get"))
        h->reply_to(m, {{"ok", true}, {"hit", false}});
    const auto locks = of_type(h->take_sent(), "cache_lock");
    ASSERT_EQ(locks.size(), 2u);
    EXPECT_EQ(locks[0].body["key"], "lock:k0");
    h->reply_to(locks[0], {{"ok", true}, {"acquired", true}});
    h->reply_to(locks[1], {{"ok", true}, {"acquired", false}});
    // The holder reads the cache once more before it queries.
    auto again = of_type(h->take_sent(), "cache_get");
    ASSERT_EQ(again.size(), 1u);
    h->reply_to(again[0], {{"ok", true}, {"hit", false}});
    EXPECT_EQ(of_type(h->take_sent(), "db_get").size(), 1u);
    h->advance(50ms);
    EXPECT_EQ(of_type(h->take_sent(), "cache_get").size(), 1u);   // the other reader tries the cache again
}

TEST(CachedServiceRole, LogicalExpiryServesTheOldValueAndRebuildsOnce) {
    auto h = service({{"rebuild", "logical-expiry"}});
    h->advance(1s);
    h->deliver("c", "get", {{"key", "k0"}});
    h->deliver("c", "get", {{"key", "k0"}});
    for (const Message& m : of_type(h->take_sent(), "cache_get"))
        h->reply_to(m, {{"ok", true}, {"hit", true}, {"value", 2}, {"logical_expire_ms", 500}});
    const auto sent = h->take_sent();
    const auto answers = of_type(sent, "get_reply");
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].body, (Json{{"ok", true}, {"value", 2}, {"source", "stale"}}));
    EXPECT_EQ(of_type(sent, "db_get").size(), 1u);
}

TEST(CachedServiceRole, TheBloomFilterAnswersAMissingKeyWithoutAnyQuery) {
    auto h = service({{"bloom", true}});
    h->deliver("c", "get", {{"key", "m12345"}});
    const auto sent = h->take_sent();
    // A false positive (about 1 %) would go to the cache: m12345 is not one for this filter.
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, (Json{{"ok", true}, {"value", nullptr}, {"source", "bloom"}}));
}

TEST(CachedServiceRole, NullCachingStoresTheNullWithItsShortTtl) {
    auto h = service({{"null_ttl", "2s"}});
    h->deliver("c", "get", {{"key", "m1"}});
    h->reply_to(of_type(h->take_sent(), "cache_get")[0], {{"ok", true}, {"hit", false}});
    h->reply_to(of_type(h->take_sent(), "db_get")[0], {{"ok", true}, {"value", nullptr}});
    const auto sets = of_type(h->take_sent(), "cache_set");
    ASSERT_EQ(sets.size(), 1u);
    EXPECT_EQ(sets[0].body, (Json{{"key", "m1"}, {"value", nullptr}, {"ttl_ms", 2000}}));
}

TEST(CachedServiceRole, CacheAsideWriteDeletesAfterTheDatabaseAndAgainAfterTheDelay) {
    auto h = service({{"double_delete", "300ms"}});
    h->deliver("c", "put", {{"key", "k1"}});
    auto puts = of_type(h->take_sent(), "db_put");
    ASSERT_EQ(puts.size(), 1u);
    h->reply_to(puts[0], {{"ok", true}, {"value", 7}});
    auto dels = of_type(h->take_sent(), "cache_del");
    ASSERT_EQ(dels.size(), 1u);
    h->reply_to(dels[0], {{"ok", true}, {"deleted", true}});
    EXPECT_EQ(of_type(h->take_sent(), "put_reply")[0].body, (Json{{"ok", true}, {"value", 7}}));
    h->advance(299ms);
    EXPECT_TRUE(of_type(h->take_sent(), "cache_del").empty());
    h->advance(1ms);
    EXPECT_EQ(of_type(h->take_sent(), "cache_del").size(), 1u);
}

TEST(CachedServiceRole, ADeadCacheNodeMeansTheDatabaseAfterTheTimeoutAndTheLocalCacheAfterThat) {
    auto h = service({{"l1", "lru"}, {"l1_ttl", "2s"}, {"cache_timeout", "50ms"}});
    h->deliver("c", "get", {{"key", "k2"}});
    EXPECT_EQ(of_type(h->take_sent(), "cache_get").size(), 1u);
    h->advance(50ms);   // r1 never answers
    const auto queries = of_type(h->take_sent(), "db_get");
    ASSERT_EQ(queries.size(), 1u);
    h->reply_to(queries[0], {{"ok", true}, {"value", 1}});
    const auto sent = h->take_sent();
    EXPECT_TRUE(of_type(sent, "cache_set").empty());   // the cache is down: nothing to fill
    h->deliver("c", "get", {{"key", "k2"}});
    EXPECT_EQ(h->take_sent()[0].body, (Json{{"ok", true}, {"value", 1}, {"source", "l1"}}));
    EXPECT_EQ(h->snapshot()["cache_errors"], 1);
}

TEST(CachedServiceRole, ABadRequestGetsAClearError) {
    auto h = service(Json::object());
    h->deliver("c", "get", {{"key", ""}});
    EXPECT_EQ(h->take_sent()[0].body, (Json{{"ok", false}, {"error", "a get needs {\"key\": a non-empty string}"}}));
}

// ---- cache-client ----

TEST(CacheClientRole, AReadOlderThanAnAcknowledgedWriteCountsStale) {
    auto h = start("cache-client", {{"target", "svc"}, {"keys", 1}, {"rate", 10}, {"arrival", "fixed"}, {"write_ratio", 0.5}},
                   {"svc"}, {"cached-service"});
    // Writes are answered with version 2, reads with version 1: every read after the first
    // acknowledged write is stale, the ones before it are not.
    bool written = false;
    std::int64_t stale_expected = 0;
    for (int i = 0; i < 40; ++i) {
        h->advance(100ms);
        for (const Message& m : h->take_sent()) {
            if (m.type == "put") {
                h->reply_to(m, {{"ok", true}, {"value", 2}});
                written = true;
            } else {
                ASSERT_EQ(m.type, "get");
                h->reply_to(m, {{"ok", true}, {"value", 1}, {"source", "cache"}});
                stale_expected += written ? 1 : 0;
            }
        }
    }
    ASSERT_TRUE(written);
    ASSERT_GT(stale_expected, 0);
    EXPECT_EQ(h->snapshot()["stale_reads"], stale_expected);
    EXPECT_GE(h->snapshot()["max_stale_ms"].get<double>(), 100.0);
    EXPECT_EQ(h->open_ops(), 0u);
}

TEST(CacheClientRole, AnAnswerWithoutAValueIsMalformedNotAHit) {
    auto h = start("cache-client", {{"target", "svc"}, {"keys", 1}, {"rate", 10}, {"arrival", "fixed"}},
                   {"svc"}, {"cached-service"});
    h->advance(100ms);
    auto sent = h->take_sent();
    ASSERT_EQ(sent.size(), 1u);
    h->reply_to(sent[0], {{"ok", true}});
    EXPECT_EQ(h->ops().back().phase, "info");
    EXPECT_EQ(h->snapshot()["reads"], 0);
}

}  // namespace
}  // namespace distlab::test_support
