#include "netlab/patterns/replication/lf_history.h"

#include <algorithm>
#include <set>

#include "core/model/json.h"
#include "core/patterns/replication/lf_protocol.h"
#include "core/patterns/replication/write_ids.h"

namespace distlab::netlab::lf {

namespace {

using core::Json;

constexpr const char* kClientRole = "kv-client";

std::int64_t int_of(const Json& j, const char* name) {
    const auto it = j.find(name);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

LfHistory LfHistory::read(const std::vector<Event>& events,
                          const std::map<std::string, std::string, std::less<>>& node_roles) {
    const auto is = [&node_roles](const std::string& node, std::string_view role) {
        const auto it = node_roles.find(node);
        return it != node_roles.end() && it->second == role;
    };
    LfHistory h;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> by_op;
    std::map<std::string, const Event*> last_state;
    std::map<std::string, std::int64_t> monitor_failovers;
    for (const Event& e : events) {
        switch (e.kind) {
        case EventKind::OpInvoked: {
            if (!is(e.node, kClientRole) || (e.type != "put" && e.type != "cas"))
                break;
            const Json v = Json::parse(e.data, nullptr, false);
            const char* field = e.type == "put" ? "value" : "to";
            if (!v.is_object() || !v.contains(field) || !v[field].is_string())
                break;
            by_op[{e.node, e.msg_id}] = h.writes.size();
            h.writes.push_back(Write{.client = e.node, .op = e.msg_id, .key = v.value("key", std::string()),
                                     .value = v[field].get<std::string>()});
            break;
        }
        case EventKind::OpCompleted: {
            const auto it = by_op.find({e.node, e.msg_id});
            if (it != by_op.end() && e.type == "ok" && h.writes[it->second].acked_ns < 0)
                h.writes[it->second].acked_ns = e.t_ns;
            break;
        }
        case EventKind::State: {
            if (is(e.node, core::replication::kMonitorRole)) {
                const Json s = Json::parse(e.data, nullptr, false);
                if (s.is_object())
                    monitor_failovers[e.node] = int_of(s, "failovers");
                break;
            }
            if (!is(e.node, core::replication::kNodeRole))
                break;
            last_state[e.node] = &e;
            const Json s = Json::parse(e.data, nullptr, false);
            if (!s.is_object())
                break;
            NodeTrack& t = h.nodes[e.node];
            t.mode = s.value("mode", std::string());
            t.epoch = int_of(s, "epoch");
            t.length = int_of(s, "length");
            t.fallbacks = int_of(s, "fallbacks");
            t.writes_acked = int_of(s, "writes_acked");
            t.refused_fenced = int_of(s, "refused_fenced");
            if (const auto lag = s.find("lag_ms"); lag != s.end() && lag->is_number())
                t.max_lag_ms = std::max(t.max_lag_ms.value_or(0.0), lag->get<double>());
            break;
        }
        case EventKind::NodeStarted:
            if (auto it = h.nodes.find(e.node); it != h.nodes.end())
                it->second.dead = false;
            break;
        case EventKind::NodeExited: {
            const Json data = Json::parse(e.data, nullptr, false);
            // A node stopped at the end of the run still holds what its last state shows.
            if (is(e.node, core::replication::kNodeRole) &&
                (!data.is_object() || data.value("cause", "") != "shutdown"))
                h.nodes[e.node].dead = true;
            break;
        }

        default: break;
        }
    }
    for (const auto& [node, n] : monitor_failovers)
        h.failovers += n;
    for (const auto& [node, t] : h.nodes) {
        if (t.dead || t.mode != "primary" || t.epoch <= h.final_epoch)
            continue;
        h.final_primary = node;
        h.final_epoch = t.epoch;
    }
    std::optional<core::replication::WriteIds> held;
    if (!h.final_primary.empty()) {
        const Json snap = Json::parse(last_state.at(h.final_primary)->data, nullptr, false);
        if (snap.is_object())
            held = core::replication::WriteIds::from_json(snap.value("writes", Json(nullptr)));
    }
    h.final_writes_known = held.has_value();
    for (std::size_t i = 0; i < h.writes.size(); ++i) {
        if (h.writes[i].acked_ns < 0)
            continue;
        ++h.acked;
        if (held && !held->contains(h.writes[i].value))
            h.lost.push_back(i);
    }
    std::stable_sort(h.lost.begin(), h.lost.end(),
                     [&h](std::size_t a, std::size_t b) { return h.writes[a].acked_ns < h.writes[b].acked_ns; });
    return h;
}

}  // namespace distlab::netlab::lf
