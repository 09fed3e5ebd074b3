#pragma once

#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/params.h"
#include "core/model/time.h"

namespace distlab::core {

// How an open-loop client spaces its requests.
enum class Arrival {
    Fixed,     // exactly 1/rate apart
    Poisson,   // exponential gaps of mean 1/rate: independent arrivals, as real users make
};

std::optional<Arrival> arrival_from_string(std::string_view name);

// The open-loop workload every request-issuing client shares: who it calls, how often, until
// when. Open loop means requests are issued on schedule whatever the replies do, so a slow
// server cannot slow the load down and hide its own latency (no coordinated omission).
struct OpenLoopWorkload {
    NodeId target;
    Arrival arrival = Arrival::Poisson;
    double rate = 10.0;                  // requests per second (role time)
    Duration stop_at{0};                 // no new request at or after it; 0: never stops

    static std::vector<ParamSpec> param_specs();
    static OpenLoopWorkload from(const Params& params);

    // The gap before the next request. Requires: rate > 0.
    Duration next_gap(std::mt19937_64& rng) const;
    bool stopped(Duration now) const { return stop_at > Duration(0) && now >= stop_at; }
};

}  // namespace distlab::core
