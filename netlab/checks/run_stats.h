#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/time.h"
#include "netlab/api/event.h"
#include "netlab/checks/check.h"

namespace distlab::netlab {

// The figures of a finished run: the `stats` object of `distlab-cli run --json`
// (docs/scenario-format.md).
struct RunStats {
    double duration_s = 0;
    std::int64_t nodes = 0;              // distinct nodes that started or did anything
    struct Messages {
        std::uint64_t sent = 0;
        std::uint64_t delivered = 0;
        std::uint64_t dropped = 0;
        std::uint64_t duplicated = 0;
    } messages;
    struct Ops {
        std::uint64_t invoked = 0;
        std::uint64_t ok = 0;
        std::uint64_t failed = 0;
        std::uint64_t unknown = 0;       // completed "info", or never completed
    } ops;
    double throughput_ops_s = 0;         // ok ops per second of the run
    struct Latency {                     // invoke -> complete of ok ops, nearest rank
        double p50 = 0;
        double p90 = 0;
        double p99 = 0;
        double max = 0;
    } latency_ms;
    // The same per client node and per operation ("read", "write", "call"), each only when the
    // run has more than one: the overall figures mix a protected client with a stalled one, so
    // a latency check limited to one client can pass beside a p99 that looks like it fails.
    struct LatencyGroup {
        std::uint64_t ops = 0;           // ok ops
        Latency latency;
    };
    std::map<std::string, LatencyGroup> latency_by_client;
    std::map<std::string, LatencyGroup> latency_by_op;

    core::Json to_json() const;
};

// Computes the statistics of `events` (one run, in time order) that lasted `duration`.
RunStats compute_stats(const std::vector<Event>& events, core::Duration duration);

// The `--json` summary line: {"scenario", "passed", "checks": [{"name", "passed", "detail",
// "nodes"}], "stats", "recording"}; `nodes` are the node ids a check's anomaly involves (empty
// when none or unknown); `recording` is null when the run was not recorded.
core::Json summary_json(const std::string& scenario, bool passed, const std::vector<CheckResult>& checks,
                        const RunStats& stats, const std::string& recording);

// Running totals for the CLI's progress line, updated with each batch of events as it arrives.
//
// Threading: not thread-safe; owned by whoever receives the batches.
struct LiveCounters {
    std::uint64_t sent = 0;
    std::uint64_t delivered = 0;
    std::uint64_t dropped = 0;
    std::uint64_t ops_invoked = 0;
    std::uint64_t ops_ok = 0;
    std::uint64_t faults = 0;            // FaultInjected events
    std::int64_t last_t_ns = 0;          // time of the latest event seen

    void update(std::span<const Event> batch);
    // "3.2s  sent 1234  delivered 1200  dropped 34  ops 98/100 ok  faults 2"
    std::string line() const;
};

}  // namespace distlab::netlab
