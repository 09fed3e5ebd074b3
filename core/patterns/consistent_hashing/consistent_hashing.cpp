#include "core/patterns/consistent_hashing/consistent_hashing.h"

#include <memory>

#include "core/patterns/consistent_hashing/ring_client_role.h"
#include "core/patterns/consistent_hashing/ring_node_role.h"

namespace distlab::core {

void register_consistent_hashing(RoleRegistry& registry) {
    namespace ch = consistent_hashing;
    registry.add({.name = "ring-node",
                  .pattern = "consistent hashing",
                  .family = "partitioning",
                  .en = "Stores the keys the placement gives it, answers get and put for them, and hands keys "
                        "over to their new owner when a node joins or leaves the ring",
                  .zh = "存储放置策略分配给它的键，为这些键响应 get 和 put；有节点加入或离开哈希环时，"
                        "把键移交给新的所有者",
                  .client = false,
                  .params = ch::RingNodeConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ch::RingNodeRole>(ch::RingNodeConfig::from(params));
                  },
                  .phases = {{.name = "waiting", .tone = Tone::Neutral, .en = "waiting to join", .zh = "等待加入"},
                             {.name = "serving", .tone = Tone::Healthy, .en = "serving", .zh = "服务中"},
                             {.name = "handing-off", .tone = Tone::Busy, .en = "handing keys over", .zh = "移交键中"},
                             {.name = "left", .tone = Tone::Down, .en = "left the ring", .zh = "已离开哈希环"}},
                  .gauges = {{.field = "keys", .full_scale = 1, .full_scale_field = "keys_scale", .unit = "keys",
                              .en = "keys held (half: the fair share)", .zh = "持有的键（半格为公平份额）"}}});
    registry.add({.name = "ring-client",
                  .pattern = "consistent hashing",
                  .family = "partitioning",
                  .en = "Loads the key space, then gets keys, sending each to the node the placement names; "
                        "counts the keys that change owner when the ring changes",
                  .zh = "先载入键空间，再读取键，每个请求都发往放置策略指定的节点；"
                        "哈希环变化时统计改变所有者的键",
                  .client = true,
                  .params = ch::RingClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ch::RingClientRole>(ch::RingClientConfig::from(params));
                  },
                  .phases = {{.name = "loading", .tone = Tone::Busy, .en = "loading keys", .zh = "载入键中"},
                             {.name = "running", .tone = Tone::Healthy, .en = "running", .zh = "运行中"},
                             {.name = "stopped", .tone = Tone::Neutral, .en = "stopped", .zh = "已停止"}}});
}

}  // namespace distlab::core
