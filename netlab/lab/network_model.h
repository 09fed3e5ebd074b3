#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

// What happens to one message on one directed link.
struct RouteDecision {
    enum class Fate { Deliver, Drop, Hold };
    Fate fate = Fate::Deliver;
    std::string_view drop_reason;        // "no-link", "partition", "loss"
    Duration delay{0};                   // until delivery (host time, time_scale applied)
    std::optional<Duration> duplicate_delay;   // a second copy, when duplicated
};

// A temporary change to some links (a fault with `until`, or a GUI slider); removable by id.
struct LinkDelta {
    Duration add_latency{0};
    Duration add_jitter{0};
    double loss = 0.0;
    double duplicate = 0.0;
    Duration reorder_window{0};
};

// The topology as drawn plus every network fault in force: decides each message's fate.
// Pure and seeded, so the real fabric and the simulator route identically for a seed.
//
// Threading: not thread-safe; one owner (the lab's Asio thread or the simulator loop).
class NetworkModel {
public:
    NetworkModel(const Scenario& scenario, std::uint64_t seed);

    // Requires: `now` never decreases between calls (bandwidth queues).
    RouteDecision route(std::string_view from, std::string_view to, std::size_t bytes, Duration now);

    bool has_link(std::string_view from, std::string_view to) const;
    bool is_blocked(std::string_view from, std::string_view to) const;

    // Partitions. Groups: every pair in different groups is cut both ways. Nodes not listed
    // in any group form one more group.
    void partition(const std::vector<std::vector<NodeId>>& groups);
    void block(std::string_view from, std::string_view to);      // one direction
    void unblock(std::string_view from, std::string_view to);
    void heal_partitions();

    // Link faults: `id` names the fault so `until` (or the GUI) can take it back.
    void add_delta(std::uint64_t id, const std::vector<std::pair<NodeId, NodeId>>& links, LinkDelta delta);
    void remove_delta(std::uint64_t id);

    // Replace the drawn parameters of one direction (GUI sliders); creates the link if absent.
    void set_link(std::string_view from, std::string_view to, const LinkParams& params);
    void remove_link(std::string_view from, std::string_view to);
    std::optional<LinkParams> link(std::string_view from, std::string_view to) const;

    // Hold every message on from -> to (or on every link with empty names) until released.
    void set_hold(std::string_view from, std::string_view to, bool hold);

    // Partitions and link faults removed; drawn parameters and holds stay.
    void heal_all();

    double time_scale() const { return time_scale_; }
    const std::vector<NodeId>& nodes() const { return nodes_; }

private:
    struct Directed {
        std::optional<LinkParams> params;    // nullopt: no route
        int blocked = 0;                     // > 0: partitioned
        bool hold = false;
        Duration busy_until{0};              // bandwidth queue
    };
    struct ActiveDelta {
        std::uint64_t id;
        std::vector<std::size_t> links;      // indexes into links_
        LinkDelta delta;
    };

    std::optional<std::size_t> index(std::string_view node) const;
    std::size_t slot(std::size_t from, std::size_t to) const { return from * nodes_.size() + to; }
    std::optional<std::size_t> slot(std::string_view from, std::string_view to) const;

    // Heterogeneous lookup: find a node by string_view without building a std::string.
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    std::vector<NodeId> nodes_;
    std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> index_;
    std::vector<Directed> links_;            // nodes_.size()^2
    std::vector<ActiveDelta> deltas_;
    bool hold_all_ = false;
    double time_scale_ = 1.0;
    std::mt19937_64 rng_;
};

}  // namespace distlab::netlab
