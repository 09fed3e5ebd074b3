#include "core/patterns/sharding/sharding.h"

#include <memory>

#include "core/patterns/sharding/router_role.h"
#include "core/patterns/sharding/shard_client_role.h"
#include "core/patterns/sharding/shard_role.h"

namespace distlab::core {

void register_sharding(RoleRegistry& registry) {
    namespace sh = sharding;
    registry.add({.name = "shard",
                  .pattern = "sharding",
                  .family = "partitioning",
                  .en = "Stores the regions (key ranges) the router assigns it; splits a region and moves one to "
                        "another shard while serving reads and writes, redirecting stale routers",
                  .zh = "存储路由器分配给它的分片（键区间）；分裂分片，并在继续服务读写的同时把分片迁移到其他节点，"
                        "把持有过期路由表的路由器重定向到新位置",
                  .client = false,
                  .params = sh::ShardConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<sh::ShardRole>(sh::ShardConfig::from(params));
                  },
                  .phases = {{.name = "waiting", .tone = Tone::Neutral, .en = "waiting for regions", .zh = "等待分配分片"},
                             {.name = "serving", .tone = Tone::Healthy, .en = "serving", .zh = "服务中"},
                             {.name = "moving", .tone = Tone::Busy, .en = "moving a region", .zh = "迁移分片中"}},
                  .gauges = {{.field = "keys", .full_scale = 500, .full_scale_field = "keys_scale", .unit = "keys",
                              .en = "keys held", .zh = "持有的键"}}});
    registry.add({.name = "router",
                  .pattern = "sharding",
                  .family = "partitioning",
                  .en = "Keeps the versioned shard map, routes every request to its shard (a scan to every shard "
                        "it touches), and splits and moves regions past a size or load threshold",
                  .zh = "维护带版本号的分片路由表，把每个请求路由到对应分片（范围扫描发往涉及的所有分片），"
                        "并在超过大小或负载阈值时分裂、迁移分片",
                  .client = false,
                  .params = sh::RouterConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<sh::RouterRole>(sh::RouterConfig::from(params));
                  },
                  .phases = {{.name = "assigning", .tone = Tone::Neutral, .en = "assigning regions", .zh = "分配分片中"},
                             {.name = "routing", .tone = Tone::Healthy, .en = "routing", .zh = "路由中"},
                             {.name = "splitting", .tone = Tone::Busy, .en = "splitting a region", .zh = "分裂分片中"},
                             {.name = "moving", .tone = Tone::Busy, .en = "moving a region", .zh = "迁移分片中"}},
                  .epoch = EpochSpec{.field = "version", .en = "map version", .zh = "路由表版本"}});
    registry.add({.name = "shard-client",
                  .pattern = "sharding",
                  .family = "partitioning",
                  .en = "Puts, gets and scans through a router, with monotonic or uniform keys, then reads every "
                        "written key back and counts the acknowledged writes lost",
                  .zh = "通过路由器执行 put、get 和范围扫描（键递增或均匀分布），结束时回读所有写过的键，"
                        "统计丢失的已确认写入",
                  .client = true,
                  .params = sh::ShardClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<sh::ShardClientRole>(sh::ShardClientConfig::from(params));
                  },
                  .phases = {{.name = "running", .tone = Tone::Healthy, .en = "running", .zh = "运行中"},
                             {.name = "verifying", .tone = Tone::Busy, .en = "reading every key back", .zh = "回读所有键中"},
                             {.name = "stopped", .tone = Tone::Neutral, .en = "stopped", .zh = "已停止"}}});
}

}  // namespace distlab::core
