#include "core/model/role_registry.h"

#include "core/patterns/backpressure/backpressure.h"
#include "core/patterns/bulkhead/bulkhead.h"
#include "core/patterns/circuit_breaker/circuit_breaker.h"
#include "core/patterns/deadline/deadline.h"
#include "core/patterns/kv/kv.h"
#include "core/patterns/raft/raft.h"
#include "core/patterns/request_response/request_response.h"
#include "core/patterns/retry/retry.h"

namespace distlab::core {

void register_builtin_roles(RoleRegistry& registry) {
    register_request_response(registry);
    register_retry(registry);
    register_kv(registry);
    register_raft(registry);
    register_circuit_breaker(registry);
    register_bulkhead(registry);
    register_deadline(registry);
    register_backpressure(registry);
}

const RoleRegistry& RoleRegistry::builtin() {
    // A function-local static: built on first use, thread-safe (C++11 magic statics).
    static const RoleRegistry registry = [] {
        RoleRegistry r;
        register_builtin_roles(r);
        return r;
    }();
    return registry;
}

}  // namespace distlab::core
