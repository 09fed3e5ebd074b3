#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "netlab/api/event.h"

namespace distlab::views {

// One point of a metrics series: x in seconds of run time, y in the measure's unit.
struct MetricPoint {
    double tS = 0;
    double value = 0;

    bool operator==(const MetricPoint&) const = default;
};

// The run-wide measures, computed from the event stream itself.
enum class Measure : std::uint8_t {
    Throughput,       // OpCompleted ok, per second
    LatencyP50,       // ms, OpCompleted ok - its OpInvoked, nearest rank over the bucket's ops
    LatencyP99,
    FailRate,         // OpCompleted fail, per second
    TimeoutRate,      // OpCompleted info (outcome unknown: timed out), per second
    SentRate,         // MessageSent per second
    DeliveredRate,    // MessageDelivered per second
    DroppedRate,      // MessageDropped per second
};

// A metric a role reports through its Context (Metric events, core/host/role_driver.h):
// gauges are current values, counters are cumulative totals since the node started, samples
// are the observations made since the node's previous Metric event.
enum class RoleMetricKind : std::uint8_t { Gauge, Counter, Sample };

struct RoleMetricId {
    RoleMetricKind kind = RoleMetricKind::Gauge;
    std::string name;

    auto operator<=>(const RoleMetricId&) const = default;
};

// The time series of the Metrics view: the event stream cut into fixed time buckets, for all
// nodes or for one (the scope). Buckets start 100 ms wide; when the run outgrows kMaxBuckets the
// width doubles and neighbouring buckets merge, so a 10-minute run keeps at most 1200 points per
// series. feed() costs O(new events); reading a series costs O(buckets), sorting only the
// latencies of buckets that changed since the last read.
//
// Scope: ops count for their client node; messages sent by the node, delivered to it, or dropped
// on the way from or to it; role metrics of that node. The empty scope is every node.
//
// Rates divide by the bucket's width, except the last bucket, which divides by the part of it the
// run has reached (endNs()); the last bucket is left out until the run covers half of it. Gauges
// hold their last reported value until the next report; counters become rates from the
// differences of their totals (NodeStarted, or a total that goes down, means counting restarted
// from zero);
// samples plot as the mean of the bucket's observations.
//
// Threading: not thread-safe; one owner (the GUI thread).
class MetricsSeries {
public:
    static constexpr std::int64_t kBaseBucketNs = 100'000'000;
    static constexpr std::size_t kMaxBuckets = 1200;

    explicit MetricsSeries(std::string scope = {});

    // Forgets every event and starts over with this scope (empty: all nodes).
    void reset(std::string scope);
    void reset() { reset(m_scope); }
    const std::string& scope() const { return m_scope; }

    // Takes events in time order, later than every event fed so far.
    void feed(std::span<const netlab::Event> events);
    // The run has reached tNs even if no event says so (the cursor, or the end of the run).
    void advanceTo(std::int64_t tNs);

    std::int64_t endNs() const { return m_endNs; }
    std::int64_t bucketNs() const { return m_bucketNs; }
    std::size_t bucketCount() const;

    std::vector<MetricPoint> series(Measure measure) const;

    // Every role metric reported in scope, in order of first appearance.
    const std::vector<RoleMetricId>& roleMetrics() const { return m_roleMetricOrder; }
    // The nodes that reported `metric`, in order of first report.
    std::vector<std::string> roleMetricNodes(const RoleMetricId& metric) const;
    std::vector<MetricPoint> roleMetric(const RoleMetricId& metric, const std::string& node) const;

private:
    struct Bucket {
        std::uint32_t ok = 0;
        std::uint32_t fail = 0;
        std::uint32_t info = 0;
        std::uint32_t sent = 0;
        std::uint32_t delivered = 0;
        std::uint32_t dropped = 0;
        mutable std::vector<double> latenciesMs;
        mutable bool sorted = true;
    };
    // One bucket of one node's role metric: a gauge's last value, a counter's increase, or the
    // sum and number of samples.
    struct RoleCell {
        double sum = 0;
        double last = 0;
        std::uint32_t count = 0;
    };
    using NodeCells = std::vector<std::pair<std::string, std::vector<RoleCell>>>;

    bool inScope(const std::string& node) const { return m_scope.empty() || node == m_scope; }
    std::size_t bucketOf(std::int64_t tNs);
    Bucket& bucketAt(std::int64_t tNs);
    RoleCell& roleCell(const RoleMetricId& metric, const std::string& node, std::size_t bucket);
    void takeMetric(const netlab::Event& event);
    void widen();
    // x and the seconds covered of bucket i, or a covered time of 0 when it is left out.
    std::pair<double, double> span(std::size_t i) const;

    std::string m_scope;
    std::int64_t m_bucketNs = kBaseBucketNs;
    std::int64_t m_endNs = 0;
    std::vector<Bucket> m_buckets;
    std::map<std::pair<std::string, std::uint64_t>, std::int64_t> m_openOps;   // (client, op) -> invoked
    std::map<RoleMetricId, NodeCells> m_roleCells;
    std::vector<RoleMetricId> m_roleMetricOrder;
    std::map<std::pair<std::string, std::string>, double> m_counterTotals;   // (node, counter)
};

}  // namespace distlab::views
