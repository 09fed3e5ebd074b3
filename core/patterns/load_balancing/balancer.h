#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/text.h"
#include "core/model/time.h"
#include "core/patterns/consistent_hashing/placement.h"

// The choice a load balancer makes for every request, apart from any socket or clock: which
// backend, given what it has seen of them. The `load-balancer` role feeds it picks and outcomes
// and asks it about ejections; tests drive it alone.
namespace distlab::core::load_balancing {

using namespace std::chrono_literals;

enum class Algorithm {
    RoundRobin,           // each eligible backend in turn, weights ignored
    WeightedRoundRobin,   // smooth weighted round robin (nginx; Dubbo's roundrobin)
    WeightedRandom,       // a random backend, chosen in proportion to its weight (Dubbo's random)
    LeastConnections,     // fewest requests in flight; ties by weighted random (Dubbo's leastactive)
    LeastRequest,         // power of `choice_count` choices: the fewest in flight among random draws (Envoy)
    ConsistentHash,       // a ring of virtual nodes; the request's key picks the first point at or after it
    ShortestResponse,     // least mean response time in the window x (in flight + 1) (Dubbo)
    PeakEwma,             // two distinct random backends, the lower peak-EWMA latency x (in flight + 1)
};

std::string_view to_string(Algorithm algorithm);

// Passive health checking by consecutive errors, as Envoy's outlier detection (consecutive_5xx):
// the `consecutive_errors`-th error answer in a row ejects a backend at once for
// base_ejection_time x the times it has been ejected (at most max_ejection_time), unless that
// would eject more than max_ejection_percent of the backends (at least one may always be
// ejected). Ejected backends return at the first `interval` tick after their time is up. Every
// answer counts, a late one (after its request timed out) too; a timeout is no answer and
// changes nothing; answers while ejected change nothing either.
struct OutlierSettings {
    bool enabled = false;
    std::int64_t consecutive_errors = 5;
    Duration interval{10s};
    Duration base_ejection_time{30s};
    Duration max_ejection_time{300s};
    std::int64_t max_ejection_percent = 10;

    // How many of `backends` may be ejected at once.
    std::size_t max_ejected(std::size_t backends) const;
};

// Envoy's slow start for a backend added while the balancer runs: for `window` after it joins,
// its weight is weight x max(min_weight_percent / 100, time_factor ^ (1 / aggression)), where
// time_factor = max(time since it joined, 1 s) / window. Window 0: off.
struct SlowStartSettings {
    Duration window{0};
    double aggression = 1.0;
    double min_weight_percent = 10.0;
};

struct BalancerSettings {
    Algorithm algorithm = Algorithm::RoundRobin;
    std::int64_t choice_count = 2;          // LeastRequest: random draws compared
    std::int64_t hash_vnodes = 160;         // ConsistentHash: points per backend (Dubbo's 160)
    Duration response_window{30s};          // ShortestResponse: statistics restart this often (Dubbo's 30 s)
    Duration ewma_decay{10s};               // PeakEwma: the time constant of the moving average
    Duration ewma_penalty{1s};              // PeakEwma: the cost of a backend with requests in flight
                                            // and no answer yet (it might be very slow)
    OutlierSettings outlier;
    SlowStartSettings slow_start;
};

// How a forwarded request ended, as the balancer learns it.
enum class Outcome { Ok, Error, Timeout };

struct BackendState {
    NodeId id;
    std::int64_t weight = 100;              // Dubbo's default weight
    std::optional<Duration> joined;         // set when added while running: slow start applies
    std::int64_t active = 0;                // requests in flight

    double current = 0;                     // smooth weighted round robin's running counter
    Duration window_elapsed{0};             // shortest response: ok time in the window
    std::int64_t window_ok = 0;             //   and ok answers in it
    double ewma_ms = 0;                     // peak EWMA of the latency
    bool has_ewma = false;
    Duration ewma_at{0};

    std::int64_t consecutive_errors = 0;
    std::int64_t times_ejected = 0;
    std::optional<Duration> ejected_until;  // ejected while set; back at the first tick after it

    std::uint64_t picks = 0;
    std::uint64_t successes = 0;
    std::uint64_t errors = 0;
    std::uint64_t timeouts = 0;
};

// What ended() decided about the backend.
struct Ejection {
    Duration until{0};       // ejected until then
    std::int64_t errors = 0; // after this many errors in a row
};

// Owned by one role; single-threaded like every role.
class Balancer {
public:
    // `backends` with their weights (> 0), in order.
    Balancer(BalancerSettings settings, std::vector<std::pair<NodeId, std::int64_t>> backends);

    // The backend for a request with `key` (ConsistentHash only), counting it in flight and
    // picked; nullopt when none is eligible (all ejected, or none at all).
    std::optional<std::size_t> pick(Duration now, std::mt19937_64& rng, std::string_view key);
    // The request forwarded to backend `index` at now - elapsed ended so: updates the
    // statistics, and returns the ejection it caused, if any.
    std::optional<Ejection> ended(std::size_t index, Duration now, Duration elapsed, Outcome outcome);
    // An answer from backend `index` that came after its request timed out (ended() saw the
    // timeout): it still counts for outlier detection, as every answer does.
    std::optional<Ejection> late_answer(std::size_t index, Duration now, bool ok);
    // The interval tick: returns the backends whose ejection time is up, now back.
    std::vector<std::size_t> return_due(Duration now);

    // Adds a backend at `now` (slow start applies to it); false when it is one already.
    bool add(const NodeId& id, std::int64_t weight, Duration now);
    // Removes a backend; false when it is not one. Its requests in flight end unnoticed.
    bool remove(const NodeId& id);

    std::optional<std::size_t> find(const NodeId& id) const;
    const std::vector<BackendState>& backends() const { return backends_; }
    const BalancerSettings& settings() const { return settings_; }
    std::size_t ejected() const;
    // The weight pick() uses now: the configured one, lowered during slow start.
    double effective_weight(const BackendState& backend, Duration now) const;
    // Peak EWMA's cost of a backend: its latency average x (in flight + 1).
    double ewma_cost(const BackendState& backend) const;

private:
    std::vector<std::size_t> eligible() const;
    std::size_t weighted_random(const std::vector<std::size_t>& among, Duration now, std::mt19937_64& rng) const;
    std::size_t pick_smooth(const std::vector<std::size_t>& among, Duration now);
    std::size_t pick_least_request(const std::vector<std::size_t>& among, Duration now, std::mt19937_64& rng) const;
    std::size_t pick_hash(std::string_view key) const;
    std::size_t pick_shortest(const std::vector<std::size_t>& among, Duration now, std::mt19937_64& rng);
    std::size_t pick_ewma(const std::vector<std::size_t>& among, std::mt19937_64& rng) const;
    std::optional<Ejection> count_answer(BackendState& backend, Duration now, bool ok);
    void rebuild_ring();

    BalancerSettings settings_;
    std::vector<BackendState> backends_;
    std::size_t next_ = 0;                  // round robin's position
    Duration window_start_{0};              // shortest response's window
    std::vector<consistent_hashing::RingPoint> ring_;
};

// Reads `weights` entries "node=weight" (weight an integer from 1 to 1000000) for `backends`;
// a backend without an entry weighs 100. An error names the entry and what is wrong with it.
struct WeightsParse {
    std::vector<std::pair<NodeId, std::int64_t>> backends;
    std::vector<Text> problems;          // said as violations, in both languages
};
WeightsParse parse_weights(const std::vector<NodeId>& backends, const std::vector<std::string>& weights);

}  // namespace distlab::core::load_balancing
