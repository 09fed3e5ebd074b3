#include "core/patterns/load_balancing/load_balancing.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/load_balancing/backend_role.h"
#include "core/patterns/load_balancing/balancing_client_role.h"
#include "core/patterns/load_balancing/load_balancer_role.h"

namespace distlab::core {

void register_load_balancing(RoleRegistry& registry) {
    using namespace load_balancing;
    registry.add({.name = "load-balancer",
                  .pattern = "load balancing",
                  .family = "scheduling",
                  .en = "Forwards each request to a backend picked by round robin, smooth weighted round robin, "
                        "weighted random, least connections, power of two choices, consistent hash, shortest "
                        "response or peak EWMA; ejects failing backends; slow start for new ones",
                  .zh = "按轮询、平滑加权轮询、加权随机、最少连接、二选一、一致性哈希、最短响应或峰值 EWMA "
                        "选出后端并转发每个请求；剔除异常后端；新后端慢启动",
                  .client = false,
                  .params = LoadBalancerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<LoadBalancerRole>(LoadBalancerConfig::from(params));
                  },
                  .phases = load_balancer_phases(),
                  .gauges = {{.field = "ejected", .full_scale = 1, .full_scale_field = "backend_count",
                              .en = "backends ejected", .zh = "被剔除的后端"}}});
    registry.add({.name = "backend",
                  .pattern = "load balancing",
                  .family = "scheduling",
                  .en = "A service behind a load balancer: workers, a queue, a latency distribution and errors; "
                        "the lab can slow it down or make it fail",
                  .zh = "负载均衡器后面的服务：工作线程、队列、延迟分布和错误；实验室可让它变慢或出错",
                  .client = false,
                  .params = BackendConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<BackendRole>(BackendConfig::from(params));
                  },
                  .phases = backend_phases(),
                  .gauges = {{.field = "busy", .full_scale = 1, .full_scale_field = "capacity", .en = "busy workers", .zh = "忙碌的工作线程"}}});
    registry.add({.name = "balancing-client",
                  .pattern = "load balancing",
                  .family = "scheduling",
                  .en = "Client-side load balancing: picks each request's backend itself with the load balancer's "
                        "algorithms, outlier detection and slow start, and calls it directly",
                  .zh = "客户端负载均衡：自己用负载均衡器的算法、异常点检测和慢启动为每个请求选出后端，并直接调用",
                  .client = true,
                  .params = BalancingClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<BalancingClientRole>(BalancingClientConfig::from(params));
                  },
                  .phases = client_phases()});
}

}  // namespace distlab::core
