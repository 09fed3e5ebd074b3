#include "core/patterns/bulkhead/bulkhead.h"

#include <memory>

#include "core/patterns/bulkhead/bulkhead_service_role.h"

namespace distlab::core {

void register_bulkhead(RoleRegistry& registry) {
    registry.add({.name = "bulkhead-service",
                  .pattern = "bulkhead",
                  .family = "resilience",
                  .en = "Serves requests by calling its backends, isolated by semaphores or per-backend "
                        "pools, or not at all",
                  .zh = "通过调用后端来处理请求，后端之间以信号量或独立线程池隔离，或不隔离",
                  .client = false,
                  .params = bulkhead::BulkheadConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<bulkhead::BulkheadServiceRole>(bulkhead::BulkheadConfig::from(params));
                  }});
}

}  // namespace distlab::core
