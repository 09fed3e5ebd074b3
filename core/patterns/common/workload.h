#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/time.h"

namespace distlab::core {

// How an open-loop client spaces its requests.
enum class Arrival {
    Fixed,     // exactly 1/rate apart
    Poisson,   // exponential gaps of mean 1/rate: independent arrivals, as real users make
};

// How a client keeps its load up.
enum class LoadMode {
    Open,     // operations start on the arrival schedule, however many are outstanding
    Closed,   // `concurrency` operations outstanding; each end starts the next at once
};

// The open-loop workload every request-issuing client shares: who it calls, how often, until
// when. Open loop means requests are issued on schedule whatever the replies do, so a slow
// server cannot slow the load down and hide its own latency (no coordinated omission).
struct OpenLoopWorkload {
    NodeId target;                       // empty for a client that picks its own (kv-client)
    Arrival arrival = Arrival::Poisson;
    double rate = 10.0;                  // requests per second (role time)
    Duration stop_at{0};                 // no new request at or after it; 0: never stops

    // The parameters target, rate, arrival and stop_at.
    static const ParamList<OpenLoopWorkload>& params();

    // The gap before the next request. Requires: rate > 0.
    Duration next_gap(std::mt19937_64& rng) const;
    bool stopped(Duration now) const { return stop_at > Duration(0) && now >= stop_at; }
};

// Drives a client's workload: when it begins an operation (on the open-loop arrival schedule,
// or as the closed loop's operations end) and when it stops (stop_at). The role says what an
// operation is; `begin(ctx)` begins one. It announces the client_phases() "running" and
// "stopped" (client.h) unless the role shows phases of its own.
//
// Owned by its role; single-threaded like every role.
class WorkloadDriver {
public:
    struct Options {
        LoadMode mode = LoadMode::Open;
        std::int64_t concurrency = 1;     // closed loop: operations kept outstanding
        TimerId arrival_timer{1};         // open loop: the role's timer id for arrivals
        bool announce_phases = true;      // false: the role has phases of its own
    };

    WorkloadDriver(OpenLoopWorkload workload, Options options)
        : workload_(std::move(workload)), options_(options) {}

    // Announces "running" and begins: arms the first arrival (open loop), or begins
    // `concurrency` operations at once (closed loop).
    template <class Begin>
    void start(Context& ctx, Begin&& begin) {
        announce(ctx, "running", "the workload starts");
        if (options_.mode == LoadMode::Open) {
            ctx.set_timer(options_.arrival_timer, workload_.next_gap(ctx.rng()));
            return;
        }
        for (std::int64_t i = 0; i < options_.concurrency && !stop_if_due(ctx); ++i)
            begin(ctx);
    }

    // The arrival timer: begins one operation unless the workload has stopped, then arms the
    // next arrival. Returns false for any other timer, which the role handles itself.
    template <class Begin>
    bool on_timer(Context& ctx, TimerId timer, Begin&& begin) {
        if (timer != options_.arrival_timer || options_.mode != LoadMode::Open)
            return false;
        if (stopped_ || stop_if_due(ctx))
            return true;
        begin(ctx);
        ctx.set_timer(options_.arrival_timer, workload_.next_gap(ctx.rng()));
        return true;
    }

    // An operation ended: the closed loop begins the next one unless the workload has stopped.
    template <class Begin>
    void operation_ended(Context& ctx, Begin&& begin) {
        if (options_.mode == LoadMode::Closed && !stopped_ && !stop_if_due(ctx))
            begin(ctx);
    }

    // Stops at once, for good (a client with nothing to call): announces "stopped".
    void stop(Context& ctx, std::string reason);

    bool stopped() const { return stopped_; }
    // "running" or "stopped", as client snapshots show it.
    std::string_view state() const { return stopped_ ? "stopped" : "running"; }
    const OpenLoopWorkload& workload() const { return workload_; }
    const Options& options() const { return options_; }

private:
    // Stops when stop_at has come; true when stopped.
    bool stop_if_due(Context& ctx);
    void announce(Context& ctx, std::string_view phase, std::string reason) const;

    OpenLoopWorkload workload_;
    Options options_;
    bool stopped_ = false;
};

}  // namespace distlab::core
