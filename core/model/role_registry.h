#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/params.h"
#include "core/model/role.h"

namespace distlab::core {

// What the lab knows about a role before running it.
struct RoleInfo {
    std::string name;                   // "server", "retry-client", "raft"
    std::string pattern;                // the catalog row: "request-response"
    std::string family;                 // the scenario family: "communication"
    std::string en;                     // one-line description
    std::string zh;
    bool client = false;                // records client operations (the KV and request histories)
    std::vector<ParamSpec> params;
    std::function<std::unique_ptr<Role>(const Params&)> make;
};

// Roles by name. Built explicitly by register_builtin_roles(): no static-initialisation tricks,
// so a static library never drops a role.
class RoleRegistry {
public:
    void add(RoleInfo info);
    const RoleInfo* find(std::string_view name) const;
    std::vector<std::string> names() const;           // sorted
    const std::map<std::string, RoleInfo, std::less<>>& all() const { return roles_; }

    // The registry with every role shipped in core/patterns. Defined in
    // core/patterns/builtin_roles.cpp (the patterns library), beside register_builtin_roles.
    static const RoleRegistry& builtin();

private:
    std::map<std::string, RoleInfo, std::less<>> roles_;
};

// Defined in core/patterns/builtin_roles.cpp: adds every shipped pattern's roles.
void register_builtin_roles(RoleRegistry& registry);

}  // namespace distlab::core
