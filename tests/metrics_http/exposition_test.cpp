#include "netlab/metrics_http/exposition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace distlab::netlab {
namespace {

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

TEST(Exposition, EscapesLabelValues) {
    EXPECT_EQ(escape_label_value(R"(a\b)"), R"(a\\b)");
    EXPECT_EQ(escape_label_value(R"(say "hi")"), R"(say \"hi\")");
    EXPECT_EQ(escape_label_value("two\nlines"), R"(two\nlines)");
    EXPECT_EQ(escape_label_value("plain-値"), "plain-値");
}

TEST(Exposition, EscapesHelpButNotQuotes) {
    EXPECT_EQ(escape_help("a \"b\" \\ c\nd"), R"(a "b" \\ c\nd)");
}

TEST(Exposition, SanitizesNames) {
    EXPECT_EQ(sanitize_metric_name("latency_ms"), "latency_ms");
    EXPECT_EQ(sanitize_metric_name("queue-depth.max"), "queue_depth_max");
    EXPECT_EQ(sanitize_metric_name("9lives"), "_9lives");
    EXPECT_EQ(sanitize_metric_name("ns:metric"), "ns:metric");
    EXPECT_EQ(sanitize_metric_name(""), "_");
}

TEST(Exposition, FormatsValuesAsGoReadsThem) {
    EXPECT_EQ(format_value(3), "3");
    EXPECT_EQ(format_value(0.25), "0.25");
    EXPECT_EQ(format_value(-1.5), "-1.5");
    EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_value(std::nan("")), "NaN");
    EXPECT_EQ(std::stod(format_value(0.1 + 0.2)), 0.1 + 0.2);   // round trip
}

TEST(Exposition, FamilyWritesHelpThenType) {
    ExpositionWriter w;
    w.family("distlab_x_total", MetricType::Counter, "Things\nthat happened");
    w.sample("distlab_x_total", {{"node", "n\"1"}, {"role", "server"}}, 7);
    w.family("distlab_g", MetricType::Gauge, "A gauge.");
    w.sample("distlab_g", {}, 1.5);
    EXPECT_EQ(lines(w.text()), (std::vector<std::string>{
                                   R"(# HELP distlab_x_total Things\nthat happened)",
                                   "# TYPE distlab_x_total counter",
                                   R"(distlab_x_total{node="n\"1",role="server"} 7)",
                                   "# HELP distlab_g A gauge.",
                                   "# TYPE distlab_g gauge",
                                   "distlab_g 1.5",
                               }));
}

TEST(Exposition, LabelNamesAreSanitizedWithoutColons) {
    ExpositionWriter w;
    w.sample("m", {{"a:b-c", "v"}}, 1);
    EXPECT_EQ(w.text(), "m{a_b_c=\"v\"} 1\n");
}

TEST(Exposition, HistogramBucketsAreCumulativeAndEndWithInf) {
    Histogram h;
    h.observe(0.2);     // <= 0.5
    h.observe(1);       // <= 1 (bounds are inclusive)
    h.observe(7);       // <= 10
    h.observe(99999);   // above every bound
    h.observe(std::nan(""));   // ignored
    EXPECT_EQ(h.count, 4u);
    EXPECT_DOUBLE_EQ(h.sum, 0.2 + 1 + 7 + 99999);

    ExpositionWriter w;
    w.family("lat_ms", MetricType::Histogram, "Latency.");
    w.histogram("lat_ms", {{"node", "c1"}}, h);
    const auto out = lines(w.text());
    ASSERT_EQ(out.size(), 2 + kHistogramBoundsMs.size() + 1 + 2);
    EXPECT_EQ(out[1], "# TYPE lat_ms histogram");
    EXPECT_EQ(out[2], R"(lat_ms_bucket{node="c1",le="0.5"} 1)");
    EXPECT_EQ(out[3], R"(lat_ms_bucket{node="c1",le="1"} 2)");
    EXPECT_EQ(out[4], R"(lat_ms_bucket{node="c1",le="2.5"} 2)");
    EXPECT_EQ(out[6], R"(lat_ms_bucket{node="c1",le="10"} 3)");
    EXPECT_EQ(out[2 + kHistogramBoundsMs.size() - 1], R"(lat_ms_bucket{node="c1",le="30000"} 3)");
    EXPECT_EQ(out[2 + kHistogramBoundsMs.size()], R"(lat_ms_bucket{node="c1",le="+Inf"} 4)");
    EXPECT_EQ(out[3 + kHistogramBoundsMs.size()], "lat_ms_sum{node=\"c1\"} " + format_value(0.2 + 1 + 7 + 99999));
    EXPECT_EQ(out[4 + kHistogramBoundsMs.size()], R"(lat_ms_count{node="c1"} 4)");

    // Cumulative: never decreasing from one bucket to the next.
    std::uint64_t previous = 0;
    for (std::size_t i = 2; i <= 2 + kHistogramBoundsMs.size(); ++i) {
        const std::uint64_t n = std::stoull(out[i].substr(out[i].rfind(' ') + 1));
        EXPECT_GE(n, previous) << out[i];
        previous = n;
    }
}

TEST(Exposition, HistogramWithoutLabelsHasOnlyLe) {
    ExpositionWriter w;
    w.histogram("h", {}, Histogram{});
    EXPECT_NE(w.text().find("h_bucket{le=\"+Inf\"} 0\n"), std::string::npos);
    EXPECT_NE(w.text().find("h_count 0\n"), std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
