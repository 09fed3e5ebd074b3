#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/report/figure_source.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::test_support {

// A shipped scenario (`relative` to scenarios/) run once in the simulator under `seed` and judged:
// what a pattern's simulator test starts from. `loaded` is false (with a test failure added)
// when the file does not load.
struct ShippedSimRun {
    bool loaded = false;
    netlab::Scenario scenario;
    std::vector<netlab::Event> events;
    std::vector<netlab::CheckResult> checks;
};

inline ShippedSimRun simulate_shipped(const std::string& relative, std::uint64_t seed) {
    class Collector final : public netlab::EventSink {
    public:
        void on_events(std::span<const netlab::Event> batch) override {
            events.insert(events.end(), batch.begin(), batch.end());
        }
        std::vector<netlab::Event> events;
    };
    auto loaded = netlab::load_scenario_file(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative,
                                             core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << relative << ": " << (loaded ? "" : loaded.error().front().str());
    if (!loaded)
        return {};
    ShippedSimRun out;
    out.loaded = true;
    out.scenario = std::move(*loaded);
    out.scenario.seed = seed;
    Collector collector;
    netlab::SimRun run(out.scenario, core::RoleRegistry::builtin(), std::nullopt);
    run.telemetry().add_sink(collector);
    run.run();
    out.events = std::move(collector.events);
    out.checks = netlab::run_checks(netlab::RunView{out.scenario, out.events}, netlab::CheckRegistry::builtin());
    return out;
}

// The figures `source`'s report section computes from `run`, by key.
inline std::map<std::string, double> section_figures(const netlab::FigureSource& source, const ShippedSimRun& run) {
    std::map<std::string, double> figures;
    const netlab::RoleCatalog catalog = netlab::scenario_catalog(run.scenario, core::RoleRegistry::builtin());
    if (const auto section = source.section(
            netlab::FigureRun{run.events, catalog, run.events.empty() ? 0 : run.events.back().t_ns}))
        for (const netlab::Figure& f : section->figures)
            figures[f.key] = f.value;
    return figures;
}

}  // namespace distlab::test_support
