#include "views/patterns/consistent_hashing/ring_history.h"

#include <algorithm>

#include "core/model/json.h"
#include "views/common/run_timeline.h"

namespace distlab::views {

namespace {

namespace ch = core::consistent_hashing;
using core::Json;

// The placement a snapshot names, or nullopt when it names none.
std::optional<ch::PlacementSettings> placement_of(const Json& s) {
    const auto ring = s.find("ring");
    const auto strategy = s.find("strategy");
    if (ring == s.end() || !ring->is_array() || strategy == s.end() || !strategy->is_string())
        return std::nullopt;
    ch::PlacementSettings p;
    const std::string name = strategy->get<std::string>();
    for (ch::Strategy st : {ch::Strategy::Ring, ch::Strategy::Bounded, ch::Strategy::Rendezvous, ch::Strategy::Jump,
                            ch::Strategy::ModN})
        if (ch::to_string(st) == name)
            p.strategy = st;
    p.vnodes = s.value("vnodes", p.vnodes);
    p.keys = s.value("key_space", p.keys);
    p.load_factor = s.value("load_factor", p.load_factor);
    for (const Json& m : *ring)
        if (m.is_string())
            p.members.push_back(m.get<std::string>());
    return p;
}

bool same(const ch::PlacementSettings& a, const ch::PlacementSettings& b) {
    return a.strategy == b.strategy && a.vnodes == b.vnodes && a.keys == b.keys && a.load_factor == b.load_factor &&
           a.members == b.members;
}

bool numericLess(const QString& a, const QString& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

}  // namespace

void RingHistory::ingest(std::size_t first, std::size_t count) {
    const auto& events = m_timeline.events();
    for (std::size_t i = first; i < first + count && i < events.size(); ++i) {
        const netlab::Event& e = events[i];
        if (e.kind != netlab::EventKind::State)
            continue;
        const core::RoleDescriptor* role = m_timeline.catalog().role_of_node(e.node);
        if (!role)
            continue;
        const bool client = role->name == "ring-client";
        if (role->name == "ring-node") {
            const QString node = QString::fromStdString(e.node);
            if (!m_nodes.contains(node)) {
                m_nodes.append(node);
                std::sort(m_nodes.begin(), m_nodes.end(), numericLess);
            }
        }
        // A client's view of the ring wins; nodes speak only in a run without a client.
        if (!client && (role->name != "ring-node" || m_fromClient))
            continue;
        const Json s = Json::parse(e.data, nullptr, false);
        if (!s.is_object())
            continue;
        // A ring-node that is not a member (waiting, or left) does not speak for the ring.
        if (!client && !s.value("member", false))
            continue;
        auto placement = placement_of(s);
        if (!placement)
            continue;
        if (client && !m_fromClient) {
            m_fromClient = true;
            m_epochs.clear();
        }
        if (!m_epochs.empty() && same(m_epochs.back().placement, *placement))
            continue;
        m_epochs.push_back({e.t_ns, std::move(*placement)});
    }
}

void RingHistory::clear() {
    m_epochs.clear();
    m_nodes.clear();
    m_fromClient = false;
}

int RingHistory::epochAt(qint64 tNs) const {
    const auto it = std::upper_bound(m_epochs.begin(), m_epochs.end(), tNs,
                                     [](qint64 t, const Epoch& e) { return t < e.tNs; });
    return static_cast<int>(it - m_epochs.begin()) - 1;
}

}  // namespace distlab::views
