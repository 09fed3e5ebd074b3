#include "core/patterns/retry/retry.h"

#include <memory>

#include "core/patterns/retry/retry_client_role.h"

namespace distlab::core {

void register_retry(RoleRegistry& registry) {
    registry.add({.name = "retry-client",
                  .pattern = "timeout and retry",
                  .family = "resilience",
                  .en = "Calls a server open-loop and retries with backoff, jitter, a deadline and a "
                        "retry budget",
                  .zh = "以开环方式调用服务器，并按退避、抖动、截止时间和重试预算进行重试",
                  .client = true,
                  .params = retry::RetryClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<retry::RetryClientRole>(retry::RetryClientConfig::from(params));
                  },
                  .phases = client_phases()});
}

}  // namespace distlab::core
