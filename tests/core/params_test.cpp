#include "core/model/params.h"
#include "core/model/param_bounds.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace distlab::core {
namespace {

using namespace std::chrono_literals;

ParamSpec spec(std::string name, ParamType type, Json default_value = nullptr) {
    ParamSpec s;
    s.name = std::move(name);
    s.type = type;
    s.default_value = std::move(default_value);
    return s;
}

ParamSpec ranged(std::string name, ParamType type, Json default_value, std::optional<double> min,
                 std::optional<double> max) {
    ParamSpec s = spec(std::move(name), type, std::move(default_value));
    s.min = min;
    s.max = max;
    return s;
}

// The only problem of resolving `raw` against `specs`; fails the test if there is not exactly one.
ParamProblem only_problem(const std::vector<ParamSpec>& specs, const Json& raw,
                          const std::vector<NodeId>* known = nullptr) {
    auto r = resolve_params(specs, raw, known);
    EXPECT_FALSE(r.has_value());
    if (r.has_value())
        return {};
    EXPECT_EQ(r.error().size(), 1u);
    return r.error().empty() ? ParamProblem{} : r.error().front();
}

std::vector<ParamSpec> raft_like_specs() {
    ParamSpec mode = spec("mode", ParamType::Choice, "sync");
    mode.choices = {"sync", "async"};
    return {
        ranged("rate", ParamType::Int, 10, 1, 1000),
        ranged("ratio", ParamType::Number, 0.5, 0.0, 1.0),
        spec("loss", ParamType::Probability, 0.0),
        spec("pre_vote", ParamType::Bool, false),
        spec("label", ParamType::String, "x"),
        mode,
        ranged("heartbeat", ParamType::Duration, "50ms", 1.0, 10000.0),
        spec("election_timeout", ParamType::DurationRange, Json::array({"150ms", "300ms"})),
        spec("leader", ParamType::Node, "n1"),
        spec("targets", ParamType::NodeList, Json::array()),
    };
}

TEST(ParamBounds, OneSyntaxWithoutExponents) {
    EXPECT_EQ(bounds_text(ranged("rate", ParamType::Number, 1, 0.001, 1e6)), "[0.001, 1000000]");
    EXPECT_EQ(bounds_text(ranged("n", ParamType::Int, 1, 1, std::nullopt)), ">= 1");
    EXPECT_EQ(bounds_text(ranged("n", ParamType::Int, 1, std::nullopt, 10)), "<= 10");
    EXPECT_EQ(bounds_text(ranged("t", ParamType::Duration, "1s", 1, 60000)), "[1ms, 1m]");
    EXPECT_EQ(bounds_text(spec("free", ParamType::Number, 1)), "");
    EXPECT_EQ(bound_text(0.25, ParamType::Number), "0.25");
    EXPECT_EQ(bound_text(1e-7, ParamType::Number), "0.0000001");
}

TEST(ParamType, Names) {
    EXPECT_EQ(to_string(ParamType::Int), "int");
    EXPECT_EQ(to_string(ParamType::Probability), "probability");
    EXPECT_EQ(to_string(ParamType::DurationRange), "duration-range");
    EXPECT_EQ(to_string(ParamType::NodeList), "node-list");
}

TEST(ResolveParams, DefaultsFillEveryName) {
    auto r = resolve_params(raft_like_specs(), Json::object());
    ASSERT_TRUE(r.has_value());
    const Params& p = *r;
    EXPECT_EQ(p.get_int("rate"), 10);
    EXPECT_DOUBLE_EQ(p.get_number("ratio"), 0.5);
    EXPECT_DOUBLE_EQ(p.get_number("loss"), 0.0);
    EXPECT_FALSE(p.get_bool("pre_vote"));
    EXPECT_EQ(p.get_string("label"), "x");
    EXPECT_EQ(p.get_string("mode"), "sync");
    EXPECT_EQ(p.get_duration("heartbeat"), 50ms);
    EXPECT_EQ(p.get_duration_range("election_timeout"), std::make_pair(Duration(150ms), Duration(300ms)));
    EXPECT_EQ(p.get_nodes("leader"), std::vector<NodeId>{"n1"});
    EXPECT_TRUE(p.get_nodes("targets").empty());
    // Durations are stored as integer nanoseconds.
    EXPECT_EQ(p.json()["heartbeat"], 50'000'000);
    EXPECT_EQ(p.json()["election_timeout"], Json::array({150'000'000, 300'000'000}));
}

TEST(ResolveParams, NullRawMeansNoParameters) {
    EXPECT_TRUE(resolve_params(raft_like_specs(), Json()).has_value());
}

TEST(ResolveParams, WrittenValuesAreResolved) {
    const std::vector<NodeId> nodes{"n1", "n2", "n3"};
    Json raw = {{"rate", 1000},
                {"ratio", 1},
                {"loss", 1.0},
                {"pre_vote", true},
                {"label", "hello"},
                {"mode", "async"},
                {"heartbeat", 75},
                {"election_timeout", Json::array({"1s", 1500})},
                {"leader", "n3"},
                {"targets", Json::array({"n2", "n3"})}};
    auto r = resolve_params(raft_like_specs(), raw, &nodes);
    ASSERT_TRUE(r.has_value());
    const Params& p = *r;
    EXPECT_EQ(p.get_int("rate"), 1000);
    EXPECT_DOUBLE_EQ(p.get_number("ratio"), 1.0);
    EXPECT_DOUBLE_EQ(p.get_number("loss"), 1.0);
    EXPECT_TRUE(p.get_bool("pre_vote"));
    EXPECT_EQ(p.get_string("label"), "hello");
    EXPECT_EQ(p.get_string("mode"), "async");
    EXPECT_EQ(p.get_duration("heartbeat"), 75ms);
    EXPECT_EQ(p.get_duration_range("election_timeout"), std::make_pair(Duration(1s), Duration(1500ms)));
    EXPECT_EQ(p.get_nodes("leader"), std::vector<NodeId>{"n3"});
    EXPECT_EQ(p.get_nodes("targets"), (std::vector<NodeId>{"n2", "n3"}));
}

TEST(ResolveParams, UnknownNameListsKnownOnes) {
    auto problem = only_problem({spec("rate", ParamType::Int, 1), spec("keys", ParamType::Int, 1)},
                                {{"rtae", 5}});
    EXPECT_EQ(problem.key, "rtae");
    EXPECT_EQ(problem.message, "unknown parameter (known: rate, keys)");
}

TEST(ResolveParams, UnknownNameForRoleWithoutParameters) {
    auto problem = only_problem({}, {{"x", 1}});
    EXPECT_EQ(problem.message, "unknown parameter: this role takes none");
}

TEST(ResolveParams, MissingRequired) {
    auto problem = only_problem({spec("targets", ParamType::NodeList)}, Json::object());
    EXPECT_EQ(problem.key, "targets");
    EXPECT_EQ(problem.message, "missing required parameter (node-list)");
}

TEST(ResolveParams, NotAnObject) {
    auto problem = only_problem({}, Json::array({1}));
    EXPECT_EQ(problem.key, "params");
    EXPECT_EQ(problem.message, "expected a mapping of parameter names to values, got [1]");
}

TEST(ResolveParams, WrongTypes) {
    ParamSpec choice = spec("mode", ParamType::Choice);
    choice.choices = {"sync", "async"};
    const std::vector<std::pair<ParamSpec, std::pair<Json, std::string>>> cases = {
        {spec("a", ParamType::Int), {"5", R"(expected an integer, got "5")"}},
        {spec("a", ParamType::Int), {2.5, "expected an integer, got 2.5"}},
        {spec("a", ParamType::Number), {true, "expected a number, got true"}},
        {spec("a", ParamType::Probability), {"high", R"(expected a probability (a number between 0 and 1), got "high")"}},
        {spec("a", ParamType::Bool), {1, "expected true or false, got 1"}},
        {spec("a", ParamType::String), {1, "expected a string, got 1"}},
        {choice, {"quorum", R"(expected one of sync, async, got "quorum")"}},
        {spec("a", ParamType::Duration), {"150", R"(expected a duration with a unit (ms, s, m), got "150")"}},
        {spec("a", ParamType::Duration), {1.5, "expected a duration with a unit (ms, s, m) or an integer of milliseconds, got 1.5"}},
        {spec("a", ParamType::Duration), {-5, "must not be negative, got -5"}},
        {spec("a", ParamType::Duration), {"-5ms", R"(must not be negative, got "-5ms")"}},
        {spec("a", ParamType::DurationRange), {"150ms", R"(expected a range [min, max] of two durations, got "150ms")"}},
        {spec("a", ParamType::DurationRange), {Json::array({"1s"}), R"(expected a range [min, max] of two durations, got ["1s"])"}},
        {spec("a", ParamType::Node), {3, "expected a node id, got 3"}},
        {spec("a", ParamType::NodeList), {"n1", R"(expected a list of node ids, got "n1")"}},
        {spec("a", ParamType::NodeList), {Json::array({"n1", 2}), "expected a node id, got 2"}},
    };
    for (const auto& [s, c] : cases) {
        SCOPED_TRACE(c.first.dump());
        auto problem = only_problem({s}, {{s.name, c.first}});
        EXPECT_EQ(problem.key, s.name);
        EXPECT_EQ(problem.message, c.second);
    }
}

TEST(ResolveParams, UnknownDurationUnitComesFromTheParser) {
    auto problem = only_problem({spec("t", ParamType::Duration)}, {{"t", "5h"}});
    EXPECT_NE(problem.message.find("5h"), std::string::npos) << problem.message;
}

TEST(ResolveParams, RangesAtAndPastTheirBounds) {
    const auto rate = ranged("rate", ParamType::Int, nullptr, 1, 100);
    EXPECT_TRUE(resolve_params({rate}, {{"rate", 1}}).has_value());
    EXPECT_TRUE(resolve_params({rate}, {{"rate", 100}}).has_value());
    EXPECT_EQ(only_problem({rate}, {{"rate", 0}}).message, "must be between 1 and 100, got 0");
    EXPECT_EQ(only_problem({rate}, {{"rate", 101}}).message, "must be between 1 and 100, got 101");

    const auto at_least = ranged("n", ParamType::Int, nullptr, 1, std::nullopt);
    EXPECT_EQ(only_problem({at_least}, {{"n", -3}}).message, "must be at least 1, got -3");
    const auto at_most = ranged("x", ParamType::Number, nullptr, std::nullopt, 2.5);
    EXPECT_EQ(only_problem({at_most}, {{"x", 2.75}}).message, "must be at most 2.5, got 2.75");

    const auto p = spec("loss", ParamType::Probability);
    EXPECT_TRUE(resolve_params({p}, {{"loss", 0}}).has_value());
    EXPECT_TRUE(resolve_params({p}, {{"loss", 1}}).has_value());
    EXPECT_EQ(only_problem({p}, {{"loss", 1.5}}).message, "must be between 0 and 1, got 1.5");
    EXPECT_EQ(only_problem({p}, {{"loss", -0.1}}).message, "must be between 0 and 1, got -0.1");
}

TEST(ResolveParams, DurationBoundsAreMilliseconds) {
    const auto hb = ranged("heartbeat", ParamType::Duration, nullptr, 10, 1000);
    EXPECT_TRUE(resolve_params({hb}, {{"heartbeat", "10ms"}}).has_value());
    EXPECT_TRUE(resolve_params({hb}, {{"heartbeat", "1s"}}).has_value());
    EXPECT_EQ(only_problem({hb}, {{"heartbeat", "5ms"}}).message, "must be between 10ms and 1s, got 5ms");
    EXPECT_EQ(only_problem({hb}, {{"heartbeat", 1001}}).message, "must be between 10ms and 1s, got 1001ms");
}

TEST(ResolveParams, DurationRangeMustBeOrderedAndInBounds) {
    const auto r = ranged("t", ParamType::DurationRange, nullptr, 10, std::nullopt);
    EXPECT_TRUE(resolve_params({r}, {{"t", Json::array({"200ms", "200ms"})}}).has_value());
    EXPECT_EQ(only_problem({r}, {{"t", Json::array({"300ms", "150ms"})}}).message,
              "range start 300ms is after its end 150ms (expected [min, max] with min <= max)");
    EXPECT_EQ(only_problem({r}, {{"t", Json::array({"5ms", "150ms"})}}).message,
              "range start must be at least 10ms, got 5ms");
    EXPECT_EQ(only_problem({r}, {{"t", Json::array({"5ms", "150"})}}).message,
              "range start must be at least 10ms, got 5ms");
    EXPECT_EQ(only_problem({r}, {{"t", Json::array({"15ms", "150"})}}).message,
              R"(range end: expected a duration with a unit (ms, s, m), got "150")");
}

TEST(ResolveParams, NodesMustBeDeclared) {
    const std::vector<NodeId> nodes{"n1", "n2"};
    EXPECT_EQ(only_problem({spec("leader", ParamType::Node)}, {{"leader", "n9"}}, &nodes).message,
              R"(node "n9" is not declared (declared: n1, n2))");
    EXPECT_EQ(only_problem({spec("t", ParamType::NodeList)}, {{"t", Json::array({"n1", "n7"})}}, &nodes).message,
              R"(node "n7" is not declared (declared: n1, n2))");
    EXPECT_EQ(only_problem({spec("t", ParamType::NodeList)}, {{"t", Json::array({"n1", "n1"})}}, &nodes).message,
              R"(node "n1" is listed twice)");
    // Without a list of declared nodes, any id is accepted.
    EXPECT_TRUE(resolve_params({spec("leader", ParamType::Node)}, {{"leader", "n9"}}).has_value());
}

TEST(ResolveParams, EveryProblemIsReported) {
    auto r = resolve_params(raft_like_specs(), {{"rate", 0}, {"loss", 2}, {"bogus", 1}, {"mode", "x"}});
    ASSERT_FALSE(r.has_value());
    std::vector<std::string> keys;
    for (const auto& p : r.error())
        keys.push_back(p.key);
    EXPECT_EQ(keys, (std::vector<std::string>{"bogus", "rate", "loss", "mode"}));
}

TEST(ResolveParams, BadDefaultIsReportedAsSuch) {
    auto problem = only_problem({spec("t", ParamType::Duration, "150")}, Json::object());
    EXPECT_EQ(problem.message, R"(default value: expected a duration with a unit (ms, s, m), got "150")");
}

TEST(ResolveParams, OptionalParametersLeftOutAreAbsent) {
    ParamSpec after = spec("after", ParamType::Duration);
    after.optional = true;
    auto left_out = resolve_params({after}, Json::object());
    ASSERT_TRUE(left_out.has_value());
    EXPECT_FALSE(left_out->has("after"));
    auto given = resolve_params({after}, {{"after", "2s"}});
    ASSERT_TRUE(given.has_value());
    EXPECT_TRUE(given->has("after"));
    EXPECT_EQ(given->get_duration("after"), 2s);
}

TEST(ResolveParams, NodesTakeOneIdOrANonEmptyList) {
    const std::vector<NodeId> nodes = {"c1", "c2"};
    auto one = resolve_params({spec("client", ParamType::Nodes)}, {{"client", "c1"}}, &nodes);
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(one->get_nodes("client"), (std::vector<NodeId>{"c1"}));
    auto two = resolve_params({spec("client", ParamType::Nodes)}, {{"client", {"c1", "c2"}}}, &nodes);
    ASSERT_TRUE(two.has_value());
    EXPECT_EQ(two->get_nodes("client"), (std::vector<NodeId>{"c1", "c2"}));
    EXPECT_EQ(only_problem({spec("client", ParamType::Nodes)}, {{"client", Json::array()}}, &nodes).message,
              "expected a node id or a list of them, got an empty list");
    EXPECT_EQ(only_problem({spec("client", ParamType::Nodes)}, {{"client", "c9"}}, &nodes).message,
              "node \"c9\" is not declared (declared: c1, c2)");
    EXPECT_EQ(to_string(ParamType::Nodes), "nodes");
}

TEST(ResolveParams, ChoiceOrDurationResolvesToTheChoiceOrNanoseconds) {
    ParamSpec after = spec("after", ParamType::ChoiceOrDuration, "start");
    after.choices = {"start", "last_heal"};
    auto by_default = resolve_params({after}, Json::object());
    ASSERT_TRUE(by_default.has_value());
    EXPECT_EQ(by_default->get_duration_or_choice("after"), std::nullopt);
    EXPECT_EQ(by_default->get_string("after"), "start");
    auto timed = resolve_params({after}, {{"after", "1500ms"}});
    ASSERT_TRUE(timed.has_value());
    EXPECT_EQ(timed->get_duration_or_choice("after"), Duration(1500ms));
    EXPECT_EQ(only_problem({after}, {{"after", "lunch"}}).message,
              R"(expected start, last_heal or a duration with a unit (ms, s, m), got "lunch")");
}

TEST(ResolveParams, AMappingResolvesItsOwnFields) {
    ParamSpec where = spec("where", ParamType::Mapping);
    where.fields = {spec("client", ParamType::Nodes)};
    const std::vector<NodeId> nodes = {"c1"};
    auto ok = resolve_params({where}, {{"where", {{"client", "c1"}}}}, &nodes);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(Params(ok->json()["where"]).get_nodes("client"), (std::vector<NodeId>{"c1"}));
    EXPECT_EQ(only_problem({where}, {{"where", {{"node", "c1"}}}}, &nodes).message,
              "node: unknown parameter (known: client); client: missing required parameter (nodes)");
    EXPECT_EQ(only_problem({where}, {{"where", "c1"}}, &nodes).message,
              R"(expected a mapping with keys client, got "c1")");
}

}  // namespace
}  // namespace distlab::core
