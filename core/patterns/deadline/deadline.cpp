#include "core/patterns/deadline/deadline.h"

#include <memory>

#include "core/patterns/deadline/relay_role.h"

namespace distlab::core {

void register_deadline(RoleRegistry& registry) {
    registry.add({.name = "relay",
                  .pattern = "timeout, retry and deadline propagation",
                  .family = "resilience",
                  .en = "A middle tier: calls its downstream for each request with a timeout and retries, "
                        "passing on what is left of the caller's deadline",
                  .zh = "中间层服务：为每个请求带超时和重试调用下游，并把调用方剩余的截止时间传递下去",
                  .client = false,
                  .params = deadline::RelayConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<deadline::RelayRole>(deadline::RelayConfig::from(params));
                  }});
}

}  // namespace distlab::core
