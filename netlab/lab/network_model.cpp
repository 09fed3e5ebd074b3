#include "netlab/lab/network_model.h"

#include <algorithm>

namespace distlab::netlab {

NetworkModel::NetworkModel(const Scenario& scenario, std::uint64_t seed)
    : nodes_(scenario.node_ids()), time_scale_(scenario.time_scale > 0 ? scenario.time_scale : 1.0),
      rng_(seed) {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        index_.emplace(nodes_[i], i);
    links_.resize(nodes_.size() * nodes_.size());
    const LinkParams& defaults = scenario.network.defaults;
    if (scenario.full_mesh) {
        for (std::size_t a = 0; a < nodes_.size(); ++a)
            for (std::size_t b = 0; b < nodes_.size(); ++b)
                if (a != b)
                    links_[slot(a, b)].params = defaults;
    } else {
        for (const LinkSpec& spec : scenario.links) {
            const auto a = index(spec.from);
            const auto b = index(spec.to);
            if (!a || !b)
                continue;                            // the loader refuses such files
            const LinkParams params = spec.overrides.apply_to(defaults);
            links_[slot(*a, *b)].params = params;
            if (spec.both_ways)
                links_[slot(*b, *a)].params = params;
        }
    }
    for (std::size_t a = 0; a < nodes_.size(); ++a)
        links_[slot(a, a)].params = LinkParams{};   // a node reaches itself, instantly
}

std::optional<std::size_t> NetworkModel::index(std::string_view node) const {
    auto it = index_.find(node);
    if (it == index_.end())
        return std::nullopt;
    return it->second;
}

std::optional<std::size_t> NetworkModel::slot(std::string_view from, std::string_view to) const {
    const auto a = index(from);
    const auto b = index(to);
    if (!a || !b)
        return std::nullopt;
    return slot(*a, *b);
}

RouteDecision NetworkModel::route(std::string_view from, std::string_view to, std::size_t bytes,
                                  Duration now) {
    RouteDecision decision;
    const auto s = slot(from, to);
    if (!s || !links_[*s].params) {
        decision.fate = RouteDecision::Fate::Drop;
        decision.drop_reason = "no-link";
        return decision;
    }
    Directed& link = links_[*s];
    if (link.blocked > 0) {
        decision.fate = RouteDecision::Fate::Drop;
        decision.drop_reason = "partition";
        return decision;
    }
    if (hold_all_ || link.hold) {
        decision.fate = RouteDecision::Fate::Hold;
        return decision;
    }

    LinkParams p = *link.params;
    for (const ActiveDelta& d : deltas_) {
        if (!std::binary_search(d.links.begin(), d.links.end(), *s))
            continue;
        p.latency += d.delta.add_latency;
        p.jitter += d.delta.add_jitter;
        p.loss = 1.0 - (1.0 - p.loss) * (1.0 - d.delta.loss);
        p.duplicate = std::max(p.duplicate, d.delta.duplicate);
        p.reorder_window = std::max(p.reorder_window, d.delta.reorder_window);
    }

    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (p.loss > 0 && unit(rng_) < p.loss) {
        decision.fate = RouteDecision::Fate::Drop;
        decision.drop_reason = "loss";
        return decision;
    }

    auto sample_delay = [&] {
        double ns = static_cast<double>(p.latency.count());
        if (p.jitter.count() > 0)
            ns += (unit(rng_) * 2.0 - 1.0) * static_cast<double>(p.jitter.count());
        if (p.reorder_window.count() > 0)
            ns += unit(rng_) * static_cast<double>(p.reorder_window.count());
        return Duration(static_cast<std::int64_t>(std::max(0.0, ns * time_scale_)));
    };

    Duration queueing{0};
    if (p.bandwidth_bytes_per_s > 0) {
        // A link sends one message at a time: serialisation delay plus waiting for the ones ahead.
        const auto transmit = Duration(static_cast<std::int64_t>(
            static_cast<double>(bytes) * 1e9 * time_scale_ / static_cast<double>(p.bandwidth_bytes_per_s)));
        const Duration start = std::max(now, link.busy_until);
        link.busy_until = start + transmit;
        queueing = link.busy_until - now;
    }
    decision.delay = sample_delay() + queueing;
    if (p.duplicate > 0 && unit(rng_) < p.duplicate)
        decision.duplicate_delay = sample_delay() + queueing;
    return decision;
}

bool NetworkModel::has_link(std::string_view from, std::string_view to) const {
    const auto s = slot(from, to);
    return s && links_[*s].params.has_value();
}

bool NetworkModel::is_blocked(std::string_view from, std::string_view to) const {
    const auto s = slot(from, to);
    return s && links_[*s].blocked > 0;
}

void NetworkModel::partition(const std::vector<std::vector<NodeId>>& groups) {
    std::vector<int> group_of(nodes_.size(), static_cast<int>(groups.size()));   // unlisted: one more group
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (const NodeId& node : groups[g])
            if (const auto i = index(node))
                group_of[*i] = static_cast<int>(g);
    for (std::size_t a = 0; a < nodes_.size(); ++a)
        for (std::size_t b = 0; b < nodes_.size(); ++b)
            if (group_of[a] != group_of[b])
                ++links_[slot(a, b)].blocked;
}

void NetworkModel::block(std::string_view from, std::string_view to) {
    if (const auto s = slot(from, to))
        ++links_[*s].blocked;
}

void NetworkModel::unblock(std::string_view from, std::string_view to) {
    if (const auto s = slot(from, to); s && links_[*s].blocked > 0)
        --links_[*s].blocked;
}

void NetworkModel::heal_partitions() {
    for (Directed& link : links_)
        link.blocked = 0;
}

void NetworkModel::add_delta(std::uint64_t id, const std::vector<std::pair<NodeId, NodeId>>& links,
                             LinkDelta delta) {
    ActiveDelta active{id, {}, delta};
    for (const auto& [from, to] : links)
        if (const auto s = slot(from, to))
            active.links.push_back(*s);
    std::sort(active.links.begin(), active.links.end());
    active.links.erase(std::unique(active.links.begin(), active.links.end()), active.links.end());
    remove_delta(id);
    deltas_.push_back(std::move(active));
}

void NetworkModel::remove_delta(std::uint64_t id) {
    std::erase_if(deltas_, [id](const ActiveDelta& d) { return d.id == id; });
}

void NetworkModel::set_link(std::string_view from, std::string_view to, const LinkParams& params) {
    if (const auto s = slot(from, to))
        links_[*s].params = params;
}

void NetworkModel::remove_link(std::string_view from, std::string_view to) {
    if (const auto s = slot(from, to))
        links_[*s].params.reset();
}

std::optional<LinkParams> NetworkModel::link(std::string_view from, std::string_view to) const {
    const auto s = slot(from, to);
    if (!s)
        return std::nullopt;
    return links_[*s].params;
}

void NetworkModel::set_hold(std::string_view from, std::string_view to, bool hold) {
    if (from.empty() && to.empty()) {
        hold_all_ = hold;
        return;
    }
    if (const auto s = slot(from, to))
        links_[*s].hold = hold;
}

void NetworkModel::heal_all() {
    heal_partitions();
    deltas_.clear();
}

}  // namespace distlab::netlab
