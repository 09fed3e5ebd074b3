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
        announce(ctx, "running", Text{"the workload starts", "工作负载开始"});
        if (options_.mode == LoadMode::Open) {
            next_arrival_ = ctx.now() + workload_.next_gap(ctx.rng());
            ctx.set_timer(options_.arrival_timer, next_arrival_ - ctx.now());
            return;
        }
        for (std::int64_t i = 0; i < options_.concurrency && !stop_if_due(ctx); ++i)
            begin_now(ctx, begin);
    }

    // The arrival timer: begins every operation whose arrival is due unless the workload has
    // stopped, then arms the next arrival. Arrivals keep their own schedule: a timer that fires
    // late (a busy host) begins the overdue operations at once, each with its intended start
    // (intended()), instead of shifting every later arrival and quietly lowering the rate; only a
    // client more than kResync behind (itself paused, or its clock stepped) starts a new schedule.
    // Returns false for any other timer, which the role handles itself.
    template <class Begin>
    bool on_timer(Context& ctx, TimerId timer, Begin&& begin) {
        if (timer != options_.arrival_timer || options_.mode != LoadMode::Open)
            return false;
        if (stopped_ || stop_if_due(ctx))
            return true;
        const Duration now = ctx.now();
        if (now - next_arrival_ > kResync)
            next_arrival_ = now;
        while (next_arrival_ <= now) {
            if (workload_.stopped(next_arrival_)) {
                stop_if_due(ctx);
                return true;
            }
            intended_ = next_arrival_;
            begin(ctx);
            next_arrival_ += workload_.next_gap(ctx.rng());
        }
        ctx.set_timer(options_.arrival_timer, next_arrival_ - now);
        return true;
    }

    // An operation ended: the closed loop begins the next one unless the workload has stopped.
    template <class Begin>
    void operation_ended(Context& ctx, Begin&& begin) {
        if (options_.mode == LoadMode::Closed && !stopped_ && !stop_if_due(ctx))
            begin_now(ctx, begin);
    }

    // When the operation being begun was meant to start: its arrival on the open loop's
    // schedule, or now in the closed loop. Valid inside `begin`; a role keeps it with the
    // operation and hands it to record_latency when the operation ends.
    Duration intended() const { return intended_; }

    // An operation meant to start at `intended` ended now, however (ok, failed, timed out):
    // samples client_metric::kOpLatency, the latency from the intended start (wrk2's correction
    // of coordinated omission: the wait for a late start counts), which `distlab-cli stress`
    // reads. In the closed loop an operation starts when it is meant to, so this is the latency
    // from its actual start, as closed-loop load generators measure it.
    void record_latency(Context& ctx, Duration intended) const;

    // Stops at once, for good (a client with nothing to call): announces "stopped".
    void stop(Context& ctx, Text reason);

    bool stopped() const { return stopped_; }
    // "running" or "stopped", as client snapshots show it.
    std::string_view state() const { return stopped_ ? "stopped" : "running"; }
    const OpenLoopWorkload& workload() const { return workload_; }
    const Options& options() const { return options_; }

    // How far behind its schedule an open-loop client may fall before it starts a new one.
    static constexpr Duration kResync = std::chrono::seconds(1);

private:
    template <class Begin>
    void begin_now(Context& ctx, Begin& begin) {
        intended_ = ctx.now();
        begin(ctx);
    }

    // Stops when stop_at has come; true when stopped.
    bool stop_if_due(Context& ctx);
    void announce(Context& ctx, std::string_view phase, Text reason) const;

    OpenLoopWorkload workload_;
    Options options_;
    bool stopped_ = false;
    Duration next_arrival_{0};   // open loop: the next arrival's intended time
    Duration intended_{0};       // the intended start of the operation being begun
};

}  // namespace distlab::core
