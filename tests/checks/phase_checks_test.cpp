// The generic phase checks (phase_reached, no_send_in_phase, phase_time) on a toy role that only
// this fixture registers: the checks learn its phases from its descriptor, through the run's
// role catalog, and from nowhere else.

#include "netlab/checks/builtin_checks.h"
#include "netlab/checks/check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace distlab::netlab {
namespace {

constexpr std::int64_t kMs = 1'000'000;

core::RoleDescriptor lamp_role() {
    core::RoleDescriptor lamp;
    lamp.name = "lamp";
    lamp.phases = {{.name = "off", .tone = core::Tone::Neutral, .en = "off", .zh = "关"},
                   {.name = "on", .tone = core::Tone::Healthy, .en = "on", .zh = "开"},
                   {.name = "broken", .tone = core::Tone::Failing, .en = "broken", .zh = "坏了"}};
    return lamp;
}

class PhaseChecksTest : public ::testing::Test {
protected:
    PhaseChecksTest() {
        roles_.add(lamp_role());
        core::RoleDescriptor plain;
        plain.name = "plain";
        roles_.add(plain);
        register_generic_checks(registry_);
        scenario_.name = "t";
        scenario_.nodes = {node("l1", "lamp"), node("l2", "lamp"), node("p1", "plain")};
        FaultSpec kill;
        kill.at = std::chrono::seconds(1);
        kill.until = std::chrono::seconds(2);
        kill.kind = FaultKind::Kill;
        scenario_.faults.push_back(kill);
    }

    static NodeSpec node(std::string id, std::string role) {
        NodeSpec n;
        n.id = std::move(id);
        n.role = std::move(role);
        return n;
    }

    void phase(std::int64_t ms, const std::string& node, const std::string& name) {
        events_.push_back({.t_ns = ms * kMs, .kind = EventKind::Phase, .node = node, .type = name,
                           .data = R"({"from":"","reason":""})"});
    }
    void send(std::int64_t ms, const std::string& node, const std::string& type) {
        events_.push_back({.t_ns = ms * kMs, .kind = EventKind::MessageSent, .node = node, .peer = "p1",
                           .msg_id = ++next_id_, .type = type, .data = "{}"});
    }
    void event(std::int64_t ms, EventKind kind, const std::string& node = {}) {
        events_.push_back({.t_ns = ms * kMs, .kind = kind, .node = node});
    }

    CheckResult run(const std::string& name, const Json& args) {
        return run_check(CheckSpec{name, args, {}}, RunView{scenario_, events_}, registry_);
    }
    // The problems in English.
    std::vector<std::string> validate(const std::string& name, const Json& args) {
        std::vector<std::string> english;
        for (const core::Text& problem : registry_.validate(CheckSpec{name, args, {}}, scenario_))
            english.push_back(problem.en);
        return english;
    }

    core::RoleRegistry roles_;
    CheckRegistry registry_{roles_};
    Scenario scenario_;
    std::vector<Event> events_;
    std::uint64_t next_id_ = 0;
};

bool any_contains(const std::vector<std::string>& problems, const std::string& part) {
    for (const auto& p : problems)
        if (p.find(part) != std::string::npos)
            return true;
    return false;
}

TEST_F(PhaseChecksTest, ValidationReadsThePhasesTheScenarioRolesDeclare) {
    EXPECT_TRUE(validate("phase_reached", {{"phase", "on"}, {"within", "1s"}}).empty());
    EXPECT_TRUE(validate("phase_reached", {{"phase", "broken"}, {"role", "lamp"}, {"within", "1s"},
                                           {"after", "last_heal"}})
                    .empty());
    EXPECT_TRUE(validate("no_send_in_phase", {{"phase", "off"}, {"type", "request"}}).empty());
    EXPECT_TRUE(validate("phase_time", {{"phase", "on"}, {"max", "2s"}, {"min", 500}}).empty());

    EXPECT_EQ(validate("phase_reached", {{"phase", "open"}, {"within", "1s"}}),
              std::vector<std::string>{"phase_reached: phase: no role of the scenario declares the phase \"open\" (lamp: off, on, "
                       "broken)"});
    EXPECT_EQ(validate("no_send_in_phase", {{"phase", "on"}, {"type", "x"}, {"role", "plain"}}),
              std::vector<std::string>{"no_send_in_phase: phase: the role plain declares no phase \"on\""});
    EXPECT_EQ(validate("phase_time", {{"phase", "on"}, {"role", "ghost"}, {"max", "1s"}}),
              std::vector<std::string>{"phase_time: role: no node has the role ghost"});
    EXPECT_TRUE(any_contains(validate("phase_time", {{"phase", "on"}}), "phase_time: give max, min or both"));
    EXPECT_TRUE(any_contains(validate("phase_time", {{"phase", "on"}, {"max", "1s"}, {"min", "2s"}}),
                             "phase_time: min (2s) is above max (1s)"));
    EXPECT_TRUE(any_contains(validate("phase_reached", {{"phase", "on"}, {"within", 0}}),
                             "phase_reached: within: must be at least 1us, got 0ms"));
    EXPECT_TRUE(any_contains(validate("phase_reached", {{"phase", "on"}, {"within", "1s"}, {"after", "lunch"}}),
                             "phase_reached: after: expected start, first_fault, last_fault, last_heal or a duration"));
    EXPECT_TRUE(any_contains(validate("no_send_in_phase", {{"phase", "on"}}),
                             "no_send_in_phase: type: missing required parameter (string)"));

    scenario_.faults.clear();
    EXPECT_TRUE(any_contains(validate("phase_reached", {{"phase", "on"}, {"within", "1s"}, {"after", "first_fault"}}),
                             "phase_reached: after: first_fault, but the scenario has no faults"));

    scenario_.nodes = {node("p1", "plain")};
    EXPECT_TRUE(any_contains(validate("phase_reached", {{"phase", "on"}, {"within", "1s"}}),
                             "phase_reached: does not apply here: no node has a role with phases"));
}

TEST_F(PhaseChecksTest, PhaseReachedCountsANodeAlreadyThereAndNamesTheLateOnes) {
    event(1000, EventKind::FaultInjected, "l1");
    phase(0, "l1", "on");
    phase(0, "l2", "off");
    phase(1200, "l1", "broken");
    phase(1800, "l2", "broken");
    event(5000, EventKind::RunEnded);

    const CheckResult fast = run("phase_reached", {{"phase", "broken"}, {"within", "1s"}, {"after", "first_fault"}});
    EXPECT_EQ(fast.verdict, Verdict::Pass) << fast.detail;
    ASSERT_TRUE(fast.window_ns);
    EXPECT_EQ(*fast.window_ns, std::make_pair(1000 * kMs, 2000 * kMs));

    const CheckResult late = run("phase_reached", {{"phase", "broken"}, {"within", "500ms"}, {"after", "first_fault"}});
    EXPECT_EQ(late.verdict, Verdict::Fail) << late.detail;
    EXPECT_NE(late.detail.find("l2 broken only 0.800s after the first fault (at 1.000s)"), std::string::npos)
        << late.detail;
    EXPECT_EQ(late.nodes, (std::vector<std::string>{"l2"}));

    // l1 is on from the start: at the start it already is.
    const CheckResult on = run("phase_reached", {{"phase", "on"}, {"within", "100ms"}});
    EXPECT_EQ(on.verdict, Verdict::Fail) << on.detail;
    EXPECT_NE(on.detail.find("l2 never on after the start (at 0.000s); its last phase was broken"), std::string::npos)
        << on.detail;
    EXPECT_NE(on.detail.find("l1 was on at the start"), std::string::npos) << on.detail;
    EXPECT_EQ(on.nodes, (std::vector<std::string>{"l2"}));
    // In Chinese a phase reads as its role's label, with the name it is written as.
    EXPECT_NE(on.detail_zh.find("l2 在启动（0.000s）之后从未进入 开（on）；它最后的阶段是 坏了（broken）"), std::string::npos)
        << on.detail_zh;
    EXPECT_NE(on.detail_zh.find("l1 在启动时已是 开（on）"), std::string::npos) << on.detail_zh;
}

TEST_F(PhaseChecksTest, PhaseReachedIsUnknownWhenTheRunEndsFirst) {
    phase(0, "l1", "off");
    phase(0, "l2", "off");
    phase(100, "l1", "on");
    event(300, EventKind::RunEnded);
    const CheckResult r = run("phase_reached", {{"phase", "on"}, {"within", "1s"}});
    EXPECT_EQ(r.verdict, Verdict::Unknown) << r.detail;
    EXPECT_NE(r.detail.find("l2 not yet on when the run ended"), std::string::npos) << r.detail;
}

TEST_F(PhaseChecksTest, DurationsAreRoleTimeScaledByTimeScale) {
    phase(0, "l1", "off");
    phase(0, "l2", "off");
    phase(1500, "l1", "on");
    phase(1500, "l2", "on");
    event(5000, EventKind::RunEnded);
    EXPECT_EQ(run("phase_reached", {{"phase", "on"}, {"within", "1s"}}).verdict, Verdict::Fail);
    scenario_.time_scale = 2.0;   // 1 s of role time is 2 s of the run's
    const CheckResult r = run("phase_reached", {{"phase", "on"}, {"within", "1s"}});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_EQ(r.window_ns, std::make_pair(std::int64_t{0}, 2000 * kMs));
}

TEST_F(PhaseChecksTest, NoSendInPhaseNamesTheMessagesSentInThePhase) {
    phase(0, "l1", "on");
    send(100, "l1", "request");
    phase(200, "l1", "broken");
    send(300, "l1", "request");
    send(350, "l1", "ping");        // another type
    send(400, "p1", "request");     // not a lamp
    event(500, EventKind::NodeExited, "l1");
    event(600, EventKind::NodeStarted, "l1");
    send(700, "l1", "request");     // a new process, in no phase yet
    send(800, "l1", "request");
    phase(800, "l1", "broken");
    send(900, "l1", "request");

    const CheckResult r = run("no_send_in_phase", {{"phase", "broken"}, {"type", "request"}});
    EXPECT_EQ(r.verdict, Verdict::Fail) << r.detail;
    EXPECT_EQ(r.detail, "2 of 5 \"request\" messages were sent while broken; first: l1 sent 2 to p1 at 0.300s");
    EXPECT_EQ(r.messages, (std::vector<EventRef>{{"l1", 2}, {"l1", 7}}));
    EXPECT_EQ(r.nodes, (std::vector<std::string>{"l1", "p1"}));
    EXPECT_EQ(r.window_ns, std::make_pair(300 * kMs, 900 * kMs));

    const CheckResult off = run("no_send_in_phase", {{"phase", "off"}, {"type", "request"}});
    EXPECT_EQ(off.verdict, Verdict::Pass) << off.detail;
    EXPECT_NE(off.detail.find("no node was ever off"), std::string::npos) << off.detail;
}

TEST_F(PhaseChecksTest, PhaseTimeMeasuresEachSpell) {
    phase(0, "l1", "on");
    phase(1000, "l1", "off");       // a 1 s spell on
    phase(1100, "l1", "on");
    phase(1300, "l1", "off");       // 200 ms on
    phase(0, "l2", "on");
    event(2000, EventKind::NodeExited, "l2");   // 2 s on, cut by the exit: not held to min
    phase(2500, "l1", "on");        // still on at the end: 500 ms so far
    event(3000, EventKind::RunEnded);

    EXPECT_EQ(run("phase_time", {{"phase", "on"}, {"max", "2s"}}).verdict, Verdict::Pass);
    const CheckResult longest = run("phase_time", {{"phase", "on"}, {"max", "1500ms"}});
    EXPECT_EQ(longest.verdict, Verdict::Fail) << longest.detail;
    EXPECT_EQ(longest.nodes, (std::vector<std::string>{"l2"}));
    EXPECT_EQ(longest.window_ns, std::make_pair(std::int64_t{0}, 2000 * kMs));

    const CheckResult shortest = run("phase_time", {{"phase", "on"}, {"min", "300ms"}, {"role", "lamp"}});
    EXPECT_EQ(shortest.verdict, Verdict::Fail) << shortest.detail;
    EXPECT_NE(shortest.detail.find("below the min 300ms"), std::string::npos) << shortest.detail;
    EXPECT_EQ(shortest.window_ns, std::make_pair(1100 * kMs, 1300 * kMs));
    EXPECT_EQ(run("phase_time", {{"phase", "on"}, {"min", "150ms"}}).verdict, Verdict::Pass);

    EXPECT_EQ(run("phase_time", {{"phase", "broken"}, {"max", "1s"}}).verdict, Verdict::Unknown);
}

TEST_F(PhaseChecksTest, TheRunsCatalogDescribesRolesTheRegistryLacks) {
    // A recording of a role this build does not have: its RunStarted event carries the
    // descriptor, and the checks read it from there.
    core::RoleDescriptor ghost = lamp_role();
    ghost.name = "ghost";
    RoleCatalog catalog;
    catalog.add_role(ghost);
    core::Json data = core::Json::object();
    catalog.write(data);
    data["nodes"] = {{"g1", "ghost"}};
    events_.push_back({.t_ns = 0, .kind = EventKind::RunStarted, .data = data.dump()});
    phase(0, "g1", "off");
    phase(100, "g1", "on");
    event(2000, EventKind::RunEnded);
    scenario_.nodes = {node("g1", "ghost")};

    const CheckResult r = run("phase_reached", {{"phase", "on"}, {"within", "1s"}});
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("g1 on 0.100s after the start"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace distlab::netlab
