#include "core/model/param_list.h"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace distlab::core {
namespace {

using namespace std::chrono_literals;

enum class Mode { Sync, Async };

struct Retry {
    std::int64_t attempts = 0;
    Duration wait{0};
};

struct Toy {
    std::int64_t rate = 0;
    double ratio = 0;
    double loss = 0;
    bool pre_vote = false;
    Mode mode = Mode::Async;
    Duration heartbeat{0};
    Duration election_min{0};
    Duration election_max{0};
    NodeId leader;
    std::vector<NodeId> targets;
    Retry retry;
    std::int64_t window = 20;     // "0 keeps the preset"
    std::optional<Mode> preset_mode;
};

const ParamList<Retry>& retry_params() {
    static const ParamList<Retry> list = ParamList<Retry>{}
        .integer("attempts", &Retry::attempts, 3, "Attempts", "尝试次数", {.min = 1, .max = 10})
        .duration("wait", &Retry::wait, "50ms", "Wait", "等待", {.min = 0});
    return list;
}

ParamList<Toy> toy_params() {
    return ParamList<Toy>{}
        .integer("rate", &Toy::rate, 10, "Rate", "速率", {.min = 1, .max = 1000})
        .number("ratio", &Toy::ratio, 0.5, "Ratio", "比例", {.min = 0.0, .max = 1.0})
        .probability("loss", &Toy::loss, 0.0, "Loss", "丢失")
        .boolean("pre_vote", &Toy::pre_vote, false, "Pre-vote", "预投票")
        .choice("mode", &Toy::mode, "sync", {{"sync", Mode::Sync}, {"async", Mode::Async}}, "Mode", "模式")
        .duration("heartbeat", &Toy::heartbeat, "50ms", "Heartbeat", "心跳", {.min = 1.0, .max = 10000.0})
        .duration_range(
            "election_timeout",
            [](Toy& t, std::pair<Duration, Duration> range) {
                t.election_min = range.first;
                t.election_max = range.second;
            },
            Json::array({"150ms", "300ms"}), "Election timeout", "选举超时", {.min = 1})
        .node("leader", &Toy::leader, "n1", "Leader", "领导者")
        .nodes("targets", &Toy::targets, Json::array(), "Targets", "目标")
        .part(&Toy::retry, retry_params())
        .integer(
            "window",
            [](Toy& t, std::int64_t v) {
                if (v > 0)
                    t.window = v;
            },
            0, "Window (0: the preset's)", "窗口（0 表示预设值）", {.min = 0})
        .choice<std::optional<Mode>>(
            "preset_mode", [](Toy& t, std::optional<Mode> m) { t.preset_mode = m; }, "preset",
            {{"preset", std::nullopt}, {"sync", Mode::Sync}}, "Preset mode", "预设模式");
}

const ParamSpec& spec_named(const std::vector<ParamSpec>& specs, std::string_view name) {
    for (const auto& spec : specs)
        if (spec.name == name)
            return spec;
    throw std::out_of_range(std::string(name));
}

TEST(ParamList, ADeclarationGivesTheSpecInDeclarationOrder) {
    const auto specs = toy_params().specs();
    std::vector<std::string> names;
    for (const auto& spec : specs)
        names.push_back(spec.name);
    EXPECT_EQ(names, (std::vector<std::string>{"rate", "ratio", "loss", "pre_vote", "mode", "heartbeat",
                                               "election_timeout", "leader", "targets", "attempts", "wait",
                                               "window", "preset_mode"}));
    const ParamSpec& rate = spec_named(specs, "rate");
    EXPECT_EQ(rate.type, ParamType::Int);
    EXPECT_EQ(rate.default_value, 10);
    EXPECT_EQ(rate.min, 1.0);
    EXPECT_EQ(rate.max, 1000.0);
    EXPECT_EQ(rate.en, "Rate");
    EXPECT_EQ(rate.zh, "速率");
    const ParamSpec& mode = spec_named(specs, "mode");
    EXPECT_EQ(mode.type, ParamType::Choice);
    EXPECT_EQ(mode.default_value, "sync");
    EXPECT_EQ(mode.choices, (std::vector<std::string>{"sync", "async"}));
    EXPECT_EQ(spec_named(specs, "loss").type, ParamType::Probability);
    EXPECT_EQ(spec_named(specs, "pre_vote").type, ParamType::Bool);
    EXPECT_EQ(spec_named(specs, "heartbeat").type, ParamType::Duration);
    EXPECT_EQ(spec_named(specs, "heartbeat").default_value, "50ms");
    EXPECT_EQ(spec_named(specs, "election_timeout").type, ParamType::DurationRange);
    EXPECT_EQ(spec_named(specs, "leader").type, ParamType::Node);
    EXPECT_EQ(spec_named(specs, "targets").type, ParamType::NodeList);
    EXPECT_EQ(spec_named(specs, "attempts").max, 10.0);   // the part's spec, unchanged
}

TEST(ParamList, DefaultsBindEveryMember) {
    auto toy = toy_params().resolve(Json::object());
    ASSERT_TRUE(toy.has_value());
    EXPECT_EQ(toy->rate, 10);
    EXPECT_DOUBLE_EQ(toy->ratio, 0.5);
    EXPECT_DOUBLE_EQ(toy->loss, 0.0);
    EXPECT_FALSE(toy->pre_vote);
    EXPECT_EQ(toy->mode, Mode::Sync);                 // the struct says Async: the default wins
    EXPECT_EQ(toy->heartbeat, 50ms);
    EXPECT_EQ(toy->election_min, 150ms);
    EXPECT_EQ(toy->election_max, 300ms);
    EXPECT_EQ(toy->leader, "n1");
    EXPECT_TRUE(toy->targets.empty());
    EXPECT_EQ(toy->retry.attempts, 3);
    EXPECT_EQ(toy->retry.wait, 50ms);
    EXPECT_EQ(toy->window, 20);                        // 0 kept the preset
    EXPECT_EQ(toy->preset_mode, std::nullopt);
}

TEST(ParamList, WrittenValuesBindTheirMembers) {
    const std::vector<NodeId> nodes{"n1", "n2", "n3"};
    auto toy = toy_params().resolve({{"rate", 1000},
                                     {"ratio", 1},
                                     {"loss", 0.25},
                                     {"pre_vote", true},
                                     {"mode", "async"},
                                     {"heartbeat", 75},
                                     {"election_timeout", Json::array({"1s", 1500})},
                                     {"leader", "n3"},
                                     {"targets", Json::array({"n2", "n3"})},
                                     {"attempts", 5},
                                     {"wait", "1s"},
                                     {"window", 7},
                                     {"preset_mode", "sync"}},
                                    &nodes);
    ASSERT_TRUE(toy.has_value());
    EXPECT_EQ(toy->rate, 1000);
    EXPECT_DOUBLE_EQ(toy->ratio, 1.0);
    EXPECT_DOUBLE_EQ(toy->loss, 0.25);
    EXPECT_TRUE(toy->pre_vote);
    EXPECT_EQ(toy->mode, Mode::Async);
    EXPECT_EQ(toy->heartbeat, 75ms);
    EXPECT_EQ(toy->election_min, 1s);
    EXPECT_EQ(toy->election_max, 1500ms);
    EXPECT_EQ(toy->leader, "n3");
    EXPECT_EQ(toy->targets, (std::vector<NodeId>{"n2", "n3"}));
    EXPECT_EQ(toy->retry.attempts, 5);
    EXPECT_EQ(toy->retry.wait, 1s);
    EXPECT_EQ(toy->window, 7);
    EXPECT_EQ(toy->preset_mode, Mode::Sync);
}

// The binder validates through resolve_params: the same problems, word for word, as a spec list
// written by hand.
TEST(ParamList, WrongValuesAreRefusedWithResolveParamsMessages) {
    const std::vector<std::pair<Json, std::vector<ParamProblem>>> cases = {
        {{{"rate", "5"}}, {{"rate", R"(expected an integer, got "5")"}}},
        {{{"rate", 0}}, {{"rate", "must be between 1 and 1000, got 0"}}},
        {{{"ratio", true}}, {{"ratio", "expected a number, got true"}}},
        {{{"loss", "high"}}, {{"loss", R"(expected a probability (a number between 0 and 1), got "high")"}}},
        {{{"pre_vote", 1}}, {{"pre_vote", "expected true or false, got 1"}}},
        {{{"mode", "quorum"}}, {{"mode", R"(expected one of sync, async, got "quorum")"}}},
        {{{"heartbeat", "150"}}, {{"heartbeat", R"(expected a duration with a unit (ms, s, m), got "150")"}}},
        {{{"targets", "n2"}}, {{"targets", R"(expected a list of node ids, got "n2")"}}},
        {{{"attempts", 11}}, {{"attempts", "must be between 1 and 10, got 11"}}},
        {{{"rtae", 5}},
         {{"rtae", "unknown parameter (known: rate, ratio, loss, pre_vote, mode, heartbeat, election_timeout, "
                   "leader, targets, attempts, wait, window, preset_mode)"}}},
    };
    const ParamList<Toy> list = toy_params();
    for (const auto& [raw, expected] : cases) {
        auto bound = list.resolve(raw);
        ASSERT_FALSE(bound.has_value()) << raw.dump();
        ASSERT_EQ(bound.error().size(), expected.size()) << raw.dump();
        EXPECT_EQ(bound.error()[0].key, expected[0].key);
        EXPECT_EQ(bound.error()[0].message, expected[0].message);
        auto by_hand = resolve_params(list.specs(), raw);
        ASSERT_FALSE(by_hand.has_value());
        EXPECT_EQ(by_hand.error()[0].message, bound.error()[0].message);
    }
}

TEST(ParamList, AMissingRequiredParameterIsNamed) {
    const auto list = ParamList<Toy>{}.node("leader", &Toy::leader, nullptr, "Leader", "领导者");
    auto bound = list.resolve(Json::object());
    ASSERT_FALSE(bound.has_value());
    EXPECT_EQ(bound.error()[0].key, "leader");
    EXPECT_EQ(bound.error()[0].message, "missing required parameter (node)");
}

TEST(ParamList, AnOptionalNodeMayBeLeftOutOrGiven) {
    const auto list = ParamList<Toy>{}.optional_node("leader", &Toy::leader, "Leader", "领导者");
    EXPECT_TRUE(list.specs()[0].optional);
    auto left_out = list.resolve(Json::object());
    ASSERT_TRUE(left_out.has_value());
    EXPECT_EQ(left_out->leader, "");
    const std::vector<NodeId> nodes = {"n1", "n2"};
    auto given = resolve_params(list.specs(), Json{{"leader", "n2"}}, &nodes);
    ASSERT_TRUE(given.has_value());
    EXPECT_EQ(list.bind(*given).leader, "n2");
    auto unknown = resolve_params(list.specs(), Json{{"leader", "n9"}}, &nodes);
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error()[0].key, "leader");
}

// Params that skipped validation (a hand-made Params) still bind values the role may assume.
TEST(ParamList, UnvalidatedValuesAreClampedAndUnknownChoicesTakeTheDefault) {
    const Params raw(Json{{"rate", -5},
                          {"ratio", 7.0},
                          {"loss", -1.0},
                          {"pre_vote", false},
                          {"mode", "quorum"},
                          {"heartbeat", 0},
                          {"election_timeout", Json::array({400'000'000, 200'000'000})},
                          {"leader", "n1"},
                          {"targets", Json::array()},
                          {"attempts", 0},
                          {"wait", 0},
                          {"window", 0},
                          {"preset_mode", "preset"}});
    const Toy toy = toy_params().bind(raw);
    EXPECT_EQ(toy.rate, 1);
    EXPECT_DOUBLE_EQ(toy.ratio, 1.0);
    EXPECT_DOUBLE_EQ(toy.loss, 0.0);
    EXPECT_EQ(toy.mode, Mode::Sync);
    EXPECT_EQ(toy.heartbeat, 1ms);
    EXPECT_EQ(toy.election_min, 400ms);
    EXPECT_EQ(toy.election_max, 400ms);            // never before its start
    EXPECT_EQ(toy.retry.attempts, 1);
}

// Converters run in declaration order, so one may build on an earlier one (a preset, then the
// values that override it).
TEST(ParamList, ConvertersRunInDeclarationOrder) {
    struct Preset {
        std::string name;
        std::int64_t size = 0;
    };
    const auto list = ParamList<Preset>{}
        .choice<std::string>(
            "preset",
            [](Preset& p, const std::string& name) {
                p.name = name;
                p.size = name == "big" ? 100 : 10;
            },
            "small", {{"small", "small"}, {"big", "big"}}, "Preset", "预设")
        .integer(
            "size",
            [](Preset& p, std::int64_t v) {
                if (v > 0)
                    p.size = v;
            },
            0, "Size (0: the preset's)", "大小（0 表示预设值）", {.min = 0});
    EXPECT_EQ(list.resolve({{"preset", "big"}})->size, 100);
    EXPECT_EQ(list.resolve({{"preset", "big"}, {"size", 3}})->size, 3);
    EXPECT_EQ(list.resolve(Json::object())->size, 10);
}

TEST(ParamList, CopiesWithAnotherDefaultOrText) {
    const auto flaky = retry_params().with_default("attempts", 5).with_text("wait", "Pause", "暂停");
    const auto specs = flaky.specs();
    EXPECT_EQ(spec_named(specs, "attempts").default_value, 5);
    EXPECT_EQ(spec_named(specs, "wait").en, "Pause");
    EXPECT_EQ(spec_named(specs, "wait").zh, "暂停");
    EXPECT_EQ(flaky.resolve(Json::object())->attempts, 5);
}

TEST(ParamList, ADeclarationMistakeIsRefusedAtOnce) {
    EXPECT_THROW((ParamList<Retry>{}
                      .integer("attempts", &Retry::attempts, 3, "a", "a")
                      .integer("attempts", &Retry::attempts, 3, "b", "b")),
                 std::invalid_argument);
    EXPECT_THROW((ParamList<Toy>{}.part(&Toy::retry, retry_params()).part(&Toy::retry, retry_params())),
                 std::invalid_argument);
    EXPECT_THROW((ParamList<Toy>{}.choice("mode", &Toy::mode, "quorum", {{"sync", Mode::Sync}}, "m", "m")),
                 std::invalid_argument);
    EXPECT_THROW((void)retry_params().with_default("tries", 1), std::invalid_argument);
}

}  // namespace
}  // namespace distlab::core
