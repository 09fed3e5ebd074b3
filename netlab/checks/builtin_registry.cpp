// CheckRegistry::builtin(): the generic checks and those of every pattern of the pattern list.
// In its own library (distlab::checks), above the check framework and the patterns' checks,
// which both link the framework only.

#include "core/model/role_registry.h"
#include "netlab/checks/builtin_checks.h"
#include "netlab/checks/consistency.h"
#include "netlab/checks/linearizable.h"

namespace distlab::netlab {

void register_builtin_checks(CheckRegistry& registry) {
    register_generic_checks(registry);
    register_linearizable_check(registry);
    register_consistency_checks(registry);
    register_pattern_checks(registry);
}

const CheckRegistry& CheckRegistry::builtin() {
    // Filled in place: expect_fail finds the check it wraps in this registry by name.
    static CheckRegistry registry(core::RoleRegistry::builtin());
    static const bool filled = (register_builtin_checks(registry), true);
    (void)filled;
    return registry;
}

}  // namespace distlab::netlab
