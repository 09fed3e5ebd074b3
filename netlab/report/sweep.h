#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/json.h"
#include "core/model/params.h"
#include "core/model/result.h"
#include "core/model/role_registry.h"
#include "netlab/report/comparison.h"
#include "netlab/report/report_document.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

// The parameter `distlab-cli sweep` varies: `--param TARGET.PARAM=v1,v2,v3`, where TARGET is a
// node id (that node) or a role (every node of that role) and PARAM one of the role's ParamSpec.
// Values are written as in a scenario file; a duration range as LO..HI ("150ms..300ms").
struct SweepParam {
    std::string target;                // as written
    bool is_role = false;              // TARGET named a role rather than a node
    std::vector<NodeId> nodes;         // the nodes whose parameter changes
    core::ParamSpec spec;
    std::vector<std::string> texts;    // each value as written
    std::vector<core::Json> values;    // each value in the scenario's written form
    // The x axis: numeric positions (durations in ms) for numbers and durations, else the texts
    // as categories.
    bool numeric = false;
    std::vector<double> x;
    std::string axis_label;            // "server.service_time", with " (ms)" for durations
};

// Parses and validates `arg` against `scenario` and `roles`. An error names what is wrong and
// where: the target that is neither a node nor a role of the scenario, the parameter the role
// does not have (listing those it has), a value that is not of the parameter's type or is out of
// its range (naming the node), an empty list.
core::Result<SweepParam> parse_sweep_param(std::string_view arg, const Scenario& scenario, const core::RoleRegistry& roles);

// `scenario` with value `index` of `param` set on its nodes, written out and loaded back through
// the loader (so params and resolved params agree and every rule applies), with that YAML text.
core::Result<std::pair<Scenario, std::string>> apply_sweep_value(const Scenario& scenario, const SweepParam& param,
                                                                 std::size_t index, const core::RoleRegistry& roles,
                                                                 const CheckValidator& checks);

// The runs of one value.
struct SweepPoint {
    std::vector<std::vector<Figure>> runs;   // run_figures of each run
    std::vector<bool> passed;
    std::vector<std::uint64_t> seeds;
    std::vector<SweepChart> charts;          // the charts the runs' pattern sections offer
    std::vector<core::Text> sections;        // the titles of the runs' pattern sections (their figures' groups)

    // Adds one run: its figures, verdict and seed, and its sections' charts and titles not yet offered.
    void add_run(const ReportData& data, bool run_passed, std::uint64_t seed);
};

struct SweepInput {
    const Scenario& scenario;
    const SweepParam& param;
    std::vector<SweepPoint> points;    // one per value, in the order given
    bool simulated = false;
    std::string command_line;
    std::string lang = "en";           // the page's language: "en" or "zh_CN"
};

// The sweep page: what was varied, the figures plotted against the value (throughput, latency
// p50/p99, availability, messages, then the charts the pattern sections offer, each drawn when
// some run has one of its figures; mean with min-max whiskers over several runs), and a table of
// every figure per value; in `input.lang`.
ReportDocument build_sweep_document(const SweepInput& input);

// sweep.json: the parameter, and per value its seeds, verdicts and every figure's summary.
core::Json sweep_json(const SweepInput& input);

// The console's table: one row per value with its runs passed and the mean over its runs of
// throughput and latency p50 / p99 / p99.9 of every operation ("-" where no run has one), so
// a sweep over algorithms or settings reads as one table.
std::string sweep_console_table(const SweepInput& input);

// sweep.csv: one row per value and run: value, run, seed, passed, then every figure by key.
std::string sweep_csv(const SweepInput& input);

}  // namespace distlab::netlab
