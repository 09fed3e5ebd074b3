#include "netlab/patterns/consistent_hashing/ring_outcome.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/model/json.h"
#include "core/patterns/consistent_hashing/placement.h"

namespace distlab::netlab {

namespace {

using core::Json;

std::int64_t int_field(const Json& s, const char* name) {
    const auto it = s.find(name);
    return it != s.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

}  // namespace

std::int64_t RingOutcome::moved() const {
    std::int64_t total = 0;
    for (const Node& n : nodes)
        total += n.keys_out;
    return total;
}

double RingOutcome::ideal_moved() const {
    double total = 0;
    for (const Change& c : changes)
        total += static_cast<double>(key_space) *
                 core::consistent_hashing::ideal_moved_fraction(static_cast<std::size_t>(c.before),
                                                                static_cast<std::size_t>(c.after));
    return total;
}

std::vector<std::int64_t> RingOutcome::member_loads() const {
    std::vector<std::int64_t> out;
    for (const Node& n : nodes)
        if (n.member)
            out.push_back(n.keys);
    return out;
}

RingOutcome read_ring_outcome(const std::vector<Event>& events, const RoleCatalog& catalog) {
    std::map<std::string, Json, std::less<>> last;   // node -> its last snapshot
    for (const Event& e : events) {
        if (e.kind != EventKind::State)
            continue;
        const core::RoleDescriptor* role = catalog.role_of_node(e.node);
        if (!role || (role->name != "ring-node" && role->name != "ring-client"))
            continue;
        Json s = Json::parse(e.data, nullptr, false);
        if (s.is_object())
            last[e.node] = std::move(s);
    }
    RingOutcome out;
    for (const auto& [node, s] : last) {
        const core::RoleDescriptor* role = catalog.role_of_node(node);
        if (role->name == "ring-node") {
            RingOutcome::Node n;
            n.id = node;
            n.state = s.value("state", std::string());
            n.member = s.value("member", false);
            n.keys = int_field(s, "keys");
            n.keys_in = int_field(s, "keys_in");
            n.keys_out = int_field(s, "keys_out");
            n.pending = int_field(s, "handoffs_pending");
            out.nodes.push_back(std::move(n));
            continue;
        }
        if (!out.client.empty())
            continue;
        out.client = node;
        out.strategy = s.value("strategy", std::string());
        out.vnodes = int_field(s, "vnodes");
        out.key_space = int_field(s, "key_space");
        out.misses = int_field(s, "misses");
        out.redirects = int_field(s, "redirects");
        if (const auto changes = s.find("changes"); changes != s.end() && changes->is_array())
            for (const Json& c : *changes) {
                if (!c.is_object())
                    continue;
                out.changes.push_back({c.value("kind", std::string()), c.value("node", std::string()),
                                       int_field(c, "before"), int_field(c, "after"), int_field(c, "moved"),
                                       c.value("at_ms", 0.0)});
            }
    }
    // Numeric order of ids: n2 before n10.
    std::sort(out.nodes.begin(), out.nodes.end(), [](const RingOutcome::Node& a, const RingOutcome::Node& b) {
        return a.id.size() != b.id.size() ? a.id.size() < b.id.size() : a.id < b.id;
    });
    return out;
}

std::string percent_text(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * fraction);
    return buf;
}

}  // namespace distlab::netlab
