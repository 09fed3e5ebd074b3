// The consistent-hashing checks on hand-made event streams: the last snapshot of each node
// counts, unanswered handoffs fail keys_moved, a ring that never changed is unknown, and the
// arguments and roles are validated when the file loads.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"

namespace distlab::netlab {
namespace {

using core::Json;

std::string yaml(const std::string& checks, bool client = true) {
    std::string text =
        "version: 1\nname: ring-test\nfamily: partitioning\ntitle: {en: t, zh: t}\nsummary: {en: s, zh: s}\n"
        "nodes:\n"
        "  - {id: n1, role: ring-node, params: {members: [n1, n2]}}\n"
        "  - {id: n2, role: ring-node, params: {members: [n1, n2]}}\n"
        "  - {id: n3, role: ring-node, params: {members: [n1, n2]}}\n";
    if (client)
        text += "  - {id: c1, role: ring-client, params: {members: [n1, n2]}}\n";
    return text + "checks:\n" + checks;
}

std::expected<Scenario, std::vector<Diagnostic>> load(const std::string& text) {
    return load_scenario_text(text, "test.yaml", core::RoleRegistry::builtin(),
                              make_check_validator(CheckRegistry::builtin()));
}

Event started(const std::string& node, const std::string& role) {
    return {.t_ns = 0, .kind = EventKind::NodeStarted, .node = node,
            .data = Json{{"pid", 0}, {"role", role}, {"restart", false}}.dump()};
}

Event state(std::int64_t t_ms, const std::string& node, Json snapshot) {
    return {.t_ns = t_ms * 1'000'000, .kind = EventKind::State, .node = node, .data = snapshot.dump()};
}

Json node(bool member, std::int64_t keys, std::int64_t out, std::int64_t pending = 0) {
    return {{"state", "serving"}, {"member", member}, {"keys", keys}, {"keys_in", 0}, {"keys_out", out},
            {"handoffs_pending", pending}};
}

Json client(Json changes) {
    return {{"strategy", "ring"}, {"vnodes", 160}, {"key_space", 100}, {"misses", 0}, {"redirects", 0},
            {"changes", std::move(changes)}};
}

std::vector<Event> stream(std::vector<Event> states) {
    std::vector<Event> events{started("n1", "ring-node"), started("n2", "ring-node"), started("n3", "ring-node"),
                              started("c1", "ring-client")};
    events.insert(events.end(), states.begin(), states.end());
    return events;
}

CheckResult judge(const Scenario& scenario, const std::vector<Event>& events) {
    const auto results = run_checks(RunView{scenario, events}, CheckRegistry::builtin());
    EXPECT_FALSE(results.empty());
    return results.empty() ? CheckResult{} : results.front();
}

const Json kJoin = Json::array({{{"kind", "join"}, {"node", "n3"}, {"before", 2}, {"after", 3}, {"moved", 33},
                                 {"at_ms", 4000}}});

TEST(KeysMoved, ComparesTheKeysHandedOverWithTheFewestPossible) {
    const auto scenario = load(yaml("  - keys_moved: {tolerance: 0.03}\n"));
    ASSERT_TRUE(scenario) << scenario.error().front().str();
    // Earlier snapshots do not count: only each node's last.
    const auto pass = judge(*scenario, stream({state(10, "n1", node(true, 50, 0)), state(20, "n1", node(true, 34, 16)),
                                               state(20, "n2", node(true, 33, 17)), state(20, "n3", node(true, 33, 0)),
                                               state(20, "c1", client(kJoin))}));
    EXPECT_EQ(pass.verdict, Verdict::Pass) << pass.detail;
    EXPECT_EQ(pass.detail, "n3 joined a ring of 2: 33 / 100 keys moved (33.0 %), the fewest possible 33.3 %, "
                           "within 3.0 points; the placement planned 33");
    EXPECT_FALSE(pass.detail_zh.empty());

    const auto far = judge(*scenario, stream({state(20, "n1", node(true, 20, 30)), state(20, "n2", node(true, 20, 30)),
                                              state(20, "n3", node(true, 60, 0)), state(20, "c1", client(kJoin))}));
    EXPECT_EQ(far.verdict, Verdict::Fail);
    EXPECT_NE(far.detail.find("26.7 points away"), std::string::npos) << far.detail;
}

TEST(KeysMoved, FailsWhileHandoffsAreUnansweredAndIsUnknownWithoutAChange) {
    const auto scenario = load(yaml("  - keys_moved: {tolerance: 0.03}\n"));
    ASSERT_TRUE(scenario);
    const auto pending = judge(*scenario, stream({state(20, "n1", node(true, 34, 16)), state(20, "n2", node(true, 50, 0, 17)),
                                                  state(20, "c1", client(kJoin))}));
    EXPECT_EQ(pending.verdict, Verdict::Fail);
    EXPECT_NE(pending.detail.find("17 keys still in unanswered handoffs"), std::string::npos) << pending.detail;

    const auto unchanged = judge(*scenario, stream({state(20, "n1", node(true, 50, 0)), state(20, "c1", client(Json::array()))}));
    EXPECT_EQ(unchanged.verdict, Verdict::Unknown);
    EXPECT_EQ(unchanged.detail, "no node joined or left the ring");
}

TEST(LoadSpread, JudgesTheMembersKeysAgainstBothBounds) {
    const auto scenario = load(yaml("  - load_spread: {max_over_mean: 1.25, cv: 0.15}\n"));
    ASSERT_TRUE(scenario);
    // n3 is off the ring: its (zero) keys do not count.
    const auto even = judge(*scenario, stream({state(20, "n1", node(true, 52, 0)), state(20, "n2", node(true, 48, 0)),
                                               state(20, "n3", node(false, 0, 0))}));
    EXPECT_EQ(even.verdict, Verdict::Pass) << even.detail;
    EXPECT_EQ(even.detail, "keys per node over 2 members: mean 50.0, fullest n1 52 (max/mean 1.04, bound 1.25), "
                           "cv 4.0 % (bound 15.0 %)");
    const auto uneven = judge(*scenario, stream({state(20, "n1", node(true, 80, 0)), state(20, "n2", node(true, 20, 0))}));
    EXPECT_EQ(uneven.verdict, Verdict::Fail);
    EXPECT_EQ(uneven.nodes, std::vector<std::string>{"n1"});
    const auto empty = judge(*scenario, stream({state(20, "n1", node(false, 0, 0))}));
    EXPECT_EQ(empty.verdict, Verdict::Unknown);
}

TEST(RingChecks, ArgumentsAndRolesAreValidatedWhenTheFileLoads) {
    const auto negative = load(yaml("  - keys_moved: {tolerance: -1}\n"));
    ASSERT_FALSE(negative);
    EXPECT_NE(negative.error().front().str().find("tolerance"), std::string::npos);
    const auto unknown = load(yaml("  - load_spread: {max: 2}\n"));
    ASSERT_FALSE(unknown);
    // keys_moved needs a ring-client: it reads the changes from it.
    const auto no_client = load(yaml("  - keys_moved: {tolerance: 0.03}\n", false));
    ASSERT_FALSE(no_client);
    EXPECT_NE(no_client.error().front().str().find("ring-client"), std::string::npos) << no_client.error().front().str();
    // load_spread reads the nodes alone.
    EXPECT_TRUE(load(yaml("  - load_spread: {max_over_mean: 1.25, cv: 0.15}\n", false)));
}

}  // namespace
}  // namespace distlab::netlab
