#include "core/patterns/discovery/discovery.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/discovery/discovery_client_role.h"
#include "core/patterns/discovery/discovery_protocol.h"
#include "core/patterns/discovery/registry_role.h"
#include "core/patterns/discovery/service_instance_role.h"

namespace distlab::core {

void register_discovery(RoleRegistry& registry) {
    using namespace discovery;
    registry.add({.name = kRegistryRole,
                  .pattern = "registry",
                  .family = "discovery",
                  .en = "A service registry (Nacos, Eureka): instances register and beat, clients subscribe and get "
                        "every change pushed; silent instances turn unhealthy, then are removed, unless the protect "
                        "threshold or self-preservation holds them",
                  .zh = "服务注册中心（Nacos、Eureka）：实例注册并发送心跳，客户端订阅并收到每次变更的推送；静默的实例先"
                        "变为不健康，再被删除，除非保护阈值或自我保护留住它们",
                  .client = false,
                  .params = RegistryConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<RegistryRole>(RegistryConfig::from(params));
                  },
                  .phases = {{.name = "serving", .tone = Tone::Healthy, .en = "serving", .zh = "服务中"},
                             {.name = "protecting", .tone = Tone::Warning,
                              .en = "protect threshold reached (lists unhealthy instances)",
                              .zh = "触发保护阈值（返回不健康实例）"},
                             {.name = "self-preservation", .tone = Tone::Warning,
                              .en = "self-preservation (expires nobody)", .zh = "自我保护（不剔除任何实例）"}},
                  .gauges = {{.field = "healthy_pct", .full_scale = 100, .unit = "%", .volume_field = "total",
                              .en = "healthy instances", .zh = "健康实例"}}});
    registry.add({.name = kInstanceRole,
                  .pattern = "registry",
                  .family = "discovery",
                  .en = "An instance of a service: registers with a registry, beats, serves calls up to its capacity; "
                        "the lab command shutdown deregisters it before it stops",
                  .zh = "服务的一个实例：向注册中心注册、发送心跳、在容量内处理调用；实验命令 shutdown 使它先注销再停止",
                  .client = false,
                  .params = ServiceInstanceConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ServiceInstanceRole>(ServiceInstanceConfig::from(params));
                  },
                  .phases = {{.name = "registering", .tone = Tone::Neutral, .en = "registering", .zh = "注册中"},
                             {.name = "up", .tone = Tone::Healthy, .en = "up", .zh = "在线"},
                             {.name = "draining", .tone = Tone::Warning, .en = "draining (deregistered)",
                              .zh = "排空中（已注销）"},
                             {.name = "stopped", .tone = Tone::Down, .en = "stopped", .zh = "已停止"}}});
    registry.add({.name = kClientRole,
                  .pattern = "registry",
                  .family = "discovery",
                  .en = "Calls a service's instances in turn, as a registry lists them: subscribes, caches the list and "
                        "keeps using the cache while no registry answers",
                  .zh = "按注册中心给出的列表轮流调用服务的实例：订阅、缓存列表，没有注册中心应答时继续使用缓存",
                  .client = true,
                  .params = DiscoveryClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<DiscoveryClientRole>(DiscoveryClientConfig::from(params));
                  },
                  .phases = {{.name = "subscribing", .tone = Tone::Neutral, .en = "subscribing", .zh = "订阅中"},
                             {.name = "fresh", .tone = Tone::Healthy, .en = "list fresh", .zh = "列表最新"},
                             {.name = "cache-only", .tone = Tone::Warning, .en = "registry unreachable: using the cache",
                              .zh = "注册中心不可达：使用缓存"},
                             {.name = "empty", .tone = Tone::Failing, .en = "no instance to call",
                              .zh = "没有可调用的实例"},
                             {.name = "stopped", .tone = Tone::Neutral, .en = "stopped", .zh = "已停止"}}});
}

}  // namespace distlab::core
