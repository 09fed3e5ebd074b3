#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "netlab/report/report_data.h"
#include "netlab/report/report_document.h"

namespace distlab::netlab {

// Every figure of a run in a fixed order: throughput and operation counts, availability (overall
// and per fault window), latency percentiles (all and per function), messages per type, the
// figures of each pattern section (ReportData::sections, in their order), role metrics, the
// generic counts and the checks passed/failed. A figure a run cannot have (a latency without
// an ok operation, a failover time without a failover) is left out, not zero.
std::vector<Figure> run_figures(const ReportData& data);

// One figure over several runs of one side: its value in each run (nullopt: that run lacks it)
// and the mean, min and max of the runs that have it.
struct FigureSummary {
    std::string key;
    std::string group;
    std::string label;
    std::string unit;
    Better better = Better::Neither;
    std::vector<std::optional<double>> runs;
    double mean = 0;
    double min = 0;
    double max = 0;
};

// The figures of `runs` (each run_figures of one run) by key, in order of first appearance.
std::vector<FigureSummary> summarize_figures(const std::vector<std::vector<Figure>>& runs);

enum class Side { None, A, B };

// One figure of A and B: the difference of their means (B - A) and which side is better.
struct FigureComparison {
    std::string key;
    std::string group;
    std::string label;
    std::string unit;
    Better better = Better::Neither;
    std::optional<FigureSummary> a;
    std::optional<FigureSummary> b;
    std::optional<double> difference;  // b.mean - a.mean, when both have the figure
    std::optional<double> relative;    // difference / |a.mean|, when a.mean != 0
    Side better_side = Side::None;     // None when equal, when neither way is better, or one lacks it
};

// A's figures in order, then those only B has.
std::vector<FigureComparison> compare_figures(const std::vector<FigureSummary>& a, const std::vector<FigureSummary>& b);

// The seed of run `index` (0-based) of a series: run 0 uses `base`, so that a one-run comparison
// reproduces `distlab-cli run FILE --seed base`; the others base + index.
std::uint64_t run_seed(std::uint64_t base, std::size_t index);

// The figure's value for people: "12.35 ms", "3.20 s", "97.1 %", "1523", "2.5" (a mean of counts).
std::string figure_text(double value, const std::string& unit);

// The mean for people, with the min–max of the runs when several have it: "12.35 ms (10.10–14.60)";
// "(1 run)" when only one of several runs has it.
std::string figure_summary_text(const FigureSummary& f);

// One side of a comparison: a scenario file run by the comparison, or a recording compared as it
// is (one run, judged again from its events, never rerun); per run, its figures (each with its
// seed and command) and --json summary.
struct CompareSide {
    std::string file;
    std::vector<ReportData> runs;      // run 1 first; charts and topology use run 1
    std::vector<core::Json> summaries;
    bool recording = false;            // `file` is a .distlab recording
    std::string recorded_at;           // a recording's start time, ISO 8601 UTC (may be empty)
    bool passed() const;               // every run passed its checks
};

struct CompareInput {
    const CompareSide& a;
    const CompareSide& b;
    std::vector<std::uint64_t> seeds;  // the runs of the scenario sides (run K of A and of B share
                                       // seed K when both are scenarios); empty for two recordings
    bool simulated = false;            // the scenario sides ran in the simulator
    std::string command_line;
};

// The comparison page: the two sides (scenario runs or recordings, with seeds and, for a
// recording, its path and date) and their results, every figure side by side with the
// difference and the better side highlighted, both sides' checker verdicts, throughput and
// latency of A and B overlaid in one chart each (run 1), both topologies, and the rerun command.
ReportDocument build_compare_document(const CompareInput& input);

// compare.json: both sides (file, kind, scenario, passed, seeds, a recording's seed, date and
// command, each run's summary), the seeds of the scenario runs, and every figure with A's and B's
// mean, min, max and per-run values, the difference and the better side.
core::Json compare_json(const CompareInput& input);

// A FigureSummary as JSON: {mean, min, max, runs: [...]}.
core::Json figure_summary_json(const FigureSummary& f);

std::string_view to_string(Better better);

}  // namespace distlab::netlab
