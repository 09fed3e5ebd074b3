// Stale reads against the latest acknowledged write, on small hand-made histories: what counts
// as stale, and what does not (concurrent writes, unknown outcomes, values no one wrote).

#include <gtest/gtest.h>

#include "netlab/patterns/leaderless/leaderless_history.h"

namespace distlab::netlab::leaderless {
namespace {

constexpr std::int64_t kMs = 1'000'000;

KvOperation op(KvOperation::Kind kind, std::optional<std::string> value, std::int64_t from_ms,
               std::optional<std::int64_t> to_ms, KvOperation::Outcome outcome = KvOperation::Outcome::Ok) {
    KvOperation o;
    o.client = "c1";
    o.kind = kind;
    o.key = "k0";
    o.value = std::move(value);
    o.invoked_ns = from_ms * kMs;
    if (to_ms)
        o.completed_ns = *to_ms * kMs;
    o.outcome = outcome;
    return o;
}

KvOperation write(const char* v, std::int64_t from, std::int64_t to,
                  KvOperation::Outcome outcome = KvOperation::Outcome::Ok) {
    return op(KvOperation::Kind::Put, std::string(v), from, to, outcome);
}

KvOperation read(std::optional<std::string> v, std::int64_t from, std::int64_t to) {
    return op(KvOperation::Kind::Get, std::move(v), from, to);
}

TEST(StaleReads, AReadOfAValueSupersededBeforeItBeganIsStale) {
    const std::vector<KvOperation> ops{write("a", 0, 10), write("b", 20, 30), read("a", 40, 45)};
    const StaleReads s = stale_reads(ops);
    EXPECT_EQ(s.reads, 1);
    ASSERT_EQ(s.stale.size(), 1u);
    EXPECT_EQ(s.stale[0].read, 2u);
    EXPECT_EQ(s.stale[0].latest, 1u);
    EXPECT_EQ(s.stale[0].behind_ns, 10 * kMs);   // b was acknowledged at 30, the read began at 40
}

TEST(StaleReads, AnAbsentValueAfterAnAcknowledgedWriteIsStale) {
    const StaleReads s = stale_reads({write("a", 0, 10), read(std::nullopt, 11, 12), read(std::nullopt, -5, 5)});
    EXPECT_EQ(s.reads, 2);
    ASSERT_EQ(s.stale.size(), 1u);
    EXPECT_EQ(s.stale[0].read, 1u);
}

TEST(StaleReads, ConcurrentWritesUnknownOutcomesAndUnwrittenValuesAreNotCounted) {
    // b overlaps a: reading a after both is allowed (a may be ordered last).
    EXPECT_TRUE(stale_reads({write("a", 0, 30), write("b", 10, 20), read("a", 40, 41)}).stale.empty());
    // The write read timed out: when it took effect is unknown.
    EXPECT_TRUE(stale_reads({write("a", 0, 10, KvOperation::Outcome::Info), write("b", 20, 30), read("a", 40, 41)})
                    .stale.empty());
    // A value nobody wrote is the linearizability check's business.
    EXPECT_TRUE(stale_reads({write("a", 0, 10), read("zz", 40, 41)}).stale.empty());
    // A write acknowledged after the read began does not count against it.
    EXPECT_TRUE(stale_reads({write("a", 0, 10), write("b", 20, 50), read("a", 40, 60)}).stale.empty());
}

TEST(StaleReads, TheMissedWriteIsTheLatestAcknowledgedBeforeTheRead) {
    const StaleReads s = stale_reads({write("a", 0, 10), write("b", 20, 30), write("c", 31, 35), read("a", 40, 41)});
    ASSERT_EQ(s.stale.size(), 1u);
    EXPECT_EQ(s.stale[0].latest, 2u);
    EXPECT_EQ(s.stale[0].behind_ns, 10 * kMs);   // it missed b from 30 on
    EXPECT_EQ(s.max_behind_ns, 10 * kMs);
}

}  // namespace
}  // namespace distlab::netlab::leaderless
