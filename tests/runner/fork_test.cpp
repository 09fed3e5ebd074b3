// Forks (netlab/runner/fork.h): the replay up to the fork equals the recording event by event, a
// recording the simulator cannot reproduce is reported, and a dropped vote changes an election.

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/fork.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/playback.h"
#include "tests/support/scratch_dir.h"

namespace distlab::netlab {
namespace {

namespace fs = std::filesystem;

Scenario shipped(const std::string& relative) {
    auto loaded = load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative,
                                     core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << relative;
    return loaded ? *loaded : Scenario{};
}

// Records `scenario` in the simulator at `path`.
void record(const Scenario& scenario, const fs::path& path) {
    RunRequest request;
    request.scenario = scenario;
    request.simulate = true;
    request.record_path = path;
    auto outcome = run_scenario(request);
    ASSERT_TRUE(outcome) << outcome.error().message;
}

std::vector<Event> recorded_events(const fs::path& path) {
    auto playback = Playback::open(path);
    EXPECT_TRUE(playback) << path;
    if (!playback)
        return {};
    std::vector<Event> events = playback->read_all().events;
    std::erase_if(events, [](const Event& e) { return !replayed_kind(e.kind); });
    return events;
}

// The first leader after `after_ns`, as its State shows it: (node, term).
std::optional<std::pair<std::string, std::int64_t>> first_leader_after(const std::vector<Event>& events,
                                                                       std::int64_t after_ns) {
    for (const Event& e : events) {
        if (e.kind != EventKind::State || e.t_ns <= after_ns)
            continue;
        const core::Json state = core::Json::parse(e.data, nullptr, false);
        if (state.is_object() && state.value("role", std::string{}) == "leader")
            return std::pair{e.node, state.value("term", std::int64_t{0})};
    }
    return std::nullopt;
}

class Fork : public ::testing::Test {
protected:
    test_support::ScratchDir dir{"distlab-fork-test"};
};

// A fork without a change is the recording again: every event, not only the prefix.
TEST_F(Fork, AReplayReproducesTheRecordingEventByEvent) {
    const fs::path parent = dir.path() / "parent.distlab";
    record(shipped("consensus/first-election.yaml"), parent);
    ForkRequest request;
    request.parent = parent;
    request.at_ns = 1'500'000'000;
    request.record_path = dir.path() / "replay.distlab";
    auto forked = fork_run(request);
    ASSERT_TRUE(forked) << forked.error().message;
    EXPECT_FALSE(forked->mismatch) << *forked->mismatch;
    EXPECT_FALSE(forked->parent_real);
    EXPECT_GT(forked->prefix_events, 100u);
    const std::vector<Event> recorded = recorded_events(parent);
    const std::vector<Event> replayed = recorded_events(*request.record_path);
    EXPECT_EQ(first_difference(recorded, replayed), std::nullopt);
    EXPECT_EQ(recorded.size(), replayed.size());
}

// A recording made before roles said their phase reasons and violations in Chinese too is the
// same run as its replay, which says them in both: only a difference in what happened counts.
TEST_F(Fork, ARecordingWithoutTheChineseOfItsReasonsIsNoDifference) {
    const fs::path parent = dir.path() / "parent.distlab";
    record(shipped("consensus/first-election.yaml"), parent);
    const std::vector<Event> replayed = recorded_events(parent);
    std::vector<Event> older = replayed;
    std::size_t phases = 0;
    for (Event& e : older) {
        if (e.kind != EventKind::Phase)
            continue;
        core::Json data = core::Json::parse(e.data);
        ASSERT_TRUE(data.contains("reason_zh")) << e.data;
        data.erase("reason_zh");
        e.data = data.dump();
        ++phases;
    }
    ASSERT_GT(phases, 0u);
    Event violation{replayed.back().t_ns, EventKind::Violation, "n1", "", 0, "", "two leaders in term 2", ""};
    older.insert(older.end() - 1, violation);
    std::vector<Event> again = replayed;
    violation.aux = R"({"zh":"任期 2 有两个领导者"})";
    again.insert(again.end() - 1, violation);
    EXPECT_EQ(first_difference(older, again), std::nullopt);

    // What the older recording does say must still match.
    for (Event& e : older)
        if (e.kind == EventKind::Phase) {
            e.data = R"({"from":"","reason":"something else"})";
            break;
        }
    const auto difference = first_difference(older, again);
    ASSERT_TRUE(difference);
    EXPECT_NE(difference->find("something else"), std::string::npos) << *difference;
}

// The fork's events up to the cursor are the parent's, event by event, at several cursors; the
// fork's recording names its parent, the moment and the change.
TEST_F(Fork, TheForksPrefixEqualsTheParentsUpToTheCursor) {
    const fs::path parent = dir.path() / "parent.distlab";
    record(shipped("consensus/leader-failover.yaml"), parent);
    const std::vector<Event> recorded = recorded_events(parent);
    for (const std::int64_t at_ns : {std::int64_t{0}, std::int64_t{2'345'678'901}, std::int64_t{4'200'000'000}}) {
        ForkRequest request;
        request.parent = parent;
        request.at_ns = at_ns;
        request.change.kind = ForkChange::Kind::Fault;
        request.change.fault = "{kill: n3}";
        request.record_path = dir.path() / ("fork-" + std::to_string(at_ns) + ".distlab");
        auto forked = fork_run(request);
        ASSERT_TRUE(forked) << forked.error().message;
        EXPECT_FALSE(forked->mismatch) << *forked->mismatch;
        const std::vector<Event> replayed = recorded_events(*request.record_path);
        std::vector<Event> recorded_prefix;
        for (const Event& e : recorded)
            if (e.t_ns <= at_ns)
                recorded_prefix.push_back(e);
        ASSERT_GE(replayed.size(), recorded_prefix.size());
        EXPECT_EQ(forked->prefix_events, recorded_prefix.size());
        const std::vector<Event> replayed_prefix(replayed.begin(), replayed.begin() + std::ptrdiff_t(recorded_prefix.size()));
        EXPECT_EQ(first_difference(recorded_prefix, replayed_prefix), std::nullopt) << "at " << at_ns;
        // Then it diverges: n3 is killed at the cursor.
        bool killed = false;
        for (std::size_t i = recorded_prefix.size(); i < replayed.size(); ++i)
            killed = killed || (replayed[i].kind == EventKind::NodeExited && replayed[i].node == "n3" &&
                                replayed[i].t_ns == at_ns);
        EXPECT_TRUE(killed) << "at " << at_ns;

        auto playback = Playback::open(*request.record_path);
        ASSERT_TRUE(playback);
        EXPECT_EQ(playback->meta().fork_parent, fs::absolute(parent).lexically_normal().string());
        EXPECT_EQ(playback->meta().fork_at_ns, at_ns);
        EXPECT_EQ(playback->meta().fork_change, "fault {kill: n3}");
        EXPECT_TRUE(playback->meta().fork_prefix.starts_with("equal")) << playback->meta().fork_prefix;
        EXPECT_FALSE(playback->meta().fork_replayed_real);
    }
}

// The recording of leader-failover, forked when the vote that elects the next leader is on its
// way, with that vote dropped: the election comes out otherwise (another term or another node).
TEST_F(Fork, DroppingAVoteInFlightChangesTheElection) {
    const fs::path parent = dir.path() / "failover.distlab";
    record(shipped("consensus/leader-failover.yaml"), parent);
    const std::vector<Event> recorded = recorded_events(parent);
    std::int64_t killed_at = -1;
    for (const Event& e : recorded)
        if (e.kind == EventKind::FaultInjected && e.type == "kill") {
            killed_at = e.t_ns;
            break;
        }
    ASSERT_GT(killed_at, 0);
    const auto before = first_leader_after(recorded, killed_at);
    ASSERT_TRUE(before);
    // The granted vote (not a pre-vote) the new leader counted.
    const Event* vote = nullptr;
    for (const Event& e : recorded) {
        if (e.kind != EventKind::MessageSent || e.type != "request_vote_reply" || e.t_ns <= killed_at ||
            e.peer != before->first)
            continue;
        const core::Json body = core::Json::parse(e.data, nullptr, false);
        if (body.value("granted", false) && !body.value("pre_vote", false)) {
            vote = &e;
            break;
        }
    }
    ASSERT_NE(vote, nullptr);

    ForkRequest request;
    request.parent = parent;
    request.at_ns = vote->t_ns;
    auto change = ForkChange::message(ForkChange::Kind::Drop, vote->node + ":" + std::to_string(vote->msg_id));
    ASSERT_TRUE(change);
    request.change = *change;
    request.record_path = dir.path() / "failover-drop.distlab";
    auto forked = fork_run(request);
    ASSERT_TRUE(forked) << forked.error().message;
    EXPECT_FALSE(forked->mismatch) << *forked->mismatch;
    EXPECT_NE(forked->applied.find("dropped request_vote_reply"), std::string::npos) << forked->applied;
    const auto after = first_leader_after(forked->run.events, vote->t_ns);
    ASSERT_TRUE(after);
    EXPECT_NE(*after, *before) << "leader " << before->first << " of term " << before->second << " both times";

    // Dropping a message that is not in flight at that moment is refused, naming when it was sent.
    request.at_ns = vote->t_ns - 1;
    request.record_path.reset();
    auto early = fork_run(request);
    ASSERT_FALSE(early);
    EXPECT_NE(early.error().message.find("not in flight"), std::string::npos) << early.error().message;
}

// A recording the simulator does not reproduce (here: its seed changed in the file) forks with
// the first difference reported, in the outcome and in the fork's recording.
TEST_F(Fork, APrefixTheSimulatorCannotReproduceIsReported) {
    const fs::path parent = dir.path() / "parent.distlab";
    record(shipped("consensus/first-election.yaml"), parent);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(parent.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'seed'", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    ForkRequest request;
    request.parent = parent;
    request.at_ns = 1'000'000'000;
    request.record_path = dir.path() / "fork.distlab";
    auto forked = fork_run(request);
    ASSERT_TRUE(forked) << forked.error().message;
    ASSERT_TRUE(forked->mismatch);
    EXPECT_NE(forked->mismatch->find("event 1:"), std::string::npos) << *forked->mismatch;   // RunStarted's seed
    auto playback = Playback::open(*request.record_path);
    ASSERT_TRUE(playback);
    EXPECT_TRUE(playback->meta().fork_prefix.starts_with("differs: event 1:")) << playback->meta().fork_prefix;
}

// A run on real processes: the fork replays it in the simulator and says so, and since real
// processes are not the simulator (pids, timings), the first difference is reported, not hidden.
TEST_F(Fork, ARealRunIsReplayedInTheSimulatorAndItsDifferenceReported) {
    const std::string yaml = R"(
version: 1
name: real-parent
duration: 1500ms
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50, stop_at: 1s } }
checks:
  - no_violations: true
)";
    auto loaded = load_scenario_text(yaml, "real-parent.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    ASSERT_TRUE(loaded) << loaded.error().front().str();
    const fs::path parent = dir.path() / "real.distlab";
    RunRequest run;
    run.scenario = *loaded;
    run.simulate = false;
    run.node_binary = DISTLAB_NODE_BINARY;
    run.record_path = parent;
    auto ran = run_scenario(run);
    ASSERT_TRUE(ran) << ran.error().message;

    ForkRequest request;
    request.parent = parent;
    request.at_ns = 500'000'000;
    request.change.kind = ForkChange::Kind::Fault;
    request.change.fault = "{kill: s1}";
    request.record_path = dir.path() / "fork.distlab";
    auto forked = fork_run(request);
    ASSERT_TRUE(forked) << forked.error().message;
    EXPECT_TRUE(forked->parent_real);
    ASSERT_TRUE(forked->mismatch);
    EXPECT_TRUE(forked->mismatch->starts_with("event ")) << *forked->mismatch;
    EXPECT_EQ(forked->run.events.back().kind, EventKind::RunEnded);
    auto playback = Playback::open(*request.record_path);
    ASSERT_TRUE(playback);
    EXPECT_TRUE(playback->meta().fork_replayed_real);
    EXPECT_TRUE(playback->meta().fork_prefix.starts_with("differs: event ")) << playback->meta().fork_prefix;
}

TEST_F(Fork, BadRequestsAreRefusedClearly) {
    const fs::path parent = dir.path() / "parent.distlab";
    record(shipped("consensus/first-election.yaml"), parent);
    ForkRequest request;
    request.parent = parent;
    request.at_ns = 60'000'000'000;
    auto late = fork_run(request);
    ASSERT_FALSE(late);
    EXPECT_NE(late.error().message.find("outside the recording"), std::string::npos) << late.error().message;

    request.at_ns = 1'000'000'000;
    request.change.kind = ForkChange::Kind::Fault;
    request.change.fault = "{kill: n9}";
    auto fault = fork_run(request);
    ASSERT_FALSE(fault);
    EXPECT_NE(fault.error().message.find("--fault"), std::string::npos) << fault.error().message;
    EXPECT_NE(fault.error().message.find("n9"), std::string::npos) << fault.error().message;

    auto param = ForkChange::param("n2.election_timeout=fast");
    ASSERT_TRUE(param);
    request.change = *param;
    auto bad_param = fork_run(request);
    ASSERT_FALSE(bad_param);
    EXPECT_NE(bad_param.error().message.find("--param"), std::string::npos) << bad_param.error().message;

    EXPECT_FALSE(ForkChange::message(ForkChange::Kind::Drop, "n1"));
    EXPECT_FALSE(ForkChange::message(ForkChange::Kind::Drop, "n1:x"));
    EXPECT_FALSE(ForkChange::param("n1=3"));
    EXPECT_FALSE(fork_run(ForkRequest{.parent = dir.path() / "missing.distlab"}));
}

// A parameter edit restarts the node with the new value, which its snapshot then shows.
TEST_F(Fork, AParameterEditRestartsTheNodeWithTheNewValue) {
    const fs::path parent = dir.path() / "parent.distlab";
    record(shipped("consensus/first-election.yaml"), parent);
    ForkRequest request;
    request.parent = parent;
    request.at_ns = 3'000'000'000;
    auto change = ForkChange::param("n2.pre_vote=false");
    ASSERT_TRUE(change);
    request.change = *change;
    auto forked = fork_run(request);
    ASSERT_TRUE(forked) << forked.error().message;
    EXPECT_FALSE(forked->mismatch);
    bool restarted = false;
    for (const Event& e : forked->run.events)
        restarted = restarted || (e.kind == EventKind::NodeStarted && e.node == "n2" && e.t_ns == request.at_ns);
    EXPECT_TRUE(restarted);
}

}  // namespace
}  // namespace distlab::netlab
