#include "views/metrics/metrics_series.h"

#include <algorithm>

#include "core/model/json.h"
#include "netlab/api/percentile.h"

namespace distlab::views {

using netlab::Event;
using netlab::EventKind;

MetricsSeries::MetricsSeries(std::string scope) : m_scope(std::move(scope)) {}

void MetricsSeries::reset(std::string scope) {
    m_scope = std::move(scope);
    m_bucketNs = kBaseBucketNs;
    m_endNs = 0;
    m_buckets.clear();
    m_openOps.clear();
    m_roleCells.clear();
    m_roleMetricOrder.clear();
    m_counterTotals.clear();
}

std::size_t MetricsSeries::bucketCount() const {
    return m_buckets.size();
}

void MetricsSeries::advanceTo(std::int64_t tNs) {
    if (tNs < m_endNs)
        return;
    m_endNs = tNs;
    while (static_cast<std::size_t>(m_endNs / m_bucketNs) + 1 > kMaxBuckets)
        widen();
    m_buckets.resize(static_cast<std::size_t>(m_endNs / m_bucketNs) + 1);
}

std::size_t MetricsSeries::bucketOf(std::int64_t tNs) {
    advanceTo(tNs);
    return static_cast<std::size_t>(std::max<std::int64_t>(tNs, 0) / m_bucketNs);
}

MetricsSeries::Bucket& MetricsSeries::bucketAt(std::int64_t tNs) {
    return m_buckets[bucketOf(tNs)];
}

void MetricsSeries::widen() {
    m_bucketNs *= 2;
    const std::size_t merged = (m_buckets.size() + 1) / 2;
    for (std::size_t i = 0; i < merged; ++i) {
        Bucket bucket = std::move(m_buckets[2 * i]);
        if (2 * i + 1 < m_buckets.size()) {
            Bucket& next = m_buckets[2 * i + 1];
            bucket.ok += next.ok;
            bucket.fail += next.fail;
            bucket.info += next.info;
            bucket.sent += next.sent;
            bucket.delivered += next.delivered;
            bucket.dropped += next.dropped;
            if (!next.latenciesMs.empty()) {
                bucket.latenciesMs.insert(bucket.latenciesMs.end(), next.latenciesMs.begin(),
                                          next.latenciesMs.end());
                bucket.sorted = false;
            }
        }
        m_buckets[i] = std::move(bucket);
    }
    m_buckets.resize(merged);
    for (auto& [metric, nodes] : m_roleCells) {
        for (auto& [node, cells] : nodes) {
            const std::size_t mergedCells = (cells.size() + 1) / 2;
            for (std::size_t i = 0; i < mergedCells; ++i) {
                RoleCell cell = cells[2 * i];
                if (2 * i + 1 < cells.size()) {
                    const RoleCell& next = cells[2 * i + 1];
                    cell.sum += next.sum;
                    cell.count += next.count;
                    if (next.count > 0)
                        cell.last = next.last;
                }
                cells[i] = cell;
            }
            cells.resize(mergedCells);
        }
    }
}

MetricsSeries::RoleCell& MetricsSeries::roleCell(const RoleMetricId& metric, const std::string& node,
                                                 std::size_t bucket) {
    auto found = m_roleCells.find(metric);
    if (found == m_roleCells.end()) {
        found = m_roleCells.emplace(metric, NodeCells{}).first;
        m_roleMetricOrder.push_back(metric);
    }
    NodeCells& nodes = found->second;
    auto entry = std::find_if(nodes.begin(), nodes.end(), [&](const auto& n) { return n.first == node; });
    if (entry == nodes.end()) {
        nodes.emplace_back(node, std::vector<RoleCell>{});
        entry = nodes.end() - 1;
    }
    if (entry->second.size() <= bucket)
        entry->second.resize(bucket + 1);
    return entry->second[bucket];
}

void MetricsSeries::takeMetric(const Event& event) {
    const core::Json body = core::Json::parse(event.data, nullptr, false);
    if (!body.is_object())
        return;
    const std::size_t bucket = bucketOf(event.t_ns);
    const auto section = [&](const char* key) {
        const auto it = body.find(key);
        return it != body.end() && it->is_object() ? &*it : nullptr;
    };
    if (const core::Json* gauges = section("gauges")) {
        for (const auto& [name, value] : gauges->items()) {
            if (!value.is_number())
                continue;
            RoleCell& cell = roleCell({RoleMetricKind::Gauge, name}, event.node, bucket);
            cell.last = value.get<double>();
            cell.sum += cell.last;
            ++cell.count;
        }
    }
    if (const core::Json* counters = section("counters")) {
        for (const auto& [name, value] : counters->items()) {
            if (!value.is_number())
                continue;
            const double total = value.get<double>();
            double& previous = m_counterTotals[{event.node, name}];
            // Counters only grow while the node lives; a smaller total is a restart we missed.
            const double increase = total >= previous ? total - previous : total;
            previous = total;
            RoleCell& cell = roleCell({RoleMetricKind::Counter, name}, event.node, bucket);
            cell.sum += increase;
            cell.last = total;
            ++cell.count;
        }
    }
    if (const core::Json* samples = section("samples")) {
        for (const auto& [name, values] : samples->items()) {
            if (!values.is_array() || values.empty())
                continue;
            RoleCell& cell = roleCell({RoleMetricKind::Sample, name}, event.node, bucket);
            for (const core::Json& v : values) {
                if (!v.is_number())
                    continue;
                cell.last = v.get<double>();
                cell.sum += cell.last;
                ++cell.count;
            }
        }
    }
}

void MetricsSeries::feed(std::span<const Event> events) {
    for (const Event& event : events) {
        advanceTo(event.t_ns);
        switch (event.kind) {
        case EventKind::OpInvoked:
            if (inScope(event.node))
                m_openOps[{event.node, event.msg_id}] = event.t_ns;
            break;
        case EventKind::OpCompleted: {
            // Only an op's first completion counts, and only for an op seen invoked (as RunStats).
            const auto open = m_openOps.find({event.node, event.msg_id});
            if (open == m_openOps.end())
                break;
            const std::int64_t invokedNs = open->second;
            m_openOps.erase(open);
            Bucket& bucket = bucketAt(event.t_ns);
            if (event.type == "ok") {
                ++bucket.ok;
                bucket.latenciesMs.push_back(static_cast<double>(event.t_ns - invokedNs) / 1e6);
                bucket.sorted = false;
            } else if (event.type == "fail") {
                ++bucket.fail;
            } else {
                ++bucket.info;
            }
            break;
        }
        case EventKind::MessageSent:
            if (inScope(event.node))
                ++bucketAt(event.t_ns).sent;
            break;
        case EventKind::MessageDelivered:
            if (inScope(event.peer))
                ++bucketAt(event.t_ns).delivered;
            break;
        case EventKind::MessageDropped:
            if (inScope(event.node) || inScope(event.peer))
                ++bucketAt(event.t_ns).dropped;
            break;
        case EventKind::Metric:
            if (inScope(event.node))
                takeMetric(event);
            break;
        case EventKind::NodeStarted:
            // A (re)started node counts from zero again.
            for (auto it = m_counterTotals.lower_bound({event.node, {}});
                 it != m_counterTotals.end() && it->first.first == event.node;)
                it = m_counterTotals.erase(it);
            break;
        default:
            break;
        }
    }
}

std::pair<double, double> MetricsSeries::span(std::size_t i) const {
    const std::int64_t start = static_cast<std::int64_t>(i) * m_bucketNs;
    const std::int64_t covered = std::min(m_bucketNs, m_endNs - start);
    if (covered * 2 < m_bucketNs)
        return {0.0, 0.0};
    return {static_cast<double>(start + covered / 2) / 1e9, static_cast<double>(covered) / 1e9};
}

std::vector<MetricPoint> MetricsSeries::series(Measure measure) const {
    std::vector<MetricPoint> points;
    points.reserve(m_buckets.size());
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        const auto [x, seconds] = span(i);
        if (seconds <= 0)
            continue;
        const Bucket& b = m_buckets[i];
        switch (measure) {
        case Measure::Throughput: points.push_back({x, b.ok / seconds}); break;
        case Measure::FailRate: points.push_back({x, b.fail / seconds}); break;
        case Measure::TimeoutRate: points.push_back({x, b.info / seconds}); break;
        case Measure::SentRate: points.push_back({x, b.sent / seconds}); break;
        case Measure::DeliveredRate: points.push_back({x, b.delivered / seconds}); break;
        case Measure::DroppedRate: points.push_back({x, b.dropped / seconds}); break;
        case Measure::LatencyP50:
        case Measure::LatencyP99:
            if (b.latenciesMs.empty())
                break;
            if (!b.sorted) {
                std::sort(b.latenciesMs.begin(), b.latenciesMs.end());
                b.sorted = true;
            }
            points.push_back({x, netlab::nearest_rank(b.latenciesMs, measure == Measure::LatencyP50 ? 0.50 : 0.99)});
            break;
        }
    }
    return points;
}

std::vector<std::string> MetricsSeries::roleMetricNodes(const RoleMetricId& metric) const {
    std::vector<std::string> nodes;
    if (const auto found = m_roleCells.find(metric); found != m_roleCells.end())
        for (const auto& [node, cells] : found->second)
            nodes.push_back(node);
    return nodes;
}

std::vector<MetricPoint> MetricsSeries::roleMetric(const RoleMetricId& metric, const std::string& node) const {
    std::vector<MetricPoint> points;
    const auto found = m_roleCells.find(metric);
    if (found == m_roleCells.end())
        return points;
    const auto entry = std::find_if(found->second.begin(), found->second.end(),
                                    [&](const auto& n) { return n.first == node; });
    if (entry == found->second.end())
        return points;
    const std::vector<RoleCell>& cells = entry->second;
    bool reported = false;
    double held = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        const RoleCell cell = i < cells.size() ? cells[i] : RoleCell{};
        reported = reported || cell.count > 0;
        const auto [x, seconds] = span(i);
        if (seconds <= 0 || !reported)
            continue;
        switch (metric.kind) {
        case RoleMetricKind::Gauge:
            if (cell.count > 0)
                held = cell.last;
            points.push_back({x, held});
            break;
        case RoleMetricKind::Counter: points.push_back({x, cell.sum / seconds}); break;
        case RoleMetricKind::Sample:
            if (cell.count > 0)
                points.push_back({x, cell.sum / cell.count});
            break;
        }
    }
    return points;
}

}  // namespace distlab::views
