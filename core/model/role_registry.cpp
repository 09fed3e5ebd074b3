#include "core/model/role_registry.h"

namespace distlab::core {

void RoleRegistry::add(RoleInfo info) {
    std::string name = info.name;
    roles_.insert_or_assign(std::move(name), std::move(info));
}

const RoleInfo* RoleRegistry::find(std::string_view name) const {
    auto it = roles_.find(name);
    return it == roles_.end() ? nullptr : &it->second;
}

std::vector<std::string> RoleRegistry::names() const {
    std::vector<std::string> out;
    out.reserve(roles_.size());
    for (const auto& [name, info] : roles_)
        out.push_back(name);
    return out;
}

}  // namespace distlab::core
