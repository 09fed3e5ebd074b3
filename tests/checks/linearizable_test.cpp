#include "netlab/checks/linearizable.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "netlab/checks/builtin_checks.h"
#include "tests/support/register_brute_force.h"
#include "tests/support/check_problems.h"

namespace distlab::netlab {
namespace {

using test_support::problems_of;

using Kind = KvOperation::Kind;
using Outcome = KvOperation::Outcome;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kMs = 1'000'000;

KvOperation op(Kind kind, std::string key, std::int64_t from_ms, std::optional<std::int64_t> to_ms,
               Outcome outcome = Outcome::Ok) {
    static std::uint64_t next_id = 1;
    KvOperation o;
    o.client = "c1";
    o.id = next_id++;
    o.kind = kind;
    o.key = std::move(key);
    o.invoked_ns = from_ms * kMs;
    if (to_ms)
        o.completed_ns = *to_ms * kMs;
    o.outcome = outcome;
    return o;
}

KvOperation put(std::string value, std::int64_t from, std::optional<std::int64_t> to, Outcome outcome = Outcome::Ok,
                std::string key = "k") {
    KvOperation o = op(Kind::Put, std::move(key), from, to, outcome);
    o.value = std::move(value);
    return o;
}

KvOperation get(std::optional<std::string> value, std::int64_t from, std::int64_t to, std::string key = "k") {
    KvOperation o = op(Kind::Get, std::move(key), from, to);
    o.value = std::move(value);
    return o;
}

KvOperation cas(std::optional<std::string> expected, std::string to_value, std::int64_t from,
                std::optional<std::int64_t> to, Outcome outcome = Outcome::Ok) {
    KvOperation o = op(Kind::Cas, "k", from, to, outcome);
    o.from = std::move(expected);
    o.value = std::move(to_value);
    return o;
}

LinearizabilityResult check(const std::vector<KvOperation>& ops) {
    return check_linearizable(ops, Clock::now() + std::chrono::seconds(10));
}

TEST(Linearizable, EmptyAndSequentialHistoriesPass) {
    EXPECT_EQ(check({}).verdict, Verdict::Pass);
    const auto r = check({put("a", 0, 1), get("a", 2, 3), put("b", 4, 5), get("b", 6, 7)});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("4 ops on 1 key"), std::string::npos) << r.detail;
}

TEST(Linearizable, AStaleReadFailsWithItsThreeOpsAndWindow) {
    // b overwrote a before the read began, yet the read returns a.
    const std::vector<KvOperation> ops = {put("a", 0, 1), get("a", 2, 3), put("b", 4, 5), get("a", 6, 7)};
    const auto r = check(ops);
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.key, "k");
    // The smallest failing sub-history: put a, put b, get -> a (the first get is not needed).
    EXPECT_EQ(r.witness, (std::vector<std::size_t>{0, 2, 3})) << r.detail;
    EXPECT_EQ(r.failed_at, 3u);
    ASSERT_TRUE(r.window_ns);
    EXPECT_EQ(r.window_ns->first, 0);
    EXPECT_EQ(r.window_ns->second, 7 * kMs);
    EXPECT_NE(r.detail.find("key k"), std::string::npos);
    EXPECT_NE(r.detail.find("get k->a"), std::string::npos) << r.detail;
}

TEST(Linearizable, AReadConcurrentWithAWriteMaySeeEitherValue) {
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 10), get("a", 3, 4)}).verdict, Verdict::Pass);
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 10), get("b", 3, 4)}).verdict, Verdict::Pass);
    // But once a read saw b, a later read cannot go back to a.
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 10), get("b", 3, 4), get("a", 5, 6)}).verdict, Verdict::Fail);
}

TEST(Linearizable, TouchingIntervalsCountAsConcurrent) {
    // The write returns at 5 ms, the read is invoked at 5 ms: either order is allowed.
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 5), get("a", 5, 6)}).verdict, Verdict::Pass);
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 5), get("a", 6, 7)}).verdict, Verdict::Fail);
}

TEST(Linearizable, AbsentKeysReadAsNull) {
    EXPECT_EQ(check({get(std::nullopt, 0, 1), put("a", 2, 3)}).verdict, Verdict::Pass);
    EXPECT_EQ(check({put("a", 0, 1), get(std::nullopt, 2, 3)}).verdict, Verdict::Fail);
    EXPECT_EQ(check({put("a", 0, 5), get(std::nullopt, 1, 2)}).verdict, Verdict::Pass);
}

TEST(Linearizable, AValueNobodyWroteFails) {
    auto r = check({put("a", 0, 1), get("zzz", 2, 3)});
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("observed zzz, but no operation wrote it"), std::string::npos) << r.detail;
    // Written only by an op recorded as failed: the store said it had no effect, yet it did.
    r = check({put("a", 0, 1), put("b", 2, 3, Outcome::Fail), get("b", 4, 5)});
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("but only c1 put k=b"), std::string::npos) << r.detail;
}

TEST(Linearizable, ALostUpdateFails) {
    // Two compare-and-sets from the same value cannot both succeed.
    EXPECT_EQ(check({put("x", 0, 1), cas("x", "y", 2, 5), cas("x", "z", 3, 6)}).verdict, Verdict::Fail);
    // One of them failing (left out) is fine.
    EXPECT_EQ(check({put("x", 0, 1), cas("x", "y", 2, 5), cas("x", "z", 3, 6, Outcome::Fail)}).verdict,
              Verdict::Pass);
}

TEST(Linearizable, ACasThatSucceedsOnAnOverwrittenValueFails) {
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 3), cas("a", "c", 4, 5)}).verdict, Verdict::Fail);
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 3), cas("b", "c", 4, 5), get("c", 6, 7)}).verdict, Verdict::Pass);
    EXPECT_EQ(check({cas(std::nullopt, "a", 0, 1), get("a", 2, 3)}).verdict, Verdict::Pass);
}

TEST(Linearizable, AnUnknownWriteMayHaveTakenEffectLaterOrNever) {
    // Took effect (some time after its call, even after other ops returned).
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, std::nullopt, Outcome::Info), get("a", 3, 4), get("b", 10, 11)})
                  .verdict,
              Verdict::Pass);
    // Never took effect.
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 3, Outcome::Info), get("a", 10, 11)}).verdict, Verdict::Pass);
    // But it takes effect at most once: b, then a again, then b is impossible.
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 3, Outcome::Info), get("b", 4, 5), get("a", 6, 7)}).verdict,
              Verdict::Fail);
    // And not before it was invoked.
    EXPECT_EQ(check({put("a", 0, 1), get("b", 2, 3), put("b", 4, 5, Outcome::Info)}).verdict, Verdict::Fail);
    // An unknown cas too: applied, or not.
    EXPECT_EQ(check({put("a", 0, 1), cas("a", "c", 2, 3, Outcome::Info), get("c", 4, 5)}).verdict, Verdict::Pass);
    EXPECT_EQ(check({put("a", 0, 1), cas("a", "c", 2, 3, Outcome::Info), get("a", 4, 5)}).verdict, Verdict::Pass);
}

TEST(Linearizable, AnOperationThatNeverCompletedCountsAsUnknown) {
    KvOperation pending = put("b", 2, std::nullopt, Outcome::Ok);
    EXPECT_EQ(check({put("a", 0, 1), pending, get("b", 5, 6)}).verdict, Verdict::Pass);
}

TEST(Linearizable, FailedOperationsDidNotHappen) {
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 3, Outcome::Fail), get("b", 4, 5)}).verdict, Verdict::Fail);
    EXPECT_EQ(check({put("a", 0, 1), put("b", 2, 3, Outcome::Fail), get("a", 4, 5)}).verdict, Verdict::Pass);
}

TEST(Linearizable, KeysAreJudgedSeparately) {
    // Interleaved in time across keys, each key's history alone is linearizable.
    EXPECT_EQ(check({put("a", 0, 1, Outcome::Ok, "k1"), put("b", 2, 3, Outcome::Ok, "k2"), get("a", 4, 5, "k1"),
                     get("b", 4, 5, "k2")})
                  .verdict,
              Verdict::Pass);
    // A stale read on k2 only: the report names k2, and its witness holds only k2's ops.
    const std::vector<KvOperation> ops = {put("a", 0, 1, Outcome::Ok, "k1"), put("x", 0, 1, Outcome::Ok, "k2"),
                                          put("y", 2, 3, Outcome::Ok, "k2"), get("a", 4, 5, "k1"),
                                          get("x", 6, 7, "k2")};
    const auto r = check(ops);
    ASSERT_EQ(r.verdict, Verdict::Fail);
    EXPECT_EQ(r.key, "k2");
    for (std::size_t i : r.witness)
        EXPECT_EQ(ops[i].key, "k2");
}

TEST(Linearizable, OverItsBudgetItAnswersUnknownAndSaysHowFarItGot) {
    std::vector<KvOperation> ops;
    for (int i = 0; i < 5000; ++i) {
        ops.push_back(put("v" + std::to_string(i), 2 * i, 2 * i + 1, Outcome::Ok, "k" + std::to_string(i % 3)));
    }
    const auto r = check_linearizable(ops, Clock::now() - std::chrono::seconds(1));
    EXPECT_EQ(r.verdict, Verdict::Unknown);
    EXPECT_NE(r.detail.find("ran out of its time budget"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("of 3 keys"), std::string::npos) << r.detail;
}

// A brute-force judge for tiny histories: some subset of the unknown ops plus every ok op, in
// some order that respects real time, is legal for a register.
bool brute_force_linearizable(const std::vector<KvOperation>& ops) {
    return test_support::brute_force_register(ops, [](const KvOperation& y, const KvOperation& x) {
        return y.outcome == Outcome::Ok && y.completed_ns && *y.completed_ns < x.invoked_ns;   // y returned before x began
    });
}

TEST(Linearizable, AgreesWithBruteForceOnRandomTinyHistories) {
    std::mt19937_64 rng(12345);
    std::uniform_int_distribution<int> kind(0, 2), count(1, 6), time(0, 12), len(0, 4), value(0, 2), outcome(0, 9);
    int failing = 0, passing = 0;
    for (int round = 0; round < 3000; ++round) {
        std::vector<KvOperation> ops;
        const int n = count(rng);
        for (int i = 0; i < n; ++i) {
            const int start = time(rng);
            const int stop = start + len(rng);
            const int o = outcome(rng);
            const Outcome out = o < 7 ? Outcome::Ok : o < 9 ? Outcome::Info : Outcome::Fail;
            auto some_value = [&]() -> std::optional<std::string> {
                const int v = value(rng);
                return v == 0 ? std::nullopt : std::optional<std::string>("v" + std::to_string(v));
            };
            switch (kind(rng)) {
                case 0: ops.push_back(put("v" + std::to_string(value(rng) + 1), start, stop, out)); break;
                case 1: ops.push_back(get(some_value(), start, stop)); ops.back().outcome = out; break;
                default: ops.push_back(cas(some_value(), "v" + std::to_string(value(rng) + 1), start, stop, out)); break;
            }
        }
        const bool expected = brute_force_linearizable(ops);
        const auto r = check(ops);
        ASSERT_EQ(r.verdict, expected ? Verdict::Pass : Verdict::Fail) << "round " << round << ": " << r.detail;
        (expected ? passing : failing)++;
        if (!expected) {
            // The witness fails on its own.
            std::vector<KvOperation> witness;
            for (std::size_t i : r.witness)
                witness.push_back(ops[i]);
            EXPECT_EQ(check(witness).verdict, Verdict::Fail) << "round " << round;
        }
    }
    EXPECT_GT(failing, 100);
    EXPECT_GT(passing, 100);
}

// ---- through the check registry, from events ----

Event op_event(EventKind kind, std::int64_t t_ms, std::uint64_t id, std::string type, core::Json data,
               std::string client = "c1") {
    Event e;
    e.t_ns = t_ms * kMs;
    e.kind = kind;
    e.node = std::move(client);
    e.msg_id = id;
    e.type = std::move(type);
    e.data = data.dump();
    return e;
}

class LinearizableCheck : public ::testing::Test {
protected:
    LinearizableCheck() {
        core::RoleDescriptor client;
        client.name = "kv-client";
        client.client = true;
        roles_.add(client);
        core::RoleDescriptor raft;
        raft.name = "raft";
        roles_.add(raft);
        register_builtin_checks(registry_);
        scenario_.name = "t";
        scenario_.nodes.push_back(node("n1", "raft"));
        scenario_.nodes.push_back(node("c1", "kv-client"));
    }

    static NodeSpec node(std::string id, std::string role) {
        NodeSpec n;
        n.id = std::move(id);
        n.role = std::move(role);
        return n;
    }

    CheckResult run(const std::vector<Event>& events) {
        scenario_.checks = {CheckSpec{"linearizable", "kv", {}}};
        const auto results = run_checks(RunView{scenario_, events}, registry_);
        EXPECT_EQ(results.size(), 1u);
        return results.empty() ? CheckResult{} : results[0];
    }

    core::RoleRegistry roles_;
    CheckRegistry registry_{roles_};
    Scenario scenario_;
};

TEST_F(LinearizableCheck, ReadsTheClientHistoryFromEvents) {
    std::vector<Event> events = {
        op_event(EventKind::OpInvoked, 0, 1, "put", {{"key", "k0"}, {"value", "c1-1"}}),
        op_event(EventKind::OpCompleted, 1, 1, "ok", core::Json::object()),
        op_event(EventKind::OpInvoked, 2, 2, "put", {{"key", "k0"}, {"value", "c1-2"}}),
        op_event(EventKind::OpCompleted, 3, 2, "ok", core::Json::object()),
        op_event(EventKind::OpInvoked, 4, 1, "get", {{"key", "k0"}}, "c2"),
        op_event(EventKind::OpCompleted, 5, 1, "ok", {{"value", "c1-2"}}, "c2"),
        op_event(EventKind::OpInvoked, 6, 3, "cas", {{"key", "k0"}, {"from", "c1-2"}, {"to", "c1-3"}}),
        op_event(EventKind::OpCompleted, 7, 3, "fail", {{"error", "cas_mismatch"}}),
        op_event(EventKind::OpInvoked, 8, 4, "call", {{"seq", 1}}),
    };
    const KvHistory history = kv_history(events);
    ASSERT_EQ(history.ops.size(), 4u);
    EXPECT_EQ(history.ignored, 1u);
    EXPECT_EQ(history.ops[2].client, "c2");
    EXPECT_EQ(history.ops[2].value, "c1-2");
    EXPECT_EQ(history.ops[3].outcome, Outcome::Fail);
    EXPECT_EQ(history.ops[3].from, "c1-2");

    EXPECT_EQ(run(events).verdict, Verdict::Pass);

    events.push_back(op_event(EventKind::OpInvoked, 10, 2, "get", {{"key", "k0"}}, "c2"));
    events.push_back(op_event(EventKind::OpCompleted, 11, 2, "ok", {{"value", "c1-1"}}, "c2"));
    const CheckResult r = run(events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    ASSERT_TRUE(r.window_ns);
    EXPECT_EQ(r.window_ns->first, 0);
    EXPECT_EQ(r.window_ns->second, 11 * kMs);
    EXPECT_NE(r.detail.find("c2 get k0->c1-1"), std::string::npos) << r.detail;
}

TEST_F(LinearizableCheck, ValidatesItsArgumentAndNeedsAClient) {
    const CheckInfo* info = registry_.find("linearizable");
    ASSERT_NE(info, nullptr);
    EXPECT_TRUE(problems_of(registry_, info, "kv", scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, info, "bank", scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, info, true, scenario_).empty());
    Scenario no_client = scenario_;
    no_client.nodes.pop_back();
    const auto problems = problems_of(registry_, info, "kv", no_client);
    ASSERT_FALSE(problems.empty());
    EXPECT_NE(problems[0].find("does not apply"), std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
