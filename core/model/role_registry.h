#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/role_descriptor.h"

namespace distlab::core {


// Roles by name. Built explicitly by register_builtin_roles(): no static-initialisation tricks,
// so a static library never drops a role.
class RoleRegistry {
public:
    // Throws std::invalid_argument when the descriptor is not sound (RoleDescriptor::problems())
    // or its name is taken: a pattern with a broken descriptor must not start at all.
    void add(RoleDescriptor info);
    const RoleDescriptor* find(std::string_view name) const;
    std::vector<std::string> names() const;           // sorted
    const std::map<std::string, RoleDescriptor, std::less<>>& all() const { return roles_; }

    // The registry with every role of the pattern list (patterns.cmake). Defined in the
    // generated builtin_roles.cpp (the patterns library), beside register_builtin_roles.
    static const RoleRegistry& builtin();

private:
    std::map<std::string, RoleDescriptor, std::less<>> roles_;
};

// Defined in the generated builtin_roles.cpp: calls register_<pattern>() for every pattern of
// the pattern list.
void register_builtin_roles(RoleRegistry& registry);

}  // namespace distlab::core
