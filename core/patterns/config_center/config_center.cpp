#include "core/patterns/config_center/config_center.h"

#include <memory>

#include "core/patterns/config_center/config_protocol.h"
#include "core/patterns/config_center/config_server_role.h"
#include "core/patterns/config_center/config_service_role.h"

namespace distlab::core {

void register_config_center(RoleRegistry& registry) {
    using namespace config_center;
    registry.add({.name = kServerRole,
                  .pattern = "config-center",
                  .family = "discovery",
                  .en = "A config center (Nacos, Apollo): versioned releases of a key with a change history, gray "
                        "release to some instances first, promote and rollback; services watch by long polling",
                  .zh = "配置中心（Nacos、Apollo）：配置键的版本化发布与变更历史，先向部分实例灰度发布，全量发布与回滚；"
                        "服务通过长轮询监听",
                  .client = false,
                  .params = ConfigServerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ConfigServerRole>(ConfigServerConfig::from(params));
                  },
                  .phases = {{.name = "stable", .tone = Tone::Healthy, .en = "one release for all",
                              .zh = "全量同一版本"},
                             {.name = "gray", .tone = Tone::Busy, .en = "gray release out", .zh = "灰度发布中"}}});
    registry.add({.name = kServiceRole,
                  .pattern = "config-center",
                  .family = "discovery",
                  .en = "A service that takes its settings from a config server: watches its key by long polling, "
                        "keeps a local snapshot, works, and reports its errors",
                  .zh = "从配置服务器获取配置的服务：以长轮询监听配置键，保留本地快照，执行工作并报告错误",
                  .client = true,
                  .params = ConfigServiceConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ConfigServiceRole>(ConfigServiceConfig::from(params));
                  },
                  .phases = {{.name = "fetching", .tone = Tone::Neutral, .en = "no config yet", .zh = "尚无配置"},
                             {.name = "running", .tone = Tone::Healthy, .en = "running", .zh = "运行中"},
                             {.name = "offline", .tone = Tone::Warning,
                              .en = "server unreachable: running its last config", .zh = "服务器不可达：使用最后的配置"},
                             {.name = "stopped", .tone = Tone::Neutral, .en = "stopped", .zh = "已停止"}},
                  .gauges = {{.field = "error_pct", .full_scale = 100, .unit = "%", .en = "errors", .zh = "错误率"}}});
}

}  // namespace distlab::core
