#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/report/figure_source.h"
#include "netlab/scenario/loader.h"
#include "netlab/sim/sim_run.h"

namespace distlab::test_support {

// A scenario run once in the simulator under `seed` and judged: what a pattern's simulator test
// starts from. `loaded` is false (with a test failure added) when the text does not load.
struct ShippedSimRun {
    bool loaded = false;
    netlab::Scenario scenario;
    std::vector<netlab::Event> events;
    std::vector<netlab::CheckResult> checks;
    std::uint64_t violations = 0;        // the simulator's own (SimRun::violations)

    netlab::RoleCatalog catalog() const { return netlab::scenario_catalog(scenario, core::RoleRegistry::builtin()); }
};

// The text of a shipped scenario, `relative` to scenarios/.
inline std::string shipped_text(const std::string& relative) {
    std::ifstream in(std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative);
    EXPECT_TRUE(in) << "no scenarios/" << relative;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `text` (named `name` in errors) run in the simulator under `seed` and judged.
inline ShippedSimRun simulate_text(const std::string& text, const std::string& name, std::uint64_t seed) {
    class Collector final : public netlab::EventSink {
    public:
        void on_events(std::span<const netlab::Event> batch) override {
            events.insert(events.end(), batch.begin(), batch.end());
        }
        std::vector<netlab::Event> events;
    };
    auto loaded = netlab::load_scenario_text(text, name, core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    EXPECT_TRUE(loaded) << name << ": " << (loaded ? "" : loaded.error().front().str());
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
    out.violations = run.violations();
    out.events = std::move(collector.events);
    out.checks = netlab::run_checks(netlab::RunView{out.scenario, out.events}, netlab::CheckRegistry::builtin());
    return out;
}

// A shipped scenario (`relative` to scenarios/), each (from, to) replacement made in its text
// (every occurrence; a `from` that does not occur fails the test), run and judged.
inline ShippedSimRun simulate_shipped(const std::string& relative, std::uint64_t seed,
                                      const std::vector<std::pair<std::string, std::string>>& edits = {}) {
    std::string text = shipped_text(relative);
    for (const auto& [from, to] : edits) {
        const auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << relative << ": no '" << from << "' to replace";
        for (auto pos = at; pos != std::string::npos; pos = text.find(from, pos + to.size()))
            text.replace(pos, from.size(), to);
    }
    return simulate_text(text, std::string(DISTLAB_SOURCE_DIR) + "/scenarios/" + relative, seed);
}

// Every check of `run` passes (an expect_fail passes when the check it wraps failed), and there
// was at least one.
inline void expect_checks_pass(const std::vector<netlab::CheckResult>& checks) {
    EXPECT_FALSE(checks.empty());
    for (const netlab::CheckResult& c : checks)
        EXPECT_EQ(c.verdict, netlab::Verdict::Pass) << c.name << ": " << c.detail;
}

// Every check of `run` passes (as expect_checks_pass) and every narrative step was told (a `when:`
// step whose condition never held is not); returns the detail of the check named `name`.
inline std::string expect_run_passes(const ShippedSimRun& run, const std::string& name) {
    expect_checks_pass(run.checks);
    std::size_t told = 0;
    for (const netlab::Event& e : run.events)
        told += e.kind == netlab::EventKind::Step;
    EXPECT_EQ(told, run.scenario.steps.size());
    std::string detail;
    for (const netlab::CheckResult& c : run.checks)
        if (c.name == name)
            detail = c.detail;
    return detail;
}

// Each client's final read (an operation invoked with "final": true) that ended ok: client ->
// the value it read (its last such read).
inline std::map<std::string, core::Json> final_reads(const std::vector<netlab::Event>& events) {
    std::map<std::string, core::Json> reads;
    std::map<std::pair<std::string, std::uint64_t>, bool> final_ops;
    for (const netlab::Event& e : events) {
        if (e.kind != netlab::EventKind::OpInvoked && e.kind != netlab::EventKind::OpCompleted)
            continue;
        const core::Json data = core::Json::parse(e.data, nullptr, false);
        if (e.kind == netlab::EventKind::OpInvoked && data.is_object() && data.value("final", false))
            final_ops[{e.node, e.msg_id}] = true;
        if (e.kind == netlab::EventKind::OpCompleted && e.type == "ok" && final_ops.contains({e.node, e.msg_id}))
            reads[e.node] = data.value("value", core::Json(nullptr));
    }
    return reads;
}

// The figure `key` of `figures` (section_figures); a test failure and -1 when there is none.
inline double figure(const std::map<std::string, double>& figures, const std::string& key) {
    const auto f = figures.find(key);
    if (f != figures.end())
        return f->second;
    ADD_FAILURE() << "no figure " << key;
    return -1;
}

// Node -> each phase it announced -> the first time it entered it (lab ns).
inline std::map<std::string, std::map<std::string, std::int64_t>> first_entered(const std::vector<netlab::Event>& events) {
    std::map<std::string, std::map<std::string, std::int64_t>> first;
    for (const netlab::Event& e : events)
        if (e.kind == netlab::EventKind::Phase)
            first[e.node].try_emplace(e.type, e.t_ns);
    return first;
}

// The figures `source`'s report section computes from `run`, by key.
inline std::map<std::string, double> section_figures(const netlab::FigureSource& source, const ShippedSimRun& run) {
    std::map<std::string, double> figures;
    const netlab::RoleCatalog catalog = run.catalog();
    if (const auto section = source.section(
            netlab::FigureRun{run.events, catalog, run.events.empty() ? 0 : run.events.back().t_ns}))
        for (const netlab::Figure& f : section->figures)
            figures[f.key] = f.value;
    return figures;
}

}  // namespace distlab::test_support
