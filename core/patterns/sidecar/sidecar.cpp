#include "core/patterns/sidecar/sidecar.h"

#include <memory>

#include "core/patterns/sidecar/app_role.h"
#include "core/patterns/sidecar/sidecar_role.h"

namespace distlab::core {

void register_sidecar(RoleRegistry& registry) {
    using namespace sidecar;
    registry.add({.name = "sidecar",
                  .pattern = "sidecar",
                  .family = "discovery",
                  .en = "A proxy beside a service: retries, timeouts and a circuit breaker on its calls, metrics, "
                        "and an identity check on the calls it receives",
                  .zh = "服务旁的代理：为它发出的调用做重试、超时和熔断，统计指标，并检查传入调用的身份",
                  .client = false,
                  .params = SidecarConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<SidecarRole>(SidecarConfig::from(params));
                  },
                  .phases = resilience_phases()});
    registry.add({.name = "app",
                  .pattern = "sidecar",
                  .family = "discovery",
                  .en = "A service's own code: answers each request by calling the next service, plainly or with "
                        "retries, timeouts and a breaker of its own",
                  .zh = "服务自身的代码：通过调用下一个服务来响应每个请求，可以很朴素，也可以自带重试、超时和熔断",
                  .client = false,
                  .params = AppConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<AppRole>(AppConfig::from(params));
                  },
                  .phases = resilience_phases()});
}

}  // namespace distlab::core
