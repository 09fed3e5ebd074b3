// The consistency models beside linearizability, on hand-made kv histories: for each model a
// history that keeps it and one that breaks it (with the counterexample it names), histories
// that separate the models, and the checks through the registry from events (what their
// counterexamples point at in the message diagram).

#include "netlab/checks/consistency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/builtin_checks.h"
#include "tests/support/register_brute_force.h"

namespace distlab::netlab {
namespace {

using Kind = KvOperation::Kind;
using Outcome = KvOperation::Outcome;
using Clock = std::chrono::steady_clock;
using core::Json;

constexpr std::int64_t kMs = 1'000'000;

class History {
public:
    // Adds an op and returns its index.
    std::size_t put(const std::string& client, std::string value, std::int64_t from_ms, std::optional<std::int64_t> to_ms,
                    Outcome outcome = Outcome::Ok, std::string key = "k") {
        KvOperation o = op(client, Kind::Put, std::move(key), from_ms, to_ms, outcome);
        o.value = std::move(value);
        return add(std::move(o));
    }
    std::size_t get(const std::string& client, std::optional<std::string> value, std::int64_t from_ms, std::int64_t to_ms,
                    std::string key = "k") {
        KvOperation o = op(client, Kind::Get, std::move(key), from_ms, to_ms, Outcome::Ok);
        o.value = std::move(value);
        return add(std::move(o));
    }
    std::size_t cas(const std::string& client, std::optional<std::string> expected, std::string value,
                    std::int64_t from_ms, std::int64_t to_ms) {
        KvOperation o = op(client, Kind::Cas, "k", from_ms, to_ms, Outcome::Ok);
        o.from = std::move(expected);
        o.value = std::move(value);
        return add(std::move(o));
    }
    const std::vector<KvOperation>& ops() const { return ops_; }
    KvOperation& last() { return ops_.back(); }

private:
    KvOperation op(const std::string& client, Kind kind, std::string key, std::int64_t from_ms,
                   std::optional<std::int64_t> to_ms, Outcome outcome) {
        KvOperation o;
        o.client = client;
        o.id = ++next_id_[client];
        o.kind = kind;
        o.key = std::move(key);
        o.invoked_ns = from_ms * kMs;
        if (to_ms)
            o.completed_ns = *to_ms * kMs;
        o.outcome = outcome;
        return o;
    }
    std::size_t add(KvOperation o) {
        ops_.push_back(std::move(o));
        return ops_.size() - 1;
    }

    std::vector<KvOperation> ops_;
    std::map<std::string, std::uint64_t> next_id_;
};

// The map as "model=verdict" for every model, for one-line expectations.
std::string map_text(const History& h) {
    std::string out;
    for (const ConsistencyRow& row : consistency_map(h.ops(), ConvergenceArgs{}, std::chrono::seconds(10)))
        out += std::string(out.empty() ? "" : " ") + std::string(check_name(row.model)) + "=" +
               std::string(to_string(row.result.verdict));
    return out;
}

std::vector<std::size_t> sorted(std::vector<std::size_t> v) {
    std::sort(v.begin(), v.end());
    return v;
}

bool mentions(const ModelResult& r, const std::string& text) { return r.detail.en.find(text) != std::string::npos; }

// ---- sequential consistency ----

TEST(Sequential, AnInterleavingThatKeepsEachClientsOrderPasses) {
    History h;
    h.put("c1", "a", 0, 10);
    h.put("c2", "b", 2, 12);
    h.get("c1", "b", 20, 21);
    h.get("c2", "b", 22, 23);
    const ModelResult r = check_sequential(h.ops(), Clock::now() + std::chrono::seconds(10));
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail.en;
    EXPECT_TRUE(mentions(r, "4 ops on 1 keys")) << r.detail.en;
    EXPECT_FALSE(r.detail.zh.empty());
}

TEST(Sequential, ReadingOneClientsWritesBackwardsFailsAndNamesTheOpsAndWhereItBreaks) {
    History h;
    const auto a = h.put("c1", "a", 0, 1);
    const auto b = h.put("c1", "b", 2, 3);
    const auto rb = h.get("c2", "b", 4, 5);
    const auto ra = h.get("c2", "a", 6, 7);
    h.get("c3", "b", 8, 9);   // after the break: not part of the counterexample
    const ModelResult r = check_sequential(h.ops(), Clock::now() + std::chrono::seconds(10));
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail.en;
    EXPECT_EQ(r.key, "k");
    ASSERT_FALSE(r.involved.empty());
    EXPECT_EQ(r.involved.front(), ra);   // the op no order can place
    EXPECT_EQ(sorted(r.involved), (std::vector<std::size_t>{a, b, rb, ra}));
    EXPECT_EQ(r.window_ns, std::make_pair(0 * kMs, 7 * kMs));
    EXPECT_TRUE(mentions(r, "key k is not sequentially consistent")) << r.detail.en;
    EXPECT_TRUE(mentions(r, "it breaks at c2 get k->a [0.006s, 0.007s]")) << r.detail.en;
}

TEST(Sequential, AStaleReadOfAnotherClientsWriteIsSequentialButNotLinearizable) {
    History h;
    h.put("c1", "a", 0, 1);
    h.get("c2", std::nullopt, 2, 3);   // after a completed, yet it finds nothing
    h.get("c2", "a", 4, 5);
    EXPECT_EQ(map_text(h), "linearizable=fail sequential=pass read_your_writes=pass monotonic_reads=pass "
                           "monotonic_writes=pass eventually_consistent=unknown");
}

TEST(Sequential, UnknownAndFailedOpsAreTreatedAsLinearizabilityTreatsThem) {
    History h;
    h.put("c1", "a", 0, std::nullopt, Outcome::Info);   // may have happened: c2 saw it
    h.put("c1", "z", 1, 2, Outcome::Fail);              // did not happen
    h.get("c2", "a", 5, 6);
    h.put("c3", "q", 0, std::nullopt, Outcome::Info);   // nobody saw it: may never have happened
    EXPECT_EQ(check_sequential(h.ops(), Clock::now() + std::chrono::seconds(10)).verdict, Verdict::Pass);
    History absent;
    absent.get("c2", "z", 5, 6);                        // only a failed write wrote z
    absent.put("c1", "z", 1, 2, Outcome::Fail);
    EXPECT_EQ(check_sequential(absent.ops(), Clock::now() + std::chrono::seconds(10)).verdict, Verdict::Fail);
}

TEST(Sequential, OverItsBudgetItAnswersUnknownAndSaysWhy) {
    History h;
    for (int i = 0; i < 1500; ++i)
        h.put("c1", "v" + std::to_string(i), 2 * i, 2 * i + 1);
    const ModelResult r = check_sequential(h.ops(), Clock::now() - std::chrono::seconds(1));
    EXPECT_EQ(r.verdict, Verdict::Unknown) << r.detail.en;
    EXPECT_TRUE(mentions(r, "ran out of its search budget (time, or 256 MB of memo): 0 of 1 keys")) << r.detail.en;
    EXPECT_TRUE(mentions(r, "key k (1500 ops) unfinished")) << r.detail.en;
    EXPECT_TRUE(mentions(r, "NP-hard")) << r.detail.en;
}

TEST(Sequential, KeysAreJudgedSeparately) {
    History h;
    h.put("c1", "a", 0, 1, Outcome::Ok, "x");
    h.put("c1", "b", 2, 3, Outcome::Ok, "y");
    h.get("c2", "b", 4, 5, "y");
    h.get("c2", std::nullopt, 6, 7, "x");   // per key fine; across keys no single order exists
    EXPECT_EQ(check_sequential(h.ops(), Clock::now() + std::chrono::seconds(10)).verdict, Verdict::Pass);
}

// A brute-force judge for tiny histories: every ok op and some of the unknown ones, in some order
// that keeps each client's order (a completed before b began), legal for a register per key.
bool brute_force_sequential(const std::vector<KvOperation>& ops) {
    return test_support::brute_force_register(ops, [](const KvOperation& y, const KvOperation& x) {
        return x.client == y.client && y.outcome == Outcome::Ok && y.completed_ns && *y.completed_ns < x.invoked_ns;
    });
}

// Random tiny histories of two or three clients on one key, values repeating: the search agrees
// with brute force, its counterexample fails on its own, and the map keeps Jepsen's order
// (linearizable implies sequential, which implies the session guarantees).
TEST(Sequential, AgreesWithBruteForceOnRandomTinyHistoriesAndKeepsTheMapsOrder) {
    std::mt19937_64 rng(2024);
    std::uniform_int_distribution<int> kind(0, 2), count(1, 7), time(0, 12), len(0, 4), value(0, 3), outcome(0, 9),
        client(1, 3);
    int failing = 0, passing = 0;
    for (int round = 0; round < 2000; ++round) {
        History h;
        const int n = count(rng);
        for (int i = 0; i < n; ++i) {
            const std::string c = "c" + std::to_string(client(rng));
            const int start = time(rng);
            const int stop = start + len(rng);
            const int o = outcome(rng);
            const Outcome out = o < 7 ? Outcome::Ok : o < 9 ? Outcome::Info : Outcome::Fail;
            auto some_value = [&]() -> std::optional<std::string> {
                const int v = value(rng);
                return v == 0 ? std::nullopt : std::optional<std::string>("v" + std::to_string(v));
            };
            switch (kind(rng)) {
            case 0: h.put(c, "v" + std::to_string(value(rng) + 1), start, stop); break;
            case 1: h.get(c, some_value(), start, stop); break;
            default: h.cas(c, some_value(), "v" + std::to_string(value(rng) + 1), start, stop); break;
            }
            h.last().outcome = out;
        }
        const bool expected = brute_force_sequential(h.ops());
        const ModelResult r = check_sequential(h.ops(), Clock::now() + std::chrono::seconds(10));
        ASSERT_EQ(r.verdict, expected ? Verdict::Pass : Verdict::Fail) << "round " << round << ": " << r.detail.en;
        (expected ? passing : failing)++;
        if (!expected) {
            std::vector<KvOperation> witness;
            for (std::size_t i : r.involved)
                witness.push_back(h.ops()[i]);
            EXPECT_FALSE(brute_force_sequential(witness)) << "round " << round;
        }
        std::map<std::string, Verdict> map;
        for (const ConsistencyRow& row : consistency_map(h.ops(), ConvergenceArgs{}, std::chrono::seconds(10)))
            map[std::string(check_name(row.model))] = row.result.verdict;
        if (map["linearizable"] == Verdict::Pass) {
            EXPECT_EQ(map["sequential"], Verdict::Pass) << "round " << round;
        }
        if (map["sequential"] == Verdict::Pass) {
            for (const char* m : {"read_your_writes", "monotonic_reads", "monotonic_writes"})
                EXPECT_EQ(map[m], Verdict::Pass) << m << ", round " << round;
        }
    }
    EXPECT_GT(failing, 100);
    EXPECT_GT(passing, 100);
}

// ---- read your writes ----

TEST(ReadYourWrites, ReadingYourOwnWriteOrALaterOnePasses) {
    History h;
    h.put("c1", "a", 0, 1);
    h.get("c1", "a", 2, 3);
    h.put("c2", "b", 4, 5);
    h.get("c1", "b", 6, 7);   // a newer write of another client
    const ModelResult r = check_read_your_writes(h.ops());
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail.en;
    EXPECT_TRUE(mentions(r, "2 reads after the client's own writes")) << r.detail.en;
}

TEST(ReadYourWrites, ReadingAValueOlderThanYourWriteFailsButMonotonicReadsHolds) {
    History h;
    const auto x = h.put("c2", "x", 0, 1);
    h.get("c1", "x", 2, 3);
    const auto a = h.put("c1", "a", 4, 5);   // c1 knew x when it wrote a: x is older
    const auto stale = h.get("c1", "x", 6, 7);
    const ModelResult r = check_read_your_writes(h.ops());
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail.en;
    EXPECT_EQ(r.involved, (std::vector<std::size_t>{stale, a, x}));
    EXPECT_EQ(r.window_ns, std::make_pair(0 * kMs, 7 * kMs));
    EXPECT_TRUE(mentions(r, "key k: c1 get k->x [0.006s, 0.007s] read x, older than its own write c1 put k=a"))
        << r.detail.en;
    EXPECT_EQ(map_text(h), "linearizable=fail sequential=fail read_your_writes=fail monotonic_reads=pass "
                           "monotonic_writes=pass eventually_consistent=unknown");
}

TEST(ReadYourWrites, FindingTheKeyAbsentAfterYourWriteFails) {
    History h;
    const auto a = h.put("c1", "a", 0, 1);
    const auto r0 = h.get("c1", std::nullopt, 2, 3);
    const ModelResult r = check_read_your_writes(h.ops());
    ASSERT_EQ(r.verdict, Verdict::Fail);
    EXPECT_EQ(r.involved, (std::vector<std::size_t>{r0, a}));
    EXPECT_TRUE(mentions(r, "found the key absent, though its own write c1 put k=a")) << r.detail.en;
}

TEST(ReadYourWrites, AReadOverlappingYourWriteIsNotAfterIt) {
    History h;
    h.put("c1", "a", 0, 10);
    h.get("c1", std::nullopt, 5, 12);   // an open-loop client: the ops overlap
    EXPECT_EQ(check_read_your_writes(h.ops()).verdict, Verdict::Pass);
}

TEST(ReadYourWrites, AKeyWithMoreWritesThanItFollowsIsUnknown) {
    History h;
    for (int i = 0; i < 16385; ++i)
        h.put("c1", "v" + std::to_string(i), 2 * i, 2 * i + 1, Outcome::Ok, "big");
    h.put("c1", "a", 0, 1);
    const ModelResult r = check_read_your_writes(h.ops());
    EXPECT_EQ(r.verdict, Verdict::Unknown);
    EXPECT_TRUE(mentions(r, "key big has 16385 writes, more than the 16384")) << r.detail.en;
}

// ---- monotonic reads ----

TEST(MonotonicReads, ReadsThatMoveForwardPass) {
    History h;
    h.put("c1", "a", 0, 1);
    h.get("c2", "a", 2, 3);
    h.put("c1", "b", 4, 5);
    h.get("c2", "b", 6, 7);
    h.get("c2", "b", 8, 9);
    EXPECT_EQ(check_monotonic_reads(h.ops()).verdict, Verdict::Pass);
}

TEST(MonotonicReads, GoingBackToAnOlderValueFailsButMonotonicWritesHolds) {
    History h;
    const auto a = h.put("c1", "a", 0, 1);
    h.get("c2", "a", 2, 3);
    const auto b = h.put("c2", "b", 4, 5);   // c2 read a, then wrote b: a is older than b
    const auto rb = h.get("c3", "b", 6, 7);
    const auto ra = h.get("c3", "a", 8, 9);
    const ModelResult r = check_monotonic_reads(h.ops());
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail.en;
    EXPECT_EQ(r.involved, (std::vector<std::size_t>{ra, rb, a, b}));
    EXPECT_TRUE(mentions(r, "c3 get k->a [0.008s, 0.009s] read a after the same client's c3 get k->b")) << r.detail.en;
    EXPECT_TRUE(mentions(r, "c2 knew of a when it wrote b")) << r.detail.en;
    // a and b come from different clients: no client's writes were seen out of order.
    EXPECT_EQ(check_monotonic_writes(h.ops()).verdict, Verdict::Pass);
    EXPECT_EQ(check_read_your_writes(h.ops()).verdict, Verdict::Pass);
}

TEST(MonotonicReads, FindingTheKeyAbsentAfterReadingAValueFails) {
    History h;
    h.put("c1", "a", 0, 1);
    h.get("c2", "a", 2, 3);
    h.get("c2", std::nullopt, 4, 5);
    const ModelResult r = check_monotonic_reads(h.ops());
    ASSERT_EQ(r.verdict, Verdict::Fail);
    EXPECT_TRUE(mentions(r, "found the key absent after the same client's c2 get k->a")) << r.detail.en;
}

// ---- monotonic writes ----

TEST(MonotonicWrites, SeeingOneClientsWritesBackwardsFails) {
    History h;
    const auto a = h.put("c1", "a", 0, 1);
    const auto b = h.put("c1", "b", 2, 3);
    const auto rb = h.get("c2", "b", 4, 5);
    const auto ra = h.get("c2", "a", 6, 7);
    const ModelResult r = check_monotonic_writes(h.ops());
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail.en;
    EXPECT_EQ(r.involved, (std::vector<std::size_t>{ra, rb, a, b}));
    EXPECT_TRUE(mentions(r, "but c1 wrote a before b: c1 put k=a [0.000s, 0.001s], then c1 put k=b")) << r.detail.en;
}

TEST(MonotonicWrites, ConcurrentWritesOfOneClientMayBeSeenInEitherOrder) {
    History h;
    h.put("c1", "a", 0, 10);
    h.put("c1", "b", 5, 12);   // open loop: b began before a completed
    h.get("c2", "b", 20, 21);
    h.get("c2", "a", 22, 23);
    EXPECT_EQ(check_monotonic_writes(h.ops()).verdict, Verdict::Pass);
}

// ---- eventual convergence ----

TEST(Convergence, GetsAfterTheWritesSettleAgreeOnAWrittenValue) {
    History h;
    h.put("c1", "a", 0, 10);
    h.put("c2", "b", 5, 20);
    h.get("c1", "a", 30, 31);      // before settling: may differ
    h.get("c1", "b", 1100, 1101);
    h.get("c2", "b", 1200, 1201);
    const ModelResult r = check_convergent(h.ops(), ConvergenceArgs{});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail.en;
    EXPECT_TRUE(mentions(r, "1 of 1 keys converged: their 2 gets")) << r.detail.en;
}

TEST(Convergence, CopiesThatStillDisagreeFail) {
    History h;
    h.put("c1", "a", 0, 10);
    h.put("c2", "b", 5, 20);
    const auto r1 = h.get("c1", "a", 1100, 1101);
    const auto r2 = h.get("c2", "b", 1200, 1201);
    const ModelResult r = check_convergent(h.ops(), ConvergenceArgs{});
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail.en;
    EXPECT_EQ(r.involved, (std::vector<std::size_t>{r2, r1}));
    EXPECT_TRUE(mentions(r, "key k did not converge: its writes stopped and settled by 1.020s")) << r.detail.en;
}

TEST(Convergence, AValueNobodyWroteFailsAndNoLateGetIsUnknown) {
    History h;
    h.put("c1", "a", 0, 10);
    h.get("c1", "zzz", 1100, 1101);
    EXPECT_EQ(check_convergent(h.ops(), ConvergenceArgs{}).verdict, Verdict::Fail);
    History early;
    early.put("c1", "a", 0, 10);
    early.get("c1", "a", 20, 21);
    const ModelResult r = check_convergent(early.ops(), ConvergenceArgs{});
    EXPECT_EQ(r.verdict, Verdict::Unknown);
    EXPECT_TRUE(mentions(r, "no get began 1s after its key's last write")) << r.detail.en;
}

TEST(Convergence, AnUnknownWriteSeenLateMovesTheQuietPoint) {
    History h;
    h.put("c1", "a", 0, 10);
    h.put("c2", "b", 5, std::nullopt, Outcome::Info);   // applied late
    h.get("c1", "a", 1100, 1101);
    h.get("c1", "b", 1500, 1501);
    h.get("c2", "b", 2600, 2601);
    EXPECT_EQ(check_convergent(h.ops(), ConvergenceArgs{}).verdict, Verdict::Pass);
}

// ---- the map ----

TEST(ConsistencyMap, ALinearizableHistoryKeepsEveryModel) {
    History h;
    h.put("c1", "a", 0, 1);
    h.get("c2", "a", 2, 3);
    h.cas("c2", "a", "b", 4, 5);
    h.get("c1", "b", 6, 7);
    h.get("c2", "b", 1100, 1101);
    EXPECT_EQ(map_text(h), "linearizable=pass sequential=pass read_your_writes=pass monotonic_reads=pass "
                           "monotonic_writes=pass eventually_consistent=pass");
}

TEST(ConsistencyMap, ModelsAreListedStrongestFirstWithTitlesInBothLanguages) {
    for (KvModel m : kKvModels) {
        EXPECT_FALSE(model_title(m).en.empty());
        EXPECT_FALSE(model_title(m).zh.empty());
        EXPECT_FALSE(model_promise(m).zh.empty());
    }
    EXPECT_EQ(check_name(kKvModels[0]), "linearizable");
}

// ---- through the registry, from events ----

Scenario scenario_with_store() {
    Scenario s;
    s.name = "t";
    s.nodes.push_back({.id = "n1", .role = "raft"});
    s.nodes.push_back({.id = "c1", .role = "kv-client"});
    s.nodes.push_back({.id = "c2", .role = "kv-client"});
    return s;
}

std::vector<std::string> problems(const std::string& name, const Json& args, const Scenario& s) {
    std::vector<std::string> out;
    for (const core::Text& p : CheckRegistry::builtin().validate(CheckSpec{name, args, {}}, s))
        out.push_back(p.en);
    return out;
}

TEST(ConsistencyChecks, AreRegisteredWithTheirArguments) {
    const Scenario s = scenario_with_store();
    for (const char* name : {"sequential", "read_your_writes", "monotonic_reads", "monotonic_writes",
                             "eventually_consistent"}) {
        ASSERT_NE(CheckRegistry::builtin().find(name), nullptr) << name;
        EXPECT_TRUE(problems(name, "kv", s).empty()) << name;
        EXPECT_FALSE(problems(name, "bank", s).empty()) << name;
    }
    EXPECT_TRUE(problems("eventually_consistent", Json{{"model", "kv"}, {"within", "2s"}}, s).empty());
    const auto heal = problems("eventually_consistent", Json{{"model", "kv"}, {"after", "last_heal"}}, s);
    ASSERT_EQ(heal.size(), 1u);
    EXPECT_NE(heal[0].find("no fault of the scenario is ever healed"), std::string::npos) << heal[0];
    Scenario servers_only;
    servers_only.nodes.push_back({.id = "n1", .role = "raft"});
    EXPECT_FALSE(problems("read_your_writes", "kv", servers_only).empty());
}

TEST(ConsistencyChecks, ACounterexampleNamesItsOpsClientsServersAndMessages) {
    const Scenario s = scenario_with_store();
    std::vector<Event> events;
    const auto add = [&](std::int64_t ms, EventKind kind, std::string node, std::string peer, std::uint64_t id,
                         std::string type, Json data) {
        events.push_back({.t_ns = ms * kMs, .kind = kind, .node = std::move(node), .peer = std::move(peer),
                          .msg_id = id, .type = std::move(type), .data = data.dump()});
    };
    // c1 writes a, then reads the key back from a lagging node and finds nothing.
    add(10, EventKind::OpInvoked, "c1", "", 1, "put", {{"key", "x"}, {"value", "a"}});
    add(11, EventKind::MessageSent, "c1", "n1", 100, "put", Json::object());
    add(15, EventKind::MessageSent, "n1", "c1", 7, "put_reply", Json::object());
    add(16, EventKind::OpCompleted, "c1", "", 1, "ok", Json::object());
    add(17, EventKind::MessageSent, "n1", "n2", 8, "append", Json::object());   // not a client's
    add(20, EventKind::OpInvoked, "c1", "", 2, "get", {{"key", "x"}});
    add(21, EventKind::MessageSent, "c1", "n2", 101, "get", Json::object());
    add(24, EventKind::MessageSent, "n2", "c1", 9, "get_reply", Json::object());
    add(25, EventKind::OpCompleted, "c1", "", 2, "ok", {{"value", nullptr}});
    const CheckResult r = run_check(CheckSpec{"read_your_writes", "kv", {}}, RunView{s, events},
                                    CheckRegistry::builtin());
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.ops, (std::vector<EventRef>{{"c1", 2}, {"c1", 1}}));
    for (const char* node : {"c1", "n1", "n2"})
        EXPECT_NE(std::find(r.nodes.begin(), r.nodes.end(), node), r.nodes.end()) << node;
    std::vector<EventRef> messages = r.messages;
    std::sort(messages.begin(), messages.end());
    EXPECT_EQ(messages, (std::vector<EventRef>{{"c1", 100}, {"c1", 101}, {"n1", 7}, {"n2", 9}}));
    EXPECT_EQ(r.window_ns, std::make_pair(10 * kMs, 25 * kMs));
    EXPECT_FALSE(r.detail_zh.empty());
    // The stale read is sequentially consistent in no order (c1's own write comes first) ...
    EXPECT_EQ(run_check(CheckSpec{"sequential", "kv", {}}, RunView{s, events}, CheckRegistry::builtin()).verdict,
              Verdict::Fail);
    // ... and with one read per client there is nothing monotonic reads could break.
    EXPECT_EQ(run_check(CheckSpec{"monotonic_reads", "kv", {}}, RunView{s, events}, CheckRegistry::builtin()).verdict,
              Verdict::Pass);
}

}  // namespace
}  // namespace distlab::netlab
