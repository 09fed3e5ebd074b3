#include "core/patterns/crdt/crdt.h"

#include <memory>

#include "core/patterns/crdt/crdt_client_role.h"
#include "core/patterns/crdt/crdt_replica_role.h"

namespace distlab::core {

void register_crdt(RoleRegistry& registry) {
    using namespace crdt;
    registry.add({.name = kReplicaRole,
                  .pattern = "crdt",
                  .family = "replication",
                  .en = "A replica of conflict-free replicated data types (G-Counter, PN-Counter, G-Set, 2P-Set, "
                        "OR-Set, LWW-Register, MV-Register): serves every operation at once, on any side of a "
                        "partition, and gossips deltas that every replica merges into the same state",
                  .zh = "无冲突复制数据类型（G-Counter、PN-Counter、G-Set、2P-Set、OR-Set、LWW-Register、"
                        "MV-Register）的一个副本：立即处理每个操作，分区两侧皆可，并传播增量，各副本合并后得到相同的状态",
                  .client = false,
                  .params = CrdtReplicaConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<CrdtReplicaRole>(CrdtReplicaConfig::from(params));
                  },
                  .phases = {{.name = "connected", .tone = Tone::Healthy, .en = "connected", .zh = "已连通"},
                             {.name = "cut-off", .tone = Tone::Warning, .en = "cut off (serving alone)",
                              .zh = "失联（独自服务）"}}});
    registry.add({.name = kClientRole,
                  .pattern = "crdt",
                  .family = "replication",
                  .en = "Adds, removes, writes and reads one CRDT object at one replica, on a random workload or a "
                        "script, and makes a final read the checks judge",
                  .zh = "在一个副本上对一个 CRDT 对象执行增加、删除、写入和读取（随机负载或脚本），并做一次供检查判断的最终读取",
                  .client = true,
                  .params = CrdtClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<CrdtClientRole>(CrdtClientConfig::from(params));
                  }});
}

}  // namespace distlab::core
