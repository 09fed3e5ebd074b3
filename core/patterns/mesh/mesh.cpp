#include "core/patterns/mesh/mesh.h"

#include <memory>

#include "core/patterns/mesh/mesh_control_role.h"
#include "core/patterns/mesh/mesh_policy.h"
#include "core/patterns/mesh/mesh_sidecar_role.h"

namespace distlab::core {

void register_mesh(RoleRegistry& registry) {
    using namespace mesh;
    registry.add({.name = std::string(kControlRole),
                  .pattern = "service mesh",
                  .family = "scheduling",
                  .en = "A service mesh's control plane (Istio with Flagger): pushes versioned routing and resilience "
                        "policy to the sidecars, tracks their ACKs, shifts traffic to a canary step by step and rolls "
                        "it back when its error rate is too high",
                  .zh = "服务网格的控制平面（Istio 加 Flagger）：向边车下发带版本的路由与容错策略并跟踪其确认，"
                        "逐步把流量切到金丝雀版本，错误率过高时自动回滚",
                  .client = false,
                  .params = MeshControlConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<MeshControlRole>(MeshControlConfig::from(params));
                  },
                  .phases = {{.name = "idle", .tone = Tone::Neutral, .en = "all calls to v1", .zh = "全部流量到 v1"},
                             {.name = "progressing", .tone = Tone::Busy, .en = "canary progressing",
                              .zh = "金丝雀推进中"},
                             {.name = "halted", .tone = Tone::Warning, .en = "halted: no data",
                              .zh = "暂停：缺少数据"},
                             {.name = "promoted", .tone = Tone::Healthy, .en = "canary promoted",
                              .zh = "金丝雀已晋升"},
                             {.name = "rolled-back", .tone = Tone::Failing, .en = "canary rolled back",
                              .zh = "金丝雀已回滚"}},
                  .gauges = {{.field = "canary_weight", .full_scale = 100, .unit = "%", .en = "canary weight",
                              .zh = "金丝雀权重"}}});
    registry.add({.name = std::string(kSidecarRole),
                  .pattern = "service mesh",
                  .family = "scheduling",
                  .en = "A service mesh's sidecar (Envoy): routes its service's calls between versions by the pushed "
                        "weights, with the pushed retries and breakers, ACKs or NACKs each policy, reports errors and "
                        "latency per version, and keeps its last policy when the control plane is away",
                  .zh = "服务网格的边车（Envoy）：按下发的权重在版本之间路由其服务的调用，执行下发的重试与熔断，"
                        "对每份策略回复 ACK 或 NACK，按版本报告错误率与延迟，控制平面失联时保留最后的策略",
                  .client = false,
                  .params = MeshSidecarConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<MeshSidecarRole>(MeshSidecarConfig::from(params));
                  },
                  .phases = {{.name = "waiting", .tone = Tone::Failing, .en = "no policy: no route",
                              .zh = "无策略：无路由"},
                             {.name = "synced", .tone = Tone::Healthy, .en = "runs the pushed policy",
                              .zh = "运行下发的策略"},
                             {.name = "disconnected", .tone = Tone::Warning,
                              .en = "control plane away: keeps its last policy", .zh = "控制平面失联：保留最后的策略"}},
                  .gauges = {{.field = "canary_weight", .full_scale = 100, .unit = "%", .en = "canary weight",
                              .zh = "金丝雀权重"}}});
}

}  // namespace distlab::core
