// The message queue checks: on small simulated runs where they must fail, and on hand-made event
// streams for what a correct queue never does.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::netlab {
namespace {

class Collector final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
    std::vector<Event> events;
};

// A queue, a producer at 20/s until 2 s and one consumer; `queue_params`, `faults` and `checks`
// are YAML text.
std::string scenario_yaml(const std::string& queue_params, const std::string& faults, const std::string& checks) {
    return "version: 1\nname: mq-test\nfamily: communication\n"
           "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\nduration: 5s\nseed: 3\n"
           "nodes:\n"
           "  - {id: q, role: queue, params: {" + queue_params + "}}\n"
           "  - {id: p1, role: mq-producer, params: {target: q, rate: 20, arrival: fixed, stop_at: 2s}}\n"
           "  - {id: c1, role: mq-consumer, params: {queue: q, process_time: 10ms}}\n" +
           faults + "checks:\n" + checks;
}

std::vector<CheckResult> simulate(const std::string& yaml) {
    auto scenario = load_scenario_text(yaml, "test.yaml", core::RoleRegistry::builtin(),
                                       make_check_validator(CheckRegistry::builtin()));
    EXPECT_TRUE(scenario) << (scenario ? "" : scenario.error().front().str());
    if (!scenario)
        return {};
    Collector collector;
    SimRun run(*scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    return run_checks(RunView{*scenario, collector.events}, CheckRegistry::builtin());
}

TEST(MqChecks, AllPassOnAQuietRun) {
    const auto checks = simulate(scenario_yaml("", "", "  - mq_no_acked_loss: true\n  - mq_all_settled: true\n"
                                                       "  - mq_dead_letter: {min: 0}\n  - mq_duplicates: {max: 0}\n"));
    ASSERT_EQ(checks.size(), 4u);
    for (const CheckResult& c : checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;
    EXPECT_EQ(checks[0].detail, "39 acknowledged enqueues, 1 group(s): 39 consumed, 0 dead-lettered; none lost");
}

TEST(MqChecks, AQueueThatStaysDownSettlesNothingAndLosesWhatItHeld) {
    const auto checks = simulate(scenario_yaml("", "faults:\n  - {at: 1s, kill: q}\n",
                                               "  - mq_no_acked_loss: true\n  - mq_all_settled: true\n"));
    ASSERT_EQ(checks.size(), 2u);
    // Everything acknowledged before the kill had been consumed: a consumer keeps up.
    EXPECT_EQ(checks[0].verdict, Verdict::Pass) << checks[0].detail;
    EXPECT_EQ(checks[1].verdict, Verdict::Fail);
    EXPECT_NE(checks[1].detail.find("the queue q is down at the end"), std::string::npos) << checks[1].detail;
    EXPECT_EQ(checks[1].nodes, (std::vector<std::string>{"q"}));
}

TEST(MqChecks, AnEmptyDlqFailsWhenOneWasExpected) {
    const auto checks = simulate(scenario_yaml("", "", "  - mq_dead_letter: {min: 1}\n"));
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].verdict, Verdict::Fail);
    EXPECT_NE(checks[0].detail.find("0 messages in the DLQ at the end, expected at least 1"), std::string::npos)
        << checks[0].detail;
}

TEST(MqChecks, TheRabbitMqPresetDeadLettersAPoisonMessageAfter21Deliveries) {
    const std::string yaml =
        "version: 1\nname: mq-rabbit\nfamily: communication\n"
        "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\nduration: 3s\nseed: 2\n"
        "nodes:\n"
        "  - {id: q, role: queue, params: {preset: rabbitmq}}\n"
        "  - {id: p1, role: mq-producer, params: {target: q, rate: 20, arrival: fixed, stop_at: 1s, poison_seq: 3}}\n"
        "  - {id: c1, role: mq-consumer, params: {queue: q, process_time: 5ms}}\n"
        "  - {id: c2, role: mq-consumer, params: {queue: q, process_time: 5ms}}\n"
        "checks:\n  - mq_dead_letter: {min: 1}\n  - mq_no_acked_loss: true\n  - mq_duplicates: {min: 1, max: 1}\n";
    const auto checks = simulate(yaml);
    ASSERT_EQ(checks.size(), 3u);
    for (const CheckResult& c : checks)
        EXPECT_EQ(c.verdict, Verdict::Pass) << c.name << ": " << c.detail;
    EXPECT_NE(checks[0].detail.find("1 message in the DLQ, each after exactly 21 deliveries (20 retries)"),
              std::string::npos)
        << checks[0].detail;
    EXPECT_NE(checks[2].detail.find("20 after a failure (nack)"), std::string::npos) << checks[2].detail;
}

TEST(MqChecks, ValidationRefusesScenariosWithoutTheRolesAndBadArguments) {
    const std::string no_queue =
        "version: 1\nname: t\nfamily: communication\ntitle: {en: t, zh: t}\nsummary: {en: s, zh: s}\n"
        "nodes:\n  - {id: s1, role: server}\n  - {id: c1, role: client, params: {target: s1}}\n"
        "checks:\n  - mq_dead_letter: {min: 1}\n";
    auto refused = load_scenario_text(no_queue, "t.yaml", core::RoleRegistry::builtin(),
                                      make_check_validator(CheckRegistry::builtin()));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().front().str().find("no node has the role queue"), std::string::npos)
        << refused.error().front().str();
    for (const char* bad : {"  - mq_duplicates: {min: -1}\n", "  - mq_no_acked_loss: {colour: red}\n"}) {
        auto loaded = load_scenario_text(scenario_yaml("", "", bad), "t.yaml", core::RoleRegistry::builtin(),
                                         make_check_validator(CheckRegistry::builtin()));
        EXPECT_FALSE(loaded) << bad;
    }
}

// Hand-made streams: a queue that dead-letters too early, or too fast.
class MqStreamTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto loaded = load_scenario_text(scenario_yaml("max_retries: 2, retry_delay: 100ms", "",
                                                       "  - mq_dead_letter: {min: 1}\n"),
                                         "t.yaml", core::RoleRegistry::builtin(),
                                         make_check_validator(CheckRegistry::builtin()));
        ASSERT_TRUE(loaded);
        scenario_ = *loaded;
    }
    void deliver(std::int64_t ms, int attempt) {
        const core::Json body = {{"producer", "p1"}, {"seq", 1},         {"poison", true},
                                 {"group", "workers"}, {"attempt", attempt}, {"reason", attempt == 1 ? "first" : "retry"}};
        events_.push_back({.t_ns = ms * 1'000'000, .kind = EventKind::MessageSent, .node = "q", .peer = "c1",
                           .msg_id = ++next_id_, .type = "deliver", .data = body.dump()});
    }
    CheckResult dead_letter() {
        const core::Json snap = {
            {"depth", 0},      {"in_flight", 0},  {"retrying", 0}, {"dlq_depth", 1}, {"max_retries", 2},
            {"dlq", core::Json::array({{{"group", "workers"}, {"producer", "p1"}, {"seq", 1}, {"attempts", 3}}})}};
        std::vector<Event> events = events_;
        events.push_back({.t_ns = 4'000'000'000, .kind = EventKind::State, .node = "q", .data = snap.dump()});
        return run_checks(RunView{scenario_, events}, CheckRegistry::builtin()).front();
    }

    Scenario scenario_;
    std::vector<Event> events_;
    std::uint64_t next_id_ = 0;
};

TEST_F(MqStreamTest, ThreeDeliveriesOnTheLadderPass) {
    deliver(100, 1);
    deliver(220, 2);
    deliver(340, 3);
    const CheckResult r = dead_letter();
    EXPECT_EQ(r.verdict, Verdict::Pass) << r.detail;
    EXPECT_NE(r.detail.find("each after exactly 3 deliveries (2 retries)"), std::string::npos) << r.detail;
}

TEST_F(MqStreamTest, DeadLetteredAfterTooFewDeliveriesFails) {
    deliver(100, 1);
    deliver(220, 2);
    const CheckResult r = dead_letter();
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("p1#1 went to the DLQ of group workers after 2 deliveries, not max_retries + 1 = 3"),
              std::string::npos)
        << r.detail;
}

TEST_F(MqStreamTest, ARetrySoonerThanItsDelayFails) {
    deliver(100, 1);
    deliver(150, 2);
    deliver(300, 3);
    const CheckResult r = dead_letter();
    EXPECT_EQ(r.verdict, Verdict::Fail);
    EXPECT_NE(r.detail.find("retry 1 of p1#1 came 50ms after the delivery before it, sooner than its delay of 100ms"),
              std::string::npos)
        << r.detail;
    ASSERT_TRUE(r.window_ns);
    EXPECT_EQ(r.window_ns->first, 100'000'000);
}

}  // namespace
}  // namespace distlab::netlab
