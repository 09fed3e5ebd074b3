#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace distlab::netlab {

// The Prometheus text exposition format, version 0.0.4: one family at a time, a `# HELP` and a
// `# TYPE` line, then its samples. Names and label names are sanitised here, label values and
// help text escaped, so any string a role or scenario chose is safe to pass.
//
// Format reference: https://prometheus.io/docs/instrumenting/exposition_formats/ (text format
// 0.0.4: label values escape `\`, `"` and newline; HELP escapes `\` and newline; a histogram
// has cumulative `_bucket` series ending with le="+Inf", then `_sum` and `_count`).

inline constexpr std::string_view kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType { Counter, Gauge, Histogram };

using Labels = std::vector<std::pair<std::string, std::string>>;

// Fixed bucket bounds, in milliseconds, for every histogram the lab exposes (role samples are
// latencies in ms, or small counts such as batch sizes, which fit the same bounds).
inline constexpr std::array<double, 15> kHistogramBoundsMs = {
    0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

// Observations of one series: per-bucket counts (not cumulative; the last slot is above every
// bound), their sum and count.
struct Histogram {
    std::array<std::uint64_t, kHistogramBoundsMs.size() + 1> buckets{};
    double sum = 0;
    std::uint64_t count = 0;

    void observe(double value);
};

// `name` made a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): other characters become '_', a
// leading digit gets a '_' in front, an empty name becomes "_".
std::string sanitize_metric_name(std::string_view name);
// A label value with `\`, `"` and newlines escaped.
std::string escape_label_value(std::string_view value);
// HELP text with `\` and newlines escaped.
std::string escape_help(std::string_view text);
// A sample value as Go's ParseFloat reads it: shortest round-trip decimal, "NaN", "+Inf", "-Inf".
std::string format_value(double value);

// Builds one exposition document.
//
// Threading: not thread-safe; one writer per document.
class ExpositionWriter {
public:
    // Starts a family: `# HELP` and `# TYPE` lines. `name` is sanitised.
    void family(std::string_view name, MetricType type, std::string_view help);
    // One sample line; `name` is the family name or, for a histogram's parts, name + suffix.
    void sample(std::string_view name, const Labels& labels, double value);
    // A histogram's cumulative `_bucket` lines (le="+Inf" last), `_sum` and `_count`.
    void histogram(std::string_view name, const Labels& labels, const Histogram& h);

    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void labels(const Labels& labels, std::string_view le);

    std::string out_;
};

}  // namespace distlab::netlab
