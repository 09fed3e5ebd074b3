#include "netlab/metrics_http/live_metrics.h"

#include <set>
#include <vector>

#include "core/model/json.h"

namespace distlab::netlab {

namespace {

bool needs_data(EventKind kind) {
    return kind == EventKind::Metric || kind == EventKind::NodeStarted || kind == EventKind::RunStarted ||
           kind == EventKind::MessageDropped;
}

std::string string_field(const core::Json& data, const char* key) {
    if (!data.is_object())
        return {};
    const auto it = data.find(key);
    if (it == data.end())
        return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// Calls f(name, value) for every numeric member of data[key].
template <class F>
void each_number(const core::Json& data, const char* key, F&& f) {
    if (!data.is_object())
        return;
    const auto it = data.find(key);
    if (it == data.end() || !it->is_object())
        return;
    for (const auto& [name, value] : it->items())
        if (value.is_number())
            f(name, value.template get<double>());
}

}  // namespace

void LiveMetrics::on_events(std::span<const Event> batch) {
    std::vector<core::Json> data(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i)
        if (needs_data(batch[i].kind))
            data[i] = core::Json::parse(batch[i].data, nullptr, false);

    const std::lock_guard lock(mutex_);
    State& s = state_;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const Event& e = batch[i];
        const core::Json& d = data[i];
        if (e.kind == EventKind::RunStarted) {
            s = State{};
            s.scenario = string_field(d, "scenario");
            s.seed = string_field(d, "seed");
            s.sim = d.is_object() && d.value("sim", false);
            s.active = true;
        }
        ++s.events;
        if (e.t_ns > s.last_t_ns)
            s.last_t_ns = e.t_ns;
        switch (e.kind) {
        case EventKind::RunEnded: s.active = false; break;
        case EventKind::NodeStarted: {
            NodeInfo& node = s.nodes[e.node];
            node.role = string_field(d, "role");
            node.up = true;
            break;
        }
        case EventKind::NodeExited: s.nodes[e.node].up = false; break;
        case EventKind::MessageSent: ++s.sent[e.type]; break;
        case EventKind::MessageDelivered: ++s.delivered[e.type]; break;
        case EventKind::MessageDuplicated: ++s.duplicated[e.type]; break;
        case EventKind::MessageDropped: ++s.dropped[{e.type, string_field(d, "reason")}]; break;
        case EventKind::OpInvoked: ++s.invoked[e.node]; break;
        case EventKind::OpCompleted: ++s.completed[{e.node, e.type}]; break;
        case EventKind::FaultInjected: ++s.faults[e.type]; break;
        case EventKind::Violation: ++s.violations[e.node]; break;
        case EventKind::Metric:
            // Counters are the node's running totals; a smaller one means the node restarted.
            each_number(d, "counters", [&](const std::string& name, double v) {
                CounterTrack& track = s.counters[{name, e.node}];
                if (v < track.last)
                    track.base += track.last;
                track.last = v;
            });
            each_number(d, "gauges", [&](const std::string& name, double v) { s.gauges[{name, e.node}] = v; });
            if (d.is_object() && d.contains("samples") && d["samples"].is_object()) {
                for (const auto& [name, values] : d["samples"].items()) {
                    if (!values.is_array())
                        continue;
                    Histogram& h = s.histograms[{name, e.node}];
                    for (const auto& v : values)
                        if (v.is_number())
                            h.observe(v.get<double>());
                }
            }
            break;
        default: break;
        }
    }
}

std::string LiveMetrics::render() const {
    State copy;
    {
        const std::lock_guard lock(mutex_);
        copy = state_;
    }
    return format(copy);
}

std::string LiveMetrics::format(const State& s) {
    ExpositionWriter w;
    std::set<std::string, std::less<>> families;
    // A family name is written once; a second family whose name sanitises to a taken one is
    // left out, because a repeated TYPE line would make Prometheus reject the whole scrape.
    auto begin = [&](const std::string& name, MetricType type, std::string_view help) {
        if (!families.insert(sanitize_metric_name(name)).second)
            return false;
        w.family(name, type, help);
        return true;
    };
    auto role_labels = [&](const std::string& node) {
        const auto it = s.nodes.find(node);
        return Labels{{"node", node}, {"role", it == s.nodes.end() ? std::string{} : it->second.role}};
    };

    begin("distlab_run_info", MetricType::Gauge, "The scenario being run (always 1).");
    w.sample("distlab_run_info", {{"scenario", s.scenario}, {"seed", s.seed}, {"sim", s.sim ? "true" : "false"}}, 1);
    begin("distlab_run_active", MetricType::Gauge, "1 while the run goes on, 0 once it has ended.");
    w.sample("distlab_run_active", {}, s.active ? 1 : 0);
    begin("distlab_run_elapsed_seconds", MetricType::Gauge, "Lab time of the latest event since the run started.");
    w.sample("distlab_run_elapsed_seconds", {}, static_cast<double>(s.last_t_ns) / 1e9);
    begin("distlab_events_total", MetricType::Counter, "Events the lab has produced in this run.");
    w.sample("distlab_events_total", {}, static_cast<double>(s.events));

    std::uint64_t up = 0;
    begin("distlab_node_up", MetricType::Gauge, "1 while the node's process runs, 0 after it exited.");
    for (const auto& [node, info] : s.nodes) {
        w.sample("distlab_node_up", {{"node", node}, {"role", info.role}}, info.up ? 1 : 0);
        up += info.up ? 1 : 0;
    }
    begin("distlab_nodes_up", MetricType::Gauge, "Nodes whose process runs.");
    w.sample("distlab_nodes_up", {}, static_cast<double>(up));

    auto per_key = [&](const char* name, const char* label, const char* help,
                       const std::map<std::string, std::uint64_t, std::less<>>& values) {
        begin(name, MetricType::Counter, help);
        for (const auto& [key, n] : values)
            w.sample(name, {{label, key}}, static_cast<double>(n));
    };
    per_key("distlab_messages_sent_total", "type", "Messages nodes sent, by message type.", s.sent);
    per_key("distlab_messages_delivered_total", "type", "Messages the fabric delivered, by message type.",
            s.delivered);
    per_key("distlab_messages_duplicated_total", "type", "Extra copies the fabric scheduled, by message type.",
            s.duplicated);
    begin("distlab_messages_dropped_total", MetricType::Counter,
          "Messages the fabric dropped, by message type and reason (partition, loss, no-link, dead).");
    for (const auto& [key, n] : s.dropped)
        w.sample("distlab_messages_dropped_total", {{"type", key.first}, {"reason", key.second}},
                 static_cast<double>(n));
    per_key("distlab_ops_invoked_total", "client", "Operations clients invoked.", s.invoked);
    begin("distlab_ops_completed_total", MetricType::Counter,
          "Operations clients completed, by outcome (ok, fail, info = unknown).");
    for (const auto& [key, n] : s.completed)
        w.sample("distlab_ops_completed_total", {{"client", key.first}, {"status", key.second}},
                 static_cast<double>(n));
    per_key("distlab_faults_injected_total", "kind", "Faults the lab injected, by kind.", s.faults);
    per_key("distlab_violations_total", "node", "Invariant violations roles reported.", s.violations);

    // Role metrics: the maps are ordered by metric name, so each family's series are adjacent.
    std::set<std::string, std::less<>> gauge_names;
    for (auto it = s.gauges.begin(); it != s.gauges.end();) {
        const std::string& metric = it->first.first;
        const std::string name = "distlab_role_" + metric;
        gauge_names.insert(metric);
        const bool written = begin(name, MetricType::Gauge, "Gauge '" + metric + "' reported by roles.");
        for (; it != s.gauges.end() && it->first.first == metric; ++it)
            if (written)
                w.sample(name, role_labels(it->first.second), it->second);
    }
    for (auto it = s.counters.begin(); it != s.counters.end();) {
        const std::string& metric = it->first.first;
        const std::string name = "distlab_role_" + metric + "_total";
        const bool written = begin(name, MetricType::Counter, "Counter '" + metric + "' reported by roles.");
        for (; it != s.counters.end() && it->first.first == metric; ++it)
            if (written)
                w.sample(name, role_labels(it->first.second), it->second.value());
    }
    for (auto it = s.histograms.begin(); it != s.histograms.end();) {
        const std::string& metric = it->first.first;
        const std::string name =
            "distlab_role_" + metric + (gauge_names.contains(metric) ? "_histogram" : "");
        const bool written = begin(name, MetricType::Histogram,
                                   "Samples '" + metric + "' observed by roles (buckets in ms).");
        for (; it != s.histograms.end() && it->first.first == metric; ++it)
            if (written)
                w.histogram(name, role_labels(it->first.second), it->second);
    }
    return w.take();
}

}  // namespace distlab::netlab
