#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/checks/check.h"
#include "netlab/report/figure_source.h"
#include "netlab/scenario/scenario.h"

namespace distlab::core {
class RoleRegistry;
}

namespace distlab::netlab {

// What a report is made from: one judged run (RunOutcome from run_scenario or judge_run) plus
// what it needs to be rerun. Borrowed for the duration of build_report_data only.
struct ReportInput {
    const Scenario& scenario;
    const std::vector<Event>& events;              // one run, in time order
    const std::vector<CheckResult>& checks;
    std::uint64_t seed = 0;
    std::string command_line;                      // the exact command that made the run
    std::string recording;                         // the .distlab file, empty when not recorded
    std::vector<std::string> problems;             // e.g. "the recording is truncated: ..."
    // The figure sources to ask; nullptr: builtin_figure_sources().
    const FigureSourceRegistry* sources = nullptr;
    // Where a recording made before runs carried their role catalog finds its roles' descriptors;
    // nullptr: core::RoleRegistry::builtin().
    const core::RoleRegistry* roles = nullptr;
};

// Every registered pattern's figure sources (patterns.cmake order, see
// netlab/patterns/pattern_lab.h), then the generic phase-transitions source.
const FigureSourceRegistry& builtin_figure_sources();

// A fault as an interval of run time. Instant faults (restart, resume, heal, command) have
// end_ns == start_ns; a fault never undone lasts to the end of the run (healed == false).
struct FaultInterval {
    std::string kind;                  // kill, partition, latency, ...
    std::string label;                 // "kill n1", "partition [n1] | [n2, n3]"
    std::int64_t start_ns = 0;
    std::int64_t end_ns = 0;
    bool instant = false;
    bool healed = false;
    bool by_hand = false;              // injected by hand during the run, not by the scenario

    bool operator==(const FaultInterval&) const = default;
};

// The fault's label in `lang`: its kind as people read it there (fault_kind_text) and its
// arguments as they are: "kill n1", "杀死进程 n1"; "(by hand)" as "（手动）".
std::string fault_label_text(const FaultInterval& fault, std::string_view lang);

struct StepMarker {
    std::int64_t t_ns = 0;
    Text say;
};

// One bucket of the time series: operations count in the bucket they completed in.
struct TimeBucket {
    std::int64_t start_ns = 0;
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;          // fail or info
    double throughput_ops_s = 0;       // ok operations per second
    std::optional<double> p50_ms;      // over ok operations completed in the bucket
    std::optional<double> p99_ms;
    std::uint64_t sent = 0;
    std::uint64_t delivered = 0;
    std::uint64_t dropped = 0;
};

// Nearest-rank latency percentiles of ok operations (invoke -> complete).
struct LatencyRow {
    std::string function;              // "all", or an operation function: read, write, call...
    std::uint64_t count = 0;
    double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
};

// Availability of a window: the share of operations invoked in [from_ns, to_ns) that ended ok.
// Operations that never completed or ended "info" count as not ok.
struct WindowAvailability {
    std::int64_t from_ns = 0;
    std::int64_t to_ns = 0;
    std::uint64_t ops = 0;
    std::uint64_t ok = 0;
    std::optional<double> share;       // nullopt without operations
};

// Availability before (run start to fault start), during, and after (fault end to run end) one
// lasting fault.
struct FaultAvailability {
    std::size_t fault = 0;             // index into ReportData::faults
    WindowAvailability before, during, after;
};

struct MessageCounts {
    std::string type;                  // message type, "all" for the totals
    std::uint64_t sent = 0, delivered = 0, dropped = 0, duplicated = 0;
};

// Figures any run has.
struct GenericFigures {
    std::uint64_t node_starts = 0;
    std::uint64_t node_exits = 0;
    std::uint64_t state_changes = 0;
    std::uint64_t log_lines = 0;
    std::uint64_t warnings = 0;        // Log events of level warn or error
    std::uint64_t violations = 0;
};

// What the roles reported as metrics (RoleDriver's Metric events), over every node: the highest
// value each gauge reached, and each counter's total (counters are cumulative per node
// incarnation; a restart starts them again, and the totals carry across).
struct RoleMetricFigures {
    std::map<std::string, double, std::less<>> gauge_peaks;
    std::map<std::string, double, std::less<>> counter_totals;
};

struct ReportNode {
    std::string id;
    std::string role;
    std::optional<std::pair<double, double>> at;   // where the canvas draws it (scenario `at:`)
};

struct ReportLink {
    std::string from;
    std::string to;
    bool both_ways = true;
};

// Every figure of a report, computed once from the events; HTML, PDF, CSV and JSON all render
// this. Plain data.
struct ReportData {
    std::string name;
    std::string family;
    Text title;
    Text summary;
    std::uint64_t seed = 0;
    std::string command_line;
    std::string recording;
    std::vector<std::string> problems;
    bool passed = false;               // every check passed, and there was one at least
    RunVerdict verdict = RunVerdict::Failed;
    std::optional<std::int64_t> stopped_at_ns;   // a user stopped the run early

    std::int64_t duration_ns = 0;      // RunEnded's time, else the last event's
    std::uint64_t event_count = 0;

    std::vector<ReportNode> nodes;
    std::vector<ReportLink> links;
    std::vector<FaultInterval> faults;
    std::vector<StepMarker> steps;

    std::int64_t bucket_ns = 1'000'000'000;
    std::vector<TimeBucket> buckets;

    std::uint64_t ops_invoked = 0;
    std::uint64_t ops_ok = 0;
    std::uint64_t ops_failed = 0;
    std::uint64_t ops_unknown = 0;     // completed "info", or never completed
    std::vector<LatencyRow> latency;   // "all" first, then per function by name
    std::vector<FaultAvailability> availability;

    std::vector<MessageCounts> messages;   // per type by name, then "all"
    // What the figure sources that apply to the run said, in registration order.
    std::vector<FigureSection> sections;
    RoleMetricFigures role_metrics;
    GenericFigures generic;

    std::vector<CheckResult> checks;

    // The section of `key` ("phases", a pattern's); nullptr when no source gave one.
    const FigureSection* section(std::string_view key) const;
};

// Computes every figure of a report: the generic ones here, the pattern sections by asking each
// figure source that applies to the run's role catalog (read from its RunStarted event). Linear
// in the number of events per source. Never fails: unreadable fields are skipped.
ReportData build_report_data(const ReportInput& input);

// The sections of the sources in `sources` that apply to `events` (one run, in time order; its
// role catalog read from its RunStarted event, `fallback` for older recordings), in registration
// order, each keyed by its source's name and its figures grouped under its English title.
std::vector<FigureSection> figure_sections(const std::vector<Event>& events, const FigureSourceRegistry& sources,
                                           const core::RoleRegistry& fallback);

// What the `--json` summary's `stats` gains from the pattern sections: each section's JSON under
// its name ({"<source>": {...}, "phases": {...}}), as summary.json's report.pattern has it.
core::Json section_stats(const std::vector<FigureSection>& sections);

// The bucket width for a run of `duration_ns`: a round step (10 ms, 20 ms, 50 ms, ... 1 s, 2 s,
// ...) giving at most 120 buckets.
std::int64_t choose_bucket_ns(std::int64_t duration_ns);

}  // namespace distlab::netlab
