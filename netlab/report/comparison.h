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
    std::string label_zh;              // Figure::label_zh
};

// The figures of `runs` (each run_figures of one run) by key, in order of first appearance.
std::vector<FigureSummary> summarize_figures(const std::vector<std::vector<Figure>>& runs);

enum class Side { None, A, B };

// When a difference between A and B counts rather than being run-to-run noise. It must exceed
// `threshold` of the larger of the two means (for a percentage: threshold x 100 percentage points,
// 5 pp by default), and, when a side ran more than once, the ranges of A's and B's runs must not
// overlap (their spread is the noise the runs show). Anything less reads "same".
struct NoiseRule {
    double threshold = 0.05;
};

// Whether `b` differs from `a` by more than noise, by `rule`.
bool beyond_noise(const FigureSummary& a, const FigureSummary& b, NoiseRule rule);

// The rule in words, for the report and the console: "differences under 5 % of the larger value
// (5 percentage points for a share), or within the spread of the runs, read \"same\"".
// In `lang` ("en" or "zh_CN"), as the other texts below that take one.
std::string noise_rule_text(NoiseRule rule, bool repeated, std::string_view lang = "en");

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
    bool differs = false;              // both have it and the difference is beyond noise
    Side better_side = Side::None;     // None when the same within noise, when neither way is
                                       // better, or one lacks it
    bool is_key = false;               // one of the figures the console prints (key_figure)
    std::string label_zh;              // Figure::label_zh
};

// A's figures in order, then those only B has.
std::vector<FigureComparison> compare_figures(const std::vector<FigureSummary>& a, const std::vector<FigureSummary>& b,
                                              NoiseRule rule = {});

// The figure's name outside its table: its label, with "availability " before a fault window's
// ("availability during kill [s1]").
std::string figure_name(const FigureComparison& c, std::string_view lang = "en");

// The figure's label in `lang`: the generic figures' in Chinese too; a pattern's in Chinese when
// it gave one (Figure::label_zh).
std::string figure_label(const FigureComparison& c, std::string_view lang = "en");

// A group of figures (Figure::group, a section's English title) in `lang`: the generic groups by
// their Chinese names, a pattern section's by `sections` (the titles of the sections the figures
// came from); else as it is.
std::string figure_group_text(const std::string& group, std::string_view lang, const std::vector<core::Text>& sections);

// Whether the figure `key` of `group` is one people look at first: throughput, availability
// (overall and during each fault), latency p50 and p99 of all operations, the figures of the
// pattern sections and the failed checks.
bool key_figure(std::string_view key, std::string_view group);

// The comparison in a line: the figures that really differ, by the side that is better, and how
// many are the same: "B better in 2 figures: availability (all operations), p99 (all); A better in
// 1 figure: operations failed; 3 figures differ with no better side: ...; 40 the same within
// noise". At most
// `names` figures are named per part, then "and N more".
std::string comparison_headline(const std::vector<FigureComparison>& figures, std::size_t names = 6,
                                std::string_view lang = "en");

// The seed of run `index` (0-based) of a series: run 0 uses `base`, so that a one-run comparison
// reproduces `distlab-cli run FILE --seed base`; the others base + index.
std::uint64_t run_seed(std::uint64_t base, std::size_t index);

// The figure's value for people: "12.35 ms", "3.20 s", "97.1 %", "1523", "2.5" (a mean of counts).
std::string figure_text(double value, const std::string& unit);

// The mean for people, with the min–max of the runs when several have it: "12.35 ms (10.10–14.60)";
// "(1 run)" when only one of several runs has it.
std::string figure_summary_text(const FigureSummary& f, std::string_view lang = "en");

// One side of a comparison: a scenario file run by the comparison, or a recording compared as it
// is (one run, judged again from its events, never rerun); per run, its figures (each with its
// seed and command) and --json summary.
struct CompareSide {
    std::string file;
    std::vector<ReportData> runs;      // run 1 first; charts and topology use run 1; each has its seed
    std::vector<core::Json> summaries;
    bool recording = false;            // `file` is a .distlab recording
    std::string recorded_at;           // a recording's start time, ISO 8601 UTC (may be empty)
    bool simulated = false;            // ran (or was recorded) in the simulator, not on real processes
    std::string seed_source;           // where its seeds come from: "its own", "--seed", "the
                                       // recording's" (empty for a recording)
    std::vector<std::string> roles;    // the roles of its nodes, sorted, without repeats
    bool passed() const;               // every run passed its checks
};

struct CompareInput {
    const CompareSide& a;
    const CompareSide& b;
    std::string command_line;
    NoiseRule noise;
    std::string lang = "en";           // the page's language: "en" or "zh_CN"
};

// Why A and B are not two versions of one experiment, for a warning; empty when they are (the
// same family and at least one role in common).
std::string unrelated_warning(const CompareSide& a, const CompareSide& b, std::string_view lang = "en");

// Every figure of A and B side by side, by `input.noise`.
std::vector<FigureComparison> compare_sides(const CompareInput& input);

// The comparison page: the two sides (scenario runs or recordings, with seeds and, for a
// recording, its path and date) and their results, every figure side by side with the
// difference and the better side highlighted, both sides' checker verdicts, throughput and
// latency of A and B overlaid in one chart each (run 1), both topologies, and the rerun command.
ReportDocument build_compare_document(const CompareInput& input);

// compare.json: both sides (file, kind, scenario, passed, simulated, seeds and where they come
// from, a recording's seed, date and command, each run's summary), the noise threshold, the
// headline, a warning when the scenarios are unrelated, and every figure with A's and B's mean,
// min, max and per-run values, the difference, whether it differs beyond noise and the better side.
core::Json compare_json(const CompareInput& input);

// A FigureSummary as JSON: {mean, min, max, runs: [...]}.
core::Json figure_summary_json(const FigureSummary& f);

std::string_view to_string(Better better);

}  // namespace distlab::netlab
