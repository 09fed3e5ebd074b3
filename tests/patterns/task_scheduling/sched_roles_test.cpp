// The task scheduling roles alone, on the role harness: the sink's fencing, the scheduler's
// lease in the KV (taking it, fencing before assigning, stepping down when it cannot renew) and
// a worker's run, apply and stealing.

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/model/json.h"
#include "tests/support/role_harness.h"

namespace distlab {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;
using test_support::HarnessSetup;
using test_support::RoleHarness;

// The last message of `type` in `sent`, or a test failure.
Message last_of(const std::vector<Message>& sent, const std::string& type) {
    for (auto it = sent.rbegin(); it != sent.rend(); ++it)
        if (it->type == type)
            return *it;
    ADD_FAILURE() << "no " << type << " sent";
    return {};
}

// The body of the last message the role sent: its answer to what was just delivered.
Json answer(RoleHarness& h) {
    const auto replies = h.take_sent();
    EXPECT_FALSE(replies.empty());
    return replies.empty() ? Json() : replies.back().body;
}

TEST(TaskSink, AFenceStopsOlderAssignmentsAndSaysWhatWasApplied) {
    RoleHarness h({.role = "task-sink", .self = "sink", .peers = {"s1", "w1", "w2"}});
    h.start();
    h.deliver("w1", "apply", {{"task", 0}, {"token", 1}, {"attempt", 1}, {"size_ms", 10}});
    EXPECT_EQ(answer(h)["applied"], true);
    // The same assignment again (a retry after a lost reply): recognised, not applied twice.
    h.deliver("w1", "apply", {{"task", 0}, {"token", 1}, {"attempt", 1}, {"size_ms", 10}});
    EXPECT_EQ(answer(h)["applied"], false);
    // A new leader fences tasks 0 and 1 with token 2: task 0 is applied already.
    h.deliver("s2", "fence", {{"token", 2}, {"attempt", 1}, {"tasks", {0, 1}}});
    const Json fenced = answer(h);
    EXPECT_EQ(fenced["ok"], true);
    EXPECT_EQ(fenced["applied"], Json::array({0}));
    // The old leader's assignment of task 1 is refused; the new one's applies.
    h.deliver("w1", "apply", {{"task", 1}, {"token", 1}, {"attempt", 1}, {"size_ms", 10}});
    const Json stale = answer(h);
    EXPECT_EQ(stale["ok"], false);
    EXPECT_EQ(stale["error"], "stale_token");
    h.deliver("w2", "apply", {{"task", 1}, {"token", 2}, {"attempt", 1}, {"size_ms", 10}});
    EXPECT_EQ(answer(h)["applied"], true);
    // A fence with the old token is refused too.
    h.deliver("s1", "fence", {{"token", 1}, {"attempt", 3}, {"tasks", {2}}});
    EXPECT_EQ(answer(h)["error"], "stale_token");
    EXPECT_EQ(h.snapshot()["applied"], 2);
    EXPECT_EQ(h.snapshot()["applied_twice"], 0);
    EXPECT_EQ(h.snapshot()["rejected"], 1);
}

TEST(TaskSink, AReassignmentInTheSameEpochFencesTheWorkerGivenUpOn) {
    RoleHarness h({.role = "task-sink", .self = "sink", .peers = {"s1", "w1", "w2"}});
    h.start();
    // Task 3 was assigned at attempt 1, then its worker stopped heartbeating: fenced at attempt 2.
    h.deliver("s1", "fence", {{"token", 1}, {"attempt", 2}, {"tasks", {3}}});
    answer(h);
    h.deliver("w1", "apply", {{"task", 3}, {"token", 1}, {"attempt", 1}, {"size_ms", 10}});
    EXPECT_EQ(answer(h)["error"], "stale_token");
    h.deliver("w2", "apply", {{"task", 3}, {"token", 1}, {"attempt", 2}, {"size_ms", 10}});
    EXPECT_EQ(answer(h)["applied"], true);
}

TEST(TaskSink, WithoutFencingAStaleHolderAppliesAgain) {
    RoleHarness h({.role = "task-sink", .params = {{"fencing", false}}, .self = "sink", .peers = {"s2", "w1", "w2"}});
    h.start();
    EXPECT_EQ(h.phase(), "unfenced");
    h.deliver("s2", "fence", {{"token", 2}, {"attempt", 1}, {"tasks", {5}}});
    answer(h);
    h.deliver("w2", "apply", {{"task", 5}, {"token", 2}, {"attempt", 1}, {"size_ms", 10}});
    answer(h);
    h.deliver("w1", "apply", {{"task", 5}, {"token", 1}, {"attempt", 1}, {"size_ms", 10}});
    const Json r = answer(h);
    EXPECT_EQ(r["applied"], true);
    EXPECT_EQ(r["times"], 2);
    EXPECT_EQ(h.snapshot()["applied_twice"], 1);
}

TEST(TaskSink, BadBodiesAreRefusedNamingWhatIsMissing) {
    RoleHarness h({.role = "task-sink", .self = "sink", .peers = {"w1"}});
    h.start();
    h.deliver("w1", "apply", {{"task", "zero"}});
    EXPECT_EQ(answer(h)["error"], "bad_request");
    h.deliver("w1", "fence", Json::array());
    EXPECT_EQ(answer(h)["error"], "bad_request");
    ASSERT_FALSE(h.logs().empty());
    EXPECT_NE(h.logs().back().find("without a token"), std::string::npos) << h.logs().back();
}

HarnessSetup scheduler_setup() {
    return {.role = "scheduler",
            .params = {{"kv", {"n1", "n2", "n3"}},
                       {"workers", {"w1", "w2"}},
                       {"sink", "sink"},
                       {"tasks", 3},
                       {"task_size", "100ms"}},
            .self = "s1",
            .peers = {"n1", "n2", "n3", "w1", "w2", "sink"},
            .peer_roles = {"raft", "raft", "raft", "worker", "worker", "task-sink"}};
}

TEST(Scheduler, TakesAFreeLeaseFencesThenAssigns) {
    RoleHarness h(scheduler_setup());
    h.start();
    EXPECT_EQ(h.phase(), "standby");
    auto sent = h.take_sent();
    Message get = last_of(sent, "kv");
    EXPECT_EQ(get.to, "n1");
    EXPECT_EQ(get.body["op"], "get");
    // n1 is no leader and names n2.
    h.reply_to(get, {{"ok", false}, {"error", "not_leader"}, {"leader", "n2"}});
    h.advance(200ms);
    get = last_of(h.take_sent(), "kv");
    EXPECT_EQ(get.to, "n2");
    h.reply_to(get, {{"ok", true}, {"value", nullptr}});
    const Message cas = last_of(h.take_sent(), "kv");
    EXPECT_EQ(cas.body["op"], "cas");
    EXPECT_TRUE(cas.body["from"].is_null());
    EXPECT_EQ(cas.body["to"], "s1/1/0");
    h.reply_to(cas, {{"ok", true}});
    EXPECT_EQ(h.phase(), "leader");
    const Message fence = last_of(h.take_sent(), "fence");
    EXPECT_EQ(fence.body["token"], 1);
    EXPECT_EQ(fence.body["tasks"], Json::array({0, 1, 2}));
    // Nothing is assigned before the fence comes back, nor before a worker heartbeats.
    h.deliver("w1", "heartbeat", {{"held", Json::array()}, {"queued", 0}});
    for (const Message& m : h.take_sent())
        EXPECT_NE(m.type, "assign");
    h.reply_to(fence, {{"ok", true}, {"applied", {1}}, {"token", 1}});
    std::vector<std::int64_t> assigned;
    for (const Message& m : h.take_sent())
        if (m.type == "assign") {
            EXPECT_EQ(m.to, "w1");
            EXPECT_EQ(m.body["token"], 1);
            assigned.push_back(m.body["task"].get<std::int64_t>());
        }
    EXPECT_EQ(assigned, (std::vector<std::int64_t>{0, 2})) << "task 1 was applied already";
}

TEST(Scheduler, RunsAgainTasksItsWorkerDoesNotHoldTwiceInARow) {
    RoleHarness h(scheduler_setup());
    h.start();
    h.deliver("w1", "heartbeat", {{"held", Json::array()}, {"queued", 0}});
    h.reply_to(last_of(h.take_sent(), "kv"), {{"ok", true}, {"value", nullptr}});
    h.reply_to(last_of(h.take_sent(), "kv"), {{"ok", true}});
    h.reply_to(last_of(h.take_sent(), "fence"), {{"ok", true}, {"applied", Json::array()}, {"token", 1}});
    int assigned = 0;
    for (const Message& m : h.take_sent())
        assigned += m.type == "assign";
    ASSERT_EQ(assigned, 3);
    // w1 holds tasks 0 and 2 with this leader's assignment; task 1's assignment never arrived
    // (or w1 restarted): after two heartbeats without it, it is fenced again and re-run.
    const Json held = Json::array({Json::array({0, 1, 1}), Json::array({2, 1, 1})});
    h.deliver("w1", "heartbeat", {{"held", held}, {"queued", 1}});
    h.advance(200ms);
    for (const Message& m : h.take_sent())
        EXPECT_NE(m.type, "fence") << "one heartbeat without it is not enough (the assignment may be on its way)";
    h.deliver("w1", "heartbeat", {{"held", held}, {"queued", 1}});
    h.advance(200ms);
    const Message fence = last_of(h.take_sent(), "fence");
    EXPECT_EQ(fence.body["tasks"], Json::array({1}));
    EXPECT_EQ(fence.body["attempt"], 2) << "a new attempt: the lost assignment can no longer apply";
}

TEST(Scheduler, StepsDownWhenItCannotRenewAndWaitsOutAForeignLease) {
    RoleHarness h(scheduler_setup());
    h.start();
    h.reply_to(last_of(h.take_sent(), "kv"), {{"ok", true}, {"value", nullptr}});
    h.reply_to(last_of(h.take_sent(), "kv"), {{"ok", true}});
    ASSERT_EQ(h.phase(), "leader");
    h.take_sent();
    // The renewals go unanswered: after renew_deadline (1 s) it steps down by itself.
    h.advance(900ms);
    EXPECT_EQ(h.phase(), "leader");
    h.advance(300ms);
    EXPECT_EQ(h.phase(), "standby");
    h.take_sent();   // the renewals it sent as leader
    // Another scheduler holds the lease now: s1 takes it over only once the value stayed the
    // same for lease_duration (1.5 s), with the next epoch.
    bool took_over = false;
    for (int i = 0; i < 12 && !took_over; ++i) {
        h.advance(200ms);
        for (const Message& m : h.take_sent()) {
            if (m.type != "kv")
                continue;
            if (m.body["op"] == "get") {
                h.reply_to(m, {{"ok", true}, {"value", "s2/2/7"}});
            } else {
                EXPECT_EQ(m.body["from"], "s2/2/7");
                EXPECT_EQ(m.body["to"], "s1/3/0");
                EXPECT_GE(h.now(), 1100ms + 1500ms);
                took_over = true;
            }
        }
    }
    EXPECT_TRUE(took_over);
}

// A leader that takes over at 1.2 s a periodic job whose fire times are 0, 200 ms ... 1 s:
// the sink says task 1 was fired by a predecessor; tasks 0, 2 and 3 are more than 500 ms late
// and nobody fired them. Returns the tasks it skips and the tasks it assigns.
std::pair<Json, std::vector<std::int64_t>> take_over_late(const std::string& misfire) {
    HarnessSetup setup = scheduler_setup();
    setup.params["tasks"] = 6;
    setup.params["interval"] = "200ms";
    setup.params["misfire"] = misfire;
    RoleHarness h(setup);
    h.start();
    h.deliver("w1", "heartbeat", {{"held", Json::array()}, {"queued", 0}});
    h.advance(1200ms);
    h.deliver("w1", "heartbeat", {{"held", Json::array()}, {"queued", 0}});
    h.reply_to(last_of(h.take_sent(), "kv"), {{"ok", true}, {"value", nullptr}});
    h.reply_to(last_of(h.take_sent(), "kv"), {{"ok", true}});
    EXPECT_EQ(h.phase(), "leader");
    const Message fence = last_of(h.take_sent(), "fence");
    EXPECT_EQ(fence.body["tasks"], Json::array({0, 1, 2, 3, 4, 5}));
    h.reply_to(fence, {{"ok", true}, {"applied", Json::array()}, {"fired", {1}}, {"skipped", Json::array()}, {"token", 1}});
    Json skipped;
    std::vector<std::int64_t> assigned;
    for (const Message& m : h.take_sent()) {
        if (m.type == "skip")
            skipped = m.body["tasks"];
        if (m.type == "assign")
            assigned.push_back(m.body["task"].get<std::int64_t>());
    }
    return {skipped, assigned};
}

TEST(Scheduler, MisfireDoNothingSkipsEveryFireTimeNobodyFired) {
    const auto [skipped, assigned] = take_over_late("do_nothing");
    EXPECT_EQ(skipped, Json::array({0, 2, 3}));
    EXPECT_EQ(assigned, (std::vector<std::int64_t>{1, 4, 5})) << "1 was fired before: it runs again";
}

TEST(Scheduler, MisfireFireOnceNowRunsTheLatestMissedOne) {
    const auto [skipped, assigned] = take_over_late("fire_once_now");
    EXPECT_EQ(skipped, Json::array({0, 2}));
    EXPECT_EQ(assigned, (std::vector<std::int64_t>{1, 3, 4, 5}));
}

TEST(Worker, RunsAppliesWithItsTokenAndGivesHalfItsQueueToAThief) {
    RoleHarness h({.role = "worker",
                   .params = {{"schedulers", {"s1"}}, {"sink", "sink"}},
                   .self = "w1",
                   .peers = {"s1", "w2", "sink"},
                   .peer_roles = {"scheduler", "worker", "task-sink"}});
    h.start();
    h.take_sent();
    for (int t = 0; t < 5; ++t)
        h.deliver("s1", "assign", {{"task", t}, {"size_ms", 100}, {"token", 4}, {"attempt", 1}});
    EXPECT_EQ(h.phase(), "working");
    // w2 steals: the back half of the four queued tasks.
    h.deliver("w2", "steal", Json::object());
    auto sent = h.take_sent();
    const Message given = last_of(sent, "steal_reply");
    ASSERT_EQ(given.body["tasks"].size(), 2u);
    EXPECT_EQ(given.body["tasks"][0]["task"], 4);
    EXPECT_EQ(given.body["tasks"][1]["task"], 3);
    EXPECT_EQ(given.body["tasks"][0]["token"], 4) << "a stolen task keeps its token";
    const Message moved = last_of(sent, "moved");
    EXPECT_EQ(moved.to, "s1");
    EXPECT_EQ(moved.body["to"], "w2");
    // Task 0 ends after 100 ms and is applied with its token.
    h.advance(100ms);
    const Message apply = last_of(h.take_sent(), "apply");
    EXPECT_EQ(apply.body["task"], 0);
    EXPECT_EQ(apply.body["token"], 4);
    h.reply_to(apply, {{"ok", true}, {"applied", true}});
    const Message done = last_of(h.take_sent(), "task_done");
    EXPECT_EQ(done.to, "s1");
    EXPECT_EQ(done.body["applied"], true);
    EXPECT_EQ(h.snapshot()["queued"], 1);
}

}  // namespace
}  // namespace distlab
