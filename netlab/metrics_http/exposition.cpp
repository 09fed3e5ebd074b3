#include "netlab/metrics_http/exposition.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace distlab::netlab {

namespace {

bool name_char(char c, bool allow_colon) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (allow_colon && c == ':');
}

// Metric names may hold ':'; label names may not.
std::string sanitize(std::string_view name, bool allow_colon) {
    std::string out;
    out.reserve(name.size() + 1);
    if (name.empty() || (name.front() >= '0' && name.front() <= '9'))
        out += '_';
    for (const char c : name)
        out += name_char(c, allow_colon) ? c : '_';
    return out;
}

}  // namespace

void Histogram::observe(double value) {
    if (std::isnan(value))
        return;
    const auto it = std::lower_bound(kHistogramBoundsMs.begin(), kHistogramBoundsMs.end(), value);
    ++buckets[static_cast<std::size_t>(it - kHistogramBoundsMs.begin())];
    sum += value;
    ++count;
}

std::string sanitize_metric_name(std::string_view name) { return sanitize(name, true); }

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

std::string escape_help(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string format_value(double value) {
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc{} ? std::string(buf, end) : std::string("NaN");
}

void ExpositionWriter::family(std::string_view name, MetricType type, std::string_view help) {
    const std::string n = sanitize_metric_name(name);
    out_ += "# HELP ";
    out_ += n;
    out_ += ' ';
    out_ += escape_help(help);
    out_ += "\n# TYPE ";
    out_ += n;
    switch (type) {
    case MetricType::Counter: out_ += " counter\n"; break;
    case MetricType::Gauge: out_ += " gauge\n"; break;
    case MetricType::Histogram: out_ += " histogram\n"; break;
    }
}

void ExpositionWriter::labels(const Labels& labels, std::string_view le) {
    if (labels.empty() && le.empty())
        return;
    out_ += '{';
    bool first = true;
    for (const auto& [name, value] : labels) {
        if (!first)
            out_ += ',';
        first = false;
        out_ += sanitize(name, false);
        out_ += "=\"";
        out_ += escape_label_value(value);
        out_ += '"';
    }
    if (!le.empty()) {
        if (!first)
            out_ += ',';
        out_ += "le=\"";
        out_ += le;
        out_ += '"';
    }
    out_ += '}';
}

void ExpositionWriter::sample(std::string_view name, const Labels& labels, double value) {
    out_ += sanitize_metric_name(name);
    this->labels(labels, {});
    out_ += ' ';
    out_ += format_value(value);
    out_ += '\n';
}

void ExpositionWriter::histogram(std::string_view name, const Labels& labels, const Histogram& h) {
    const std::string n = sanitize_metric_name(name);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= kHistogramBoundsMs.size(); ++i) {
        cumulative += h.buckets[i];
        out_ += n;
        out_ += "_bucket";
        this->labels(labels, i < kHistogramBoundsMs.size() ? format_value(kHistogramBoundsMs[i]) : "+Inf");
        out_ += ' ';
        out_ += std::to_string(cumulative);
        out_ += '\n';
    }
    sample(n + "_sum", labels, h.sum);
    sample(n + "_count", labels, static_cast<double>(h.count));
}

}  // namespace distlab::netlab
