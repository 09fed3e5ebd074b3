#include <gtest/gtest.h>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "tests/support/check_problems.h"

namespace distlab::netlab {
namespace {

using test_support::problems_of;

constexpr std::int64_t kMs = 1'000'000;

Scenario pipeline(const std::string& check) {
    const std::string yaml = R"(version: 1
name: t
family: resilience
title: {en: T, zh: T}
summary: {en: T, zh: T}
nodes:
  - {id: p1, role: producer, params: {target: st}}
  - {id: st, role: bounded-stage, params: {target: k1}}
  - {id: k1, role: consumer}
checks:
  - )" + check + "\n";
    auto loaded = load_scenario_text(yaml, "t.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().front().str());
    return loaded ? std::move(*loaded) : Scenario{};
}

Event event(std::int64_t t_ms, EventKind kind, std::string node, Json data, std::string type = {}) {
    Event e;
    e.t_ns = t_ms * kMs;
    e.kind = kind;
    e.node = std::move(node);
    e.type = std::move(type);
    e.data = data.dump();
    return e;
}

Event gauges(std::int64_t t_ms, std::string node, Json g) {
    return event(t_ms, EventKind::Metric, std::move(node),
                 {{"counters", Json::object()}, {"gauges", std::move(g)}, {"samples", Json::object()}});
}

Event acked(std::int64_t t_ms, std::int64_t id) {
    return event(t_ms, EventKind::OpCompleted, "p1", {{"id", id}}, "ok");
}

Event consumed(std::int64_t t_ms, std::int64_t id) {
    Event e = event(t_ms, EventKind::MessageSent, "k1", {{"ok", true}, {"origin", "p1"}, {"id", id}}, "item_reply");
    e.peer = "st";
    return e;
}

Event stage_state(std::int64_t t_ms, const char* held) {
    return event(t_ms, EventKind::State, "st", {{"queue_depth", 0}, {"held", {{"p1", Json::parse(held)}}}});
}

CheckResult judge(const Scenario& s, const std::vector<Event>& events) {
    auto results = run_checks(RunView{s, events}, CheckRegistry::builtin());
    EXPECT_EQ(results.size(), 1u);
    return results.empty() ? CheckResult{} : results.front();
}

TEST(BoundedQueue, SeesAPeakBetweenReportsThroughTheHighWaterMark) {
    const Scenario s = pipeline("bounded_queue: {max: 10, node: st}");
    EXPECT_EQ(judge(s, {gauges(100, "st", {{"queue_depth", 3}, {"queue_depth_max", 10}})}).verdict, Verdict::Pass);
    const CheckResult r = judge(s, {gauges(100, "st", {{"queue_depth", 3}, {"queue_depth_max", 11}}),
                                    gauges(100, "k1", {{"queue_depth", 50}})});
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_NE(r.detail.find("reached 11 on st"), std::string::npos) << r.detail;
    EXPECT_EQ(judge(s, {gauges(100, "k1", {{"queue_depth", 1}})}).verdict, Verdict::Unknown);
}

TEST(BoundedQueue, WithoutANodeLooksAtEveryQueue) {
    const Scenario s = pipeline("bounded_queue: {max: 10}");
    EXPECT_EQ(judge(s, {gauges(1, "st", {{"queue_depth", 3}}), gauges(2, "k1", {{"queue_depth", 12}})}).verdict,
              Verdict::Fail);
}

TEST(BoundedQueue, RefusesAnUndeclaredNodeAndBadArguments) {
    const CheckInfo* info = CheckRegistry::builtin().find("bounded_queue");
    ASSERT_NE(info, nullptr);
    const Scenario s = pipeline("no_violations: true");
    EXPECT_TRUE(problems_of(CheckRegistry::builtin(), info, Json{{"max", 5}}, s).empty());
    EXPECT_EQ(problems_of(CheckRegistry::builtin(), info, Json{{"max", 5}, {"node", "zz"}}, s).size(), 1u);
    EXPECT_EQ(problems_of(CheckRegistry::builtin(), info, Json{{"max", -1}}, s).size(), 1u);
    EXPECT_EQ(problems_of(CheckRegistry::builtin(), info, Json{{"mx", 1}}, s).size(), 2u);
}

TEST(NoAckedLoss, EveryAckedItemIsConsumedOrStillHeld) {
    const Scenario s = pipeline("no_acked_loss: true");
    const CheckResult r = judge(s, {acked(10, 1), acked(11, 2), acked(12, 3), acked(13, 4), consumed(20, 1),
                                    consumed(21, 2), stage_state(30, "[[3, 4]]")});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("2 consumed, 2 still queued"), std::string::npos) << r.detail;
}

TEST(NoAckedLoss, FailsOnAnAckedItemNeitherConsumedNorHeld) {
    const Scenario s = pipeline("no_acked_loss: true");
    const CheckResult r = judge(s, {acked(10, 1), acked(11, 2), acked(12, 3), consumed(20, 1),
                                    stage_state(30, "[[3, 3]]")});
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_NE(r.detail.find("first: p1 item 2"), std::string::npos) << r.detail;
}

TEST(NoAckedLoss, AStageKilledAtTheEndHoldsNothing) {
    const Scenario s = pipeline("no_acked_loss: true");
    const std::vector<Event> base = {event(0, EventKind::NodeStarted, "st", {{"pid", 1}}), acked(10, 1),
                                     stage_state(20, "[[1, 1]]")};
    auto killed = base;
    killed.push_back(event(30, EventKind::NodeExited, "st", {{"cause", "fault"}}));
    auto stopped = base;
    stopped.push_back(event(30, EventKind::NodeExited, "st", {{"cause", "shutdown"}}));
    EXPECT_EQ(judge(s, killed).verdict, Verdict::Fail);
    EXPECT_EQ(judge(s, stopped).verdict, Verdict::Pass);
}

TEST(NoAckedLoss, UnknownWithNothingAckedAndRefusedWithoutAConsumer) {
    const Scenario s = pipeline("no_acked_loss: true");
    EXPECT_EQ(judge(s, {consumed(1, 1)}).verdict, Verdict::Unknown);
    const CheckInfo* info = CheckRegistry::builtin().find("no_acked_loss");
    Scenario without = s;
    without.nodes.pop_back();
    EXPECT_EQ(problems_of(CheckRegistry::builtin(), info, true, without).size(), 1u);
}

}  // namespace
}  // namespace distlab::netlab
