#include "netlab/patterns/mesh/mesh_history.h"

#include <algorithm>
#include <set>

#include "core/model/json.h"
#include "core/patterns/request_response/messages.h"

namespace distlab::netlab::mesh {

namespace {

using core::Json;
namespace proto = core::mesh;
namespace rr = core::request_response;

}  // namespace

const PolicyPush* MeshHistory::push(std::int64_t version) const {
    const auto it = std::find_if(pushes.begin(), pushes.end(), [&](const PolicyPush& p) { return p.version == version; });
    return it == pushes.end() ? nullptr : &*it;
}

std::int64_t MeshHistory::acked_at(const std::string& sidecar, std::int64_t t_ns) const {
    std::int64_t v = 0;
    if (const auto it = acks.find(sidecar); it != acks.end())
        for (const auto& [t, version] : it->second)
            if (t <= t_ns)
                v = version;
    return v;
}

std::optional<std::int64_t> MeshHistory::first_ack(const std::string& sidecar, std::int64_t version) const {
    if (const auto it = acks.find(sidecar); it != acks.end())
        for (const auto& [t, v] : it->second)
            if (v == version)
                return t;
    return std::nullopt;
}

MeshHistory MeshHistory::read(const std::vector<Event>& events,
                              const std::map<std::string, std::string, std::less<>>& node_roles) {
    MeshHistory h;
    const auto is = [&node_roles](const std::string& node, std::string_view role) {
        const auto it = node_roles.find(node);
        return it != node_roles.end() && it->second == role;
    };
    for (const auto& [node, role] : node_roles)
        if (role == proto::kSidecarRole)
            h.sidecars.push_back(node);
    std::set<std::string> canary_endpoints;
    std::int64_t last_canary_weight = 0;
    std::vector<std::int64_t> open_partitions;
    for (const Event& e : events) {
        h.end_ns = std::max(h.end_ns, e.t_ns);
        if (e.kind == EventKind::FaultInjected && e.type == "partition")
            open_partitions.push_back(e.t_ns);
        if (e.kind == EventKind::FaultHealed && e.type == "partition" && !open_partitions.empty()) {
            h.partitions.push_back({open_partitions.front(), e.t_ns});
            open_partitions.erase(open_partitions.begin());
        }
        if (e.kind != EventKind::MessageSent)
            continue;
        if (e.type == proto::kPolicy && is(e.node, proto::kControlRole)) {
            const Json body = Json::parse(e.data, nullptr, false);
            if (!body.is_object() || !body.contains("version") || !body["version"].is_number_integer())
                continue;
            const std::int64_t version = body["version"].get<std::int64_t>();
            if (h.push(version))
                continue;
            PolicyPush p{.version = version, .at_ns = e.t_ns, .policy = std::nullopt, .kind = "apply"};
            if (auto policy = proto::MeshPolicy::from_json(body.value("policy", Json())))
                p.policy = std::move(*policy);
            if (p.policy) {
                const std::string canary = p.policy->canary;
                if (const proto::Subset* c = canary.empty() ? nullptr : p.policy->find(canary)) {
                    canary_endpoints.insert(c->endpoints.begin(), c->endpoints.end());
                    const std::int64_t w = c->weight;
                    p.kind = h.pushes.empty()                    ? "initial"
                             : w == 100                          ? "promote"
                             : w == 0 && last_canary_weight > 0  ? "rollback"
                             : w != last_canary_weight           ? "step"
                                                                 : "apply";
                    last_canary_weight = w;
                }
            }
            h.pushes.push_back(std::move(p));
            continue;
        }
        if (e.type == proto::kAck && is(e.node, proto::kSidecarRole)) {
            const Json body = Json::parse(e.data, nullptr, false);
            if (body.is_object() && body.contains("version") && body["version"].is_number_integer()) {
                auto& list = h.acks[e.node];
                const std::int64_t v = body["version"].get<std::int64_t>();
                if (list.empty() || list.back().second != v)
                    list.push_back({e.t_ns, v});
            }
            continue;
        }
        if (e.type == rr::kRequest && is(e.node, proto::kSidecarRole)) {
            const Json body = Json::parse(e.data, nullptr, false);
            if (!body.is_object() || body.value("attempt", std::int64_t{1}) != 1)
                continue;
            Routed r{.sidecar = e.node, .at_ns = e.t_ns, .endpoint = e.peer, .version = h.acked_at(e.node, e.t_ns),
                     .subset = {}};
            if (const PolicyPush* p = h.push(r.version); p && p->policy)
                if (const proto::Subset* s = p->policy->subset_of(e.peer))
                    r.subset = s->name;
            h.routed.push_back(std::move(r));
            continue;
        }
        if (e.type == rr::kReply && canary_endpoints.contains(e.node) && is(e.peer, proto::kSidecarRole)) {
            const Json body = Json::parse(e.data, nullptr, false);
            const bool ok = body.is_object() && body.value("ok", false);
            h.canary_answers.push_back({e.t_ns, !ok});
        }
    }
    for (std::int64_t t : open_partitions)
        h.partitions.push_back({t, h.end_ns});
    return h;
}

}  // namespace distlab::netlab::mesh
