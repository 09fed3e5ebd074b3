#include "core/patterns/placement/placement.h"

#include <memory>

#include "core/patterns/placement/placement_role.h"
#include "core/patterns/placement/replica_store_role.h"

namespace distlab::core {

void register_placement(RoleRegistry& registry) {
    namespace pl = placement;
    registry.add({.name = "placement",
                  .pattern = "replica placement",
                  .family = "partitioning",
                  .en = "Chooses the stores that hold each key's replicas from their zone and rack labels (rack-aware "
                        "like HDFS, spread by labels like TiDB, or naively along the hash ring) and serves get and put "
                        "in front of them",
                  .zh = "根据存储节点的可用区和机架标签为每个键选择存放副本的节点（像 HDFS 那样感知机架、像 TiDB 那样"
                        "按标签分散，或朴素地沿哈希环选取），并在它们之前提供 get 和 put 服务",
                  .client = false,
                  .params = pl::PlacementConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<pl::PlacementRole>(pl::PlacementConfig::from(params));
                  },
                  .phases = {{.name = "placing", .tone = Tone::Healthy, .en = "every replica up", .zh = "副本全部在线"},
                             {.name = "degraded", .tone = Tone::Warning, .en = "some replicas down", .zh = "部分副本宕机"},
                             {.name = "losing", .tone = Tone::Failing, .en = "keys without a majority of replicas", .zh = "有键失去多数副本"}},
                  .gauges = {{.field = "no_majority_keys", .full_scale = 1, .full_scale_field = "keys", .unit = "keys",
                              .en = "keys without a majority of replicas up (not writable)", .zh = "在线副本不足多数（无法写入）的键"}}});
    registry.add({.name = "replica-store",
                  .pattern = "replica placement",
                  .family = "partitioning",
                  .en = "Holds the replicas the placement writes to it, each with its version; its zone and rack are "
                        "the node's labels",
                  .zh = "保存放置服务写入的副本及其版本；所在的可用区和机架即节点的标签",
                  .client = false,
                  .params = {},
                  .make = [](const Params&) -> std::unique_ptr<Role> { return std::make_unique<pl::ReplicaStoreRole>(); },
                  .phases = {{.name = "serving", .tone = Tone::Healthy, .en = "serving", .zh = "服务中"}},
                  .gauges = {{.field = "keys", .full_scale = 500, .full_scale_field = "keys_scale", .unit = "keys",
                              .en = "replicas held", .zh = "持有的副本"}}});
}

}  // namespace distlab::core
