#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_descriptor.h"
#include "netlab/api/event.h"

namespace distlab::core {
class RoleRegistry;
}

namespace distlab::netlab {

// What a run's consumers know about its roles and nodes: the descriptors of the roles the run
// uses and which node runs which role. The run writes it into its RunStarted event, so live
// views, a recording played back years later and the report all read the same descriptors,
// including those of roles this build does not have.
class RoleCatalog {
public:
    RoleCatalog() = default;
    // The descriptors of `node_roles`' roles, taken from `registry` (unknown roles skipped).
    RoleCatalog(const core::RoleRegistry& registry, std::map<std::string, std::string, std::less<>> node_roles);

    // What RunStarted's data carries under "roles" and "nodes".
    void write(core::Json& run_started_data) const;
    // Reads RunStarted's data. A recording made before descriptors were recorded carries none:
    // its roles are then taken from `fallback` by the names NodeStarted events give (see
    // note_node_started). Descriptors that do not parse are skipped.
    static RoleCatalog read(const core::Json& run_started_data, const core::RoleRegistry& fallback);
    // Folds a NodeStarted event in: the node's role, from its data, when the catalog lacks it.
    void note_node_started(const Event& event, const core::RoleRegistry& fallback);

    const core::RoleDescriptor* role(std::string_view name) const;
    // The descriptor of the role `node` runs; nullptr when unknown.
    const core::RoleDescriptor* role_of_node(std::string_view node) const;
    const std::map<std::string, std::string, std::less<>>& node_roles() const { return node_roles_; }
    const std::map<std::string, core::RoleDescriptor, std::less<>>& roles() const { return roles_; }
    bool empty() const { return roles_.empty(); }

    void add_role(core::RoleDescriptor descriptor);

private:
    std::map<std::string, core::RoleDescriptor, std::less<>> roles_;
    std::map<std::string, std::string, std::less<>> node_roles_;   // node id -> role name
};

// The catalog of an event stream: read from its RunStarted event (and NodeStarted events),
// with `fallback` for recordings made before descriptors were recorded.
RoleCatalog catalog_of(const std::vector<Event>& events, const core::RoleRegistry& fallback);

}  // namespace distlab::netlab
