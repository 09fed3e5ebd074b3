#include "netlab/api/role_catalog.h"

#include <utility>

#include "core/model/role_registry.h"

namespace distlab::netlab {

RoleCatalog::RoleCatalog(const core::RoleRegistry& registry,
                         std::map<std::string, std::string, std::less<>> node_roles)
    : node_roles_(std::move(node_roles)) {
    for (const auto& [node, role] : node_roles_) {
        if (roles_.contains(role))
            continue;
        if (const core::RoleDescriptor* d = registry.find(role)) {
            core::RoleDescriptor copy = *d;
            copy.make = nullptr;       // a catalog describes; it never builds a role
            roles_.emplace(role, std::move(copy));
        }
    }
}

void RoleCatalog::write(core::Json& data) const {
    core::Json roles = core::Json::array();
    for (const auto& [name, d] : roles_) {
        core::Json j = d.to_json();
        j.erase("params");             // the scenario carries the values; the schema is the build's
        roles.push_back(std::move(j));
    }
    data["roles"] = std::move(roles);
    data["nodes"] = node_roles_;
}

RoleCatalog RoleCatalog::read(const core::Json& data, const core::RoleRegistry& fallback) {
    RoleCatalog out;
    if (!data.is_object())
        return out;
    if (auto roles = data.find("roles"); roles != data.end() && roles->is_array()) {
        for (const core::Json& j : *roles) {
            if (auto d = core::RoleDescriptor::from_json(j))
                out.roles_.emplace(d->name, std::move(*d));
        }
    }
    if (auto nodes = data.find("nodes"); nodes != data.end() && nodes->is_object()) {
        for (const auto& [node, role] : nodes->items()) {
            if (!role.is_string())
                continue;
            out.node_roles_.emplace(node, role.get<std::string>());
            if (!out.roles_.contains(role.get<std::string>()))
                if (const core::RoleDescriptor* d = fallback.find(role.get<std::string>())) {
                    core::RoleDescriptor copy = *d;
                    copy.make = nullptr;
                    out.roles_.emplace(copy.name, std::move(copy));
                }
        }
    }
    return out;
}

void RoleCatalog::note_node_started(const Event& event, const core::RoleRegistry& fallback) {
    if (event.kind != EventKind::NodeStarted || node_roles_.contains(event.node))
        return;
    const core::Json data = core::Json::parse(event.data, nullptr, false);
    if (!data.is_object())
        return;
    auto role = data.find("role");
    if (role == data.end() || !role->is_string())
        return;
    const std::string name = role->get<std::string>();
    node_roles_.emplace(event.node, name);
    if (!roles_.contains(name))
        if (const core::RoleDescriptor* d = fallback.find(name)) {
            core::RoleDescriptor copy = *d;
            copy.make = nullptr;
            roles_.emplace(name, std::move(copy));
        }
}

const core::RoleDescriptor* RoleCatalog::role(std::string_view name) const {
    auto it = roles_.find(name);
    return it == roles_.end() ? nullptr : &it->second;
}

const core::RoleDescriptor* RoleCatalog::role_of_node(std::string_view node) const {
    auto it = node_roles_.find(node);
    return it == node_roles_.end() ? nullptr : role(it->second);
}

void RoleCatalog::add_role(core::RoleDescriptor descriptor) {
    descriptor.make = nullptr;
    std::string name = descriptor.name;
    roles_.insert_or_assign(std::move(name), std::move(descriptor));
}

RoleCatalog catalog_of(const std::vector<Event>& events, const core::RoleRegistry& fallback) {
    RoleCatalog out;
    for (const Event& e : events) {
        if (e.kind == EventKind::RunStarted) {
            out = RoleCatalog::read(core::Json::parse(e.data, nullptr, false), fallback);
        } else if (e.kind == EventKind::NodeStarted) {
            out.note_node_started(e, fallback);
        }
    }
    return out;
}

}  // namespace distlab::netlab
