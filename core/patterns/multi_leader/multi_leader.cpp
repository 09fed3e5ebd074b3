#include "core/patterns/multi_leader/multi_leader.h"

#include <memory>

#include "core/patterns/multi_leader/cart_client_role.h"
#include "core/patterns/multi_leader/mm_node_role.h"

namespace distlab::core {

void register_multi_leader(RoleRegistry& registry) {
    using namespace multi_leader;
    registry.add({.name = kNodeRole,
                  .pattern = "multi-leader",
                  .family = "replication",
                  .en = "A leader of a multi-leader store of shopping carts, one per region: takes its region's "
                        "writes at once, replicates them asynchronously to the other regions, detects concurrent "
                        "versions by version vectors and resolves them by last-writer-wins, siblings or a CRDT merge",
                  .zh = "多主购物车存储中的一个主节点，每个区域一个：立即接受本区域的写入，异步复制到其他区域，以版本"
                        "向量检测并发版本，并按最后写入者胜出、保留兄弟版本或 CRDT 合并来解决冲突",
                  .client = false,
                  .params = MmNodeConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<MmNodeRole>(MmNodeConfig::from(params));
                  },
                  .gauges = {{.field = "siblings", .full_scale = 4, .full_scale_field = "siblings_scale", .unit = "versions", .en = "siblings of a cart",
                              .zh = "购物车的兄弟版本数"}}});
    registry.add({.name = kClientRole,
                  .pattern = "multi-leader",
                  .family = "replication",
                  .en = "A shopper editing one cart at its region's mm-node on a script: reads the cart, merges "
                        "siblings by union, writes the edit back with the context it read",
                  .zh = "按脚本在本区域 mm-node 上编辑一个购物车的购物者：读取购物车，以并集合并兄弟版本，再带着读到的"
                        "上下文写回修改",
                  .client = true,
                  .params = CartClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<CartClientRole>(CartClientConfig::from(params));
                  }});
}

}  // namespace distlab::core
