#include "core/patterns/load_balancing/balancer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace distlab::core::load_balancing {

namespace {

constexpr std::int64_t kDefaultWeight = 100;
constexpr std::int64_t kMaxWeight = 1'000'000;

}  // namespace

std::string_view to_string(Algorithm algorithm) {
    switch (algorithm) {
    case Algorithm::RoundRobin: return "round_robin";
    case Algorithm::WeightedRoundRobin: return "weighted_round_robin";
    case Algorithm::WeightedRandom: return "weighted_random";
    case Algorithm::LeastConnections: return "least_connections";
    case Algorithm::LeastRequest: return "least_request";
    case Algorithm::ConsistentHash: return "consistent_hash";
    case Algorithm::ShortestResponse: return "shortest_response";
    case Algorithm::PeakEwma: return "peak_ewma";
    }
    return "round_robin";
}

std::size_t OutlierSettings::max_ejected(std::size_t backends) const {
    const auto share = static_cast<std::size_t>(backends * static_cast<std::size_t>(std::max<std::int64_t>(0, max_ejection_percent)) / 100);
    return std::max<std::size_t>(1, share);
}

Balancer::Balancer(BalancerSettings settings, std::vector<std::pair<NodeId, std::int64_t>> backends)
    : settings_(std::move(settings)) {
    for (auto& [id, weight] : backends)
        backends_.push_back({.id = std::move(id), .weight = std::max<std::int64_t>(1, weight)});
    rebuild_ring();
}

std::optional<std::size_t> Balancer::find(const NodeId& id) const {
    for (std::size_t i = 0; i < backends_.size(); ++i)
        if (backends_[i].id == id)
            return i;
    return std::nullopt;
}

std::size_t Balancer::ejected() const {
    return static_cast<std::size_t>(
        std::count_if(backends_.begin(), backends_.end(), [](const BackendState& b) { return b.ejected_until.has_value(); }));
}

std::vector<std::size_t> Balancer::eligible() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < backends_.size(); ++i)
        if (!backends_[i].ejected_until)
            out.push_back(i);
    return out;
}

double Balancer::effective_weight(const BackendState& backend, Duration now) const {
    const double weight = static_cast<double>(backend.weight);
    const SlowStartSettings& slow = settings_.slow_start;
    if (!backend.joined || slow.window <= Duration(0))
        return weight;
    const Duration since = now - *backend.joined;
    if (since >= slow.window)
        return weight;
    const double time_factor = to_ms(std::max<Duration>(since, 1s)) / to_ms(slow.window);
    const double ramp = std::pow(time_factor, 1.0 / std::max(slow.aggression, 1e-9));
    return weight * std::max(slow.min_weight_percent / 100.0, ramp);
}

double Balancer::ewma_cost(const BackendState& backend) const {
    const double in_flight = static_cast<double>(backend.active);
    if (!backend.has_ewma)
        return backend.active > 0 ? to_ms(settings_.ewma_penalty) + in_flight : 0.0;
    return backend.ewma_ms * (in_flight + 1.0);
}

std::size_t Balancer::weighted_random(const std::vector<std::size_t>& among, Duration now, std::mt19937_64& rng) const {
    double total = 0;
    for (std::size_t i : among)
        total += effective_weight(backends_[i], now);
    double x = std::uniform_real_distribution<double>(0.0, total)(rng);
    for (std::size_t i : among) {
        x -= effective_weight(backends_[i], now);
        if (x < 0)
            return i;
    }
    return among.back();
}

std::size_t Balancer::pick_smooth(const std::vector<std::size_t>& among, Duration now) {
    // Every pick raises each counter by its weight, takes the highest (the first of equals) and
    // lowers the winner's by the sum: over a cycle each backend wins in proportion to its
    // weight, spread out rather than in bursts (weights 5, 1, 1 give a a b a c a a).
    double total = 0;
    std::size_t best = among.front();
    for (std::size_t i : among) {
        const double w = effective_weight(backends_[i], now);
        backends_[i].current += w;
        total += w;
        if (backends_[i].current > backends_[best].current)
            best = i;
    }
    backends_[best].current -= total;
    return best;
}

std::size_t Balancer::pick_least_request(const std::vector<std::size_t>& among, Duration now,
                                         std::mt19937_64& rng) const {
    // Draws with replacement, as Envoy does: with two backends the busier one still wins when
    // both draws land on it.
    std::size_t best = weighted_random(among, now, rng);
    for (std::int64_t draw = 1; draw < settings_.choice_count; ++draw) {
        const std::size_t other = weighted_random(among, now, rng);
        if (backends_[other].active < backends_[best].active)
            best = other;
    }
    return best;
}

std::size_t Balancer::pick_hash(std::string_view key) const {
    const std::uint32_t point = consistent_hashing::key_point(key);
    auto it = std::lower_bound(ring_.begin(), ring_.end(), point,
                               [](const consistent_hashing::RingPoint& p, std::uint32_t k) { return p.point < k; });
    // The first point at or after the key whose backend is not ejected (eligible() is not empty).
    for (std::size_t step = 0; step < ring_.size(); ++step, ++it) {
        if (it == ring_.end())
            it = ring_.begin();
        if (!backends_[it->member].ejected_until)
            return it->member;
    }
    return eligible().front();
}

std::size_t Balancer::pick_shortest(const std::vector<std::size_t>& among, Duration now, std::mt19937_64& rng) {
    if (settings_.response_window > Duration(0) && now - window_start_ >= settings_.response_window) {
        for (BackendState& b : backends_) {
            b.window_elapsed = Duration(0);
            b.window_ok = 0;
        }
        window_start_ = now;
    }
    double shortest = std::numeric_limits<double>::infinity();
    std::vector<std::size_t> ties;
    for (std::size_t i : among) {
        const BackendState& b = backends_[i];
        const double mean = b.window_ok > 0 ? to_ms(b.window_elapsed) / static_cast<double>(b.window_ok) : 0.0;
        const double estimate = mean * static_cast<double>(b.active + 1);
        if (estimate < shortest) {
            shortest = estimate;
            ties.assign(1, i);
        } else if (estimate == shortest) {
            ties.push_back(i);
        }
    }
    return ties.size() == 1 ? ties.front() : weighted_random(ties, now, rng);
}

std::size_t Balancer::pick_ewma(const std::vector<std::size_t>& among, std::mt19937_64& rng) const {
    if (among.size() == 1)
        return among.front();
    std::uniform_int_distribution<std::size_t> draw(0, among.size() - 1);
    const std::size_t a = draw(rng);
    std::size_t b = std::uniform_int_distribution<std::size_t>(0, among.size() - 2)(rng);
    if (b >= a)
        ++b;   // two distinct backends
    const std::size_t first = among[a], second = among[b];
    return ewma_cost(backends_[second]) < ewma_cost(backends_[first]) ? second : first;
}

std::optional<std::size_t> Balancer::pick(Duration now, std::mt19937_64& rng, std::string_view key) {
    const std::vector<std::size_t> among = eligible();
    if (among.empty())
        return std::nullopt;
    std::size_t chosen = among.front();
    switch (settings_.algorithm) {
    case Algorithm::RoundRobin:
        chosen = among[next_++ % among.size()];
        break;
    case Algorithm::WeightedRoundRobin:
        chosen = pick_smooth(among, now);
        break;
    case Algorithm::WeightedRandom:
        chosen = weighted_random(among, now, rng);
        break;
    case Algorithm::LeastConnections: {
        std::int64_t fewest = std::numeric_limits<std::int64_t>::max();
        std::vector<std::size_t> ties;
        for (std::size_t i : among) {
            if (backends_[i].active < fewest) {
                fewest = backends_[i].active;
                ties.assign(1, i);
            } else if (backends_[i].active == fewest) {
                ties.push_back(i);
            }
        }
        chosen = ties.size() == 1 ? ties.front() : weighted_random(ties, now, rng);
        break;
    }
    case Algorithm::LeastRequest:
        chosen = pick_least_request(among, now, rng);
        break;
    case Algorithm::ConsistentHash:
        chosen = pick_hash(key);
        break;
    case Algorithm::ShortestResponse:
        chosen = pick_shortest(among, now, rng);
        break;
    case Algorithm::PeakEwma:
        chosen = pick_ewma(among, rng);
        break;
    }
    ++backends_[chosen].active;
    ++backends_[chosen].picks;
    return chosen;
}

std::optional<Ejection> Balancer::ended(std::size_t index, Duration now, Duration elapsed, Outcome outcome) {
    if (index >= backends_.size())
        return std::nullopt;
    BackendState& b = backends_[index];
    b.active = std::max<std::int64_t>(0, b.active - 1);

    // Peak EWMA: a slower sample replaces the average at once; a faster one pulls it down by
    // how long ago the last one was, so a backend turning slow is avoided at its first slow answer.
    const double sample = to_ms(elapsed);
    if (!b.has_ewma || sample > b.ewma_ms) {
        b.ewma_ms = sample;
    } else {
        const double tau = std::max(to_ms(settings_.ewma_decay), 1e-6);
        const double w = std::exp(-to_ms(now - b.ewma_at) / tau);
        b.ewma_ms = b.ewma_ms * w + sample * (1.0 - w);
    }
    b.has_ewma = true;
    b.ewma_at = now;

    switch (outcome) {
    case Outcome::Ok:
        ++b.successes;
        b.window_elapsed += elapsed;
        ++b.window_ok;
        return count_answer(b, now, true);
    case Outcome::Error:
        ++b.errors;
        return count_answer(b, now, false);
    case Outcome::Timeout:
        ++b.timeouts;
        break;
    }
    return std::nullopt;
}

std::optional<Ejection> Balancer::late_answer(std::size_t index, Duration now, bool ok) {
    if (index >= backends_.size())
        return std::nullopt;
    return count_answer(backends_[index], now, ok);
}

std::optional<Ejection> Balancer::count_answer(BackendState& b, Duration now, bool ok) {
    // An ejected backend's answers (to requests sent before) change nothing: it starts afresh
    // when it comes back.
    if (b.ejected_until)
        return std::nullopt;
    if (ok) {
        b.consecutive_errors = 0;
        return std::nullopt;
    }
    ++b.consecutive_errors;
    const OutlierSettings& o = settings_.outlier;
    if (!o.enabled || b.consecutive_errors < o.consecutive_errors || ejected() >= o.max_ejected(backends_.size()))
        return std::nullopt;
    ++b.times_ejected;
    const Duration length = std::min(o.base_ejection_time * b.times_ejected, std::max(o.max_ejection_time, o.base_ejection_time));
    b.ejected_until = now + length;
    const Ejection ejection{*b.ejected_until, b.consecutive_errors};
    b.consecutive_errors = 0;
    return ejection;
}

std::vector<std::size_t> Balancer::return_due(Duration now) {
    std::vector<std::size_t> back;
    for (std::size_t i = 0; i < backends_.size(); ++i) {
        BackendState& b = backends_[i];
        if (b.ejected_until && *b.ejected_until <= now) {
            b.ejected_until.reset();
            b.consecutive_errors = 0;
            back.push_back(i);
        }
    }
    return back;
}

bool Balancer::add(const NodeId& id, std::int64_t weight, Duration now) {
    if (find(id))
        return false;
    backends_.push_back({.id = id, .weight = std::max<std::int64_t>(1, weight), .joined = now});
    rebuild_ring();
    return true;
}

bool Balancer::remove(const NodeId& id) {
    const auto index = find(id);
    if (!index)
        return false;
    backends_.erase(backends_.begin() + static_cast<std::ptrdiff_t>(*index));
    rebuild_ring();
    return true;
}

void Balancer::rebuild_ring() {
    ring_.clear();
    if (settings_.algorithm != Algorithm::ConsistentHash || backends_.empty())
        return;
    std::vector<NodeId> ids;
    for (const BackendState& b : backends_)
        ids.push_back(b.id);
    ring_ = consistent_hashing::ring_points(ids, settings_.hash_vnodes);
}

WeightsParse parse_weights(const std::vector<NodeId>& backends, const std::vector<std::string>& weights) {
    WeightsParse out;
    for (const NodeId& id : backends)
        out.backends.emplace_back(id, kDefaultWeight);
    for (const std::string& entry : weights) {
        const auto eq = entry.find('=');
        if (eq == std::string::npos) {
            out.problems.push_back(Text{"weights: \"", "weights：“"} + entry +
                                   Text{"\" is not node=weight (e.g. b1=5)", "”不是 节点=权重 的形式（例如 b1=5）"});
            continue;
        }
        const std::string node = entry.substr(0, eq), number = entry.substr(eq + 1);
        auto it = std::find_if(out.backends.begin(), out.backends.end(), [&](const auto& b) { return b.first == node; });
        if (it == out.backends.end()) {
            out.problems.push_back(Text{"weights: \"", "weights：“"} + entry + Text{"\" names ", "”指定的 "} + node +
                                   Text{", which is not one of the backends", " 不是后端之一"});
            continue;
        }
        std::int64_t weight = 0;
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), weight);
        if (ec != std::errc() || end != number.data() + number.size() || weight < 1 || weight > kMaxWeight) {
            out.problems.push_back(Text{"weights: \"", "weights：“"} + entry +
                                   Text{"\": the weight must be an integer from 1 to 1000000", "”：权重必须是 1 到 1000000 的整数"});
            continue;
        }
        it->second = weight;
    }
    return out;
}

}  // namespace distlab::core::load_balancing
