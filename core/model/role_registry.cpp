#include "core/model/role_registry.h"

#include <stdexcept>

namespace distlab::core {

void RoleRegistry::add(RoleDescriptor info) {
    std::vector<std::string> problems = info.problems();
    if (roles_.contains(info.name))
        problems.push_back("role '" + info.name + "' registered twice");
    if (!problems.empty()) {
        std::string text;
        for (const std::string& p : problems)
            text += (text.empty() ? "" : "; ") + p;
        throw std::invalid_argument(text);
    }
    std::string name = info.name;
    roles_.emplace(std::move(name), std::move(info));
}

const RoleDescriptor* RoleRegistry::find(std::string_view name) const {
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
