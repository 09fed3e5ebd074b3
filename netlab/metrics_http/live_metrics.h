#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <utility>

#include "netlab/api/event.h"
#include "netlab/metrics_http/exposition.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {

// The metrics of the run in progress, kept up to date from the event stream and rendered on
// demand in the Prometheus text format (exposition.h). Pass it to RunRequest::extra_sinks and
// serve render() with a MetricsServer.
//
// Series (every role metric carries `node` and `role` labels):
//   distlab_role_<name>_total        counter    a role's count(); restarts keep it monotonic
//   distlab_role_<name>              gauge      a role's gauge()
//   distlab_role_<name>              histogram  a role's observe() samples, kHistogramBoundsMs
//                                               (named <name>_histogram if a gauge has <name>)
//   distlab_messages_{sent,delivered,duplicated}_total{type}, distlab_messages_dropped_total{type,reason}
//   distlab_ops_invoked_total{client}, distlab_ops_completed_total{client,status="ok|fail|info"}
//   distlab_node_up{node,role}, distlab_nodes_up, distlab_faults_injected_total{kind},
//   distlab_violations_total{node}, distlab_run_info{scenario,seed,sim}, distlab_run_active,
//   distlab_run_elapsed_seconds, distlab_events_total
// A RunStarted event starts afresh (the GUI reuses one LiveMetrics across runs).
//
// Threading: on_events runs on the run's thread, render() on any other (the HTTP server's).
// Event data is parsed before the lock is taken; the lock covers only map updates, and render()
// copies the state under it and formats outside it, so a scrape never stalls the run.
class LiveMetrics final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override;

    // The whole exposition document (text format 0.0.4).
    std::string render() const;

private:
    struct CounterTrack {
        double base = 0;   // totals of the node's earlier lives (its counters restart at 0)
        double last = 0;
        double value() const { return base + last; }
    };
    struct NodeInfo {
        std::string role;
        bool up = false;
    };
    // Keys are (metric name, node) for role metrics, (type, reason) and (client, status) for
    // the lab's own.
    using Key = std::pair<std::string, std::string>;
    struct State {
        std::string scenario;
        std::string seed;
        bool sim = false;
        bool active = false;
        std::int64_t last_t_ns = 0;
        std::uint64_t events = 0;
        std::map<std::string, NodeInfo, std::less<>> nodes;
        std::map<Key, CounterTrack> counters;
        std::map<Key, double> gauges;
        std::map<Key, Histogram> histograms;
        std::map<std::string, std::uint64_t, std::less<>> sent, delivered, duplicated, faults, violations,
            invoked;
        std::map<Key, std::uint64_t> dropped, completed;
    };

    static std::string format(const State& state);

    mutable std::mutex mutex_;
    State state_;   // Guarded by mutex_.
};

}  // namespace distlab::netlab
