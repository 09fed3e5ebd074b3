#include "netlab/patterns/raft/raft_checks.h"

#include <gtest/gtest.h>

#include "netlab/checks/builtin_checks.h"
#include "tests/support/check_problems.h"

namespace distlab::netlab {
namespace {

using test_support::problems_of;

using core::Json;

constexpr std::int64_t kMs = 1'000'000;

// A raft snapshot in the agreed shape; `entries` are [index, term, command].
struct Snap {
    std::string role = "follower";
    std::int64_t term = 1;
    std::int64_t commit = 0;
    Json entries = Json::array();
    std::int64_t first_index = 1;
    std::int64_t snapshot_index = 0;
    std::int64_t snapshot_term = 0;
    std::optional<std::pair<std::int64_t, std::string>> applied_hash;
};

Event state(std::int64_t t_ms, std::string node, const Snap& s) {
    std::int64_t last = s.snapshot_index;
    std::int64_t last_term = s.snapshot_term;
    if (!s.entries.empty()) {
        last = s.entries.back()[0].get<std::int64_t>();
        last_term = s.entries.back()[1].get<std::int64_t>();
    }
    Json snap = {{"role", s.role},
                 {"term", s.term},
                 {"voted_for", nullptr},
                 {"leader", s.role == "leader" ? Json(node) : Json(nullptr)},
                 {"commit", s.commit},
                 {"applied", s.commit},
                 {"log", {{"first_index", s.first_index}, {"last_index", last}, {"last_term", last_term},
                          {"entries", s.entries}}},
                 {"snapshot", {{"index", s.snapshot_index}, {"term", s.snapshot_term}}},
                 {"members", {"n1", "n2", "n3"}}};
    if (s.applied_hash)
        snap["applied_hash"] = {{"index", s.applied_hash->first}, {"hash", s.applied_hash->second}};
    Event e;
    e.t_ns = t_ms * kMs;
    e.kind = EventKind::State;
    e.node = std::move(node);
    e.data = snap.dump();
    return e;
}

Event simple(std::int64_t t_ms, EventKind kind) {
    Event e;
    e.t_ns = t_ms * kMs;
    e.kind = kind;
    e.type = "kill";
    e.data = "{}";
    return e;
}

class RaftChecks : public ::testing::Test {
protected:
    RaftChecks() {
        core::RoleDescriptor raft;
        raft.name = "raft";
        roles_.add(raft);
        core::RoleDescriptor client;
        client.name = "kv-client";
        client.client = true;
        roles_.add(client);
        register_builtin_checks(registry_);
        scenario_.name = "t";
        for (const char* id : {"n1", "n2", "n3"})
            scenario_.nodes.push_back(node(id, "raft"));
        scenario_.nodes.push_back(node("c1", "kv-client"));
        FaultSpec kill;
        kill.at = std::chrono::seconds(1);
        kill.kind = FaultKind::Kill;
        kill.until = std::chrono::seconds(2);
        scenario_.faults.push_back(kill);
    }

    static NodeSpec node(std::string id, std::string role) {
        NodeSpec n;
        n.id = std::move(id);
        n.role = std::move(role);
        return n;
    }

    CheckResult run(const std::string& name, const Json& args, const std::vector<Event>& events) {
        EXPECT_TRUE(problems_of(registry_, registry_.find(name), args, scenario_).empty());
        scenario_.checks = {CheckSpec{name, args, {}}};
        const auto results = run_checks(RunView{scenario_, events}, registry_);
        EXPECT_EQ(results.size(), 1u);
        return results.empty() ? CheckResult{} : results[0];
    }

    core::RoleRegistry roles_;
    CheckRegistry registry_{roles_};
    Scenario scenario_;
};

TEST_F(RaftChecks, EachRefusesAScenarioWithoutRaftNodes) {
    Scenario plain;
    plain.nodes.push_back(node("c1", "kv-client"));
    plain.nodes.push_back(node("s1", "server"));
    FaultSpec kill;
    kill.kind = FaultKind::Kill;
    plain.faults.push_back(kill);
    for (const auto& [name, args] : std::vector<std::pair<std::string, Json>>{
             {"single_leader_per_term", true},
             {"log_matching", true},
             {"leader_completeness", true},
             {"state_machine_safety", true},
             {"leader_elected", {{"within", "2s"}}}}) {
        const CheckInfo* info = registry_.find(name);
        ASSERT_NE(info, nullptr) << name;
        EXPECT_TRUE(problems_of(registry_, info, args, scenario_).empty()) << name;
        const auto problems = problems_of(registry_, info, args, plain);
        ASSERT_EQ(problems.size(), 1u) << name;
        EXPECT_NE(problems[0].find("no node has the role raft"), std::string::npos) << problems[0];
    }
    EXPECT_FALSE(problems_of(registry_, registry_.find("log_matching"), false, scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, registry_.find("leader_elected"), {{"within", "soon"}}, scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, registry_.find("leader_elected"), {{"within", "2s"}, {"after", "lunch"}}, scenario_).empty());
    EXPECT_FALSE(problems_of(registry_, registry_.find("leader_elected"), {{"after", "start"}}, scenario_).empty());
}

TEST_F(RaftChecks, SingleLeaderPerTerm) {
    std::vector<Event> events = {
        state(100, "n1", {.role = "leader", .term = 1}),
        state(150, "n1", {.role = "leader", .term = 1, .commit = 1}),
        state(500, "n2", {.role = "leader", .term = 2}),
        state(600, "n1", {.role = "follower", .term = 2}),
    };
    auto r = run("single_leader_per_term", true, events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("2 terms"), std::string::npos) << r.detail;

    events.push_back(state(700, "n3", {.role = "leader", .term = 2}));
    r = run("single_leader_per_term", true, events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("two leaders in term 2: n2"), std::string::npos) << r.detail;
    ASSERT_TRUE(r.window_ns);
    EXPECT_EQ(*r.window_ns, std::make_pair(500 * kMs, 700 * kMs));
}

TEST_F(RaftChecks, SingleLeaderPerTermIgnoresNodesThatAreNotRaft) {
    std::vector<Event> events = {state(100, "n1", {.role = "leader", .term = 1}),
                                 state(200, "c1", {.role = "leader", .term = 1})};
    EXPECT_EQ(run("single_leader_per_term", true, events).verdict, Verdict::Pass);
}

TEST_F(RaftChecks, LogMatching) {
    const Json log = Json::array({{1, 1, "put k0=a"}, {2, 1, "put k1=b"}, {3, 2, "put k0=c"}});
    std::vector<Event> events = {
        state(100, "n1", {.entries = log}),
        state(200, "n2", {.entries = Json::array({{1, 1, "put k0=a"}, {2, 1, "put k1=b"}})}),
        // A compacted log: entries from 3 on, after a snapshot at (2, term 1).
        state(300, "n3", {.entries = Json::array({{3, 2, "put k0=c"}}), .first_index = 3, .snapshot_index = 2,
                          .snapshot_term = 1}),
    };
    auto r = run("log_matching", true, events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;

    // Same index and term, another command.
    auto bad = events;
    bad.push_back(state(400, "n2", {.entries = Json::array({{1, 1, "put k0=a"}, {2, 1, "put k1=X"}})}));
    r = run("log_matching", true, bad);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("index 2, term 1"), std::string::npos) << r.detail;
    EXPECT_EQ(*r.window_ns, std::make_pair(100 * kMs, 400 * kMs));

    // Same (3, term 2) but a different entry before it: the logs before it differ.
    bad = events;
    bad.push_back(state(400, "n2", {.entries = Json::array({{1, 1, "put k0=a"}, {2, 2, "put k9=z"}, {3, 2, "put k0=c"}})}));
    r = run("log_matching", true, bad);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("the logs before it differ"), std::string::npos) << r.detail;

    // The same, seen through a snapshot point: n3's log continues after (2, term 1).
    bad = events;
    bad.push_back(state(400, "n1", {.entries = Json::array({{3, 2, "put k0=c"}}), .first_index = 3,
                                    .snapshot_index = 2, .snapshot_term = 3}));
    EXPECT_EQ(run("log_matching", true, bad).verdict, Verdict::Fail);
}

// The snapshots are read without building a document (raft_checks.cpp's RaftStateReader), and
// read as a document where that reader gives up: entries that are not [index, term, command]
// are skipped, out-of-order entries sorted, a command that is not a string compared as its JSON,
// and a snapshot that is not an object ignored, all as before.
TEST_F(RaftChecks, SnapshotsAreReadTheSameWhateverTheirEntriesHold) {
    const Json messy = Json::array({{1, 1, "put k0=a"},
                                    Json::object({{"index", 9}}),
                                    {"x", 1, "put k9=z"},
                                    {3, 1},
                                    Json::array({Json::array({4}), 1, "put k9=z"}),
                                    7,
                                    {2, 1, "put k1=b"}});   // last: the helper reads the last index from it
    std::vector<Event> events = {
        state(100, "n1", {.entries = Json::array({{1, 1, "put k0=a"}, {2, 1, "put k1=b"}})}),
        state(200, "n2", {.entries = messy}),
    };
    Event not_an_object = state(250, "n3", {});
    not_an_object.data = "[1, 2]";
    events.push_back(not_an_object);
    auto r = run("log_matching", true, events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;

    // Commands that are objects: equal ones match, different ones are named as their JSON.
    const Json a = Json::array({{1, 1, {{"op", "put"}, {"k", "k0"}}}});
    events.push_back(state(300, "n1", {.entries = a}));
    events.push_back(state(350, "n2", {.entries = a}));
    EXPECT_EQ(run("log_matching", true, events).verdict, Verdict::Fail) << "(1, term 1) was put k0=a before";
    std::vector<Event> objects = {state(300, "n1", {.entries = a}), state(350, "n2", {.entries = a})};
    EXPECT_EQ(run("log_matching", true, objects).verdict, Verdict::Pass);
    objects.push_back(state(400, "n3", {.entries = Json::array({{1, 1, {{"op", "del"}}}})}));
    r = run("log_matching", true, objects);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("{\"op\":\"del\"}"), std::string::npos) << r.detail;

    // Escaped commands are compared unescaped; a cut-off snapshot is ignored, not half read.
    std::vector<Event> escaped = {state(100, "n1", {.entries = Json::array({{1, 1, "put k=\u00e9\"q\""}})})};
    escaped.push_back(escaped[0]);
    escaped[1].node = "n2";
    escaped[1].data = R"({"log":{"entries":[[1,1,"put k=\u00e9\"q\""]],"first_index":1,"last_index":1},"role":"follower"})";
    Event cut = state(300, "n3", {.entries = Json::array({{1, 1, "put k=other"}})});
    cut.data.resize(cut.data.find("other\"]]") + 8);   // after the entry, before the end
    escaped.push_back(cut);
    r = run("log_matching", true, escaped);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("1 repeated"), std::string::npos) << r.detail;
}

TEST_F(RaftChecks, LeaderCompleteness) {
    const Json log = Json::array({{1, 1, "put k0=a"}, {2, 1, "put k1=b"}});
    std::vector<Event> events = {
        state(100, "n1", {.role = "leader", .term = 1, .commit = 2, .entries = log}),
        state(200, "n2", {.role = "follower", .term = 1, .commit = 2, .entries = log}),
        state(900, "n2", {.role = "leader", .term = 2, .commit = 2,
                          .entries = Json::array({{1, 1, "put k0=a"}, {2, 1, "put k1=b"}, {3, 2, ""}})}),
        // A leader whose window starts after the committed entries: taken as present.
        state(950, "n3", {.role = "leader", .term = 3, .commit = 3,
                          .entries = Json::array({{4, 3, ""}}), .first_index = 4, .snapshot_index = 3,
                          .snapshot_term = 2}),
    };
    auto r = run("leader_completeness", true, events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;

    // A later leader with another entry at a committed index.
    auto bad = events;
    bad.push_back(state(1000, "n1", {.role = "leader", .term = 4,
                                     .entries = Json::array({{1, 1, "put k0=a"}, {2, 3, "put k1=z"}})}));
    r = run("leader_completeness", true, bad);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("n1, leader of term 4"), std::string::npos) << r.detail;
    EXPECT_EQ(*r.window_ns, std::make_pair(100 * kMs, 1000 * kMs));

    // A later leader whose log is too short.
    bad = events;
    bad.push_back(state(1000, "n3", {.role = "leader", .term = 4, .entries = Json::array({{1, 1, "put k0=a"}})}));
    r = run("leader_completeness", true, bad);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("its log ends at index 1"), std::string::npos) << r.detail;

    // A leader of the same term as the commit is not judged by it (it may still be catching up).
    auto same_term = events;
    same_term.push_back(state(1000, "n3", {.role = "follower", .term = 5, .commit = 5,
                                           .entries = Json::array({{5, 5, "put k2=q"}})}));
    same_term.push_back(state(1100, "n1", {.role = "leader", .term = 5, .entries = log}));
    EXPECT_EQ(run("leader_completeness", true, same_term).verdict, Verdict::Pass);

    // Two different entries committed at one index.
    bad = events;
    bad.push_back(state(1000, "n3", {.role = "follower", .term = 2, .commit = 2,
                                     .entries = Json::array({{1, 1, "put k0=a"}, {2, 2, "put k1=z"}})}));
    r = run("leader_completeness", true, bad);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("two different entries committed at index 2"), std::string::npos) << r.detail;
}

TEST_F(RaftChecks, StateMachineSafety) {
    std::vector<Event> events = {
        state(100, "n1", {.applied_hash = std::make_pair(3, "00000000000000aa")}),
        state(200, "n2", {.applied_hash = std::make_pair(3, "00000000000000aa")}),
        state(300, "n3", {.applied_hash = std::make_pair(4, "00000000000000bb")}),
    };
    auto r = run("state_machine_safety", true, events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("3 nodes"), std::string::npos) << r.detail;

    events.push_back(state(400, "n1", {.applied_hash = std::make_pair(4, "00000000000000cc")}));
    r = run("state_machine_safety", true, events);
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("entries 1..4"), std::string::npos) << r.detail;
    EXPECT_EQ(*r.window_ns, std::make_pair(300 * kMs, 400 * kMs));
}

TEST_F(RaftChecks, LeaderElectedAfterTheStart) {
    std::vector<Event> events = {state(0, "n1", {}), state(400, "n2", {.role = "leader", .term = 1}),
                                 simple(3000, EventKind::RunEnded)};
    auto r = run("leader_elected", {{"within", "1s"}}, events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("counted n2, leader of term 1, reported 400ms after the start"), std::string::npos)
        << r.detail;
    r = run("leader_elected", {{"within", "300ms"}, {"after", "start"}}, events);
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(*r.window_ns, std::make_pair(std::int64_t{0}, 300 * kMs));
}

TEST_F(RaftChecks, LeaderElectedAfterTheLastFaultOrHeal) {
    std::vector<Event> events = {
        state(400, "n1", {.role = "leader", .term = 1}),
        simple(1000, EventKind::FaultInjected),
        state(1300, "n2", {.role = "candidate", .term = 2}),
        state(1500, "n2", {.role = "leader", .term = 2}),
        simple(2000, EventKind::FaultHealed),
        state(2600, "n2", {.role = "leader", .term = 2, .commit = 3}),
        simple(4000, EventKind::RunEnded),
    };
    auto r = run("leader_elected", {{"within", "1s"}, {"after", "last_fault"}}, events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("500ms after the last fault"), std::string::npos) << r.detail;
    EXPECT_EQ(run("leader_elected", {{"within", "400ms"}, {"after", "last_fault"}}, events).verdict, Verdict::Fail);
    // After the heal, n2 still leads term 2, won before it: that is no election after the heal.
    r = run("leader_elected", {{"within", "1s"}, {"after", "last_heal"}}, events);
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_NE(r.detail.find("not counted: n2, leader of term 2 already at 1.500s"), std::string::npos) << r.detail;
    EXPECT_EQ(run("leader_elected", {{"within", "200ms"}, {"after", "1200ms"}}, events).verdict, Verdict::Fail);
    EXPECT_EQ(run("leader_elected", {{"within", "400ms"}, {"after", "1200ms"}}, events).verdict, Verdict::Pass);

    // No leader and the run ended early: unknown, not fail.
    std::vector<Event> short_run = {simple(1000, EventKind::FaultInjected),
                                    state(1200, "n2", {.role = "candidate", .term = 2}),
                                    simple(1500, EventKind::RunEnded)};
    EXPECT_EQ(run("leader_elected", {{"within", "2s"}, {"after", "last_fault"}}, short_run).verdict,
              Verdict::Unknown);
    // No leader and the window passed: fail.
    short_run.back() = simple(5000, EventKind::RunEnded);
    const auto failed = run("leader_elected", {{"within", "2s"}, {"after", "last_fault"}}, short_run);
    EXPECT_EQ(failed.verdict, Verdict::Fail);
    EXPECT_NE(failed.detail.find("none was afterwards"), std::string::npos) << failed.detail;
}

// A `kill: leader` that found no node leaves the old leader running: its reports after the fault
// are not a new election; a leader of a new term is, even on the same node.
TEST_F(RaftChecks, LeaderElectedRefusesTheOldLeader) {
    std::vector<Event> events = {
        state(400, "n1", {.role = "leader", .term = 1}),
        simple(1000, EventKind::FaultInjected),
        state(1200, "n1", {.role = "leader", .term = 1, .commit = 2}),
        simple(4000, EventKind::RunEnded),
    };
    auto r = run("leader_elected", {{"within", "1s"}, {"after", "last_fault"}}, events);
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_NE(r.detail.find("no new leader"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("not counted: n1, leader of term 1 already at 0.400s, before the last fault"),
              std::string::npos)
        << r.detail;
    EXPECT_EQ(r.nodes, std::vector<std::string>{"n1"});

    events.insert(events.end() - 1, state(1600, "n1", {.role = "leader", .term = 2}));
    r = run("leader_elected", {{"within", "1s"}, {"after", "last_fault"}}, events);
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("counted n1, leader of term 2, reported 600ms after the last fault"), std::string::npos)
        << r.detail;
    EXPECT_NE(r.detail.find("not counted: n1, leader of term 1"), std::string::npos) << r.detail;

    // The window ends before anything new: the run ended early, with the old leader named.
    std::vector<Event> cut = {events[0], events[1], events[2], simple(1500, EventKind::RunEnded)};
    r = run("leader_elected", {{"within", "1s"}, {"after", "last_fault"}}, cut);
    EXPECT_EQ(r.verdict, Verdict::Unknown) << r.detail;
    EXPECT_NE(r.detail.find("not counted: n1"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace distlab::netlab
