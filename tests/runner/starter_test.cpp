// distlab-cli new: for every registered pattern the starter scenario loads as written and runs in
// the simulator; a role works as well as a pattern; an unknown name is refused with the list.

#include <gtest/gtest.h>

#include <string>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/starter.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"
#include "netlab/telemetry/event_log.h"

namespace distlab::netlab {
namespace {

const std::vector<Lesson>& lessons() {
    static const std::vector<Lesson> all = load_lessons(std::filesystem::path(DISTLAB_SOURCE_DIR) / "scenarios",
                                                        core::RoleRegistry::builtin(), CheckRegistry::builtin());
    return all;
}

std::expected<Scenario, std::vector<Diagnostic>> load_starter(const std::string& text, const std::string& what) {
    return load_scenario_text(text, "new " + what, core::RoleRegistry::builtin(),
                              make_check_validator(CheckRegistry::builtin()));
}

TEST(Starter, EveryPatternsStarterLoadsAsWrittenAndRunsInTheSimulator) {
    const std::vector<std::string> patterns = pattern_names(core::RoleRegistry::builtin());
    ASSERT_GT(patterns.size(), 10u);
    for (const std::string& pattern : patterns) {
        SCOPED_TRACE(pattern);
        auto text = starter_scenario(pattern, lessons(), core::RoleRegistry::builtin(), CheckRegistry::builtin());
        if (!text) {
            // A pattern only real processes can run (the external role) has no simulated lesson.
            EXPECT_NE(text.error().message.find("no shipped scenario"), std::string::npos) << text.error().message;
            continue;
        }
        EXPECT_TRUE(text->starts_with("# A starter DistLab lab for the pattern " + pattern)) << *text;
        auto loaded = load_starter(*text, pattern);
        ASSERT_TRUE(loaded) << loaded.error().front().str() << "\n" << *text;
        EXPECT_TRUE(loaded->name.starts_with("my-")) << loaded->name;
        EXPECT_FALSE(loaded->faults.empty()) << *text;
        EXPECT_FALSE(loaded->checks.empty()) << *text;
        EXPECT_NE(text->find("  # "), std::string::npos) << "nodes and checks are explained";
        // A short run is enough to show it runs: its checks are the lesson's, judged elsewhere.
        Scenario s = *loaded;
        s.duration = std::chrono::seconds(2);
        std::erase_if(s.faults, [&](const FaultSpec& f) { return f.at > s.duration; });
        EventLog log;
        SimRun run(s, core::RoleRegistry::builtin());
        run.telemetry().add_sink(log);
        run.run();
        ASSERT_FALSE(log.events().empty());
        EXPECT_EQ(log.events().back().kind, EventKind::RunEnded);
        EXPECT_TRUE(run.flood().empty()) << run.flood();
        std::size_t sent = 0;
        for (const Event& e : log.events())
            sent += e.kind == EventKind::MessageSent;
        EXPECT_GT(sent, 0u);
    }
}

TEST(Starter, ARoleNamesItsStarterAndAnUnknownNameIsRefused) {
    auto text = starter_scenario("kv-client", lessons(), core::RoleRegistry::builtin(), CheckRegistry::builtin());
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_TRUE(text->starts_with("# A starter DistLab lab for the role kv-client")) << *text;
    auto loaded = load_starter(*text, "kv-client");
    ASSERT_TRUE(loaded);
    EXPECT_TRUE(std::any_of(loaded->nodes.begin(), loaded->nodes.end(), [](const NodeSpec& n) { return n.role == "kv-client"; }));

    auto unknown = starter_scenario("raftt", lessons(), core::RoleRegistry::builtin(), CheckRegistry::builtin());
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("neither a pattern nor a role"), std::string::npos);
    EXPECT_NE(unknown.error().message.find("raft"), std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
