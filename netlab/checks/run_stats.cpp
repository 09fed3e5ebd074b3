#include "netlab/checks/run_stats.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "netlab/checks/op_history.h"

namespace distlab::netlab {

namespace {

// Event kinds whose `node` is a node of the run (not a fault target or a narrative step).
bool names_a_node(EventKind kind) {
    switch (kind) {
        case EventKind::NodeStarted:
        case EventKind::NodeExited:
        case EventKind::NodePaused:
        case EventKind::NodeResumed:
        case EventKind::MessageSent:
        case EventKind::MessageDelivered:
        case EventKind::Log:
        case EventKind::State:
        case EventKind::Metric:
        case EventKind::OpInvoked:
        case EventKind::OpCompleted:
        case EventKind::Violation:
        case EventKind::Phase:
            return true;
        default:
            return false;
    }
}

// Nearest-rank percentiles of `latencies` (sorted here).
RunStats::Latency percentiles(std::vector<double>& latencies) {
    std::sort(latencies.begin(), latencies.end());
    return {nearest_rank(latencies, 0.50), nearest_rank(latencies, 0.90), nearest_rank(latencies, 0.99),
            latencies.empty() ? 0.0 : latencies.back()};
}

core::Json latency_json(const RunStats::Latency& l) {
    return {{"p50", l.p50}, {"p90", l.p90}, {"p99", l.p99}, {"max", l.max}};
}

// {"c1": {"ops": 120, "p50": ..., "p90": ..., "p99": ..., "max": ...}, ...}
core::Json groups_json(const std::map<std::string, RunStats::LatencyGroup>& groups) {
    core::Json out = core::Json::object();
    for (const auto& [name, group] : groups) {
        core::Json g = latency_json(group.latency);
        g["ops"] = group.ops;
        out[name] = std::move(g);
    }
    return out;
}

// The groups of `by_key`, or none when there is only one (it would repeat the overall figures).
std::map<std::string, RunStats::LatencyGroup> groups(std::map<std::string, std::vector<double>>& by_key) {
    std::map<std::string, RunStats::LatencyGroup> out;
    if (by_key.size() < 2)
        return out;
    for (auto& [key, latencies] : by_key)
        out[key] = {latencies.size(), percentiles(latencies)};
    return out;
}

}  // namespace

core::Json RunStats::to_json() const {
    core::Json out = {{"duration_s", duration_s},
            {"nodes", nodes},
            {"messages",
             {{"sent", messages.sent},
              {"delivered", messages.delivered},
              {"dropped", messages.dropped},
              {"duplicated", messages.duplicated}}},
            {"ops", {{"invoked", ops.invoked}, {"ok", ops.ok}, {"failed", ops.failed}, {"unknown", ops.unknown}}},
            {"throughput_ops_s", throughput_ops_s},
            {"latency_ms", latency_json(latency_ms)}};
    if (!latency_by_client.empty())
        out["latency_by_client"] = groups_json(latency_by_client);
    if (!latency_by_op.empty())
        out["latency_by_op"] = groups_json(latency_by_op);
    return out;
}

RunStats compute_stats(const std::vector<Event>& events, core::Duration duration) {
    RunStats s;
    s.duration_s = std::chrono::duration<double>(duration).count();
    std::set<std::string, std::less<>> nodes;
    for (const Event& e : events) {
        switch (e.kind) {
            case EventKind::MessageSent: ++s.messages.sent; break;
            case EventKind::MessageDelivered: ++s.messages.delivered; break;
            case EventKind::MessageDropped: ++s.messages.dropped; break;
            case EventKind::MessageDuplicated: ++s.messages.duplicated; break;
            default: break;
        }
        if (names_a_node(e.kind) && !e.node.empty())
            nodes.insert(e.node);
        if ((e.kind == EventKind::MessageSent || e.kind == EventKind::MessageDelivered) && !e.peer.empty())
            nodes.insert(e.peer);
    }
    s.nodes = static_cast<std::int64_t>(nodes.size());

    const OpHistory history = collect_ops(events);
    std::vector<double> latencies;
    std::map<std::string, std::vector<double>> by_client;
    std::map<std::string, std::vector<double>> by_op;
    s.ops.invoked = history.ops.size();
    for (const OpRecord& op : history.ops) {
        if (op.completions == 0 || op.status == "info") {
            ++s.ops.unknown;
        } else if (op.ok()) {
            ++s.ops.ok;
            const double ms = static_cast<double>(op.latency_ns()) / 1e6;
            latencies.push_back(ms);
            by_client[op.client].push_back(ms);
            by_op[op.function].push_back(ms);
        } else {
            ++s.ops.failed;
        }
    }
    if (s.duration_s > 0)
        s.throughput_ops_s = static_cast<double>(s.ops.ok) / s.duration_s;
    s.latency_ms = percentiles(latencies);
    s.latency_by_client = groups(by_client);
    s.latency_by_op = groups(by_op);
    return s;
}

core::Json summary_json(const std::string& scenario, bool passed, const std::vector<CheckResult>& checks,
                        const RunStats& stats, const std::string& recording) {
    core::Json list = core::Json::array();
    for (const CheckResult& c : checks)
        list.push_back({{"name", c.name}, {"passed", c.verdict == Verdict::Pass}, {"detail", c.detail},
                        {"detail_zh", c.detail_zh.empty() ? c.detail : c.detail_zh}, {"nodes", c.nodes}});
    return {{"scenario", scenario},
            {"passed", passed},
            {"checks", std::move(list)},
            {"stats", stats.to_json()},
            {"recording", recording.empty() ? core::Json(nullptr) : core::Json(recording)}};
}

void LiveCounters::update(std::span<const Event> batch) {
    for (const Event& e : batch) {
        last_t_ns = std::max(last_t_ns, e.t_ns);
        switch (e.kind) {
            case EventKind::MessageSent: ++sent; break;
            case EventKind::MessageDelivered: ++delivered; break;
            case EventKind::MessageDropped: ++dropped; break;
            case EventKind::OpInvoked: ++ops_invoked; break;
            case EventKind::OpCompleted:
                if (e.type == "ok")
                    ++ops_ok;
                break;
            case EventKind::FaultInjected: ++faults; break;
            default: break;
        }
    }
}

std::string LiveCounters::line() const {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%.1fs  sent %llu  delivered %llu  dropped %llu  ops %llu/%llu ok  faults %llu",
                  static_cast<double>(last_t_ns) / 1e9, static_cast<unsigned long long>(sent),
                  static_cast<unsigned long long>(delivered), static_cast<unsigned long long>(dropped),
                  static_cast<unsigned long long>(ops_ok), static_cast<unsigned long long>(ops_invoked),
                  static_cast<unsigned long long>(faults));
    return buf;
}

}  // namespace distlab::netlab
