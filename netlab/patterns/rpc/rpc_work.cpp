#include "netlab/patterns/rpc/rpc_work.h"

#include <algorithm>
#include <set>

#include "core/model/json.h"

namespace distlab::netlab {

namespace {

constexpr std::string_view kClientRole = "rpc-client";
constexpr std::string_view kServerRole = "rpc-server";

std::optional<std::int64_t> integer_field(const core::Json& body, const char* key) {
    auto it = body.find(key);
    if (it == body.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

std::string_view role_name(const RoleCatalog* catalog, std::string_view node) {
    const core::RoleDescriptor* role = catalog ? catalog->role_of_node(node) : nullptr;
    return role ? std::string_view(role->name) : std::string_view();
}

// A counter summed over a node's restarts: what it had reached before each restart, plus its
// latest value.
struct Counter {
    double last = 0;
    double before_restarts = 0;
    void see(double value) {
        if (value < last)
            before_restarts += last;
        last = value;
    }
    double total() const { return before_restarts + last; }
};

}  // namespace

double RpcWork::amplification() const {
    return edge_ops == 0 ? 0.0 : leaf_requests / static_cast<double>(edge_ops);
}

bool has_rpc_roles(const RoleCatalog& catalog) {
    return catalog.role(kClientRole) != nullptr || catalog.role(kServerRole) != nullptr;
}

RpcWork read_rpc_work(const std::vector<Event>& events, const RoleCatalog* catalog, std::int64_t grace_ns) {
    RpcWork w;
    // node -> counter name -> value
    std::map<std::string, std::map<std::string, Counter>, std::less<>> counters;
    for (const Event& e : events) {
        switch (e.kind) {
        case EventKind::MessageSent: {
            if (e.type != "rpc_reply")
                break;
            const core::Json body = core::Json::parse(e.data, nullptr, false);
            if (!body.is_object())
                break;
            const auto started = integer_field(body, "started_ns");
            const auto ended = integer_field(body, "ended_ns");
            auto origin = body.find("origin");
            if (!started || !ended || origin == body.end() || !origin->is_object())
                break;
            const auto deadline = integer_field(*origin, "deadline_ns");
            if (!deadline)
                break;
            ++w.work;
            w.work_ns += std::max<std::int64_t>(0, *ended - *started);
            w.orphan_ns += std::max<std::int64_t>(0, *ended - std::max(*started, *deadline));
            if (*started >= *deadline && *started - *deadline < grace_ns) {
                ++w.starts_within_grace;
            } else if (*started >= *deadline) {
                ++w.orphan_starts;
                w.last_orphan_t_ns = e.t_ns;
                if (!w.first_orphan)
                    w.first_orphan = RpcWork::Orphan{e.node, e.peer, e.msg_id, e.t_ns, *started - *deadline};
            }
            break;
        }
        case EventKind::OpInvoked:
            if (role_name(catalog, e.node) == kClientRole)
                ++w.edge_ops;
            break;
        case EventKind::OpCompleted: {
            if (role_name(catalog, e.node) != kClientRole)
                break;
            std::string status = "ok";
            if (e.type != "ok") {
                const core::Json value = core::Json::parse(e.data, nullptr, false);
                auto error = value.is_object() ? value.find("error") : value.end();
                status = error != value.end() && error->is_string() ? error->get<std::string>() : e.type;
            }
            ++w.edge_statuses[status];
            break;
        }
        case EventKind::Metric: {
            const std::string_view role = role_name(catalog, e.node);
            if (role != kClientRole && role != kServerRole)
                break;
            const core::Json data = core::Json::parse(e.data, nullptr, false);
            if (!data.is_object() || !data.contains("counters") || !data["counters"].is_object())
                break;
            auto& mine = counters[e.node];
            for (auto it = data["counters"].begin(); it != data["counters"].end(); ++it)
                if (it->is_number())
                    mine[it.key()].see(it->get<double>());
            break;
        }
        default:
            break;
        }
    }
    constexpr std::string_view kStatusPrefix = "status_";
    for (const auto& [node, mine] : counters) {
        const bool server = role_name(catalog, node) == kServerRole;
        for (const auto& [name, counter] : mine) {
            if (name == "leaf_requests")
                w.leaf_requests += counter.total();
            else if (name == "retries")
                w.retries += counter.total();
            else if (name == "hedges")
                w.hedges += counter.total();
            else if (name == "cancels_sent")
                w.cancels_sent += counter.total();
            else if (server && name.starts_with(kStatusPrefix))
                w.server_statuses[name.substr(kStatusPrefix.size())] += counter.total();
        }
    }
    return w;
}

}  // namespace distlab::netlab
