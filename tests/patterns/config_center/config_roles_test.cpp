// The config center's roles alone: the server's long polling, gray release, promote, rollback
// (by command and by error rate) and change history; the service's watching, snapshot and work.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/role_harness.h"

namespace distlab::test_support {
namespace {

using core::Json;
using core::Message;
using namespace std::chrono_literals;

std::unique_ptr<RoleHarness> server(Json params = {{"preset", "nacos"}}) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{.role = "config-server",
                                                        .params = std::move(params),
                                                        .self = "cfg",
                                                        .peers = {"s1", "s2", "s3"},
                                                        .peer_roles = {"config-service", "config-service",
                                                                       "config-service"}});
    h->start();
    return h;
}

Json watch(std::int64_t version) { return {{"key", "app"}, {"version", version}}; }

std::vector<Message> replies(RoleHarness& h) {
    std::vector<Message> out;
    for (Message& m : h.take_sent())
        if (m.type == "cfg_watch_reply")
            out.push_back(std::move(m));
    return out;
}

TEST(ConfigServer, AnswersANewWatchAtOnceAndHoldsAnUpToDateOne) {
    auto h = server();
    h->deliver("s1", "cfg_watch", watch(0));
    auto r = replies(*h);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].body, (Json{{"ok", true}, {"changed", true}, {"key", "app"}, {"version", 1}, {"value", "pool=8"}}));
    h->deliver("s1", "cfg_watch", watch(1));
    h->advance(29s);
    EXPECT_TRUE(replies(*h).empty()) << "held";
    h->advance(500ms);
    r = replies(*h);
    ASSERT_EQ(r.size(), 1u) << "answered unchanged after the 29.5 s hold";
    EXPECT_EQ(r[0].body, (Json{{"ok", true}, {"changed", false}}));
}

TEST(ConfigServer, AGrayReleaseReachesItsGroupOnlyAndPromoteReachesTheRest) {
    auto h = server();
    for (const char* s : {"s1", "s2"})
        h->deliver(s, "cfg_watch", watch(1));
    h->deliver("lab", "publish", {{"value", "pool=16"}, {"gray", {"s1"}}});
    auto r = replies(*h);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].to, "s1");
    EXPECT_EQ(r[0].body["version"], 2);
    EXPECT_EQ(h->phase(), "gray");
    h->deliver("s1", "cfg_watch", watch(2));
    h->deliver("lab", "promote", Json::object());
    r = replies(*h);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].to, "s2");
    EXPECT_EQ(r[0].body["version"], 2);
    EXPECT_EQ(h->phase(), "stable");
    const Json history = h->snapshot()["history"];
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[1]["kind"], "gray");
    EXPECT_EQ(history[1]["to"], (Json{"s1"}));
    EXPECT_EQ(history[2]["kind"], "promote");
    EXPECT_EQ(history[2]["to"], "all");
}

TEST(ConfigServer, RollsBackOnAnErrorReportOfTheNewestReleaseOnly) {
    auto h = server({{"preset", "nacos"}, {"rollback_error_rate", 0.5}, {"min_ops", 10}});
    h->deliver("lab", "publish", {{"value", "bad-pool=0"}});
    h->deliver("s1", "cfg_watch", watch(2));
    h->deliver("s1", "cfg_report", {{"key", "app"}, {"version", 2}, {"ops", 8}, {"errors", 8}});
    EXPECT_EQ(h->snapshot()["stable"], 2) << "too little work to judge";
    h->deliver("s1", "cfg_report", {{"key", "app"}, {"version", 2}, {"ops", 10}, {"errors", 4}});
    EXPECT_EQ(h->snapshot()["stable"], 2) << "below the threshold";
    h->deliver("s1", "cfg_report", {{"key", "app"}, {"version", 2}, {"ops", 10}, {"errors", 6}});
    EXPECT_EQ(h->snapshot()["stable"], 1);
    auto r = replies(*h);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].body["version"], 1);
    EXPECT_EQ(h->snapshot()["history"].back()["kind"], "rollback");
    // Errors on the version rolled back to roll nothing further back.
    h->deliver("s1", "cfg_report", {{"key", "app"}, {"version", 1}, {"ops", 10}, {"errors", 10}});
    EXPECT_EQ(h->snapshot()["stable"], 1);
    EXPECT_EQ(h->snapshot()["history"].size(), 3u);
}

TEST(ConfigServer, ApolloNotifiesHeldWatchesAfterItsScanDelay) {
    auto h = server({{"preset", "apollo"}});
    h->deliver("s1", "cfg_watch", watch(1));
    h->deliver("lab", "publish", {{"value", "pool=16"}});
    EXPECT_TRUE(replies(*h).empty());
    h->advance(1s);
    EXPECT_EQ(replies(*h).size(), 1u);
}

TEST(ConfigServer, RefusesBadCommandsAndWatchesByName) {
    auto h = server();
    h->deliver("lab", "promote", Json::object());
    h->deliver("lab", "rollback", Json::object());
    h->deliver("lab", "publish", {{"value", "x"}, {"gray", {"nobody"}}});
    h->deliver("lab", "publish", Json::object());
    h->deliver("s1", "cfg_watch", {{"key", "other"}, {"version", 0}});
    h->deliver("s1", "cfg_watch", Json::array());
    // Watches are answered; the lab's commands are refused in the log (their answers go to the lab).
    std::vector<std::string> errors;
    for (const Message& m : h->take_sent())
        errors.push_back(m.body.value("error", ""));
    EXPECT_EQ(errors, (std::vector<std::string>{"no such key \"other\"; this server has \"app\"",
                                                "cfg_watch needs {\"key\": string, \"version\": integer}"}));
    const std::vector<std::string> refused{
        "promote refused: promote: no gray release is out",
        "rollback refused: rollback: nothing to roll back to",
        "publish refused: publish: \"gray\" names \"nobody\", which is not a config-service",
        "publish refused: publish needs {\"value\": string, \"gray\": [instances] (optional)}"};
    for (const std::string& e : refused)
        EXPECT_NE(std::find_if(h->logs().begin(), h->logs().end(),
                               [&](const std::string& line) { return line.find(e) != std::string::npos; }),
                  h->logs().end())
            << e;
    EXPECT_EQ(h->snapshot()["history"].size(), 1u);
}

std::unique_ptr<RoleHarness> service(Json params) {
    auto h = std::make_unique<RoleHarness>(HarnessSetup{
        .role = "config-service", .params = std::move(params), .self = "s1", .peers = {"cfg"},
        .peer_roles = {"config-server"}});
    h->start();
    return h;
}

Message sent_watch(RoleHarness& h) {
    for (Message& m : h.take_sent())
        if (m.type == "cfg_watch")
            return m;
    ADD_FAILURE() << "no watch sent";
    return {};
}

TEST(ConfigService, AppliesWhatItIsGivenKeepsASnapshotAndStartsFromIt) {
    auto h = service({{"server", "cfg"}, {"rate", 10}, {"arrival", "fixed"}});
    EXPECT_EQ(h->phase(), "fetching");
    Message w = sent_watch(*h);
    EXPECT_EQ(w.body, watch(0));
    h->reply_to(w, {{"ok", true}, {"changed", true}, {"key", "app"}, {"version", 3}, {"value", "pool=16"}});
    EXPECT_EQ(h->phase(), "running");
    EXPECT_EQ(sent_watch(*h).body, watch(3)) << "watches again at once";
    h->advance(100ms);
    EXPECT_EQ(h->ops().back().phase, "ok");
    EXPECT_EQ(h->ops().back().value, (Json{{"version", 3}}));

    h->restart();
    ASSERT_GE(h->ops().size(), 2u);
    EXPECT_EQ(h->snapshot()["version"], 3) << "started from its snapshot";
    EXPECT_EQ(sent_watch(*h).body, watch(3));
}

TEST(ConfigService, WithoutASnapshotARestartedServiceHasNoConfig) {
    auto h = service({{"server", "cfg"}, {"rate", 10}, {"arrival", "fixed"}, {"snapshot", false}});
    h->reply_to(sent_watch(*h), {{"ok", true}, {"changed", true}, {"key", "app"}, {"version", 3}, {"value", "pool=16"}});
    h->restart();
    EXPECT_EQ(h->snapshot()["version"], 0);
    h->advance(100ms);
    EXPECT_EQ(h->ops().back().phase, "fail");
    EXPECT_EQ(h->ops().back().value, (Json{{"error", "no config"}}));
}

TEST(ConfigService, ABadConfigFailsItsWorkAndIsReported) {
    auto h = service({{"server", "cfg"}, {"rate", 10}, {"arrival", "fixed"}, {"bad_error_rate", 1.0},
                      {"report_interval", "1s"}});
    h->reply_to(sent_watch(*h), {{"ok", true}, {"changed", true}, {"key", "app"}, {"version", 2}, {"value", "bad-x"}});
    h->take_sent();
    h->advance(1s);
    Json report;
    for (const Message& m : h->take_sent())
        if (m.type == "cfg_report")
            report = m.body;
    // Arrivals at 0.1 s .. 0.9 s; the one at 1 s comes after the report.
    EXPECT_EQ(report, (Json{{"key", "app"}, {"version", 2}, {"ops", 9}, {"errors", 9}}));
    EXPECT_EQ(h->snapshot()["error_pct"], 100.0);
}

TEST(ConfigService, GoesOfflineWhenTheServerIsSilentAndKeepsItsConfig) {
    auto h = service({{"server", "cfg"}, {"preset", "nacos-fast"}, {"rate", 10}, {"arrival", "fixed"}});
    h->reply_to(sent_watch(*h), {{"ok", true}, {"changed", true}, {"key", "app"}, {"version", 1}, {"value", "pool=8"}});
    h->advance(3s);
    EXPECT_EQ(h->phase(), "offline");
    EXPECT_EQ(h->ops().back().value, (Json{{"version", 1}}));
}

}  // namespace
}  // namespace distlab::test_support
