// What a failing check points at: the nodes, messages and client operations of its anomaly
// (CheckResult::nodes / messages / ops), for every family of builtin checks. Shipped scenarios
// whose point is a failure are run in the simulator; the rest are hand-made event streams.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/checks/op_history.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab {
namespace {

using core::Json;

constexpr std::int64_t kMs = 1'000'000;

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

Scenario load_text(const std::string& yaml) {
    auto loaded = load_scenario_text(yaml, "t.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return loaded ? std::move(*loaded) : Scenario{};
}

// A shipped scenario run once in the simulator per test program (deterministic).
struct ShippedRun {
    Scenario scenario;
    std::vector<Event> events;
};

const ShippedRun& shipped(const std::string& relative) {
    static std::map<std::string, ShippedRun> runs;
    auto it = runs.find(relative);
    if (it != runs.end())
        return it->second;
    auto loaded = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/" + relative, core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << relative;
    ShippedRun run{loaded ? *loaded : Scenario{}, {}};
    Collector collector;
    SimRun sim(run.scenario, core::RoleRegistry::builtin(), std::nullopt);
    sim.telemetry().add_sink(collector);
    sim.run();
    run.events = std::move(collector.events);
    return runs.emplace(relative, std::move(run)).first->second;
}

// The verdict of the scenario's check `name` wrapped in expect_fail (which passes on the failure
// and points where the wrapped check does).
CheckResult expected_failure(const ShippedRun& run, const std::string& name) {
    const auto results = run_checks(RunView{run.scenario, run.events}, CheckRegistry::builtin());
    for (std::size_t i = 0; i < run.scenario.checks.size(); ++i) {
        const CheckSpec& spec = run.scenario.checks[i];
        if (spec.name == "expect_fail" && spec.args.contains(name)) {
            EXPECT_EQ(results[i].verdict, Verdict::Pass) << results[i].detail;
            return results[i];
        }
    }
    ADD_FAILURE() << "no expect_fail: {" << name << "} in " << run.scenario.name;
    return {};
}

// One check built from `args` and run on `events`.
CheckResult evaluate(const std::string& name, const Json& args, const Scenario& scenario,
                     const std::vector<Event>& events) {
    return run_check(CheckSpec{name, args, {}}, RunView{scenario, events}, CheckRegistry::builtin(),
                     std::chrono::seconds(30));
}

bool has_node(const CheckResult& r, const std::string& node) {
    return std::find(r.nodes.begin(), r.nodes.end(), node) != r.nodes.end();
}

std::string declared_role(const Scenario& s, const std::string& node) {
    const NodeSpec* spec = s.find_node(node);
    return spec ? spec->role : std::string();
}

// The terms each node reported being leader in, from its State events.
std::map<std::string, std::set<std::int64_t>> leader_terms(const std::vector<Event>& events) {
    std::map<std::string, std::set<std::int64_t>> terms;
    for (const Event& e : events) {
        if (e.kind != EventKind::State)
            continue;
        const Json s = Json::parse(e.data, nullptr, false);
        if (s.is_object() && s.value("role", "") == "leader" && s.contains("term") && s["term"].is_number_integer())
            terms[e.node].insert(s["term"].get<std::int64_t>());
    }
    return terms;
}

// ---- Raft, on the shipped unsafe scenarios ----

TEST(InvolvedRaft, TwoLeadersOfOneTermAreTheNodesOfSingleLeaderPerTerm) {
    const ShippedRun& run = shipped("scenarios/consensus/unsafe-vote-without-persist.yaml");
    const CheckResult r = expected_failure(run, "single_leader_per_term");
    ASSERT_EQ(r.nodes.size(), 2u) << r.detail;
    EXPECT_NE(r.nodes[0], r.nodes[1]);
    const auto terms = leader_terms(run.events);
    ASSERT_TRUE(terms.count(r.nodes[0]) && terms.count(r.nodes[1])) << r.detail;
    std::vector<std::int64_t> shared;
    std::set_intersection(terms.at(r.nodes[0]).begin(), terms.at(r.nodes[0]).end(), terms.at(r.nodes[1]).begin(),
                          terms.at(r.nodes[1]).end(), std::back_inserter(shared));
    EXPECT_FALSE(shared.empty()) << "no term both led: " << r.detail;
    // The detail names the same two.
    EXPECT_NE(r.detail.find(r.nodes[0]), std::string::npos);
    EXPECT_NE(r.detail.find(r.nodes[1]), std::string::npos);
    EXPECT_TRUE(r.messages.empty());
    EXPECT_TRUE(r.ops.empty());
}

TEST(InvolvedRaft, LeaderCompletenessNamesTheTwoNodesThatDisagreeOnACommittedEntry) {
    for (const char* file : {"scenarios/consensus/unsafe-skip-log-check.yaml",
                             "scenarios/consensus/unsafe-commit-old-term.yaml"}) {
        SCOPED_TRACE(file);
        const ShippedRun& run = shipped(file);
        const CheckResult r = expected_failure(run, "leader_completeness");
        ASSERT_EQ(r.nodes.size(), 2u) << r.detail;
        EXPECT_NE(r.nodes[0], r.nodes[1]);
        for (const std::string& node : r.nodes)
            EXPECT_NE(r.detail.find(node), std::string::npos) << node << ": " << r.detail;
        // A leader lacking a committed entry comes first: it is where the rule broke.
        if (r.detail.find("lacks it") != std::string::npos) {
            EXPECT_NE(r.detail.find(r.nodes[0] + ", leader of term"), std::string::npos) << r.detail;
            EXPECT_TRUE(leader_terms(run.events).count(r.nodes[0]));
        }
    }
}

TEST(InvolvedRaft, StateMachineSafetyNamesTheTwoNodesWhoseHashesDiffer) {
    const ShippedRun& run = shipped("scenarios/consensus/unsafe-skip-log-check.yaml");
    const CheckResult r = expected_failure(run, "state_machine_safety");
    ASSERT_EQ(r.nodes.size(), 2u) << r.detail;
    EXPECT_NE(r.nodes[0], r.nodes[1]);
    for (const std::string& node : r.nodes) {
        EXPECT_EQ(declared_role(run.scenario, node), "raft");
        EXPECT_NE(r.detail.find(node + " had"), std::string::npos) << node << ": " << r.detail;
    }
}

TEST(InvolvedRaft, MaxTermNamesTheNodeThatWentPastIt) {
    const ShippedRun& run = shipped("scenarios/consensus/disruptive-rejoin-prevote-off.yaml");
    const CheckResult r = expected_failure(run, "max_term");
    ASSERT_EQ(r.nodes.size(), 1u) << r.detail;
    ASSERT_TRUE(r.window_ns);
    bool reported = false;
    for (const Event& e : run.events)
        if (e.kind == EventKind::State && e.node == r.nodes[0] && e.t_ns == r.window_ns->first &&
            Json::parse(e.data).value("term", 0) > 3)
            reported = true;
    EXPECT_TRUE(reported) << r.detail;
}

TEST(InvolvedRaft, LogMatchingNamesTheTwoNodesWhoseLogsDiverge) {
    Scenario s;
    s.name = "t";
    for (const char* id : {"n1", "n2", "n3"})
        s.nodes.push_back({.id = id, .role = "raft"});
    const auto state = [](std::int64_t ms, std::string node, const char* command) {
        const Json snap = {{"role", "follower"},
                           {"term", 2},
                           {"commit", 0},
                           {"log", {{"first_index", 1}, {"last_index", 1}, {"entries", Json::array({{1, 2, command}})}}}};
        return Event{.t_ns = ms * kMs, .kind = EventKind::State, .node = std::move(node), .data = snap.dump()};
    };
    const CheckResult r =
        evaluate("log_matching", true, s, {state(10, "n1", "x=1"), state(20, "n3", "x=1"), state(30, "n2", "x=2")});
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"n1", "n2"}));
}

// ---- generic checks ----

TEST(InvolvedGeneric, AvailabilityPointsAtTheOpsOfItsWindowThatDidNotSucceed) {
    const ShippedRun& run = shipped("scenarios/communication/request-response.yaml");
    const CheckResult r = expected_failure(run, "availability");
    ASSERT_FALSE(r.ops.empty()) << r.detail;
    EXPECT_EQ(r.nodes.front(), "c1");
    const OpHistory history = collect_ops(run.events);
    for (const EventRef& ref : r.ops) {
        const auto op = std::find_if(history.ops.begin(), history.ops.end(),
                                     [&](const OpRecord& o) { return o.client == ref.node && o.id == ref.id; });
        ASSERT_NE(op, history.ops.end()) << ref.node << " op " << ref.id;
        EXPECT_FALSE(op->ok());
        EXPECT_GE(op->invoked_ns, 4'000 * kMs);   // the check's window: after 4s, until 6s
        EXPECT_LT(op->invoked_ns, 6'000 * kMs);
    }
}

TEST(InvolvedGeneric, LatencyPointsAtTheSlowestOpsOfTheClientItJudges) {
    const ShippedRun& run = shipped("scenarios/resilience/bulkhead-off.yaml");
    const CheckResult r = expected_failure(run, "latency");
    ASSERT_FALSE(r.ops.empty()) << r.detail;
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"c1"}));
    const OpHistory history = collect_ops(run.events);
    std::int64_t slowest = 0;
    for (const OpRecord& op : history.ops)
        if (op.client == "c1" && op.ok())
            slowest = std::max(slowest, op.latency_ns());
    const auto first = std::find_if(history.ops.begin(), history.ops.end(), [&](const OpRecord& o) {
        return o.client == r.ops.front().node && o.id == r.ops.front().id;
    });
    ASSERT_NE(first, history.ops.end());
    EXPECT_EQ(first->latency_ns(), slowest);
    for (const EventRef& ref : r.ops)
        EXPECT_EQ(ref.node, "c1");
}

TEST(InvolvedGeneric, RecoversPointsAtTheOpsThatDidNotSucceedAfterTheReference) {
    const ShippedRun& run = shipped("scenarios/resilience/retry-storm.yaml");
    const CheckResult r = expected_failure(run, "recovers");
    ASSERT_FALSE(r.ops.empty()) << r.detail;
    const OpHistory history = collect_ops(run.events);
    for (const EventRef& ref : r.ops) {
        EXPECT_TRUE(has_node(r, ref.node));
        const auto op = std::find_if(history.ops.begin(), history.ops.end(),
                                     [&](const OpRecord& o) { return o.client == ref.node && o.id == ref.id; });
        ASSERT_NE(op, history.ops.end());
        EXPECT_FALSE(op->ok());
        EXPECT_GE(op->invoked_ns, 6'000 * kMs);
    }
}

TEST(InvolvedGeneric, AmplificationNamesTheServersThatCountedBusiestFirst) {
    const ShippedRun& run = shipped("scenarios/resilience/retry-storm.yaml");
    const CheckResult r = evaluate("amplification", {{"max", 1}}, run.scenario, run.events);
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    ASSERT_FALSE(r.nodes.empty());
    for (const std::string& node : r.nodes)
        EXPECT_FALSE(core::RoleRegistry::builtin().find(declared_role(run.scenario, node))->client) << node;
}

TEST(InvolvedGeneric, NoViolationsNamesEveryNodeThatReportedOne) {
    Scenario s;
    const auto violation = [](std::int64_t ms, std::string node) {
        return Event{.t_ns = ms * kMs, .kind = EventKind::Violation, .node = std::move(node), .data = "broken"};
    };
    const CheckResult r = evaluate("no_violations", true, s,
                                   {violation(10, "n2"), violation(20, "n1"), violation(30, "n2")});
    ASSERT_EQ(r.verdict, Verdict::Fail);
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"n2", "n1"}));
}

// A scenario with a client node: the checks on operations apply only where a client role runs.
Scenario with_client() {
    Scenario s;
    s.nodes.push_back(NodeSpec{.id = "c1", .role = "kv-client"});
    return s;
}

TEST(InvolvedGeneric, AllOpsCompleteNamesTheOpsThatDidNotCompleteOnce) {
    const Scenario s = with_client();
    const auto op = [](std::int64_t ms, EventKind kind, std::string client, std::uint64_t id) {
        return Event{.t_ns = ms * kMs, .kind = kind, .node = std::move(client), .msg_id = id,
                     .type = kind == EventKind::OpInvoked ? "call" : "ok", .data = "{}"};
    };
    const CheckResult r = evaluate("all_ops_complete", true, s,
                                   {op(1, EventKind::OpInvoked, "c1", 1), op(2, EventKind::OpCompleted, "c1", 1),
                                    op(3, EventKind::OpInvoked, "c2", 1), op(4, EventKind::OpInvoked, "c1", 2),
                                    op(5, EventKind::OpCompleted, "c1", 2), op(6, EventKind::OpCompleted, "c1", 2),
                                    op(7, EventKind::OpCompleted, "c3", 9)});
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.ops, (std::vector<EventRef>{{"c2", 1}, {"c1", 2}, {"c3", 9}}));
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"c2", "c1", "c3"}));
}

TEST(InvolvedGeneric, AListIsCutAtTheLimit) {
    const Scenario s = with_client();
    std::vector<Event> events;
    for (std::uint64_t i = 0; i < 200; ++i)
        events.push_back({.t_ns = std::int64_t(i), .kind = EventKind::OpInvoked, .node = "c1", .msg_id = i,
                          .type = "call", .data = "{}"});
    const CheckResult r = evaluate("all_ops_complete", true, s, events);
    EXPECT_EQ(r.ops.size(), CheckResult::kMaxInvolved);
    EXPECT_EQ(r.ops.front(), (EventRef{"c1", 0}));
}

// ---- linearizable ----

TEST(InvolvedLinearizable, AStaleReadNamesItsOpsClientsServersAndMessages) {
    Scenario s;
    for (const char* id : {"n1", "n2"})
        s.nodes.push_back({.id = id, .role = "raft"});
    s.nodes.push_back({.id = "c1", .role = "kv-client"});
    s.nodes.push_back({.id = "c2", .role = "kv-client"});
    std::vector<Event> events;
    const auto add = [&](std::int64_t ms, EventKind kind, std::string node, std::string peer, std::uint64_t id,
                         std::string type, Json data) {
        events.push_back({.t_ns = ms * kMs, .kind = kind, .node = std::move(node), .peer = std::move(peer),
                          .msg_id = id, .type = std::move(type), .data = data.dump()});
    };
    // c1 writes x=1 through n1; afterwards c2 reads x from n2 and gets nothing: stale.
    add(10, EventKind::OpInvoked, "c1", "", 1, "put", {{"key", "x"}, {"value", "1"}});
    add(11, EventKind::MessageSent, "c1", "n1", 100, "put", Json::object());
    add(15, EventKind::MessageSent, "n1", "c1", 7, "put_reply", Json::object());
    add(16, EventKind::OpCompleted, "c1", "", 1, "ok", Json::object());
    add(17, EventKind::MessageSent, "n1", "n2", 8, "append", Json::object());   // not a client's
    add(20, EventKind::OpInvoked, "c2", "", 1, "get", {{"key", "x"}});
    add(21, EventKind::MessageSent, "c2", "n2", 200, "get", Json::object());
    add(24, EventKind::MessageSent, "n2", "c2", 9, "get_reply", Json::object());
    add(25, EventKind::OpCompleted, "c2", "", 1, "ok", {{"value", nullptr}});
    const CheckResult r = evaluate("linearizable", "kv", s, events);
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.ops.size(), 2u);
    EXPECT_NE(std::find(r.ops.begin(), r.ops.end(), EventRef{"c2", 1}), r.ops.end());
    EXPECT_NE(std::find(r.ops.begin(), r.ops.end(), EventRef{"c1", 1}), r.ops.end());
    for (const char* node : {"c1", "c2", "n1", "n2"})
        EXPECT_TRUE(has_node(r, node)) << node;
    std::vector<EventRef> messages = r.messages;
    std::sort(messages.begin(), messages.end());
    EXPECT_EQ(messages, (std::vector<EventRef>{{"c1", 100}, {"c2", 200}, {"n1", 7}, {"n2", 9}}));
}

// The real lab routes a read's data frames before it stamps the op frames that came with them:
// an op's own request is stamped a few microseconds before its invocation and still belongs to it.
TEST(InvolvedLinearizable, ARequestStampedJustBeforeItsInvocationBelongsToIt) {
    Scenario s;
    s.nodes.push_back({.id = "n1", .role = "raft"});
    s.nodes.push_back({.id = "c1", .role = "kv-client"});
    s.nodes.push_back({.id = "c2", .role = "kv-client"});
    std::vector<Event> events;
    const auto add = [&](std::int64_t ns, EventKind kind, std::string node, std::string peer, std::uint64_t id,
                         std::string type, Json data) {
        events.push_back({.t_ns = ns, .kind = kind, .node = std::move(node), .peer = std::move(peer),
                          .msg_id = id, .type = std::move(type), .data = data.dump()});
    };
    add(1 * kMs, EventKind::MessageSent, "c2", "n1", 199, "get", Json::object());   // an earlier op's
    add(10 * kMs - 3'000, EventKind::MessageSent, "c1", "n1", 100, "put", Json::object());
    add(10 * kMs, EventKind::OpInvoked, "c1", "", 1, "put", {{"key", "x"}, {"value", "1"}});
    add(15 * kMs, EventKind::OpCompleted, "c1", "", 1, "ok", Json::object());
    add(20 * kMs - 2'000, EventKind::MessageSent, "c2", "n1", 200, "get", Json::object());
    add(20 * kMs, EventKind::OpInvoked, "c2", "", 1, "get", {{"key", "x"}});
    add(25 * kMs, EventKind::OpCompleted, "c2", "", 1, "ok", {{"value", nullptr}});
    const CheckResult r = evaluate("linearizable", "kv", s, events);
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    std::vector<EventRef> messages = r.messages;
    std::sort(messages.begin(), messages.end());
    EXPECT_EQ(messages, (std::vector<EventRef>{{"c1", 100}, {"c2", 200}}));
}

// ---- resilience checks ----

TEST(InvolvedResilience, BreakerOpensNamesTheBreakerThatNeverOpened) {
    const ShippedRun& run = shipped("scenarios/resilience/circuit-breaker-off.yaml");
    const CheckResult r = expected_failure(run, "breaker_opens");
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"c1"})) << r.detail;
}

TEST(InvolvedResilience, BreakerIsolatesNamesTheRequestsThatGotThrough) {
    const Scenario s = load_text(
        "version: 1\nname: t\nfamily: resilience\ntitle: {en: t, zh: t}\nsummary: {en: s, zh: s}\n"
        "nodes:\n  - {id: s1, role: server}\n"
        "  - {id: c1, role: breaker-client, params: {target: s1, half_open_calls: 2}}\n"
        "checks:\n  - breaker_isolates: true\n");
    const auto send = [](std::int64_t ms, std::uint64_t id) {
        return Event{.t_ns = ms * kMs, .kind = EventKind::MessageSent, .node = "c1", .peer = "s1", .msg_id = id,
                     .type = "request", .data = "{}"};
    };
    const auto phase = [](std::int64_t ms, std::string name) {
        return Event{.t_ns = ms * kMs, .kind = EventKind::Phase, .node = "c1", .type = std::move(name),
                     .data = R"({"from":"","reason":""})"};
    };
    const CheckResult r = evaluate("breaker_isolates", true, s,
                                   {phase(0, "closed"), send(100, 1), phase(200, "open"), send(300, 2), send(400, 3)});
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.messages, (std::vector<EventRef>{{"c1", 2}, {"c1", 3}}));
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"c1", "s1"}));
}

TEST(InvolvedResilience, BoundedQueueNamesTheStageOverItsBound) {
    const ShippedRun& run = shipped("scenarios/resilience/backpressure-unbounded.yaml");
    const CheckResult r = expected_failure(run, "bounded_queue");
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"stage"})) << r.detail;
}

TEST(InvolvedResilience, NoAckedLossNamesTheLostItemsOperationsAndTheStageThatDied) {
    const Scenario s = load_text(
        "version: 1\nname: t\nfamily: resilience\ntitle: {en: T, zh: T}\nsummary: {en: T, zh: T}\n"
        "nodes:\n  - {id: p1, role: producer, params: {target: st}}\n"
        "  - {id: st, role: bounded-stage, params: {target: k1}}\n  - {id: k1, role: consumer}\n"
        "checks:\n  - no_acked_loss: true\n");
    const auto acked = [](std::int64_t ms, std::uint64_t op, std::int64_t item) {
        return Event{.t_ns = ms * kMs, .kind = EventKind::OpCompleted, .node = "p1", .msg_id = op, .type = "ok",
                     .data = Json{{"id", item}}.dump()};
    };
    const CheckResult r = evaluate("no_acked_loss", true, s,
                                   {acked(10, 5, 1), acked(11, 6, 2),
                                    Event{.t_ns = 20 * kMs, .kind = EventKind::NodeExited, .node = "st",
                                          .data = R"({"cause":"fault"})"}});
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.ops, (std::vector<EventRef>{{"p1", 5}, {"p1", 6}}));
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"p1", "st"}));
}

TEST(InvolvedResilience, NoWorkAfterDeadlineNamesTheLateCalls) {
    const Scenario s = load_text(
        "version: 1\nname: t\nfamily: resilience\ntitle: {en: T, zh: T}\nsummary: {en: T, zh: T}\n"
        "nodes:\n  - {id: s1, role: server}\n  - {id: b, role: relay, params: {target: s1}}\n"
        "  - {id: c1, role: retry-client, params: {target: b}}\n"
        "checks:\n  - no_work_after_deadline: true\n");
    const auto request = [](std::int64_t t, std::uint64_t id, std::int64_t deadline, std::int64_t sent) {
        return Event{.t_ns = t, .kind = EventKind::MessageSent, .node = "b", .peer = "s1", .msg_id = id,
                     .type = "request", .data = Json{{"deadline_ns", deadline}, {"sent_at_ns", sent}}.dump()};
    };
    const CheckResult r = evaluate("no_work_after_deadline", true, s,
                                   {request(10, 1, 100, 50), request(20, 2, 100, 100), request(30, 3, 100, 300)});
    ASSERT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.messages, (std::vector<EventRef>{{"b", 2}, {"b", 3}}));
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"b", "s1"}));
}

TEST(InvolvedResilience, APassingCheckInvolvesNothing) {
    const ShippedRun& run = shipped("scenarios/resilience/circuit-breaker-off.yaml");
    for (const CheckResult& r : run_checks(RunView{run.scenario, run.events}, CheckRegistry::builtin())) {
        if (r.name == "expect_fail")
            continue;
        EXPECT_EQ(r.verdict, Verdict::Pass) << r.name;
        EXPECT_TRUE(r.nodes.empty() && r.messages.empty() && r.ops.empty()) << r.name;
    }
}

}  // namespace
}  // namespace distlab::netlab
