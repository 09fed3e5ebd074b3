#include "core/model/role_descriptor.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/model/role_registry.h"

namespace distlab::core {
namespace {

RoleDescriptor breaker_like() {
    return {.name = "toy",
            .pattern = "toy pattern",
            .family = "testing",
            .en = "a toy",
            .zh = "玩具",
            .phases = {{.name = "closed", .tone = Tone::Healthy, .en = "closed", .zh = "闭合"},
                       {.name = "open", .tone = Tone::Failing, .en = "open", .zh = "断开"}},
            .gauges = {{.field = "failure_rate", .full_scale = 100, .unit = "%", .volume_field = "window/calls",
                        .en = "failure rate", .zh = "失败率"}},
            .epoch = EpochSpec{.field = "epoch", .en = "epoch", .zh = "纪元"},
            .leader_phase = "open"};
}

TEST(RoleDescriptor, ASoundDescriptorHasNoProblems) {
    EXPECT_TRUE(breaker_like().problems().empty());
    EXPECT_EQ(breaker_like().snapshot_fields(), (std::vector<std::string>{"failure_rate", "window/calls", "epoch"}));
}

TEST(RoleDescriptor, ProblemsNameWhatIsWrong) {
    RoleDescriptor d = breaker_like();
    d.phases.push_back({.name = "open", .tone = Tone::Failing, .en = "open", .zh = "断开"});
    d.leader_phase = "elected";
    d.gauges[0].full_scale = 0;
    d.phases[0].zh.clear();
    const std::vector<std::string> problems = d.problems();
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0], "role 'toy': phase 'closed' needs both an en and a zh label");
    EXPECT_EQ(problems[1], "role 'toy': phase 'open' declared twice");
    EXPECT_EQ(problems[2], "role 'toy': leader phase 'elected' is not one of its phases");
    EXPECT_EQ(problems[3], "role 'toy': gauge 'failure_rate' needs a full scale above 0");
}

TEST(RoleDescriptor, TheRegistryRefusesABrokenDescriptorAndATakenName) {
    RoleRegistry registry;
    registry.add(breaker_like());
    EXPECT_THROW(registry.add(breaker_like()), std::invalid_argument);
    RoleDescriptor broken = breaker_like();
    broken.name = "other";
    broken.leader_phase = "nope";
    EXPECT_THROW(registry.add(broken), std::invalid_argument);
    EXPECT_EQ(registry.names(), (std::vector<std::string>{"toy"}));
}

TEST(RoleDescriptor, JsonRoundTrip) {
    const RoleDescriptor d = breaker_like();
    const Json j = d.to_json();
    EXPECT_EQ(j["phases"][1]["tone"], "failing");
    EXPECT_EQ(j["gauges"][0]["full_scale"], 100);
    EXPECT_EQ(j["leader_phase"], "open");
    const auto back = RoleDescriptor::from_json(j);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->to_json(), j);
}

TEST(RoleDescriptor, FromJsonNamesTheBadField) {
    Json j = breaker_like().to_json();
    j["gauges"][0]["full_scale"] = "lots";
    const auto bad = RoleDescriptor::from_json(j);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), "role toy gauge failure_rate: \"full_scale\" must be a number above 0");
    EXPECT_FALSE(RoleDescriptor::from_json(Json::array()));
    EXPECT_EQ(RoleDescriptor::from_json(Json{{"pattern", "x"}}).error(), "role: \"name\" is missing");
}

TEST(RoleDescriptor, SnapshotFieldFollowsAPath) {
    const Json snapshot = {{"failure_rate", 10.0}, {"window", {{"calls", 20}}}, {"off", nullptr}};
    ASSERT_NE(snapshot_field(snapshot, "window/calls"), nullptr);
    EXPECT_EQ(*snapshot_field(snapshot, "window/calls"), 20);
    EXPECT_EQ(*snapshot_field(snapshot, "failure_rate"), 10.0);
    EXPECT_TRUE(snapshot_field(snapshot, "off")->is_null());
    EXPECT_EQ(snapshot_field(snapshot, "window/failures"), nullptr);
    EXPECT_EQ(snapshot_field(snapshot, "failure_rate/x"), nullptr);
}

}  // namespace
}  // namespace distlab::core
