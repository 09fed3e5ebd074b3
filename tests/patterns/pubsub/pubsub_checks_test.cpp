// The publish-subscribe checks' arguments: what a scenario may write, and the clear error for
// what it may not.

#include <gtest/gtest.h>

#include <string>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"

namespace distlab::netlab {
namespace {

std::string scenario_yaml(const std::string& checks) {
    return "version: 1\nname: pubsub-checks\nfamily: communication\n"
           "title: {en: t, zh: t}\nsummary: {en: s, zh: s}\n"
           "nodes:\n"
           "  - {id: b, role: broker}\n"
           "  - {id: p1, role: publisher, params: {target: b}}\n"
           "  - {id: s1, role: subscriber, params: {broker: b}}\n"
           "checks:\n" + checks;
}

std::string problems(const std::string& checks) {
    auto loaded = load_scenario_text(scenario_yaml(checks), "t.yaml", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    if (loaded)
        return "";
    std::string out;
    for (const auto& d : loaded.error())
        out += d.str() + "\n";
    return out;
}

TEST(PubsubChecks, AcceptTheirShorthandAndTheirArguments) {
    EXPECT_EQ(problems("  - pubsub_lost: s1\n"
                       "  - pubsub_lost: {subscribers: [s1], max: 3, settle: 500ms}\n"
                       "  - pubsub_duplicated: {}\n"
                       "  - pubsub_unexpected: {}\n"
                       "  - pubsub_order: s1\n"
                       "  - pubsub_delivery: {settle: 2s}\n"
                       "  - pubsub_overflow: {}\n"
                       "  - expect_fail: {pubsub_lost: s1}\n"),
              "");
}

TEST(PubsubChecks, RefuseANodeThatIsNoSubscriberAndABadMax) {
    const std::string p = problems("  - pubsub_lost: {subscribers: b}\n  - pubsub_duplicated: {max: -1}\n"
                                   "  - pubsub_order: s9\n");
    EXPECT_NE(p.find("b is a broker, not a subscriber"), std::string::npos) << p;
    EXPECT_NE(p.find("checks[1]"), std::string::npos) << p;
    EXPECT_NE(p.find("s9"), std::string::npos) << p;
}

TEST(PubsubChecks, NeedAPublisherAndASubscriber) {
    auto loaded = load_scenario_text(
        "version: 1\nname: x\nfamily: communication\ntitle: {en: t, zh: t}\nsummary: {en: s, zh: s}\n"
        "nodes:\n  - {id: b, role: broker}\n  - {id: s1, role: subscriber, params: {broker: b}}\n"
        "checks:\n  - pubsub_lost: {}\n",
        "t.yaml", core::RoleRegistry::builtin(), make_check_validator(CheckRegistry::builtin()));
    ASSERT_FALSE(loaded.has_value());
    EXPECT_NE(loaded.error().front().str().find("publisher"), std::string::npos) << loaded.error().front().str();
}

}  // namespace
}  // namespace distlab::netlab
