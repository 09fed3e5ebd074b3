#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/shipped_sim.h"

// A scenario run on real processes: distlab-node children over loopback through the lab's fabric,
// their data in a scratch directory removed afterwards. What a pattern's real-process test starts
// from, as its simulator tests start from shipped_sim.h.
namespace distlab::test_support {

// `text` (named `name` in errors, "mesh-real.yaml") loaded and run on real processes; nullopt,
// with a test failure naming why, when it does not load or does not run.
inline std::optional<netlab::RunOutcome> run_real_text(const std::string& text, const std::string& name) {
    auto scenario = netlab::load_scenario_text(text, name, core::RoleRegistry::builtin(),
                                               netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    EXPECT_TRUE(scenario) << name << ": " << (scenario ? "" : scenario.error().front().str());
    if (!scenario)
        return std::nullopt;
    ScratchDir dir{"distlab-" + std::filesystem::path(name).stem().string()};
    netlab::RunRequest request;
    request.scenario = std::move(*scenario);
    request.node_binary = DISTLAB_NODE_BINARY;
    request.run_dir = dir.path().string();
    auto outcome = netlab::run_scenario(request);
    EXPECT_TRUE(outcome) << name << ": " << (outcome ? "" : outcome.error().message);
    if (!outcome)
        return std::nullopt;
    return std::move(*outcome);
}

// A shipped scenario (`relative` to scenarios/) run on real processes, as run_real_text.
inline std::optional<netlab::RunOutcome> run_real_shipped(const std::string& relative) {
    return run_real_text(shipped_text(relative), std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative);
}

}  // namespace distlab::test_support
