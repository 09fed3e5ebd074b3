#include "netlab/checks/builtin_checks.h"
#include "netlab/checks/check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace distlab::netlab {
namespace {

constexpr std::int64_t kMs = 1'000'000;

Event op_invoked(std::int64_t t_ms, std::uint64_t id, std::string client = "c1") {
    Event e;
    e.t_ns = t_ms * kMs;
    e.kind = EventKind::OpInvoked;
    e.node = std::move(client);
    e.msg_id = id;
    e.type = "write";
    e.data = "1";
    return e;
}

Event op_completed(std::int64_t t_ms, std::uint64_t id, std::string status = "ok", std::string client = "c1") {
    Event e;
    e.t_ns = t_ms * kMs;
    e.kind = EventKind::OpCompleted;
    e.node = std::move(client);
    e.msg_id = id;
    e.type = std::move(status);
    return e;
}

Event simple(std::int64_t t_ms, EventKind kind, std::string node = {}, std::string data = {}) {
    Event e;
    e.t_ns = t_ms * kMs;
    e.kind = kind;
    e.node = std::move(node);
    e.data = std::move(data);
    return e;
}

Event metric(std::int64_t t_ms, std::string node, const Json& counters) {
    return simple(t_ms, EventKind::Metric, std::move(node),
                  Json{{"counters", counters}, {"gauges", Json::object()}, {"samples", Json::object()}}.dump());
}

// One op per entry: invoked at t, completed after latency_ms with status.
void add_op(std::vector<Event>& events, std::uint64_t id, std::int64_t t_ms, std::int64_t latency_ms,
            const std::string& status = "ok") {
    events.push_back(op_invoked(t_ms, id));
    events.push_back(op_completed(t_ms + latency_ms, id, status));
}

class ChecksTest : public ::testing::Test {
protected:
    ChecksTest() {
        core::RoleDescriptor client;
        client.name = "kv-client";
        client.client = true;
        roles_.add(client);
        core::RoleDescriptor server;
        server.name = "server";
        roles_.add(server);
        register_generic_checks(registry_);

        scenario_.name = "t";
        scenario_.nodes.push_back(node("c1", "kv-client"));
        scenario_.nodes.push_back(node("s1", "server"));
        scenario_.nodes.push_back(node("s2", "server"));
        FaultSpec kill;
        kill.at = std::chrono::seconds(5);
        kill.kind = FaultKind::Kill;
        scenario_.faults.push_back(kill);
    }

    static NodeSpec node(std::string id, std::string role) {
        NodeSpec n;
        n.id = std::move(id);
        n.role = std::move(role);
        return n;
    }

    CheckResult run(const std::string& name, const Json& args) {
        scenario_.checks = {CheckSpec{name, args, {}}};
        auto results = run_checks(RunView{scenario_, events_}, registry_);
        EXPECT_EQ(results.size(), 1u);
        return results.empty() ? CheckResult{} : results.front();
    }

    // The problems in English (validate_zh: in Chinese).
    std::vector<std::string> validate(const std::string& name, const Json& args) {
        std::vector<std::string> english;
        for (const core::Text& problem : make_check_validator(registry_)(CheckSpec{name, args, {}}, scenario_))
            english.push_back(problem.en);
        return english;
    }
    std::vector<std::string> validate_zh(const std::string& name, const Json& args) {
        std::vector<std::string> chinese;
        for (const core::Text& problem : make_check_validator(registry_)(CheckSpec{name, args, {}}, scenario_))
            chinese.push_back(problem.zh);
        return chinese;
    }

    void drop_clients() {
        std::erase_if(scenario_.nodes, [](const NodeSpec& n) { return n.role == "kv-client"; });
    }

    core::RoleRegistry roles_;
    CheckRegistry registry_{roles_};
    Scenario scenario_;
    std::vector<Event> events_;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool any_contains(const std::vector<std::string>& problems, const std::string& part) {
    for (const auto& p : problems)
        if (contains(p, part))
            return true;
    return false;
}

TEST(Verdict, Names) {
    EXPECT_EQ(to_string(Verdict::Pass), "pass");
    EXPECT_EQ(to_string(Verdict::Fail), "fail");
    EXPECT_EQ(to_string(Verdict::Unknown), "unknown");
}

TEST_F(ChecksTest, RegistryListsTheGenericChecks) {
    EXPECT_EQ(registry_.names(), (std::vector<std::string>{"all_ops_complete", "amplification", "availability",
                                                            "expect_fail", "latency", "no_send_in_phase",
                                                            "no_violations", "phase_reached", "phase_time",
                                                            "recovers"}));
    EXPECT_EQ(registry_.find("nope"), nullptr);
    ASSERT_NE(registry_.find("latency"), nullptr);
    EXPECT_FALSE(registry_.find("latency")->en.empty());
    EXPECT_FALSE(registry_.find("latency")->zh.empty());
}

TEST(CheckRegistry, BuiltinHasTheGenericChecks) {
    const auto names = CheckRegistry::builtin().names();
    for (const char* name : {"no_violations", "availability", "latency", "recovers", "amplification",
                             "all_ops_complete", "expect_fail"})
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
}

TEST_F(ChecksTest, AddRefusesASecondCheckOfTheSameName) {
    // Two patterns naming a check alike would judge one's scenarios with the other's check.
    CheckInfo info;
    info.name = "latency";
    info.en = "another";
    EXPECT_THROW(registry_.add(info), std::invalid_argument);
    EXPECT_NE(registry_.find("latency")->en, "another");
}

// ---- validator ----

TEST_F(ChecksTest, ValidatorNamesUnknownChecksAndListsKnownOnes) {
    auto problems = validate("linearisable", true);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0],
              "unknown check \"linearisable\" (known: all_ops_complete, amplification, availability, expect_fail, "
              "latency, no_send_in_phase, no_violations, phase_reached, phase_time, recovers)");
}

TEST_F(ChecksTest, ValidatorAcceptsWellFormedChecks) {
    EXPECT_TRUE(validate("no_violations", true).empty());
    EXPECT_TRUE(validate("availability", {{"min", 0.95}, {"after", "2s"}, {"until", 10000}}).empty());
    EXPECT_TRUE(validate("latency", {{"p50", "10ms"}, {"p99", "50ms"}, {"max", "100ms"}}).empty());
    EXPECT_TRUE(validate("recovers", {{"within", "2s"}, {"after", "last_fault"}}).empty());
    EXPECT_TRUE(validate("amplification", {{"max", 3.0}, {"counter", "requests"}}).empty());
    EXPECT_TRUE(validate("all_ops_complete", true).empty());
    EXPECT_TRUE(validate("expect_fail", {{"availability", {{"min", 0.99}}}}).empty());
}

TEST_F(ChecksTest, ValidatorRejectsBadArguments) {
    EXPECT_EQ(validate("no_violations", "yes"), std::vector<std::string>{"no_violations: expected true, got \"yes\""});
    EXPECT_EQ(validate("all_ops_complete", false),
              std::vector<std::string>{"all_ops_complete: expected true, got false"});
    EXPECT_TRUE(any_contains(validate("availability", Json::object()), "availability: min: missing required parameter (probability)"));
    EXPECT_TRUE(any_contains(validate("availability", {{"min", 1.5}}),
                             "availability: min: must be between 0 and 1, got 1.5"));
    EXPECT_TRUE(any_contains(validate("availability", {{"min", 0.9}, {"mni", 1}}),
                             "availability: mni: unknown parameter (known: min, after, until, where)"));
    EXPECT_TRUE(any_contains(validate("availability", {{"min", 0.9}, {"after", "5s"}, {"until", "2s"}}),
                             "availability: after (5s) must be before until (2s)"));
    EXPECT_TRUE(any_contains(validate("availability", 0.9), "availability: expected a mapping"));
    EXPECT_TRUE(any_contains(validate("latency", Json::object()), "latency: give at least one bound"));
    EXPECT_TRUE(any_contains(validate("latency", {{"p99", "50"}}),
                             "latency: p99: expected a duration with a unit (ms, s, m), got \"50\""));
    EXPECT_TRUE(any_contains(validate("recovers", {{"after", "last_fault"}}), "recovers: within: missing required parameter (duration)"));
    EXPECT_TRUE(any_contains(validate("recovers", {{"within", "2s"}, {"after", "first_fault"}}),
                             "recovers: after: expected last_fault, last_heal or a duration with a unit (ms, s, m), got \"first_fault\""));
    EXPECT_TRUE(any_contains(validate("amplification", Json::object()), "amplification: give max, min or both"));
    EXPECT_TRUE(any_contains(validate("amplification", {{"min", 3}, {"max", 2}}),
                             "amplification: min (3) is above max (2)"));
    EXPECT_TRUE(any_contains(validate("amplification", {{"max", -1}}), "amplification: max: must be at least 0, got -1"));
}

// `check: true` takes every argument's default, so a check that gains an argument with a default
// keeps working in the scenarios that named it with `true`; a required argument is still asked for.
TEST_F(ChecksTest, TrueTakesEveryDefault) {
    CheckInfo defaulted;
    defaulted.name = "defaulted";
    defaulted.params = {{.name = "slack", .type = core::ParamType::Duration, .default_value = "20ms", .min = 0}};
    defaulted.make = [](const core::Params&) -> std::unique_ptr<Check> { return nullptr; };   // validated only
    registry_.add(defaulted);
    EXPECT_TRUE(validate("defaulted", true).empty());
    EXPECT_EQ(validate("defaulted", false),
              std::vector<std::string>{"defaulted: expected a mapping with keys slack, got false"});
    EXPECT_TRUE(any_contains(validate("availability", true), "availability: min: missing required parameter (probability)"));
}

TEST_F(ChecksTest, ValidatorRejectsChecksThatDoNotApply) {
    scenario_.faults.clear();
    EXPECT_TRUE(any_contains(validate("recovers", {{"within", "2s"}}),
                             "recovers: after: last_fault, but the scenario has no faults"));
    EXPECT_TRUE(any_contains(validate("recovers", {{"within", "2s"}, {"after", "last_heal"}}),
                             "no fault of the scenario is ever healed"));
    EXPECT_TRUE(validate("recovers", {{"within", "2s"}, {"after", "3s"}}).empty());

    drop_clients();
    for (const char* name : {"availability", "latency", "all_ops_complete", "amplification"}) {
        const Json args = std::string(name) == "all_ops_complete" ? Json(true)
                          : std::string(name) == "availability"   ? Json{{"min", 0.5}}
                          : std::string(name) == "latency"        ? Json{{"p50", "1s"}}
                                                                  : Json{{"max", 2}};
        EXPECT_TRUE(any_contains(validate(name, args), std::string(name) + ": does not apply here: no node has a client role"))
            << name;
    }
    EXPECT_TRUE(validate("no_violations", true).empty());

    scenario_.nodes = {node("c1", "kv-client")};
    EXPECT_TRUE(any_contains(validate("amplification", {{"max", 2}}), "amplification: does not apply here: no node has a role that is not a client"));
}

TEST_F(ChecksTest, ExpectFailValidation) {
    EXPECT_TRUE(any_contains(validate("expect_fail", {{"linearizable", "kv"}}),
                             "expect_fail: unknown check \"linearizable\" (known: all_ops_complete"));
    EXPECT_TRUE(any_contains(validate("expect_fail", {{"expect_fail", {{"no_violations", true}}}}),
                             "cannot wrap another expect_fail"));
    EXPECT_TRUE(any_contains(validate("expect_fail", {{"no_violations", true}, {"all_ops_complete", true}}),
                             "exactly one check"));
    EXPECT_TRUE(any_contains(validate("expect_fail", true), "exactly one check"));
    EXPECT_TRUE(any_contains(validate("expect_fail", {{"availability", {{"min", 2}}}}),
                             "expect_fail: availability: min: must be between 0 and 1, got 2"));
}

// ---- no_violations ----

TEST_F(ChecksTest, NoViolations) {
    events_ = {simple(1, EventKind::Log, "n1", "hello")};
    EXPECT_EQ(run("no_violations", true).verdict, Verdict::Pass);

    events_.push_back(simple(2500, EventKind::Violation, "s1", "two leaders in term 3"));
    events_.push_back(simple(2600, EventKind::Violation, "s2", "log mismatch"));
    auto r = run("no_violations", true);
    EXPECT_EQ(r.name, "no_violations");
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_EQ(r.detail, "2 violations; first at 2.5s on s1: two leaders in term 3");
    ASSERT_TRUE(r.window_ns.has_value());
    EXPECT_EQ(r.window_ns->first, 2500 * kMs);
}

// ---- availability ----

TEST_F(ChecksTest, AvailabilityAtItsThreshold) {
    for (std::uint64_t i = 0; i < 100; ++i)
        add_op(events_, i, static_cast<std::int64_t>(i) * 10, 5, i < 95 ? "ok" : "fail");
    auto r = run("availability", {{"min", 0.95}});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_EQ(r.detail, "95.0% of 100 completed ops ok (95 ok), min 95.0%");
    EXPECT_EQ(run("availability", {{"min", 0.96}}).verdict, Verdict::Fail);
}

TEST_F(ChecksTest, AvailabilityCountsOnlyOpsInvokedInTheWindow) {
    add_op(events_, 1, 100, 5, "fail");    // before the window
    add_op(events_, 2, 2000, 5, "ok");
    add_op(events_, 3, 3000, 5, "ok");
    add_op(events_, 4, 4000, 5, "fail");   // at `until`: outside
    auto r = run("availability", {{"min", 1.0}, {"after", "2s"}, {"until", "4s"}});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_EQ(run("availability", {{"min", 1.0}, {"after", "2s"}, {"until", "5s"}}).verdict, Verdict::Fail);
}

TEST_F(ChecksTest, AvailabilityWithoutCompletedOps) {
    EXPECT_EQ(run("availability", {{"min", 0.5}}).verdict, Verdict::Unknown);
    events_.push_back(op_invoked(10, 1));
    auto r = run("availability", {{"min", 0.5}});
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_EQ(r.detail, "none of the 1 ops invoked in the window completed");
}

TEST_F(ChecksTest, AvailabilityIgnoresPendingOps) {
    add_op(events_, 1, 0, 5, "ok");
    events_.push_back(op_invoked(10, 2));   // never completes: all_ops_complete's business
    EXPECT_EQ(run("availability", {{"min", 1.0}}).verdict, Verdict::Pass);
}

// ---- latency ----

TEST_F(ChecksTest, LatencyPercentilesAtTheirBounds) {
    for (std::uint64_t i = 1; i <= 100; ++i)
        add_op(events_, i, static_cast<std::int64_t>(i) * 200, static_cast<std::int64_t>(i));
    add_op(events_, 1000, 0, 5000, "fail");   // failed ops are not measured

    auto pass = run("latency", {{"p50", "50ms"}, {"p99", "99ms"}, {"max", "100ms"}});
    EXPECT_EQ(pass.verdict, Verdict::Pass) << pass.detail;
    EXPECT_EQ(pass.detail, "p50 50ms <= 50ms, p99 99ms <= 99ms, max 100ms <= 100ms (100 ok ops)");

    auto fail = run("latency", {{"p50", "50ms"}, {"p90", 89}});
    EXPECT_EQ(fail.verdict, Verdict::Fail);
    EXPECT_EQ(fail.detail, "p90 90ms > 89ms, p50 50ms <= 50ms (100 ok ops)");
    ASSERT_TRUE(fail.window_ns.has_value());
    EXPECT_EQ(fail.window_ns->first, 100 * 200 * kMs);   // the slowest ok op

    EXPECT_EQ(run("latency", {{"max", "99ms"}}).verdict, Verdict::Fail);
}

TEST_F(ChecksTest, LatencyWithoutOkOpsIsUnknown) {
    add_op(events_, 1, 0, 5, "fail");
    EXPECT_EQ(run("latency", {{"p50", "10ms"}}).verdict, Verdict::Unknown);
}

// ---- recovers ----

TEST_F(ChecksTest, RecoversWithinTheWindow) {
    add_op(events_, 1, 4000, 500);                          // completes before the fault
    events_.push_back(simple(5000, EventKind::FaultInjected));
    add_op(events_, 2, 5500, 500);                          // ok at 6s
    events_.push_back(simple(9000, EventKind::RunEnded));

    auto r = run("recovers", {{"within", "1s"}, {"after", "last_fault"}});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_EQ(r.detail, "first ok op completed 1s after the last fault (at 5s), within 1s");
    ASSERT_TRUE(r.window_ns.has_value());
    EXPECT_EQ(*r.window_ns, std::make_pair(5000 * kMs, 6000 * kMs));

    auto late = run("recovers", {{"within", 999}});
    EXPECT_EQ(late.verdict, Verdict::Fail);
    EXPECT_EQ(late.detail, "no op completed ok within 999ms after the last fault (at 5s); the first did 1s after it");
}

TEST_F(ChecksTest, RecoversIgnoresFailedOpsAndOpsBeforeTheFault) {
    add_op(events_, 1, 4000, 1500);                         // ok at 5.5s but invoked before: still counts
    events_.push_back(simple(5000, EventKind::FaultInjected));
    add_op(events_, 2, 5100, 100, "fail");
    events_.push_back(simple(9000, EventKind::RunEnded));
    EXPECT_EQ(run("recovers", {{"within", "1s"}}).verdict, Verdict::Pass);

    events_.erase(events_.begin(), events_.begin() + 2);
    events_.insert(events_.begin(), {op_invoked(4000, 1), op_completed(4900, 1)});
    auto r = run("recovers", {{"within", "1s"}});
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_TRUE(contains(r.detail, "none did afterwards")) << r.detail;
}

TEST_F(ChecksTest, RecoversReferenceTimes) {
    scenario_.faults.front().until = std::chrono::seconds(8);   // last_heal needs a fault that heals
    events_.push_back(simple(1000, EventKind::FaultInjected));
    events_.push_back(simple(3000, EventKind::FaultHealed));
    add_op(events_, 1, 2000, 1500);                         // ok at 3.5s
    events_.push_back(simple(9000, EventKind::RunEnded));
    EXPECT_EQ(run("recovers", {{"within", "1s"}, {"after", "last_heal"}}).verdict, Verdict::Pass);
    EXPECT_EQ(run("recovers", {{"within", "1s"}, {"after", "last_fault"}}).verdict, Verdict::Fail);
    EXPECT_EQ(run("recovers", {{"within", "600ms"}, {"after", "3s"}}).verdict, Verdict::Pass);
    EXPECT_EQ(run("recovers", {{"within", "400ms"}, {"after", "3s"}}).verdict, Verdict::Fail);
}

TEST_F(ChecksTest, RecoversIsUnknownWithoutAFaultOrTimeToSee) {
    add_op(events_, 1, 0, 10);
    auto no_fault = run("recovers", {{"within", "1s"}});
    EXPECT_EQ(no_fault.verdict, Verdict::Unknown);
    EXPECT_EQ(no_fault.detail, "no fault was injected during the run");

    events_.push_back(simple(5000, EventKind::FaultInjected));
    events_.push_back(simple(5500, EventKind::RunEnded));
    auto short_run = run("recovers", {{"within", "1s"}});
    EXPECT_EQ(short_run.verdict, Verdict::Unknown);
    EXPECT_EQ(short_run.detail, "the run ended 500ms after the last fault (at 5s), before 1s had passed");
}

// ---- amplification ----

TEST_F(ChecksTest, AmplificationRatioAgainstMaxAndMin) {
    for (std::uint64_t i = 0; i < 100; ++i)
        add_op(events_, i, static_cast<std::int64_t>(i), 1);
    events_.push_back(metric(500, "s1", {{"requests", 80}}));
    events_.push_back(metric(1000, "s1", {{"requests", 200}}));   // latest counts
    events_.push_back(metric(1000, "s2", {{"requests", 100}, {"other", 7}}));
    events_.push_back(metric(1000, "c1", {{"requests", 1000}}));  // a client: not counted

    auto at_max = run("amplification", {{"max", 3.0}});
    EXPECT_EQ(at_max.verdict, Verdict::Pass) << at_max.detail;
    EXPECT_EQ(at_max.detail, "amplification 3.00: 300 \"requests\" at 2 servers for 100 client ops, max 3");
    EXPECT_EQ(run("amplification", {{"max", 2.9}}).verdict, Verdict::Fail);
    EXPECT_EQ(run("amplification", {{"min", 3}}).verdict, Verdict::Pass);
    EXPECT_EQ(run("amplification", {{"min", 3.1}}).verdict, Verdict::Fail);
    EXPECT_EQ(run("amplification", {{"max", 0.07}, {"counter", "other"}}).verdict, Verdict::Pass);
}

TEST_F(ChecksTest, AmplificationKeepsCountsFromBeforeARestart) {
    for (std::uint64_t i = 0; i < 10; ++i)
        add_op(events_, i, static_cast<std::int64_t>(i), 1);
    events_.push_back(metric(100, "s1", {{"requests", 20}}));
    events_.push_back(metric(200, "s1", {{"requests", 5}}));   // restarted: counter began again
    events_.push_back(metric(300, "s1", {{"requests", 10}}));
    auto r = run("amplification", {{"max", 3}});
    EXPECT_EQ(r.verdict, Verdict::Pass);
    EXPECT_TRUE(contains(r.detail, "amplification 3.00: 30 ")) << r.detail;
}

TEST_F(ChecksTest, AmplificationUnknownWithoutOpsOrCounter) {
    events_.push_back(metric(100, "s1", {{"requests", 20}}));
    EXPECT_EQ(run("amplification", {{"max", 3}}).verdict, Verdict::Unknown);
    add_op(events_, 1, 0, 1);
    auto r = run("amplification", {{"max", 3}, {"counter", "calls"}});
    EXPECT_EQ(r.verdict, Verdict::Unknown);
    EXPECT_EQ(r.detail, "no server node reported the counter \"calls\" in its metrics");
    events_.push_back(simple(200, EventKind::Metric, "s2", "not json"));
    EXPECT_EQ(run("amplification", {{"max", 30}}).verdict, Verdict::Pass);
}

// ---- all_ops_complete ----

TEST_F(ChecksTest, AllOpsComplete) {
    add_op(events_, 1, 0, 5, "ok");
    add_op(events_, 2, 1, 5, "fail");
    add_op(events_, 3, 2, 5, "info");
    auto r = run("all_ops_complete", true);
    EXPECT_EQ(r.verdict, Verdict::Pass);
    EXPECT_EQ(r.detail, "all 3 ops completed exactly once");

    events_.push_back(op_invoked(4200, 17));
    auto pending = run("all_ops_complete", true);
    EXPECT_EQ(pending.verdict, Verdict::Fail);
    EXPECT_EQ(pending.detail, "4 ops: 1 never completed (first: c1 op 17 write, invoked at 4.2s)");

    events_.pop_back();
    events_.push_back(op_completed(50, 1, "ok"));
    EXPECT_TRUE(contains(run("all_ops_complete", true).detail, "1 completed more than once (first: c1 op 1)"));

    events_.pop_back();
    events_.push_back(op_completed(50, 99, "ok"));
    auto orphan = run("all_ops_complete", true);
    EXPECT_EQ(orphan.verdict, Verdict::Fail);
    EXPECT_TRUE(contains(orphan.detail, "1 completed without being invoked (first: c1 op 99 at 50ms)")) << orphan.detail;
}

TEST_F(ChecksTest, OpsOfDifferentClientsWithTheSameIdAreDistinct) {
    events_ = {op_invoked(0, 1, "c1"), op_invoked(0, 1, "c2"), op_completed(5, 1, "ok", "c2")};
    EXPECT_EQ(run("all_ops_complete", true).verdict, Verdict::Fail);
    events_.push_back(op_completed(6, 1, "ok", "c1"));
    EXPECT_EQ(run("all_ops_complete", true).verdict, Verdict::Pass);
}

// ---- expect_fail ----

TEST_F(ChecksTest, ExpectFailInvertsTheInnerVerdict) {
    add_op(events_, 1, 0, 5, "fail");
    auto r = run("expect_fail", {{"availability", {{"min", 0.5}}}});
    EXPECT_EQ(r.name, "expect_fail");
    EXPECT_EQ(r.verdict, Verdict::Pass);
    EXPECT_EQ(r.detail, "as expected, availability failed: 0.0% of 1 completed ops ok (0 ok), min 50.0%");

    auto passed = run("expect_fail", {{"no_violations", true}});
    EXPECT_EQ(passed.verdict, Verdict::Fail);
    EXPECT_EQ(passed.detail, "expected no_violations to fail, but it passed: no violations");

    auto undecided = run("expect_fail", {{"latency", {{"p50", "1s"}}}});
    EXPECT_EQ(undecided.verdict, Verdict::Unknown);
    EXPECT_TRUE(contains(undecided.detail, "latency could not decide")) << undecided.detail;
}

// ---- Chinese ----

// Whether `text` holds a CJK ideograph (UTF-8 lead bytes 0xE4 to 0xE9).
bool has_chinese(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0xE4 && byte <= 0xE9;
    });
}

TEST_F(ChecksTest, DetailsHaveAChineseForm) {
    events_ = {simple(2500, EventKind::Violation, "s1", "two leaders in term 3")};
    const CheckResult violation = run("no_violations", true);
    EXPECT_EQ(violation.verdict, Verdict::Fail);
    EXPECT_EQ(violation.detail, "1 violation; first at 2.5s on s1: two leaders in term 3");
    EXPECT_EQ(violation.detail_zh, "1 次违例；第一次在 2.5s，s1 上：two leaders in term 3");
    EXPECT_EQ(violation.detail_text().in("zh_CN"), violation.detail_zh);
    EXPECT_EQ(violation.detail_text().in("en"), violation.detail);
    // A violation the role said in Chinese too is quoted in Chinese.
    events_[0].aux = R"({"zh":"任期 3 有两个领导者"})";
    EXPECT_EQ(run("no_violations", true).detail_zh, "1 次违例；第一次在 2.5s，s1 上：任期 3 有两个领导者");
    EXPECT_EQ(run("no_violations", true).detail, violation.detail);

    events_.clear();
    add_op(events_, 1, 0, 5, "fail");
    const CheckResult expected = run("expect_fail", {{"availability", {{"min", 0.5}}}});
    EXPECT_EQ(expected.detail_zh, "符合预期，availability 未通过：已完成的 1 个操作中 0.0% 成功（0 个成功），下限 50.0%");

    // Every generic check's failing or undecided answer reads in Chinese.
    events_.push_back(op_invoked(4200, 17));
    events_.push_back(metric(100, "s1", {{"requests", 9}}));
    for (const auto& [name, args] : std::vector<std::pair<std::string, Json>>{
             {"availability", {{"min", 0.9}}},
             {"availability", {{"min", 0.9}, {"after", "9s"}}},
             {"latency", {{"p99", "1ms"}}},
             {"recovers", {{"within", "1s"}}},
             {"amplification", {{"max", 2}}},
             {"all_ops_complete", true},
             {"expect_fail", {{"no_violations", true}}},
             {"no_send_in_phase", {{"phase", "on"}, {"type", "x"}}}}) {
        const CheckResult r = run(name, args);
        EXPECT_NE(r.verdict, Verdict::Pass) << name << ": " << r.detail;
        EXPECT_TRUE(has_chinese(r.detail_zh)) << name << ": " << r.detail << " / " << r.detail_zh;
    }
}

TEST_F(ChecksTest, ProblemsHaveAChineseForm) {
    EXPECT_EQ(validate_zh("latency", Json::object()),
              std::vector<std::string>{"latency: 至少给出一个上限（p50、p90、p99 或 max）"});
    const auto unknown = validate_zh("linearisable", true);
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_TRUE(unknown[0].starts_with("未知的检查“linearisable”")) << unknown[0];
    for (const auto& [name, args] : std::vector<std::pair<std::string, Json>>{
             {"availability", {{"min", 1.5}}},
             {"availability", {{"min", 0.9}, {"after", "5s"}, {"until", "2s"}}},
             {"availability", 0.9},
             {"amplification", {{"min", 3}, {"max", 2}}},
             {"recovers", {{"within", "1s"}, {"after", "last_heal"}}},
             {"no_violations", false},
             {"expect_fail", {{"latency", Json::object()}}},
             {"phase_time", {{"phase", "on"}}}}) {
        const auto problems = validate_zh(name, args);
        ASSERT_FALSE(problems.empty()) << name << " " << args.dump();
        for (const std::string& problem : problems)
            EXPECT_TRUE(has_chinese(problem)) << name << ": " << problem;
    }
    drop_clients();
    for (const std::string& problem : validate_zh("latency", {{"p99", "10ms"}}))
        EXPECT_TRUE(has_chinese(problem)) << problem;
}

// ---- run_checks ----

class SpinPastBudget final : public Check {
public:
    CheckResult evaluate(const RunView&, std::chrono::steady_clock::time_point budget) const override {
        while (std::chrono::steady_clock::now() <= budget) {
        }
        CheckResult r;
        r.verdict = Verdict::Pass;
        r.detail = "finished late";
        return r;
    }
};

class Throws final : public Check {
public:
    CheckResult evaluate(const RunView&, std::chrono::steady_clock::time_point) const override {
        throw std::runtime_error("index out of range");
    }
};

TEST_F(ChecksTest, BudgetOverrunAndExceptionsBecomeUnknown) {
    CheckInfo slow;
    slow.name = "slow";
    slow.make = [](const core::Params&) { return std::make_unique<SpinPastBudget>(); };
    registry_.add(slow);
    CheckInfo throws;
    throws.name = "throws";
    throws.make = [](const core::Params&) { return std::make_unique<Throws>(); };
    registry_.add(throws);

    scenario_.checks = {CheckSpec{"slow", true, {}}, CheckSpec{"throws", true, {}}, CheckSpec{"no_violations", true, {}},
                        CheckSpec{"missing", true, {}}, CheckSpec{"latency", "bad args", {}}};
    const auto results = run_checks(RunView{scenario_, events_}, registry_, std::chrono::milliseconds(1));
    ASSERT_EQ(results.size(), 5u);

    EXPECT_EQ(results[0].name, "slow");
    EXPECT_EQ(results[0].verdict, Verdict::Unknown);
    EXPECT_TRUE(contains(results[0].detail, "over its budget of 1ms")) << results[0].detail;
    EXPECT_TRUE(contains(results[0].detail, "finished late")) << results[0].detail;

    EXPECT_EQ(results[1].verdict, Verdict::Unknown);
    EXPECT_EQ(results[1].detail, "the check failed with an error: index out of range");

    EXPECT_EQ(results[2].name, "no_violations");
    EXPECT_EQ(results[2].verdict, Verdict::Pass);

    EXPECT_EQ(results[3].verdict, Verdict::Unknown);
    EXPECT_EQ(results[3].detail, "unknown check \"missing\"");

    EXPECT_EQ(results[4].verdict, Verdict::Unknown);
    EXPECT_EQ(results[4].detail, "the check could not be built: latency: expected a mapping with keys p50, p90, p99, "
                                 "max, where, got \"bad args\"");
}

}  // namespace
}  // namespace distlab::netlab
