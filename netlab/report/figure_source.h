#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/json.h"
#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"
#include "netlab/scenario/scenario.h"

// The seam between the report and the patterns: a figure source turns a run's events into one
// section of pattern figures. Sources register beside their pattern (netlab/patterns/<p>/, see
// netlab/patterns/pattern_lab.h); the report, compare and sweep iterate the sections and never
// name a pattern.
namespace distlab::netlab {

// Which way a figure is better: more throughput, less latency; counts like messages sent are
// neither.
enum class Better { Higher, Lower, Neither };

// One number of one run, as `distlab-cli compare` and `sweep` put runs side by side.
struct Figure {
    std::string key;                   // stable: "throughput", "latency.all.p99", "phases.<role>.transitions"
    std::string group;                 // "Throughput and operations", "Latency", ... (a section's English title)
    std::string label;                 // "latency p99 (all)"
    std::string unit;                  // "ops/s", "ms", "s", "%", or empty for counts
    Better better = Better::Neither;
    double value = 0;
    std::string label_zh;              // the label in Chinese, for a Chinese comparison; empty: `label`
};

// A table cell: text (not escaped), and optionally its Chinese under it.
struct TableCell {
    std::string en;
    std::string zh;
    TableCell(std::string text = {}, std::string chinese = {}) : en(std::move(text)), zh(std::move(chinese)) {}
    TableCell(const char* text) : en(text) {}
};

// A table of a section, with an optional picture above it: every row (the page shows the first
// ones and points to summary.json for the rest).
struct FigureTable {
    std::vector<TableCell> head;
    std::vector<bool> numeric;         // per column: right-aligned
    std::vector<std::vector<TableCell>> rows;
    std::string picture;               // a complete SVG document shown above the table, or empty
    std::string picture_zh;            // the picture with its words in Chinese; empty: `picture` in both
};

// One line of a sweep chart: a figure key and its legend name.
struct SweepSeries {
    std::string key;                   // "raft.failover_ms.max"
    std::string name;                  // "longest failover"
    std::string name_zh;               // the legend in Chinese; empty: the figure's Chinese label, else `name`

    bool operator==(const SweepSeries&) const = default;
};

// A chart `distlab-cli sweep` can draw from a section's figures: each series is one figure key
// plotted against the swept value. The Chinese texts follow so that a chart written in English
// only still compiles (a Chinese sweep then shows its English).
struct SweepChart {
    std::string title;                 // "Latency"
    std::string y_label;               // "failover time (ms)"
    std::vector<SweepSeries> series;
    std::string title_zh;              // empty: the title of the section whose title `title` is, else `title`
    std::string y_label_zh;            // empty: `y_label`

    bool operator==(const SweepChart&) const = default;
};

// What one source says about one run.
struct FigureSection {
    std::string key;                   // the source's name (set by the report): its key under the report
                                       // JSON's "pattern" object
    Text title;                   // heading, and the group of its figures in compare and sweep
    std::vector<Text> notes;           // short paragraphs before the tables ("3 state transitions.")
    std::vector<Figure> figures;       // for compare and sweep, keys prefixed with the source's name
    std::vector<FigureTable> tables;
    std::vector<SweepChart> charts;
    core::Json json = core::Json::object();
};

// The run a source reads: every event in time order, its role catalog, and its end.
struct FigureRun {
    const std::vector<Event>& events;
    const RoleCatalog& catalog;
    std::int64_t end_ns = 0;
};

class FigureSource {
public:
    virtual ~FigureSource() = default;
    // Unique among the registered sources: "phases"; the pattern's own name for a pattern's.
    virtual std::string_view name() const = 0;
    // Whether a run with these roles can give this source anything (cheap; read from the catalog).
    virtual bool applies(const RoleCatalog& catalog) const = 0;
    // The section for a run it applies to; nullopt when the events give it nothing to say (the
    // section is then left out, as is each of its figures).
    virtual std::optional<FigureSection> section(const FigureRun& run) const = 0;
};

// The sources a report asks, in registration order (the order of their sections).
class FigureSourceRegistry {
public:
    // Adds `source`; a second source of the same name replaces nothing and is refused with false.
    bool add(std::shared_ptr<const FigureSource> source);
    const std::vector<std::shared_ptr<const FigureSource>>& sources() const { return sources_; }

private:
    std::vector<std::shared_ptr<const FigureSource>> sources_;
};

// "1.234 s": the run-time format of report tables.
std::string run_time_text(std::int64_t ns);

}  // namespace distlab::netlab
